import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, createLocation, createOrganisation, setAccountPassword } from '../cloud/admin.js';
import { startCloudServer, type CloudServer } from '../cloud/server.js';
import { withOrganisation } from '../cloud/tenant.js';
import { WebhookWorker } from '../cloud/webhooks/worker.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { OWNER_PASSWORD, api, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { startReceiver, type Receiver } from './helpers/webhook-receiver.js';
import { batches, payment, restaurant, subscribe } from './helpers/webhooks.js';

/**
 * Webhooks (issue 21): who may manage them, what is refused (with nothing written), and the wall
 * between organisations — a subscription of one organisation never sees another's events.
 */
const logger = pino({ level: 'silent' });
let cloud: TestCloud;
let open: CloudServer;     // allows private receiver addresses (the receivers here are on 127.0.0.1)
let strict: CloudServer;   // the default: private addresses refused
let owner: string;
let other: { token: string; locationId: string; credential: string; orgId: string };
let worker: WebhookWorker;
const receivers: Receiver[] = [];
const { push } = batches();

beforeAll(async () => {
  cloud = await startTestCloud();
  open = await startCloudServer({ db: cloud.db, logger, port: 0, webhooks: { worker: false, allowPrivate: true } });
  strict = await startCloudServer({ db: cloud.db, logger, port: 0, webhooks: { worker: false, allowPrivate: false } });
  cloud.url = open.url;
  owner = await signInOwner(cloud);
  const org = await createOrganisation(cloud.db, { name: 'Other group', ownerEmail: 'other-owner@example.com', ownerName: 'Otto' });
  const location = await createLocation(cloud.db, { organisationId: org.id, name: 'Elsewhere' });
  const device = await createDevice(cloud.db, { locationId: location.id, name: 'box' });
  await setAccountPassword(cloud.db, 'other-owner@example.com', OWNER_PASSWORD);
  const login = await api(open.url, 'POST', '/api/auth/login', { body: { email: 'other-owner@example.com', password: OWNER_PASSWORD } });
  other = { token: login.body.token, locationId: location.id, credential: device.credential, orgId: org.id };
  worker = new WebhookWorker(cloud.db, logger, { allowPrivate: true, timeoutMs: 2000 });
}, 120_000);
afterAll(async () => {
  for (const r of receivers) await r.close();
  await open.stop();
  await strict.stop();
  await cloud.close();
});

async function tables() {
  const { rows } = await cloud.db.query(`SELECT (SELECT count(*)::int FROM webhook_subscriptions) AS s, (SELECT count(*)::int FROM webhook_events) AS e,
    (SELECT count(*)::int FROM webhook_deliveries) AS d, (SELECT count(*)::int FROM webhook_attempts) AS a,
    (SELECT string_agg(id || url || array_to_string(events, ',') || format || active::text, ';' ORDER BY id) FROM webhook_subscriptions) AS rows`);
  return rows[0];
}

