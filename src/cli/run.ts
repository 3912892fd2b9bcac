import { parseArgs } from 'node:util';
import type { ArgValues, Command } from './command.js';
import { EXIT, UsageError, reportError, type Io } from './io.js';
import { initCommand } from './commands/init.js';
import { statusCommand } from './commands/status.js';
import { staffAddCommand, staffListCommand } from './commands/staff.js';
import { pairingCodeCommand } from './commands/pairing-code.js';
import { printersAddCommand, printersListCommand, printersRouteCommand, printersTestCommand } from './commands/printers.js';
import { syncConfigureCommand, syncStatusCommand } from './commands/sync.js';
import { backupListCommand, backupNowCommand, backupRestoreCommand } from './commands/backup.js';
import { backupRecoveryCodeCommand, backupRestoreFromCloudCommand } from './commands/backup-offbox.js';
import { doctorCommand } from './commands/doctor.js';
import { installCommand } from './commands/install.js';

export const COMMANDS: Command[] = [initCommand, statusCommand, staffAddCommand, staffListCommand, pairingCodeCommand,
  printersAddCommand, printersListCommand, printersRouteCommand, printersTestCommand, syncConfigureCommand, syncStatusCommand,
  backupNowCommand, backupListCommand, backupRestoreCommand, backupRecoveryCodeCommand, backupRestoreFromCloudCommand, doctorCommand, installCommand];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.words.join(' ').length));
  return [
    'Brigade box console. Works on the box\'s data dir (DATA_DIR, default ./data), with or without the server running.',
    '',
    'Usage: npm run cli -- <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  This text; "help <command>" for one command's options`,
    '',
    'Errors print as "error CODE: message" on stderr. Exit codes: 0 done, 1 refused by the box, 2 bad input.',
  ].join('\n');
}

/** The command whose words start argv (longest first, so `staff add` wins over a bare `staff`). */
function findCommand(argv: string[]): Command | undefined {
  return COMMANDS.find((c) => c.words.every((w, i) => argv[i] === w));
}

/** Runs one CLI invocation; returns the process exit code. Never throws. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
      const topic = argv.length > 1 ? findCommand(argv.slice(1)) : undefined;
      if (argv.length > 1 && !topic) throw new UsageError(`No command "${argv.slice(1).join(' ')}".`, overview());
      io.out(topic ? `${topic.summary}.\n\n${topic.usage}` : overview());
      return EXIT.ok;
    }
    const command = findCommand(argv);
    if (!command) {
      const partial = COMMANDS.filter((c) => c.words[0] === argv[0]).map((c) => c.words.join(' '));
      throw new UsageError(partial.length ? `Say which: ${partial.join(', ')}.` : `No command "${argv[0]}".`, overview());
    }
    const rest = argv.slice(command.words.length);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.summary}.\n\n${command.usage}`);
      return EXIT.ok;
    }
    let values;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: (command.positionals ?? 0) > 0 }));
    } catch (err) {
      throw new UsageError((err as Error).message, command.usage);
    }
    if (positionals.length > (command.positionals ?? 0)) throw new UsageError(`Unexpected argument "${positionals.at(-1)}".`, command.usage);
    return await command.run(values as ArgValues, io, positionals); // no option is declared `multiple`
  } catch (err) {
    return reportError(io, err);
  }
}
