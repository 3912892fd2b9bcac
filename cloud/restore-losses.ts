/**
 * What a restore lost (issue 15): the orders and payments the cloud holds for a location that the
 * box's current history does not have — made after the backup the box was restored from, or on
 * another branch (an earlier restore of the same backup). They explain why the box's X/Z is short
 * of the cloud's figures, and why an order number can appear twice in one business day (the
 * restored box gave it again); each order is therefore labelled with its epoch.
 *
 *   GET /api/locations/:locationId/restore-losses   (owners' session; LOCATION_FORBIDDEN outside theirs)
 *
 * How: every epoch a box opens records where its history branched off (device_watermarks
 * forked_from_epoch/seq, sent by the box). Walking back from the box's current epoch gives its
 * ancestry — each epoch up to the seq it was kept to; an epoch without a branch point keeps all
 * earlier epochs whole (a box that was never restored, or one too old to say). A row whose last
 * applied (epoch, seq) lies outside the ancestry is not on the box. A row the restored box changed
 * again under its new epoch is on the box, and leaves this list.
 */
import { Hono } from 'hono';
import { requireViewer, type AuthEnv } from './auth/middleware.js';
import { withReader } from './auth/reader.js';
import type { CloudDb, Queryable } from './db.js';

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
  /** Each epoch of the box's history, newest first, with the seq it was kept to (null: all of it). */
  ancestry: Array<{ epoch: number; upToSeq: number | null }>;
  orders: LostOrder[];
  days: LostDay[];
}

interface EpochRow { device_id: string; box_id: string | null; epoch: number; forked_from_epoch: number | null; forked_from_seq: string | number | null; updated_at: Date }

/** The current epoch's ancestry: epoch → highest seq of it the box holds (Infinity: all). */
export function ancestryOf(epochs: ReadonlyMap<number, { forkEpoch: number | null; forkSeq: number | null }>, current: number): Map<number, number> {
  const kept = new Map<number, number>([[current, Infinity]]);
  let at = current;
  for (;;) {
    const row = epochs.get(at);
    if (!row || row.forkEpoch === null || row.forkSeq === null || kept.has(row.forkEpoch)) {
      // No branch point: the box's history before `at` is every earlier epoch, whole.
      for (const e of epochs.keys()) if (e < at && !kept.has(e)) kept.set(e, Infinity);
      return kept;
    }
    kept.set(row.forkEpoch, row.forkSeq);
    at = row.forkEpoch;
  }
}

/** SQL condition (and its parameters from $2) for rows outside the ancestry, among the device's epochs. */
function lostCondition(deviceEpochs: readonly number[], kept: ReadonlyMap<number, number>, alias: string): { sql: string; params: unknown[] } {
  const whole = deviceEpochs.filter((e) => !kept.has(e));
  const parts: string[] = [];
  const params: unknown[] = [];
  if (whole.length > 0) {
    params.push(whole);
    parts.push(`${alias}.epoch = ANY($${params.length + 1}::int[])`);
  }
  for (const [epoch, upTo] of kept) {
    if (upTo === Infinity || !deviceEpochs.includes(epoch)) continue;
    params.push(epoch, upTo);
    parts.push(`(${alias}.epoch = $${params.length} AND ${alias}.seq > $${params.length + 1})`);
  }
  return { sql: parts.length > 0 ? `(${parts.join(' OR ')})` : 'false', params };
}

export async function restoreLosses(q: Queryable, locationId: string): Promise<RestoreLosses> {
  const { rows } = await q.query<EpochRow>('SELECT device_id, box_id, epoch, forked_from_epoch, forked_from_seq, updated_at FROM device_watermarks WHERE location_id = $1', [locationId]);
  if (rows.length === 0) return { locationId, deviceId: null, currentEpoch: null, ancestry: [], orders: [], days: [] };
  // The box syncing now: the device whose watermark moved last.
  const latest = rows.reduce((a, b) => (b.updated_at > a.updated_at ? b : a));
  const deviceId = latest.device_id;
  const current = Math.max(...rows.filter((r) => r.device_id === deviceId).map((r) => r.epoch));
  const boxId = rows.find((r) => r.device_id === deviceId && r.epoch === current)?.box_id ?? null;
  // This box's epochs (and those from before boxes sent an identity): another box that had the
  // credential before a replacement is not this box's history, and its orders were not lost by a restore.
  const mine = rows.filter((r) => r.device_id === deviceId && (r.box_id === null || r.box_id === boxId));
  const kept = ancestryOf(new Map(mine.map((r) => [r.epoch, { forkEpoch: r.forked_from_epoch, forkSeq: r.forked_from_seq === null ? null : Number(r.forked_from_seq) }])), current);
  const ancestry = [...kept].map(([epoch, upTo]) => ({ epoch, upToSeq: upTo === Infinity ? null : upTo })).sort((a, b) => b.epoch - a.epoch);

  const onOrders = lostCondition(mine.map((r) => r.epoch), kept, 'o');
  const lost = (await q.query<{ id: string; number: number | null; business_day: string | null; status: string | null; total: string | null; paid: string | null; epoch: number }>(
    `SELECT o.id, o.number, o.business_day, o.status, o.total, o.paid, o.epoch FROM orders o
     WHERE o.location_id = $1 AND NOT o.deleted AND ${onOrders.sql} ORDER BY o.business_day, o.number, o.id`, [locationId, ...onOrders.params])).rows;
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

  const onPayments = lostCondition(mine.map((r) => r.epoch), kept, 'p');
  const payments = (await q.query<{ business_day: string | null; n: number; amount: string }>(
    `SELECT o.business_day, count(*)::int AS n, coalesce(sum(p.amount), 0)::bigint AS amount FROM payments p
     LEFT JOIN orders o ON o.location_id = p.location_id AND o.id = p.order_id
     WHERE p.location_id = $1 AND ${onPayments.sql} GROUP BY o.business_day ORDER BY o.business_day`, [locationId, ...onPayments.params])).rows;
  const byDay = new Map<string | null, LostDay>();
  const day = (d: string | null): LostDay => {
    let v = byDay.get(d);
    if (!v) byDay.set(d, v = { businessDay: d, orders: 0, payments: 0, paymentsAmount: 0, explanation: '' });
    return v;
  };
  for (const o of orders) day(o.businessDay).orders++;
  for (const p of payments) Object.assign(day(p.business_day), { payments: p.n, paymentsAmount: Number(p.amount) });
  for (const d of byDay.values()) {
    d.explanation = `The cloud holds ${d.orders} order(s) and ${d.payments} payment(s) (${d.paymentsAmount} in minor units) of ${d.businessDay ?? 'an unknown day'} that the box lost when it was restored from a backup: the box's X/Z for that day is short by them.`;
  }
  return { locationId, deviceId, currentEpoch: current, ancestry, orders, days: [...byDay.values()].sort((a, b) => String(a.businessDay).localeCompare(String(b.businessDay))) };
}

export function createRestoreLossRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/api/locations/:locationId/restore-losses', requireViewer, async (c) => {
    const locationId = c.req.param('locationId');
    return c.json(await withReader(db, c.var.viewer, [locationId], (q) => restoreLosses(q, locationId)));
  });
  return app;
}
