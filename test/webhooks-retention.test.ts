import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudServer, type CloudServer } from '../cloud/server.js';
import { DEFAULT_RETENTION, retentionFromEnv } from '../cloud/webhooks/retention.js';
import { WebhookWorker } from '../cloud/webhooks/worker.js';
import { manualClock } from '../src/lib/clock.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { menuDoc } from './helpers/channel.js';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.js';
import { batches, payment, subscribe } from './helpers/webhooks.js';

/**
 * Retention (issue 21): the worker prunes delivered deliveries with their log and the events nobody
 * waits on after 30 days, dead letters after 90 (a replayed one counts from its replay), never a
 * pending one, and the central menu's idempotency keys after 7 days. The worker and the routes run on
 * a clock the test moves; the prune works in batches of two rows here, so several batches run.
 */
const logger = pino({ level: 'silent' });
const DAY = 86_400_000;
const t0 = Date.now();
const clock = manualClock(t0);
let cloud: TestCloud;
let server: CloudServer;
let url: string;
let owner: string;
let worker: WebhookWorker;
const receivers: Receiver[] = [];
const { push } = batches();

async function receiver(status: number): Promise<Receiver> {
  const r = await startReceiver(status);
  receivers.push(r);
  return r;
}

beforeAll(async () => {
  cloud = await startTestCloud();
  server = await startCloudServer({ db: cloud.db, logger, port: 0, webhooks: { worker: false, allowPrivate: true, timeoutMs: 2000, clock } });
  cloud.url = url = server.url;
  owner = await signInOwner(cloud);
  worker = new WebhookWorker(cloud.db, logger, { clock, allowPrivate: true, timeoutMs: 2000, random: () => 0.5, retention: { ...DEFAULT_RETENTION, batch: 2 } });
}, 120_000);
afterAll(async () => {
  await worker.stop();
  for (const r of receivers) await r.close();
  await server.stop();
  await cloud.close();
});

const count = async (sql: string, params: unknown[] = []) => (await cloud.db.query<{ n: number }>(`SELECT count(*)::int AS n ${sql}`, params)).rows[0]!.n;
const deliveriesOf = (subscriptionId: string, status?: string) =>
  count(`FROM webhook_deliveries WHERE subscription_id = $1${status ? ' AND status = $2' : ''}`, status ? [subscriptionId, status] : [subscriptionId]);
const eventCount = () => count("FROM webhook_events WHERE organisation_id = $1 AND type = 'payment.received'", [cloud.orgId]);
const attemptsOf = (ids: string[]) => count('FROM webhook_attempts WHERE delivery_id = ANY ($1::text[])', [ids]);
const ids = async (subscriptionId: string) => (await cloud.db.query<{ id: string }>('SELECT id FROM webhook_deliveries WHERE subscription_id = $1', [subscriptionId])).rows.map((r) => r.id);

