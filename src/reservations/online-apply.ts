/**
 * Online bookings from the cloud (issue 20), applied in the channel message's own transaction
 * (src/inbox/apply.ts): the box is the truth for its tables, so the cloud's booking goes through
 * the very `createReservation` the host's phone uses — same table choice, same TABLE_TAKEN /
 * NO_TABLE_FREE / SLOT_FULL rules, serialised with every walk-in seated on this box. Applied is
 * what confirms it to the guest; a refusal (the rules' AppError) is acknowledged with its code and
 * the cloud tells the guest. The booking's id is the message's payload id: a replay is one booking.
 */
import { onlineBookingV1, onlineCancelV1 } from '../../sync/booking-messages.js';
import type { MessageHandler } from '../inbox/handlers.js';
import { CreateReservation } from './schemas.js';
import { createReservation, setReservationStatus } from './service.js';
import { isHolding } from './status-rules.js';
import { findReservation } from './store.js';

export const applyOnlineBooking: MessageHandler = (ctx, payload) => {
  const p = onlineBookingV1.parse(payload);
  const notes = [p.notes, `${p.reference} · ${p.email}`].filter(Boolean).join(' — ').slice(0, 500);
  const input = CreateReservation.parse({
    id: p.id, partySize: p.partySize, startsAt: p.startsAt, name: p.name, phone: p.phone, notes, source: 'online', status: 'confirmed',
  });
  createReservation(ctx, input);
};

/**
 * The guest cancelled online. A booking still to come is cancelled (the door screen hears
 * `reservation.cancelled`); one the host already refused never existed here; a party already at
 * the door (arrived, seated, finished) is left as the room has it — the host sees the room.
 */
export const applyOnlineCancel: MessageHandler = (ctx, payload) => {
  const p = onlineCancelV1.parse(payload);
  const current = findReservation(ctx.tx, p.id);
  if (!current || !isHolding(current.status) || current.status === 'arrived') return;
  const view = setReservationStatus(ctx, p.id, { status: 'cancelled', reason: p.reason ? `Cancelled online: ${p.reason}` : 'Cancelled online by the guest' });
  ctx.emit({ type: 'reservation.cancelled', data: { ...view, by: 'guest' } });
};
