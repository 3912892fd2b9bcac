/**
 * What an owner does by hand (issue 21): send a test ping to a subscription, and replay one
 * delivery. Both send at once, inside the request (bounded by the delivery timeout), and answer with
 * what the receiver said; both are written to the delivery log like the worker's attempts.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import { AppError } from '../../src/errors.js';
import type { CloudDb } from '../db.js';
import { withOrganisation } from '../tenant.js';
import { claimOne, recordOutcome, send, type DeliverySettings } from './deliver.js';
import { PING_EVENT } from './events.js';

export interface ManualResult {
  deliveryId: string;
  status: 'pending' | 'delivered' | 'dead';
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

async function sendNow(db: CloudDb, organisationId: string, deliveryId: string, trigger: 'replay' | 'test', now: () => number, settings: DeliverySettings): Promise<ManualResult> {
  const claim = await claimOne(db, organisationId, deliveryId, now(), settings);
  if (claim === null) throw new AppError('NOT_FOUND', `No webhook delivery ${deliveryId} in your organisation.`, { id: deliveryId });
  if (claim === 'busy') throw new AppError('IN_USE', 'This delivery is being sent right now; look at its log in a few seconds and replay it then if needed.', { id: deliveryId });
  const result = await send(claim, now(), settings);
  const status = await recordOutcome(db, claim, result, trigger, now(), 0);
  return { deliveryId, status: status === 'gone' ? 'dead' : status, ok: result.ok, statusCode: result.statusCode, durationMs: result.durationMs, error: result.error };
}

/** A `webhook.ping` to this subscription now, whatever events it has chosen; tried once. */
export async function sendTestPing(db: CloudDb, organisationId: string, subscriptionId: string, now: () => number, settings: DeliverySettings): Promise<ManualResult> {
  const deliveryId = uuidV7Ids.next();
  await withOrganisation(db, organisationId, async (q) => {
    const sub = await q.query('SELECT 1 FROM webhook_subscriptions WHERE organisation_id = $1 AND id = $2', [organisationId, subscriptionId]);
    if (sub.rowCount === 0) throw new AppError('NOT_FOUND', `No webhook subscription ${subscriptionId} in your organisation.`, { id: subscriptionId });
    const eventId = uuidV7Ids.next();
    const t = now();
    await q.query(`INSERT INTO webhook_events (organisation_id, id, location_id, type, dedupe_key, payload, recorded_at, dispatched)
      VALUES ($1, $2, NULL, $3, $4, $5, $6, true)`, [organisationId, eventId, PING_EVENT, `ping:${eventId}`, JSON.stringify({ message: 'A test from Brigade: this URL receives webhooks.' }), t]);
    // Status dead until the send says otherwise: the worker never picks a test up (it is tried once, here).
    await q.query(`INSERT INTO webhook_deliveries (organisation_id, id, subscription_id, event_id, status, created_at, next_attempt_at)
      VALUES ($1, $2, $3, $4, 'dead', $5, $5)`, [organisationId, deliveryId, subscriptionId, eventId, t]);
  });
  return sendNow(db, organisationId, deliveryId, 'test', now, settings);
}

/** Sends one delivery again now, with its id and body unchanged (a fresh signature). */
export async function replayDelivery(db: CloudDb, organisationId: string, deliveryId: string, now: () => number, settings: DeliverySettings): Promise<ManualResult> {
  return sendNow(db, organisationId, deliveryId, 'replay', now, settings);
}