describe('webhook and idempotency-key retention', () => {
  it('reads its periods from the environment, keeping the defaults for missing or unusable values', () => {
    expect(retentionFromEnv({})).toEqual({ keepDays: 30, keepDeadDays: 90, idempotencyKeyDays: 7 });
    expect(retentionFromEnv({ WEBHOOK_KEEP_DAYS: '14', WEBHOOK_KEEP_DEAD_DAYS: '365', IDEMPOTENCY_KEY_KEEP_DAYS: '1' })).toEqual({ keepDays: 14, keepDeadDays: 365, idempotencyKeyDays: 1 });
    expect(retentionFromEnv({ WEBHOOK_KEEP_DAYS: 'soon', WEBHOOK_KEEP_DEAD_DAYS: '0', IDEMPOTENCY_KEY_KEEP_DAYS: '-3' })).toEqual({ keepDays: 30, keepDeadDays: 90, idempotencyKeyDays: 7 });
  });

  it('prunes delivered deliveries and free events after 30 days, dead letters after 90 or 30 after a replay, never a pending one; idempotency keys after 7 days', async () => {
    const ok = await receiver(200);
    const failing = await receiver(500);
    const good = (await subscribe(url, owner, { url: ok.url, events: ['payment.received'] })).subscription.id;
    const bad = (await subscribe(url, owner, { url: failing.url, events: ['payment.received'] })).subscription.id;
    const menu = await api(url, 'POST', '/api/menus', { token: owner, headers: { 'idempotency-key': 'retention-menu-0001' }, body: { name: 'Main', document: menuDoc(1000) } });
    expect(menu.status).toBe(201);
    const keys = () => count('FROM menu_idempotency_keys WHERE organisation_id = $1', [cloud.orgId]);
    expect(await keys()).toBe(1);

    // Three payments at t0: delivered to `good`, failing at `bad` until they are dead letters (25 h later).
    await push(url, cloud.a.credential, [payment('ret-1', 100), payment('ret-2', 200), payment('ret-3', 300)]);
    await worker.runUntilIdle();
    clock.set(t0 + 25 * 3_600_000);
    await worker.runUntilIdle();
    expect(await deliveriesOf(good, 'delivered')).toBe(3);
    expect(await deliveriesOf(bad, 'dead')).toBe(3);
    const firstGood = await ids(good);
    const deadIds = await ids(bad);

    // Day 10: the receiver is fixed, one dead letter is replayed (delivered now), and a fourth payment
    // goes to both; a third subscription fails it, so its delivery stays pending.
    clock.set(t0 + 10 * DAY);
    failing.answer(200);
    const replayed = deadIds[0]!;
    expect((await api(url, 'POST', `/api/webhooks/deliveries/${replayed}/replay`, { token: owner })).body).toMatchObject({ ok: true, status: 'delivered' });
    const down = await receiver(503);
    const pendingSub = (await subscribe(url, owner, { url: down.url, events: ['payment.received'] })).subscription.id;
    await push(url, cloud.a.credential, [payment('ret-4', 400)]);
    await worker.runUntilIdle();
    expect(await deliveriesOf(pendingSub, 'pending')).toBe(1);
    expect(await eventCount()).toBe(4);

    // Day 6 of the key: kept. Nothing of the webhooks is old enough either.
    clock.set(t0 + 6 * DAY);
    expect(await worker.prune()).toEqual({ delivered: 0, dead: 0, events: 0, idempotencyKeys: 0 });
    expect(await keys()).toBe(1);

    // Day 31: the three deliveries made at t0 go (two batches of two), with their log; the key too.
    // Their events stay: each still has a dead letter, or the replayed delivery, pointing at it.
    clock.set(t0 + 31 * DAY);
    expect(await attemptsOf(firstGood)).toBe(3);
    expect(await worker.prune()).toEqual({ delivered: 3, dead: 0, events: 0, idempotencyKeys: 1 });
    expect(await deliveriesOf(good)).toBe(1);
    expect(await attemptsOf(firstGood)).toBe(0);
    expect(await keys()).toBe(0);
    expect(await eventCount()).toBe(4);

    // Day 41: what was delivered on day 10 goes — the replayed dead letter included — and the first
    // payment's event with it (nothing points at it now); the fourth stays for its pending delivery.
    clock.set(t0 + 41 * DAY);
    expect(await worker.prune()).toEqual({ delivered: 3, dead: 0, events: 1, idempotencyKeys: 0 });
    expect(await deliveriesOf(bad)).toBe(2);
    expect(await deliveriesOf(bad, 'dead')).toBe(2);

    // 90 days after they died the two dead letters go, and their events; the pending delivery never does.
    clock.set(t0 + 25 * 3_600_000 + 90 * DAY - 1);
    expect((await worker.prune()).dead).toBe(0);
    clock.set(t0 + 25 * 3_600_000 + 91 * DAY);
    expect(await worker.prune()).toEqual({ delivered: 0, dead: 2, events: 2, idempotencyKeys: 0 });
    expect(await attemptsOf(deadIds)).toBe(0);
    expect(await deliveriesOf(pendingSub, 'pending')).toBe(1);
    expect(await eventCount()).toBe(1);
    // An owner's delivery log reads what is left without error.
    const log = await api(url, 'GET', `/api/webhooks/subscriptions/${bad}/deliveries`, { token: owner });
    expect(log.status).toBe(200);
    expect(log.body.deliveries).toHaveLength(0);
  });
});
