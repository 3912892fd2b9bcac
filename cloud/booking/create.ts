/**
 * Taking a booking online (issue 20): checked against the restaurant's public rules, then — in one
 * transaction holding the location's grant — against what is left of the allotment, stored and
 * sent down the channel (architecture §12: no dual write). It is `pending` until the box applies
 * it (confirmed) or refuses it; whether the box is online now or comes back later changes nothing.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import { AppError } from '../../src/errors.js';
import { parsePhone } from '../../src/customers/rules.js';
import { ONLINE_BOOKING, onlineBookingV1 } from '../../sync/booking-messages.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import type { CloudDb, Queryable } from '../db.js';
import { withTenant } from '../tenant.js';
import { wakeNotificationWorker } from '../notify/index.js';
import { loadGrant, sellingGrant, unseenCovers } from './allotment.js';
import { queueBookingMail } from './notify.js';
import type { BookableRestaurant } from './restaurant.js';
import type { BookingInputT } from './schema.js';
import { hashKey, hashToken, newManageToken, newReference, openToken, sealToken } from './token.js';
import { BOOKING_COLUMNS, bookingView, type BookingRow, type BookingView } from './view.js';

const DAY = 86_400_000;

export interface Created { booking: BookingView; manageToken: string | null; replayed: boolean }

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ path, message }]);
}

/** The restaurant's own rules (its public profile), before any lock is taken. */
function checkRules(r: BookableRestaurant, input: BookingInputT, now: number): string | null {
  if (input.partySize < r.minParty || input.partySize > r.maxParty) {
    throw invalid('partySize', `${r.name} takes parties of ${r.minParty} to ${r.maxParty} online; for ${input.partySize}, call them.`);
  }
  if (input.startsAt < now) throw invalid('startsAt', 'That time has passed.');
  if (input.startsAt > now + r.maxDaysAhead * DAY) throw invalid('startsAt', `${r.name} takes bookings at most ${r.maxDaysAhead} days ahead.`);
  if (!input.phone) return null;
  const phone = parsePhone(input.phone, r.country);
  if (!phone.ok) throw invalid('phone', phone.message);
  return phone.e164;
}

const sameRequest = (row: BookingRow, input: BookingInputT, phone: string | null) =>
  row.party_size === input.partySize && Number(row.starts_at) === input.startsAt && row.name === input.name && row.email === input.email
  && row.phone === phone && row.notes === (input.notes || null);

async function replay(q: Queryable, r: BookableRestaurant, key: string, input: BookingInputT, phone: string | null): Promise<Created | null> {
  const { rows } = await q.query<BookingRow & { sealed_token: Buffer | null }>(
    `SELECT ${BOOKING_COLUMNS}, sealed_token FROM online_bookings WHERE location_id = $1 AND idempotency_key_hash = $2`, [r.locationId, hashKey(key)]);
  const row = rows[0];
  if (!row) return null;
  if (!sameRequest(row, input, phone)) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another booking; send a new key for a new booking.');
  }
  return { booking: bookingView(row), manageToken: row.sealed_token ? openToken(row.sealed_token, key) : null, replayed: true };
}

export async function createOnlineBooking(db: CloudDb, r: BookableRestaurant, input: BookingInputT, key: string | null, now: number): Promise<Created> {
  const phone = checkRules(r, input, now);
  const tenant = { locationId: r.locationId, organisationId: r.organisationId, deviceId: 'online-booking' };
  const attempt = () => withTenant(db, tenant, async (q): Promise<Created> => {
    if (key) {
      const again = await replay(q, r, key, input, phone);
      if (again) return again;
    }
    const grant = sellingGrant(await loadGrant(q, r.locationId, true), now);
    if (!grant) {
      throw new AppError('ONLINE_BOOKING_CLOSED', `${r.name} takes no bookings online at the moment; call them.`);
    }
    const slot = grant.slots.find((s) => s.startsAt === input.startsAt);
    if (!slot) {
      throw new AppError('SLOT_NOT_OFFERED', `${r.name} offers no online booking at that time; pick one of the times the availability lists.`, { startsAt: input.startsAt });
    }
    const unseen = (await unseenCovers(q, r.locationId, grant.appliedThrough, slot.startsAt, slot.startsAt + 1)).get(slot.startsAt) ?? 0;
    const remaining = Math.max(0, slot.covers - unseen);
    if (input.partySize > remaining || input.partySize > slot.maxParty) {
      throw new AppError('ALLOTMENT_EXHAUSTED', `${r.name} has no more room online for ${input.partySize} at ${slot.time} on ${slot.date}; pick another time or call them.`,
        { date: slot.date, time: slot.time, remaining, maxParty: slot.maxParty });
    }
    const id = uuidV7Ids.next();
    const token = newManageToken();
    const reference = newReference();
    const payload = onlineBookingV1.parse({ id, reference, partySize: input.partySize, startsAt: input.startsAt, name: input.name, phone, email: input.email, notes: input.notes || null });
    const place = { locationId: r.locationId, organisationId: r.organisationId };
    const message = await appendMessage(q, place, { kind: ONLINE_BOOKING, schemaVersion: 1, payload, id });
    const { rows } = await q.query<BookingRow>(`INSERT INTO online_bookings (location_id, organisation_id, id, reference, restaurant_name, token_hash, party_size,
        starts_at, service_date, local_time, name, phone, email, notes, message_seq, idempotency_key_hash, sealed_token)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING ${BOOKING_COLUMNS}`,
    [r.locationId, r.organisationId, id, reference, r.name, hashToken(token), input.partySize, input.startsAt, slot.date, slot.time, input.name, phone, input.email,
      payload.notes, message.seq, key ? hashKey(key) : null, key ? sealToken(token, key) : null]);
    await queueBookingMail(q, 'received', rows[0]!, token);
    return { booking: bookingView(rows[0]!), manageToken: token, replayed: false };
  });
  let created: Created;
  try {
    created = await attempt();
  } catch (error) {
    // The same key sent twice at once: the second waited on the first's unique key; it now answers the first.
    if (key && (error as { code?: string }).code === '23505') created = await attempt();
    else throw error;
  }
  if (!created.replayed) {
    notifyCommitted(db, [r.locationId]);
    wakeNotificationWorker(db);
  }
  return created;
}
