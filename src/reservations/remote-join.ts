/**
 * `waitlist.join` v1 on the box (issue 20): a guest joined the waitlist from the cloud. Applied in
 * the message's transaction with the channel cursor, through the same code as the host's "add"
 * (waitlist-service.ts), so the party shows on the host screen, gets its quote and `waitlist.updated`
 * like a walk-in. The entry's id is the guest's: a replayed message adds nothing.
 *
 * A join that reaches a box offline for longer than JOIN_STALE_MS is refused rather than put at the
 * back of tonight's queue: the guest has moved on, and the cloud shows them the refusal.
 */
import { waitlistJoinV1 } from '../../sync/waitlist-messages.js';
import type { MessageHandler } from '../inbox/handlers.js';
import { Refusal } from '../inbox/refusal.js';
import { addWaitingParty, findEntry } from './waitlist-service.js';

export const JOIN_STALE_MS = 2 * 60 * 60 * 1000;

export const applyWaitlistJoin: MessageHandler = (ctx, payload) => {
  const p = waitlistJoinV1.parse(payload);
  if (findEntry(ctx, p.id, false)) return;
  if (ctx.now - p.requestedAt > JOIN_STALE_MS) {
    throw new Refusal('JOIN_STALE', 'This guest asked to join more than 2 hours ago, while the box was offline; they were not added.');
  }
  addWaitingParty(ctx, { id: p.id, partySize: p.partySize, name: p.name.slice(0, 120), phone: p.phone, customerId: null,
    notes: ['Joined online', p.notes].filter(Boolean).join(' · ').slice(0, 500) });
};
