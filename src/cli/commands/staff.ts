import { CreateStaff } from '../../staff/schemas.js';
import { SYSTEM_ACTOR } from '../../db/command.js';
import { ROLES } from '../../auth/permissions.js';
import { cliConfig, requireInitialized, withBox } from '../box.js';
import { str, type Command } from '../command.js';
import { EXIT } from '../io.js';
import { parseInput } from '../validate.js';

/** `staff add`: the console acts as the system, which may add any role (the audit row has no staff id). */
export const staffAddCommand: Command = {
  words: ['staff', 'add'],
  summary: 'Add a staff member who signs in with a PIN',
  usage: `npm run cli -- staff add --name NAME --role ${ROLES.join('|')} --pin PIN

  --pin    4–6 digits; or set BRIGADE_STAFF_PIN so it stays out of shell history`,
  options: { name: { type: 'string' }, role: { type: 'string' }, pin: { type: 'string' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const raw = { name: str(v.name), role: str(v.role), pin: str(v.pin) ?? io.env.BRIGADE_STAFF_PIN };
    const input = parseInput(CreateStaff, Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)),
      { name: '--name', role: '--role', pin: '--pin (or BRIGADE_STAFF_PIN)' });
    const member = await withBox(config, (box) => {
      requireInitialized(box);
      return box.services.staff.create(SYSTEM_ACTOR, input);
    });
    io.out(`Added ${member.name} (${member.role}), id ${member.id}.`);
    return EXIT.ok;
  },
};

export const staffListCommand: Command = {
  words: ['staff', 'list'],
  summary: 'List staff members (names, roles; never PINs)',
  usage: 'npm run cli -- staff list [--json]',
  options: { json: { type: 'boolean' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const list = await withBox(config, (box) => {
      requireInitialized(box);
      return box.services.staff.list();
    });
    if (v.json) {
      io.out(JSON.stringify(list, null, 2));
      return EXIT.ok;
    }
    const width = Math.max(4, ...list.map((s) => s.name.length));
    io.out(`${'NAME'.padEnd(width)}  ROLE     ACTIVE  ID`);
    for (const s of list) io.out(`${s.name.padEnd(width)}  ${s.role.padEnd(7)}  ${(s.active ? 'yes' : 'no').padEnd(6)}  ${s.id}`);
    return EXIT.ok;
  },
};
