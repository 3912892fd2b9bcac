import { cliConfig } from '../box.js';
import type { Command } from '../command.js';
import { EXIT } from '../io.js';
import { runDoctor } from '../../ops/doctor.js';

/** `doctor`: every health check with what to do; exit 1 when one fails. */
export const doctorCommand: Command = {
  words: ['doctor'],
  summary: 'Check the box: disk space, database, WAL, backups, printers, cloud and clock; says what to do',
  usage: `npm run cli -- doctor [--json]

  Exit code 0 when all is well, 1 when a check failed (each failed check says what to do).`,
  options: { json: { type: 'boolean' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const checks = await runDoctor(config);
    const failed = checks.filter((c) => !c.ok);
    if (v.json) {
      io.out(JSON.stringify({ ok: failed.length === 0, checks }, null, 2));
    } else {
      const width = Math.max(...checks.map((c) => c.name.length));
      for (const c of checks) {
        io.out(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(width)}  ${c.detail}`);
        if (c.fix) io.out(`      ${' '.repeat(width)}  → ${c.fix}`);
      }
      io.out(failed.length === 0 ? 'All checks passed.' : `${failed.length} check(s) failed.`);
    }
    return failed.length === 0 ? EXIT.ok : EXIT.refused;
  },
};
