/**
 * What a restore lost (issue 15): the orders and payments the cloud holds for a location that the
 * box's current history does not have — made after the backup the box was restored from, or on
 * another branch (an earlier restore of the same backup). They explain why the box's X/Z is short
 * of the cloud's figures, and why an order number can appear twice in one business day (the
 * restored box gave it again); each order is therefore labelled with its epoch.
 *
 *   GET /api/locations/:locationId/restore-losses   (owners' session; LOCATION_FORBIDDEN outside theirs)
 *
 * How: the box's history across the location's devices (cloud/box-lineage.ts: a replacement box
 * continues the dead box's). A row whose last applied (device, epoch, seq) lies in the family but
 * outside the ancestry is not on the box. A row the restored box changed again under its new epoch
 * is on the box, and leaves this list.
 */
import { Hono } from 'hono';
import { requireViewer, type AuthEnv } from './auth/middleware.js';
import { withReader } from './auth/reader.js';
import type { CloudDb, Queryable } from './db.js';
import { boxLineage, lostCondition, type BoxLineage } from './box-lineage.js';

export interface LostOrder {
  id: string;
  /** The order number the box gave it; `numberReused` when the restored box gave it again that day. */
  number: number | null;
  businessDay: string | null;
  status: string | null;
  total: number;
  paid: number;
  epoch: number;
  /** Unambiguous across epochs: business day, number and the epoch it was last synced under. */
  ref: string;
  numberReused: boolean;
}

export interface LostDay {
  businessDay: string | null;
  orders: number;
  /** Payments the cloud holds and the box does not: the box's Z for the day is short by `paymentsAmount`. */
  payments: number;
  paymentsAmount: number;
  explanation: string;
}

export interface RestoreLosses {
  locationId: string;
  deviceId: string | null;
  currentEpoch: number | null;
  /** Each epoch of the box's history, newest first, with its device and the seq it was kept to (null: all of it). */
  ancestry: Array<{ deviceId: string; epoch: number; upToSeq: number | null }>;
  /** The catch-up the cloud sent this epoch (null: none yet, or a cloud older than issue 22). */
  catchUp: CatchUpState | null;
  orders: LostOrder[];
  days: LostDay[];
}

export interface CatchUpState {
  /** `applied` once the box applied every part: what it carried leaves this list. */
  status: 'pending' | 'applied' | 'refused';
  parts: number;
  firstSeq: number;
  orders: number;
  rows: number;
  sentAt: number;
  appliedAt: number | null;
}

/**
 * The catch-up the cloud sent for this epoch (cloud/restore-catchup.ts), and whether the box has
 * applied every part of it. Parts pruned by retention count as applied.
 */
async function catchUpOf(q: Queryable, locationId: string, h: BoxLineage): Promise<(CatchUpState & { sentAtExact: string }) | null> {
  const { rows } = await q.query<{ first_seq: string; last_seq: string; orders: number; rows: number; created_at: Date; created_text: string; pending: number; refused: number; applied_at: Date | null }>(
    `SELECT c.first_seq, c.last_seq, c.orders, c.rows, c.created_at, c.created_at::text AS created_text,
       (SELECT count(*)::int FROM channel_messages m WHERE m.location_id = c.location_id AND m.seq BETWEEN c.first_seq AND c.last_seq AND m.status = 'pending') AS pending,
       (SELECT count(*)::int FROM channel_messages m WHERE m.location_id = c.location_id AND m.seq BETWEEN c.first_seq AND c.last_seq AND m.status = 'refused') AS refused,
       (SELECT max(applied_at) FROM channel_messages m WHERE m.location_id = c.location_id AND m.seq BETWEEN c.first_seq AND c.last_seq) AS applied_at
     FROM restore_catchups c WHERE c.location_id = $1 AND c.device_id = $2 AND c.epoch = $3`, [locationId, h.deviceId, h.current]);
  const r = rows[0];
  if (!r) return null;
  const status = r.pending > 0 ? 'pending' : r.refused > 0 ? 'refused' : 'applied';
  return { status, parts: Number(r.last_seq) - Number(r.first_seq) + 1, firstSeq: Number(r.first_seq), orders: r.orders, rows: r.rows,
    sentAt: r.created_at.getTime(), sentAtExact: r.created_text, appliedAt: status === 'applied' && r.applied_at ? r.applied_at.getTime() : null };
}

