/**
 * What the waitlist estimate reads from the box: each table now (the party at it, whether they are
 * paying, when their last course went out) and the restaurant's own turn times from its closed
 * dine-in orders (party size, hour seated, minutes at the table, minutes after the last course).
 */
import type { Db } from '../db/open.js';
import { durationFor, type DoorSettings } from './door-rules.js';
import { loadTables } from './store.js';
import { turnModel, type TableNow, type TurnModel, type TurnSample } from './wait-estimate.js';
import { localParts } from './zoned-time.js';

/** History the model learns from: the last eight weeks (a season's habits, not last year's). */
const HISTORY_DAYS = 56;
const HISTORY_MAX = 5000;

export function tablesNow(tx: Db): TableNow[] {
  const open = tx.$client.prepare(`
    select o.table_id as tableId, min(o.created_at) as seatedAt, sum(o.guest_count) as guests, max(o.paid > 0) as paying,
      (select case when sum(l.state = 'held') > 0 or count(*) = 0 then null else max(l.fired_at) end
         from order_lines l join orders o2 on o2.id = l.order_id
        where o2.table_id = o.table_id and o2.status not in ('completed', 'canceled') and l.state != 'voided') as lastCourseAt
    from orders o where o.table_id is not null and o.status not in ('completed', 'canceled') group by o.table_id`).all() as Array<{
      tableId: string; seatedAt: number; guests: number; paying: number; lastCourseAt: number | null }>;
  const live = new Map(open.map((o) => [o.tableId, o]));
  return loadTables(tx).filter((t) => t.active).map((t) => {
    const o = live.get(t.id);
    return { tableId: t.id, capacity: t.capacity, live: o ? { seatedAt: o.seatedAt, guests: o.guests, paying: o.paying === 1, lastCourseAt: o.lastCourseAt } : null };
  });
}

export function turnHistory(tx: Db, now: number, timeZone: string): TurnSample[] {
  const rows = tx.$client.prepare(`
    select o.guest_count as guests, o.created_at as seatedAt, o.closed_at as closedAt,
      (select max(l.fired_at) from order_lines l where l.order_id = o.id and l.state != 'voided') as lastFiredAt
    from orders o
    where o.status = 'completed' and o.type = 'dine_in' and o.table_id is not null and o.closed_at is not null and o.created_at >= ?
    order by o.created_at desc limit ?`).all(now - HISTORY_DAYS * 86_400_000, HISTORY_MAX) as Array<{ guests: number; seatedAt: number; closedAt: number; lastFiredAt: number | null }>;
  return rows.map((r) => ({
    guests: r.guests, hour: localParts(r.seatedAt, timeZone).hour, minutes: (r.closedAt - r.seatedAt) / 60_000,
    tailMinutes: r.lastFiredAt !== null ? (r.closedAt - r.lastFiredAt) / 60_000 : null,
  }));
}

export function loadTurnModel(tx: Db, now: number, timeZone: string, settings: DoorSettings): TurnModel {
  return turnModel(turnHistory(tx, now, timeZone), (guests) => durationFor(settings, guests));
}
