/**
 * Statuses back to the platform (issue 21), through an outbox: a row per (order, status), written
 * in the transaction that learned it — the ingest of the box's `delivery_status` facts, or the
 * sweeper that refuses an order nobody answered in time — and sent later by the worker
 * (./worker.ts) with retries and exponential backoff. The box never waits for a platform: a
 * platform that is down delays only its own rows here.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import { deliveryStatusImage, type DeliveryStatus, type RejectReason } from '../../sync/delivery-messages.js';
import type { Queryable } from '../db.js';
import type { Tenant } from '../tenant.js';

/** Which platform states a status may move an order from (an expired order stays refused). */
const FROM: Record<DeliveryStatus, readonly string[]> = {
  accepted: ['received'],
  rejected: ['received'],
  ready: ['received', 'accepted'],
  picked_up: ['received', 'accepted', 'ready'],
  // The restaurant cancelling an order it accepted (a till's cancel); never one the platform cancelled first.
  cancelled: ['received', 'accepted', 'ready'],
};

export async function queueStatus(q: Queryable, place: { locationId: string; organisationId: string },
  order: { platform: string; platformOrderId: string; id: string }, status: DeliveryStatus, reason: RejectReason | null, prepMinutes: number | null, note: string | null = null): Promise<void> {
  await q.query(`INSERT INTO platform_outbox (location_id, organisation_id, id, platform_order_ref, platform, platform_order_id, status, reason, prep_minutes, note)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (location_id, platform, platform_order_id, status) DO NOTHING`,
  [place.locationId, place.organisationId, uuidV7Ids.next(), order.id, order.platform, order.platformOrderId, status, reason, prepMinutes, note]);
}

/**
 * Called by ingest, inside the batch's transaction (scoped to the box's location), for the
 * `delivery_status` rows it just stored. A status for an order the cloud already refused (the
 * deadline passed before the box answered) is not sent: the platform was told no.
 */
export async function queueBoxStatuses(q: Queryable, tenant: Tenant, images: readonly unknown[]): Promise<void> {
  for (const raw of images) {
    const parsed = deliveryStatusImage.safeParse(raw);
    if (!parsed.success) continue;
    const s = parsed.data;
    const { rows } = await q.query<{ id: string; state: string }>(
      'SELECT id, state FROM platform_orders WHERE location_id = $1 AND platform = $2 AND platform_order_id = $3 FOR UPDATE',
      [tenant.locationId, s.platform, s.platformOrderId]);
    const order = rows[0];
    if (!order || !FROM[s.status].includes(order.state)) continue;
    if (s.status === 'cancelled') {
      await q.query(`UPDATE platform_orders SET state = 'cancelled', cancelled_by = 'restaurant', cancel_reason = $3, cancelled_at = to_timestamp($4 / 1000.0),
          box_order_id = COALESCE(box_order_id, $5), updated_at = now() WHERE location_id = $1 AND id = $2`, [tenant.locationId, order.id, s.note ?? s.reason, s.createdAt, s.orderId]);
    } else {
      await q.query('UPDATE platform_orders SET state = $3, reason = $4, box_order_id = COALESCE(box_order_id, $5), updated_at = now() WHERE location_id = $1 AND id = $2',
        [tenant.locationId, order.id, s.status, s.reason, s.orderId]);
    }
    await queueStatus(q, tenant, { id: order.id, platform: s.platform, platformOrderId: s.platformOrderId }, s.status, s.reason, s.prepMinutes, s.note);
  }
}

/**
 * The hold rule: an order still unanswered at its `respond_by` is refused to the platform —
 * `box_offline` when the box never took the message, `not_accepted_in_time` when it did but
 * nobody accepted. Runs in one transaction per location (the worker's tick).
 */
export async function expireUnanswered(q: Queryable, place: { locationId: string; organisationId: string }): Promise<number> {
  const { rows } = await q.query<{ id: string; platform: string; platform_order_id: string; reason: RejectReason }>(`UPDATE platform_orders o SET state = 'expired', updated_at = now(),
      reason = CASE WHEN EXISTS (SELECT 1 FROM channel_messages m WHERE m.location_id = o.location_id AND m.seq = o.message_seq AND m.status = 'applied')
        THEN 'not_accepted_in_time' ELSE 'box_offline' END
    WHERE o.location_id = $1 AND o.state = 'received' AND o.respond_by < now()
    RETURNING o.id, o.platform, o.platform_order_id, o.reason`, [place.locationId]);
  for (const r of rows) await queueStatus(q, place, { id: r.id, platform: r.platform, platformOrderId: r.platform_order_id }, 'rejected', r.reason, null);
  return rows.length;
}
