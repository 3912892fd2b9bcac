import { and, asc, eq } from 'drizzle-orm';
import { PairingCodeRequest } from '../../auth/schemas.js';
import { staff } from '../../db/schema.js';
import type { Actor } from '../../db/command.js';
import { AppError } from '../../errors.js';
import { cliConfig, requireInitialized, withBox, type CliBox } from '../box.js';
import { str, type Command } from '../command.js';
import { EXIT } from '../io.js';
import { parseInput } from '../validate.js';

/**
 * Whoever has a shell on the box holds the owner's power; a pairing code must name a staff member
 * who created it, so the console acts as the longest-standing active owner.
 */
function consoleOwner(box: CliBox): Actor {
  const owner = box.deps.db.select({ id: staff.id }).from(staff)
    .where(and(eq(staff.role, 'owner'), eq(staff.active, true))).orderBy(asc(staff.createdAt)).get();
  if (!owner) throw new AppError('NOT_FOUND', 'No active owner on this box.', { entity: 'staff' });
  return { staffId: owner.id, role: 'owner', deviceId: null };
}

export const pairingCodeCommand: Command = {
  words: ['pairing-code'],
  summary: 'Make a one-time code to pair a tablet, kitchen screen or terminal',
  usage: `npm run cli -- pairing-code --name "Tablet 1" --kind tablet|kitchen|terminal

  Prints a short code to type on the new device (it calls POST /devices/pair with it).
  The code works once and expires after PAIRING_CODE_MINUTES (default 10).`,
  options: { name: { type: 'string' }, kind: { type: 'string' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const raw = { name: str(v.name), kind: str(v.kind) };
    const input = parseInput(PairingCodeRequest, Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)),
      { name: '--name', kind: '--kind' });
    const { code, expiresAt } = await withBox(config, (box) => {
      requireInitialized(box);
      return box.services.auth.createPairingCode(consoleOwner(box), input.name, input.kind);
    });
    const until = new Date(expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    io.out(`Pairing code for "${input.name}" (${input.kind}): ${code}`);
    io.out(`Type it on the device before ${until} (${config.pairingCodeMinutes} minutes). It works once.`);
    return EXIT.ok;
  },
};
