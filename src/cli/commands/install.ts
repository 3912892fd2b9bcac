import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { str, type Command } from '../command.js';
import { EXIT } from '../io.js';
import { parseInput } from '../validate.js';
import { installSteps, systemdUnit } from '../../ops/systemd-unit.js';

const APP_DIR = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

const InstallInput = z.object({
  user: z.string().regex(/^[a-z_][a-z0-9_-]{0,30}$/, 'a system user name (lower case)'),
  dataDir: z.string().startsWith('/', 'an absolute path'),
  port: z.coerce.number().int().min(1).max(65535),
  unitPath: z.string().regex(/^\/.+\.service$/, 'an absolute path ending in .service'),
  envFile: z.string().startsWith('/', 'an absolute path'),
});

/** `install`: writes the systemd unit (or prints it with --dry-run) and the commands that finish the install. */
export const installCommand: Command = {
  words: ['install'],
  summary: 'Write the systemd unit that runs the box at boot (--dry-run prints it)',
  usage: `npm run cli -- install [--dry-run] [--user brigade] [--data-dir /var/lib/brigade] [--port 8080]
                        [--unit-path /etc/systemd/system/brigade.service] [--env-file /etc/brigade/brigade.env]

  Run from the Brigade checkout the box will run from (as root without --dry-run). The unit runs
  this checkout with this node binary (${process.execPath}).`,
  options: {
    'dry-run': { type: 'boolean' }, user: { type: 'string' }, 'data-dir': { type: 'string' }, port: { type: 'string' },
    'unit-path': { type: 'string' }, 'env-file': { type: 'string' },
  },
  async run(v, io) {
    const input = parseInput(InstallInput, {
      user: str(v.user) ?? 'brigade', dataDir: str(v['data-dir']) ?? '/var/lib/brigade', port: str(v.port) ?? '8080',
      unitPath: str(v['unit-path']) ?? '/etc/systemd/system/brigade.service', envFile: str(v['env-file']) ?? '/etc/brigade/brigade.env',
    }, { user: '--user', dataDir: '--data-dir', port: '--port', unitPath: '--unit-path', envFile: '--env-file' });
    const options = { appDir: APP_DIR, node: process.execPath, dataDir: path.normalize(input.dataDir), user: input.user, port: input.port, envFile: input.envFile };
    const unit = systemdUnit(options);
    if (v['dry-run']) {
      io.out(unit);
      return EXIT.ok;
    }
    fs.mkdirSync(path.dirname(input.unitPath), { recursive: true });
    fs.writeFileSync(input.unitPath, unit, { mode: 0o644 });
    io.out(`Wrote ${input.unitPath}. To finish, as root:`);
    for (const step of installSteps(options, input.unitPath)) io.out(`  ${step}`);
    return EXIT.ok;
  },
};
