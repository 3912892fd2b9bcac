import { runCli } from './cli/run.js';

/** `npm run cli -- <command>`: the box's console (see `npm run cli -- help`). */
runCli(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  tty: process.stdout.isTTY === true,
  write: (chunk) => process.stdout.write(chunk),
}).then((code) => { process.exitCode = code; });
