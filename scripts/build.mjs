/**
 * `npm run build`: compiles the box (src/, sync/, printers/) to plain JavaScript in dist/, so
 * `npm start` runs it with node alone. Running through tsx kept its loader thread, esbuild and every
 * compiled source in the box's process (about 40 MB), and `tsx` itself starts a second node process.
 *
 * `node scripts/build.mjs --if-stale` (what `npm start` runs first) builds only when a source file is
 * newer than the last build, so an edited box never starts from old JavaScript. Plain JavaScript on
 * purpose: it must run before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.built');
const SOURCES = ['src', 'sync', 'printers', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Newest modification time under `entry` (a file or a directory), in ms. */
function newest(entry) {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) latest = Math.max(latest, newest(path.join(entry, name)));
  return latest;
}

function stale() {
  const built = fs.statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return SOURCES.some((s) => newest(path.join(ROOT, s)) > built);
}

function build() {
  fs.rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // Read at run time next to the code: the migrations (src/db/open.ts), the version (src/main.ts).
  fs.cpSync(path.join(ROOT, 'src', 'db', 'migrations'), path.join(DIST, 'src', 'db', 'migrations'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(DIST, 'package.json'));
  // The browser code stays TypeScript: the box bundles it with esbuild on the first page request (src/web/client-bundle.ts).
  fs.cpSync(path.join(ROOT, 'src', 'web', 'client'), path.join(DIST, 'src', 'web', 'client'), { recursive: true });
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv.includes('--if-stale') && !stale()) process.exit(0);
console.error('building the box into dist/ …');
build();
