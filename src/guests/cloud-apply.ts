/**
 * `guest.request` v1 on the box (issue 19, cloud path): a guest's request that the cloud took from
 * its page, applied like one from the box's own page (`via: 'cloud'`) inside the message's own
 * transaction with the channel cursor (src/inbox/apply.ts). The request's id is the key, so a
 * replayed message, or a guest who retried through both paths, is one request.
 *
 * Held after an outage: the cloud says whether the box was listening when the guest sent it; a
 * request that was not heard, or that arrives more than LATE_AFTER_MS after it was placed, waited
 * in the cloud — it stays pending for a waiter whatever autoAccept says, with its placing time.
 *
 * The box decides again: the token was checked by the cloud against the pushed digest, and the
 * restaurant's rules (open, seated, limits, blocked guest, 86'd items) are checked here as for the
 * Wi-Fi page. A refusal is the message's outcome (acknowledged with the code and message), which
 * the cloud shows its guest as refused.
 */
import { eq } from 'drizzle-orm';
import { LATE_AFTER_MS, guestRequestV1 } from '../../sync/guest-messages.js';
import { diningTables } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { MessageHandler } from '../inbox/handlers.js';
import { GuestRequestInput } from './schemas.js';
import { announceRequest } from './store.js';
import { submitRequest } from './submit.js';

export const applyGuestRequest: MessageHandler = (ctx, payload) => {
  const p = guestRequestV1.parse(payload);
  const input = GuestRequestInput.parse(p.request);
  if (!ctx.tx.select({ id: diningTables.id }).from(diningTables).where(eq(diningTables.id, p.tableId)).get()) {
    throw new AppError('TABLE_TOKEN_INVALID', 'This table no longer exists here; ask the staff.');
  }
  const heldAfterOutage = !p.boxListening || ctx.now - p.placedAt > LATE_AFTER_MS;
  const { created, row } = submitRequest(ctx, p.tableId, input, { via: 'cloud', placedAt: p.placedAt, heldAfterOutage });
  if (created) announceRequest(ctx, row);
};