export async function restoreLosses(q: Queryable, locationId: string): Promise<RestoreLosses> {
  const h = await boxLineage(q, locationId);
  if (!h) return { locationId, deviceId: null, currentEpoch: null, ancestry: [], catchUp: null, orders: [], days: [] };
  const { deviceId, current, kept } = h;
  const ancestry = [...kept].map(([key, upTo]) => {
    const at = key.lastIndexOf(':');
    return { deviceId: key.slice(0, at), epoch: Number(key.slice(at + 1)), upToSeq: upTo === Infinity ? null : upTo };
  }).sort((a, b) => b.epoch - a.epoch);
  const found = await catchUpOf(q, locationId, h);
  // What an applied catch-up carried is on the box again: everything lost that the cloud held when it was sent
  // (its time as PostgreSQL's text, to the microsecond).
  const recoveredUpTo = found?.status === 'applied' ? found.sentAtExact : null;
  const catchUp: CatchUpState | null = found ? (({ sentAtExact: _exact, ...rest }) => rest)(found) : null;

  const onOrders = lostCondition(h, 'o', 2);
  const lost = (await q.query<{ id: string; number: number | null; business_day: string | null; status: string | null; total: string | null; paid: string | null; epoch: number }>(
    `SELECT o.id, o.number, o.business_day, o.status, o.total, o.paid, o.epoch FROM orders o
     WHERE o.location_id = $1 AND NOT o.deleted AND ${onOrders.sql} AND ${notRecovered('o', onOrders.params.length + 2)}
     ORDER BY o.business_day, o.number, o.id`, [locationId, ...onOrders.params, recoveredUpTo])).rows;
  const lostIds = new Set(lost.map((o) => o.id));
  const days = [...new Set(lost.map((o) => o.business_day).filter((d): d is string => d !== null))];
  const others = days.length === 0 ? [] : (await q.query<{ id: string; number: number | null; business_day: string }>(
    'SELECT id, number, business_day FROM orders WHERE location_id = $1 AND business_day = ANY($2::text[])', [locationId, days])).rows;
  const keptNumbers = new Set(others.filter((o) => !lostIds.has(o.id)).map((o) => `${o.business_day}#${o.number}`));
  const orders: LostOrder[] = lost.map((o) => ({
    id: o.id, number: o.number, businessDay: o.business_day, status: o.status, total: Number(o.total ?? 0), paid: Number(o.paid ?? 0), epoch: o.epoch,
    ref: `${o.business_day ?? '?'} #${o.number ?? '?'} (epoch ${o.epoch})`,
    numberReused: keptNumbers.has(`${o.business_day}#${o.number}`),
  }));

  const onPayments = lostCondition(h, 'p', 2);
  const payments = (await q.query<{ business_day: string | null; n: number; amount: string }>(
    `SELECT o.business_day, count(*)::int AS n, coalesce(sum(p.amount), 0)::bigint AS amount FROM payments p
     LEFT JOIN orders o ON o.location_id = p.location_id AND o.id = p.order_id
     WHERE p.location_id = $1 AND ${onPayments.sql} AND ${notRecovered('p', onPayments.params.length + 2)}
     GROUP BY o.business_day ORDER BY o.business_day`, [locationId, ...onPayments.params, recoveredUpTo])).rows;
  const byDay = new Map<string | null, LostDay>();
  const day = (d: string | null): LostDay => {
    let v = byDay.get(d);
    if (!v) byDay.set(d, v = { businessDay: d, orders: 0, payments: 0, paymentsAmount: 0, explanation: '' });
    return v;
  };
  for (const o of orders) day(o.businessDay).orders++;
  for (const p of payments) Object.assign(day(p.business_day), { payments: p.n, paymentsAmount: Number(p.amount) });
  for (const d of byDay.values()) {
    d.explanation = `The cloud holds ${d.orders} order(s) and ${d.payments} payment(s) (${d.paymentsAmount} in minor units) of ${d.businessDay ?? 'an unknown day'} that the box lost when it was restored from a backup: the box's X/Z for that day is short by them${catchUp?.status === 'pending' ? ' until it has applied the catch-up the cloud sent it' : ''}.`;
  }
  return { locationId, deviceId, currentEpoch: current, ancestry, catchUp, orders, days: [...byDay.values()].sort((a, b) => String(a.businessDay).localeCompare(String(b.businessDay))) };
}

/** SQL: the row was not carried back by an applied catch-up (`$param`: when it was sent, or null for none). */
const notRecovered = (alias: string, param: number): string => `($${param}::timestamptz IS NULL OR ${alias}.synced_at > $${param}::timestamptz)`;

export function createRestoreLossRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/api/locations/:locationId/restore-losses', requireViewer, async (c) => {
    const locationId = c.req.param('locationId');
    return c.json(await withReader(db, c.var.viewer, [locationId], (q) => restoreLosses(q, locationId)));
  });
  return app;
}
