/**
 * The box's grant as it stands now (issue 20): its door settings, tables, exceptions, holds and the
 * online covers on the book, read together with the channel cursor — so the cloud knows exactly
 * which of its bookings the grant already counts (those at or below `appliedThrough`).
 */
import { and, gte, inArray, lt, eq } from 'drizzle-orm';
import { reservationExceptions, reservations } from '../db/schema.js';
import type { CommandDeps } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import { ALLOTMENT_DAYS, type AllotmentGrant } from '../../sync/booking-messages.js';
import { grantSlots } from './allotment.js';
import { MINUTE, SLOT_MINUTES } from './door-rules.js';
import { HOLDING_STATUSES, loadDoorSettings, loadHolds, loadTables } from './store.js';
import { addDays, localParts } from './zoned-time.js';

const DAY = 24 * 60 * MINUTE;

export function readGrant(db: CommandDeps['db'], now: number, days = ALLOTMENT_DAYS): AllotmentGrant {
  const cursor = (db.$client.prepare('select cursor from channel_state where id = 1').get() as { cursor: number } | undefined)?.cursor ?? 0;
  const timeZone = loadRestaurant(db).timeZone;
  const settings = loadDoorSettings(db);
  const from = now - DAY;
  const to = now + (days + 1) * DAY;
  const today = localParts(now, timeZone).date;
  const exceptions = db.select().from(reservationExceptions)
    .where(and(gte(reservationExceptions.date, addDays(today, -2)), lt(reservationExceptions.date, addDays(today, days + 2)))).all();
  const step = SLOT_MINUTES * MINUTE;
  const onlineCovers = new Map<number, number>();
  const online = db.select({ startsAt: reservations.startsAt, partySize: reservations.partySize }).from(reservations)
    .where(and(eq(reservations.source, 'online'), inArray(reservations.status, [...HOLDING_STATUSES]), gte(reservations.startsAt, from), lt(reservations.startsAt, to))).all();
  for (const r of online) {
    const slot = Math.floor(r.startsAt / step) * step;
    onlineCovers.set(slot, (onlineCovers.get(slot) ?? 0) + r.partySize);
  }
  const slots = grantSlots({ now, timeZone, days, settings, tables: loadTables(db), exceptions, holds: loadHolds(db, from, to, now, settings), onlineCovers });
  return { appliedThrough: cursor, computedAt: now, onlineAllotment: settings.onlineAllotment, timeZone, slots };
}
