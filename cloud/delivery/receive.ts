/**
 * Storing a verified platform order (issue 21): once per platform order id, mapped to the
 * location's menu, and sent down the channel in the SAME transaction (architecture §12: no dual
 * write) — the box gets it exactly once, whether it is online now or comes back later.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import { DELIVERY_ORDER, deliveryOrderV1, type DeliveryOrderV1 } from '../../sync/delivery-messages.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import type { CloudDb } from '../db.js';
import { withTenant } from '../tenant.js';
import type { PlatformOrder } from '../platforms/types.js';
import type { Connection } from './connections.js';
import { isFlagged, mapLines } from './mapping.js';

export interface Received { status: 'received' | 'duplicate'; id: string; flagged: boolean }

/** The platform's commission: its own figure, or the connection's rate on the food subtotal. */
export const commissionOf = (order: PlatformOrder, connection: Connection): number =>
  order.commission ?? Math.round((order.subtotal * connection.commissionBp) / 10_000);

export async function receiveOrder(db: CloudDb, connection: Connection, order: PlatformOrder, now: number): Promise<Received> {
  const place = { locationId: connection.locationId, organisationId: connection.organisationId };
  const tenant = { ...place, deviceId: `platform:${connection.platform}` };
  const result = await withTenant(db, tenant, async (q): Promise<Received> => {
    const lines = await mapLines(q, place.locationId, order);
    const flagged = isFlagged(lines);
    const id = uuidV7Ids.next();
    const commission = commissionOf(order, connection);
    const payload: DeliveryOrderV1 = deliveryOrderV1.parse({
      id, platform: connection.platform, platformOrderId: order.platformOrderId, displayRef: order.displayRef,
      autoAccept: connection.autoAccept, prepMinutes: connection.prepMinutes, placedAt: Number.isFinite(order.placedAt) ? order.placedAt : now,
      respondBy: now + connection.holdSeconds * 1000, customer: order.customer, delivery: order.delivery, lines,
      totals: { currency: order.currency, subtotal: order.subtotal, deliveryFee: order.deliveryFee, commission, total: order.total }, notes: order.notes,
    });
    // The unique key makes a re-delivery (the platform's retry, a replayed webhook) one order; a
    // concurrent twin waits on the key until the first commits, then inserts nothing.
    const inserted = await q.query(`INSERT INTO platform_orders (location_id, organisation_id, id, platform, platform_order_id, display_ref, flagged,
        currency, subtotal, delivery_fee, commission, total, payload, respond_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, to_timestamp($14 / 1000.0))
      ON CONFLICT (location_id, platform, platform_order_id) DO NOTHING`,
    [place.locationId, place.organisationId, id, connection.platform, order.platformOrderId, order.displayRef, flagged,
      order.currency, order.subtotal, order.deliveryFee, commission, order.total, JSON.stringify(payload), payload.respondBy]);
    if (inserted.rowCount === 0) {
      const { rows } = await q.query<{ id: string; flagged: boolean }>('SELECT id, flagged FROM platform_orders WHERE location_id = $1 AND platform = $2 AND platform_order_id = $3',
        [place.locationId, connection.platform, order.platformOrderId]);
      return { status: 'duplicate', id: rows[0]!.id, flagged: rows[0]!.flagged };
    }
    const message = await appendMessage(q, place, { kind: DELIVERY_ORDER, schemaVersion: 1, payload, id });
    await q.query('UPDATE platform_orders SET message_seq = $3 WHERE location_id = $1 AND id = $2', [place.locationId, id, message.seq]);
    return { status: 'received', id, flagged };
  });
  if (result.status === 'received') notifyCommitted(db, [place.locationId]);
  return result;
}
