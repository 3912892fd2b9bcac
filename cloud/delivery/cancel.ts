/**
 * A platform cancelling one of its orders (issue 21), verified like its orders: recorded on the
 * platform order once (who, why, when) and sent down the channel as `delivery.cancel` in the SAME
 * transaction, so the box voids what the kitchen has exactly once — a platform's retry of the
 * webhook, or a replay, is a duplicate and sends nothing. Statuses the outbox has not sent yet for
 * the order are skipped: telling the platform "ready" about an order it cancelled helps nobody.
 *
 * A cancellation for an order the cloud never received (another till took it, or it was refused
 * before being stored) is acknowledged as `unknown_order`: the platform must get its 200.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import { DELIVERY_CANCEL, deliveryCancelV1 } from '../../sync/delivery-messages.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import type { CloudDb } from '../db.js';
import { withTenant } from '../tenant.js';
import type { PlatformCancel } from '../platforms/types.js';
import type { Connection } from './connections.js';

export interface CancelReceived { status: 'cancelled' | 'duplicate' | 'unknown_order'; id?: string; wasState?: string }

export async function receiveCancel(db: CloudDb, connection: Connection, cancel: PlatformCancel, now: number): Promise<CancelReceived> {
  const place = { locationId: connection.locationId, organisationId: connection.organisationId };
  const result = await withTenant(db, { ...place, deviceId: `platform:${connection.platform}` }, async (q): Promise<CancelReceived> => {
    const { rows } = await q.query<{ id: string; state: string; cancelled_by: string | null }>(
      'SELECT id, state, cancelled_by FROM platform_orders WHERE location_id = $1 AND platform = $2 AND platform_order_id = $3 FOR UPDATE',
      [place.locationId, connection.platform, cancel.platformOrderId]);
    const order = rows[0];
    if (!order) return { status: 'unknown_order' };
    // Cancelled already — by this platform (its retry), or by the restaurant (the platform echoing our own call).
    if (order.cancelled_by !== null) return { status: 'duplicate', id: order.id, wasState: order.state };
    // An order still live becomes cancelled; one picked up, refused or expired keeps its state (the money
    // moved, or nothing was made) — the cancellation is still recorded and told to the box, for staff to see.
    const state = ['received', 'accepted', 'ready'].includes(order.state) ? 'cancelled' : order.state;
    const payload = deliveryCancelV1.parse({ id: uuidV7Ids.next(), platform: connection.platform, platformOrderId: cancel.platformOrderId, reason: cancel.reason, cancelledAt: now });
    const message = await appendMessage(q, place, { kind: DELIVERY_CANCEL, schemaVersion: 1, payload, id: payload.id });
    await q.query(`UPDATE platform_orders SET state = $3, cancelled_by = 'platform', cancel_reason = $4, cancelled_at = to_timestamp($5 / 1000.0),
        cancel_message_seq = $6, updated_at = now() WHERE location_id = $1 AND id = $2`,
    [place.locationId, order.id, state, cancel.reason, now, message.seq]);
    await q.query(`UPDATE platform_outbox SET state = 'skipped', last_error = 'the platform cancelled the order' WHERE location_id = $1 AND platform_order_ref = $2 AND state = 'pending'`,
      [place.locationId, order.id]);
    return { status: 'cancelled', id: order.id, wasState: order.state };
  });
  if (result.status === 'cancelled') notifyCommitted(db, [place.locationId]);
  return result;
}
