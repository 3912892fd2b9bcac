import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudServer, type CloudServer } from '../cloud/server.js';
import { RETRY_BASE_MS, RETRY_CAP_MS, RETRY_WINDOW_MS } from '../cloud/webhooks/backoff.js';
import { verifySignature } from '../cloud/webhooks/signature.js';
import { WebhookWorker } from '../cloud/webhooks/worker.js';
import { manualClock } from '../src/lib/clock.js';
import { postBatch, startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { newId } from './helpers/fixtures.js';
import { until } from './helpers/wait.js';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.js';
import { batches, order, payment, restaurant, subscribe as subscribeAt, type ChangeSpec } from './helpers/webhooks.js';

/**
 * Webhooks out (issue 21), end to end on a real cloud (PostgreSQL or PGlite) with real receivers:
 * boxes' batches go through the real ingest route, the worker delivers over real HTTP to servers
 * written here. The worker runs on a clock the test moves, so 24 hours of retries take no time.
 */
const logger = pino({ level: 'silent' });
const clock = manualClock(Date.now());
const TIMEOUT_MS = 2000;
let cloud: TestCloud;
let server: CloudServer;
let url: string;
let owner: string;
let worker: WebhookWorker;
const receivers: Receiver[] = [];

async function receiver(status: number | 'hang' = 200): Promise<Receiver> {
  const r = await startReceiver(status);
  receivers.push(r);
  return r;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  server = await startCloudServer({ db: cloud.db, logger, port: 0, webhooks: { worker: false, allowPrivate: true, timeoutMs: TIMEOUT_MS, clock } });
  cloud.url = url = server.url;
  owner = await signInOwner(cloud);
  worker = new WebhookWorker(cloud.db, logger, { clock, allowPrivate: true, timeoutMs: TIMEOUT_MS, random: () => 0.5 });
}, 120_000);
afterAll(async () => {
  for (const r of receivers) await r.close();
  await server.stop();
  await cloud.close();
});

const { batch, push: pushTo } = batches();
const push = (credential: string, changes: ChangeSpec[]) => pushTo(url, credential, changes);
const subscribe = (token: string, body: Record<string, unknown>) => subscribeAt(url, token, body);

const envelope = (r: { body: string }) => JSON.parse(r.body);