describe('webhook subscriptions: bad input', () => {
  it('refuses bad URLs, private addresses, unknown events, unknown fields, wrong types and huge bodies with a clear 4xx, writing nothing', async () => {
    const hook = 'https://hooks.example.com/brigade';
    const cases: Array<{ why: string; base?: string; body: unknown; raw?: string; type?: string; status: number; code: string; path?: string; says?: RegExp }> = [
      { why: 'ftp', body: { url: 'ftp://example.com/x', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url', says: /Only http and https/ },
      { why: 'not a URL', body: { url: 'hooks.example.com', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url', says: /write it in full/ },
      { why: 'javascript', body: { url: 'javascript:alert(1)', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url' },
      { why: 'credentials', body: { url: 'https://user:pw@example.com/x', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url', says: /password/ },
      { why: 'loopback', base: 'strict', body: { url: 'http://127.0.0.1:8080/x', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url', says: /private or local/ },
      { why: 'metadata', base: 'strict', body: { url: 'http://169.254.169.254/latest/meta-data', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url' },
      { why: 'localhost', base: 'strict', body: { url: 'http://localhost:9000/', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url' },
      { why: 'ipv6 loopback', base: 'strict', body: { url: 'http://[::1]/x', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url' },
      { why: 'mapped v4', base: 'strict', body: { url: 'http://[::ffff:10.0.0.1]/x', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url' },
      { why: 'private range', base: 'strict', body: { url: 'https://192.168.1.20/x', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url' },
      { why: 'internal name', base: 'strict', body: { url: 'https://billing.internal/x', events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED', path: 'url' },
      { why: 'long URL', body: { url: `https://example.com/${'a'.repeat(3000)}`, events: ['payment.received'] }, status: 400, code: 'VALIDATION_FAILED' },
      { why: 'unknown event', body: { url: hook, events: ['payment.received', 'order.paid'] }, status: 400, code: 'VALIDATION_FAILED', path: 'events.1', says: /no event "order.paid".*order\.created/ },
      { why: 'ping is not subscribable', body: { url: hook, events: ['webhook.ping'] }, status: 400, code: 'VALIDATION_FAILED', path: 'events.0' },
      { why: 'no events', body: { url: hook, events: [] }, status: 400, code: 'VALIDATION_FAILED' },
      { why: 'twice', body: { url: hook, events: ['payment.received', 'payment.received'] }, status: 400, code: 'VALIDATION_FAILED' },
      { why: 'format', body: { url: hook, events: ['payment.received'], format: 'xml' }, status: 400, code: 'VALIDATION_FAILED' },
      { why: 'unknown field', body: { url: hook, events: ['payment.received'], secret: 'mine' }, status: 400, code: 'VALIDATION_FAILED' },
      { why: 'wrong type', body: { url: 42, events: 'payment.received' }, status: 400, code: 'VALIDATION_FAILED' },
      { why: 'not an object', body: [1, 2], status: 400, code: 'VALIDATION_FAILED' },
      { why: 'bad JSON', body: undefined, raw: '{"url": ', status: 400, code: 'MALFORMED_JSON' },
      { why: 'not JSON', body: undefined, raw: 'url=https://example.com', type: 'application/x-www-form-urlencoded', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      { why: 'huge body', body: { url: hook, events: ['payment.received'], description: 'x'.repeat(100_000) }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { why: 'another organisation\'s location', body: { url: hook, events: ['payment.received'], locationIds: ['LOC-OTHER'] }, status: 403, code: 'LOCATION_FORBIDDEN' },
    ];
    cases.find((c) => c.why === 'another organisation\'s location')!.body = { url: hook, events: ['payment.received'], locationIds: [other.locationId] };
    const before = await tables();
    for (const c of cases) {
      const base = c.base === 'strict' ? strict.url : open.url;
      const res = await api(base, 'POST', '/api/webhooks/subscriptions', { token: owner, body: c.raw ?? c.body, headers: c.type ? { 'content-type': c.type } : {} });
      expect([c.why, res.status, res.body?.error?.code]).toEqual([c.why, c.status, c.code]);
      expect(res.body.error.message.length, c.why).toBeGreaterThan(10);
      if (c.path) expect(res.body.error.details?.[0]?.path, c.why).toBe(c.path);
      if (c.says) expect(res.body.error.message, c.why).toMatch(c.says);
    }
    expect(await tables()).toEqual(before);

    // Changing a subscription: the same checks, and a refused change leaves it as it was.
    const { subscription } = await subscribe(open.url, owner, { url: hook, events: ['payment.received'] });
    const saved = await tables();
    for (const [body, status] of [[{ events: ['nope'] }, 400], [{ url: 'gopher://x' }, 400], [{}, 400], [{ active: 'yes' }, 400], [{ format: 'slack', extra: 1 }, 400]] as const) {
      const res = await api(open.url, 'PATCH', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner, body });
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
    }
    expect((await api(strict.url, 'PATCH', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner, body: { url: 'http://10.1.2.3/' } })).status).toBe(400);
    expect((await api(open.url, 'POST', `/api/webhooks/subscriptions/${subscription.id}/rotate-secret`, { token: owner, body: { overlapHours: 500 } })).status).toBe(400);
    expect((await api(open.url, 'GET', `/api/webhooks/subscriptions/${subscription.id}/deliveries?status=lost`, { token: owner })).status).toBe(400);
    expect((await api(open.url, 'GET', '/api/webhooks/subscriptions/not%20an%20id', { token: owner })).status).toBe(400);
    expect((await api(open.url, 'GET', '/api/webhooks/subscriptions/0190aaaa-0000-7000-8000-000000000000', { token: owner })).status).toBe(404);
    expect((await api(open.url, 'POST', '/api/webhooks/deliveries/0190aaaa-0000-7000-8000-000000000000/replay', { token: owner })).status).toBe(404);
    expect(await tables()).toEqual(saved);
    expect((await api(open.url, 'DELETE', `/api/webhooks/subscriptions/${subscription.id}`, { token: owner })).status).toBe(204);
  });

  it('lets only owners manage webhooks: nobody signed in gets 401 before anything is read, a manager 403', async () => {
    const before = await tables();
    const anon = await api(open.url, 'POST', '/api/webhooks/subscriptions', { body: 'not even json', headers: { 'content-type': 'text/plain' } });
    expect([anon.status, anon.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const manager = await inviteMember(open.url, owner, { email: 'manager@example.com', role: 'manager', locationIds: [cloud.a.locationId] });
    for (const [method, path] of [['GET', '/api/webhooks/subscriptions'], ['POST', '/api/webhooks/subscriptions'], ['GET', '/api/webhooks/events']] as const) {
      const res = await api(open.url, method, path, { token: manager.token, body: method === 'POST' ? { url: 'https://example.com/x', events: ['payment.received'] } : undefined });
      expect([path, res.status, res.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect(await tables()).toEqual(before);
    const events = await api(open.url, 'GET', '/api/webhooks/events', { token: owner });
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['order.created', 'order.closed', 'payment.received', 'refund.issued',
      'line.voided', 'stock.alert', 'reservation.made', 'reservation.cancelled', 'z_report.closed', 'sync.stalled']));
  });

  it('answers a retried create (same client-made id, same request) with the first subscription and its secret, and refuses the id for another', async () => {
    const id = '0190bbbb-0000-7000-8000-000000000001';
    const body = { id, url: 'https://hooks.example.com/retry', events: ['order.created'] };
    const first = await api(open.url, 'POST', '/api/webhooks/subscriptions', { token: owner, body });
    const again = await api(open.url, 'POST', '/api/webhooks/subscriptions', { token: owner, body });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.secret).toBe(first.body.secret);
    const otherBody = await api(open.url, 'POST', '/api/webhooks/subscriptions', { token: owner, body: { ...body, events: ['order.closed'] } });
    expect([otherBody.status, otherBody.body.error.code]).toEqual([409, 'DUPLICATE']);
    const stolen = await api(open.url, 'POST', '/api/webhooks/subscriptions', { token: other.token, body });
    expect(stolen.status).toBe(409);
    expect(JSON.stringify(stolen.body)).not.toContain('whsec_');
    expect((await api(open.url, 'GET', '/api/webhooks/subscriptions', { token: owner })).body.subscriptions.filter((s: { id: string }) => s.id === id)).toHaveLength(1);
    await api(open.url, 'DELETE', `/api/webhooks/subscriptions/${id}`, { token: owner });
  });
});

describe('webhooks: one organisation never sees another\'s', () => {
  it('sends each organisation only its own events, and hides subscriptions, deliveries and logs across organisations', async () => {
    const hookA = await startReceiver(200);
    const hookB = await startReceiver(200);
    receivers.push(hookA, hookB);
    const a = await subscribe(open.url, owner, { url: hookA.url, events: ['payment.received'] });
    const b = await subscribe(open.url, other.token, { url: hookB.url, events: ['payment.received'] });
    // A subscription limited to one location gets only that location's events.
    const onlyB = await startReceiver(200);
    receivers.push(onlyB);
    await subscribe(open.url, owner, { url: onlyB.url, events: ['payment.received'], locationIds: [cloud.b.locationId] });

    await push(open.url, cloud.a.credential, [restaurant('Bistro A'), payment('pay-a', 1000)]);
    await push(open.url, other.credential, [restaurant('Elsewhere'), payment('pay-o', 2000)]);
    await worker.runUntilIdle();
    expect(hookA.received.map((r) => JSON.parse(r.body).data.object.amount)).toEqual([1000]);
    expect(hookB.received.map((r) => JSON.parse(r.body).data.object.amount)).toEqual([2000]);
    expect(onlyB.received).toHaveLength(0);
    await push(open.url, cloud.b.credential, [payment('pay-b', 3000)]);
    await worker.runUntilIdle();
    expect(onlyB.received.map((r) => JSON.parse(r.body).data.object.amount)).toEqual([3000]);
    // Without a location list, a subscription hears every location of its organisation — and only of its own.
    expect(hookA.received.map((r) => JSON.parse(r.body).data.object.amount)).toEqual([1000, 3000]);
    expect(hookB.received).toHaveLength(1);

    const deliveryA = JSON.parse(hookA.received[0]!.body).id as string;
    const asOther = (method: string, path: string) => api(open.url, method, path, { token: other.token });
    expect((await asOther('GET', `/api/webhooks/subscriptions/${a.subscription.id}`)).status).toBe(404);
    expect((await asOther('GET', `/api/webhooks/subscriptions/${a.subscription.id}/deliveries`)).status).toBe(404);
    expect((await asOther('GET', `/api/webhooks/deliveries/${deliveryA}`)).status).toBe(404);
    expect((await asOther('POST', `/api/webhooks/deliveries/${deliveryA}/replay`)).status).toBe(404);
    expect((await asOther('POST', `/api/webhooks/subscriptions/${a.subscription.id}/test`)).status).toBe(404);
    expect((await asOther('DELETE', `/api/webhooks/subscriptions/${a.subscription.id}`)).status).toBe(404);
    expect((await api(open.url, 'PATCH', `/api/webhooks/subscriptions/${a.subscription.id}`, { token: other.token, body: { url: hookB.url } })).status).toBe(404);
    expect((await asOther('GET', '/api/webhooks/subscriptions')).body.subscriptions.map((s: { id: string }) => s.id)).toEqual([b.subscription.id]);
    expect(hookA.received).toHaveLength(2);

    // Row-level security is the second wall: in the other organisation's scope, a query without any WHERE sees none of A's rows.
    const seen = await withOrganisation(cloud.db, other.orgId, async (q) => (await q.query<{ s: number; e: number; d: number; a: number }>(`SELECT
      (SELECT count(*)::int FROM webhook_subscriptions) AS s, (SELECT count(*)::int FROM webhook_events) AS e,
      (SELECT count(*)::int FROM webhook_deliveries) AS d, (SELECT count(*)::int FROM webhook_attempts) AS a`)).rows[0]);
    expect(seen).toEqual({ s: 1, e: 1, d: 1, a: 1 });
    // …and a forged row for organisation A written in B's scope is refused.
    await expect(withOrganisation(cloud.db, other.orgId, (q) => q.query(`INSERT INTO webhook_subscriptions (organisation_id, id, url, events, secret, starts_after_event, created_by, created_at, updated_at)
      VALUES ($1, 'forged', 'https://x.example.com', '{payment.received}', 's', 0, 'x', 0, 0)`, [cloud.orgId]))).rejects.toThrow(/row-level security/);
  });
});