describe('webhooks out', () => {
  it('delivers a synced payment and a new order to a subscribed URL, signed so the receiver can verify it, once each even when the box sends them again', async () => {
    const hook = await receiver(200);
    const { secret, subscription } = await subscribe(owner, { url: hook.url, events: ['payment.received', 'order.created', 'order.closed'], description: 'accounting' });
    expect(secret).toMatch(/^whsec_/);
    const orderId = newId();
    const body = batch(cloud.a.credential, [restaurant('Bistro A'), order(orderId, 'sent', 1), payment('pay-1', 1980, orderId)]);
    expect((await postBatch(url, cloud.a.credential, body)).status).toBe(200);
    // The same batch again (a replay after a lost answer) and a newer image of the same order: no new events.
    expect((await postBatch(url, cloud.a.credential, body)).status).toBe(200);
    await push(cloud.a.credential, [order(orderId, 'in_progress', 2)]);
    await worker.runUntilIdle();

    expect(hook.received.map((r) => r.headers['brigade-event']).sort()).toEqual(['order.created', 'payment.received']);
    for (const r of hook.received) {
      expect(verifySignature(secret, r.headers['brigade-signature'] as string, r.body, Math.floor(clock.now() / 1000))).toBe(true);
      expect(verifySignature('whsec_wrong', r.headers['brigade-signature'] as string, r.body, Math.floor(clock.now() / 1000))).toBe(false);
      // A captured delivery replayed an hour later fails the timestamp check.
      expect(verifySignature(secret, r.headers['brigade-signature'] as string, r.body, Math.floor(clock.now() / 1000) + 3600)).toBe(false);
      expect(envelope(r).id).toBe(r.headers['brigade-delivery']);
    }
    const paid = envelope(hook.received.find((r) => r.headers['brigade-event'] === 'payment.received')!);
    expect(paid).toMatchObject({ type: 'payment.received', organisationId: cloud.orgId, location: { id: cloud.a.locationId, name: 'Bistro A', currency: 'EUR' },
      data: { entity: 'payment', object: { orderId, amount: 1980, method: 'card' } } });
    expect(Date.parse(paid.createdAt)).toBeGreaterThan(0);

    // The order closes: one order.closed; a later image of the closed order adds none.
    await push(cloud.a.credential, [order(orderId, 'completed', 3)]);
    await push(cloud.a.credential, [order(orderId, 'completed', 4)]);
    await worker.runUntilIdle();
    expect(hook.received.filter((r) => r.headers['brigade-event'] === 'order.closed')).toHaveLength(1);
    expect(envelope(hook.received.at(-1)!).data.object).toMatchObject({ status: 'completed', total: 1980 });

    const log = await api(url, 'GET', `/api/webhooks/subscriptions/${subscription.id}/deliveries`, { token: owner });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toHaveLength(3);
    for (const d of log.body.deliveries) {
      expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
      expect(d.log).toEqual([expect.objectContaining({ number: 1, trigger: 'auto', statusCode: 200, error: null, durationMs: expect.any(Number) })]);
    }
    expect((await api(url, 'DELETE', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner })).status).toBe(204);
  });

  it('fires reservation.made when a box syncs a new booking and reservation.cancelled once when it is cancelled, not on other changes', async () => {
    const hook = await receiver(200);
    const { subscription } = await subscribe(owner, { url: hook.url, events: ['reservation.made', 'reservation.cancelled'], description: 'bookings' });
    const id = newId();
    const booking = (status: string, version: number): ChangeSpec => ({ entity: 'reservation', id, version,
      row: { startsAt: Date.now() + 3_600_000, partySize: 4, status, source: 'phone', serviceDate: '2026-12-05', name: 'Camille Martin' } });
    await push(cloud.a.credential, [restaurant('Bistro A'), booking('booked', 1)]);
    await push(cloud.a.credential, [booking('arrived', 2)]);
    await push(cloud.a.credential, [booking('cancelled', 3)]);
    await push(cloud.a.credential, [booking('cancelled', 3)]); // the same change again after a lost answer
    await worker.runUntilIdle();
    expect(hook.received.map((r) => r.headers['brigade-event'])).toEqual(['reservation.made', 'reservation.cancelled']);
    expect(envelope(hook.received[0]!)).toMatchObject({ type: 'reservation.made', location: { id: cloud.a.locationId },
      data: { entity: 'reservation', object: { partySize: 4, status: 'booked' } } });
    await api(url, 'DELETE', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner });
  });

  it('retries a failing receiver with exponential backoff and jitter for 24 hours, then dead-letters the delivery; a replay sends it again with the same id', async () => {
    const hook = await receiver(500);
    const { subscription } = await subscribe(owner, { url: hook.url, events: ['refund.issued'] });
    await push(cloud.a.credential, [{ entity: 'refund', id: 'ref-1', row: { paymentId: 'pay-1', orderId: 'o', amount: 500, createdAt: clock.now() } }]);
    const started = clock.now();
    await worker.runUntilIdle();
    const delivery = async () => (await api(url, 'GET', `/api/webhooks/subscriptions/${subscription.id}/deliveries`, { token: owner })).body.deliveries[0];
    const waits: number[] = [];
    for (let d = await delivery(); d.status === 'pending'; d = await delivery()) {
      expect(d.attempts).toBe(hook.received.length);
      waits.push(d.nextAttemptAt - clock.now());
      clock.set(d.nextAttemptAt);
      await worker.runUntilIdle();
      expect(waits.length).toBeLessThan(100);
    }
    const dead = await delivery();
    expect(dead.status).toBe('dead');
    // With the jitter at its middle (random 0.5) each wait is 3/4 of its step: 30 s doubling, capped at an hour.
    const steps = waits.map((_, i) => Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** i));
    expect(waits).toEqual(steps.map((s) => s * 0.75));
    expect(clock.now() - started).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(clock.now() - started).toBeGreaterThan(RETRY_WINDOW_MS - RETRY_CAP_MS);
    expect(dead.log.length).toBe(hook.received.length);
    expect(dead.log.every((a: { statusCode: number; trigger: string }) => a.statusCode === 500 && a.trigger === 'auto')).toBe(true);
    expect(new Set(hook.received.map((r) => r.headers['brigade-delivery']))).toEqual(new Set([dead.id]));
    // A dead delivery is never tried again by the worker.
    clock.advance(RETRY_WINDOW_MS);
    const before = hook.received.length;
    await worker.runUntilIdle();
    expect(hook.received.length).toBe(before);

    hook.answer(204);
    const replay = await api(url, 'POST', `/api/webhooks/deliveries/${dead.id}/replay`, { token: owner });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ deliveryId: dead.id, ok: true, statusCode: 204, status: 'delivered' });
    expect(hook.received.at(-1)!.headers['brigade-delivery']).toBe(dead.id);
    expect(hook.received.at(-1)!.body).toBe(hook.received[0]!.body);
    const after = (await api(url, 'GET', `/api/webhooks/deliveries/${dead.id}`, { token: owner })).body.delivery;
    expect(after).toMatchObject({ status: 'delivered', lastStatusCode: 204 });
    expect(after.log.at(-1)).toMatchObject({ trigger: 'replay', statusCode: 204 });
    expect((await api(url, 'DELETE', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner })).status).toBe(204);
  });

  it('sends a test ping on demand and answers what the receiver said, success or failure, in the log too', async () => {
    const hook = await receiver(200);
    const { subscription, secret } = await subscribe(owner, { url: hook.url, events: ['z_report.closed'] });
    const ok = await api(url, 'POST', `/api/webhooks/subscriptions/${subscription.id}/test`, { token: owner });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, statusCode: 200, status: 'delivered', error: null });
    expect(hook.received).toHaveLength(1);
    expect(envelope(hook.received[0]!)).toMatchObject({ id: ok.body.deliveryId, type: 'webhook.ping', location: null });
    expect(verifySignature(secret, hook.received[0]!.headers['brigade-signature'] as string, hook.received[0]!.body, Math.floor(clock.now() / 1000))).toBe(true);

    hook.answer(503, 'down for maintenance');
    const failed = await api(url, 'POST', `/api/webhooks/subscriptions/${subscription.id}/test`, { token: owner });
    expect(failed.body).toMatchObject({ ok: false, statusCode: 503, status: 'dead', error: 'answered 503' });
    const log = (await api(url, 'GET', `/api/webhooks/subscriptions/${subscription.id}/deliveries?status=dead`, { token: owner })).body.deliveries;
    expect(log).toHaveLength(1);
    expect(log[0].log[0]).toMatchObject({ trigger: 'test', statusCode: 503, responseExcerpt: 'down for maintenance' });
    // A ping is tried once: the worker does not retry it.
    clock.advance(3_600_000);
    await worker.runUntilIdle();
    expect(hook.received).toHaveLength(2);
    await api(url, 'DELETE', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner });
  });

  it('sends a Slack-compatible {"text"} message with a readable line when the subscription asks for it', async () => {
    const slack = await receiver(200);
    const { subscription } = await subscribe(owner, { url: slack.url, events: ['payment.received', 'z_report.closed', 'stock.alert'], format: 'slack' });
    await push(cloud.a.credential, [restaurant('Bistro A'), payment('pay-slack', 1250), { entity: 'z_report', id: 'z-1', row: { number: 7, businessDay: '2026-12-04', closedAt: clock.now(), closedBy: 's', totals: { total: 123456 } } },
      { entity: 'ingredient', id: 'ing-1', row: { name: 'Flour', baseUnit: 'g' } },
      { entity: 'stock_alert', id: 'al-1', row: { ingredientId: 'ing-1', kind: 'low', status: 'open', onHand: 1500, raisedAt: clock.now(), clearedAt: null } }]);
    await worker.runUntilIdle();
    const texts = slack.received.map((r) => JSON.parse(r.body)).sort((a, b) => a.text.localeCompare(b.text));
    expect(texts).toEqual([
      { text: '*Bistro A*: Low stock: ingredient Flour is down to 1.5.' },
      { text: '*Bistro A*: Payment received: €12.50 by card.' },
      { text: '*Bistro A*: Z report #7 closed the day 2026-12-04: €1,234.56 total.' },
    ]);
    await api(url, 'DELETE', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner });
  });

  it('signs with both the new and the previous secret after a rotation, until the overlap ends', async () => {
    const hook = await receiver(200);
    const { subscription, secret: first } = await subscribe(owner, { url: hook.url, events: ['line.voided'] });
    const rotated = await api(url, 'POST', `/api/webhooks/subscriptions/${subscription.id}/rotate-secret`, { token: owner, body: { overlapHours: 1 } });
    expect(rotated.status).toBe(200);
    const second = rotated.body.secret as string;
    expect(second).not.toBe(first);
    expect(JSON.stringify((await api(url, 'GET', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner })).body)).not.toContain('whsec_');
    await push(cloud.a.credential, [{ entity: 'line_void', id: 'v-1', row: { orderId: 'o', lineId: 'l', amount: 900, createdAt: clock.now() } }]);
    await worker.runUntilIdle();
    const r = hook.received[0]!;
    const now = Math.floor(clock.now() / 1000);
    expect((r.headers['brigade-signature'] as string).match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(first, r.headers['brigade-signature'] as string, r.body, now)).toBe(true);
    expect(verifySignature(second, r.headers['brigade-signature'] as string, r.body, now)).toBe(true);
    // Rotating with no overlap: only the newest secret signs.
    const third = (await api(url, 'POST', `/api/webhooks/subscriptions/${subscription.id}/rotate-secret`, { token: owner, body: { overlapHours: 0 } })).body.secret;
    const ping = await api(url, 'POST', `/api/webhooks/subscriptions/${subscription.id}/test`, { token: owner });
    expect(ping.body.ok).toBe(true);
    const p = hook.received.at(-1)!;
    expect(verifySignature(third, p.headers['brigade-signature'] as string, p.body, now)).toBe(true);
    expect(verifySignature(second, p.headers['brigade-signature'] as string, p.body, now)).toBe(false);
    await api(url, 'DELETE', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner });
  });
});
