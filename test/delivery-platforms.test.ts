import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxProcess, type BoxProcess } from '../scripts/lib/box-process.js';
import { deliverooRequest, deliverooStatusRequest, genericCancelRequest, genericRequest, startFakePlatformApi, uberCancelRequest, uberRequest, type FakePlatformApi, type SignedPost } from '../scripts/lib/fake-platform.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { until } from './helpers/wait.js';

/**
 * Delivery platforms, orders in (issue 21), end to end: a real cloud on a real database, a real
 * box process on the channel, and fake platforms that are real HTTP servers — the platforms'
 * requests signed as each real one signs them (scripts/lib/fake-platform.ts), their status API a
 * server that records calls and can be made to fail.
 */
const SECRETS = { uber_eats: 'uber-client-secret-0123456789', deliveroo: 'deliveroo-webhook-secret-0123', generic: 'generic-shared-secret-012345' };

let cloud: TestCloud;
let platformApi: FakePlatformApi;
let ownerToken: string;
let box: BoxProcess;
let boxToken: string;
const cleanups: Array<() => Promise<void>> = [];
const items: Record<string, string> = {};
let offlineOrder: Awaited<ReturnType<typeof post>>;
let boxB: Promise<{ proc: BoxProcess; token: string }>;

async function call(method: string, p: string, body?: unknown, on: { url: string; token: string } = { url: box.url, token: boxToken }) {
  const res = await fetch(on.url + p, { method, headers: { authorization: `Bearer ${on.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * The status of a POST whose body the server may refuse before reading it all (413 by Content-Length):
 * node's client reports the answer even when the server closes the socket on the rest of the body.
 */
function statusOfRawPost(url: string, req: SignedPost): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = http.request(url, { method: 'POST', headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on('error', (err) => setTimeout(() => reject(err), 1000));
    r.end(req.body);
  });
}

const post = (platform: string, locationId: string, req: SignedPost) => api(cloud.url, 'POST', `/platforms/${platform}/${locationId}/orders`, { body: req.body, headers: req.headers });

async function startBox(credential: string, name: string): Promise<{ proc: BoxProcess; token: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `brigade-delivery-${name}-`));
  const proc = await startBoxProcess({ dataDir, env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: credential, SYNC_INTERVAL_MS: '100', SYNC_BACKOFF_MAX_MS: '300',
    CHANNEL_WAIT_SECONDS: '1', BACKUP_TIME: 'off', MDNS: 'off' } });
  cleanups.push(async () => { await proc.kill(); fs.rmSync(dataDir, { recursive: true, force: true }); });
  const setup = await fetch(`${proc.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
    restaurantName: `Bistro ${name}`, currency: 'EUR', timeZone: 'Europe/Paris', country: 'FR', taxMode: 'inclusive', ownerName: 'Olive', ownerPin: '1111' }) });
  expect(setup.status).toBe(201);
  return { proc, token: (await setup.json()).session.token as string };
}

const deliveries = async () => (await call('GET', '/delivery/orders?state=all')).body.orders as Array<Record<string, any>>;
const deliveryOf = async (platformOrderId: string) => (await deliveries()).find((d) => d.platformOrderId === platformOrderId);
const ticketsOf = async (orderId: string) => ((await call('GET', '/kitchen/tickets?status=all')).body as Array<Record<string, any>>).filter((t) => t.orderId === orderId);
const callsFor = (platformOrderId: string) => platformApi.calls.filter((c) => c.path.includes(encodeURIComponent(platformOrderId)));
const counts = async () => (await cloud.db.query<{ orders: number; messages: number; outbox: number }>(`SELECT (SELECT count(*)::int FROM platform_orders) AS orders,
  (SELECT count(*)::int FROM channel_messages) AS messages, (SELECT count(*)::int FROM platform_outbox) AS outbox`)).rows[0]!;

beforeAll(async () => {
  platformApi = await startFakePlatformApi();
  cleanups.push(() => platformApi.close());
  cloud = await startTestCloud({ serve: true, delivery: { intervalMs: 100, baseDelayMs: 150, maxDelayMs: 600, timeoutMs: 1000 } });
  cleanups.push(() => cloud.close());
  ownerToken = await signInOwner(cloud);
  const connect = (locationId: string, platform: string, settings: Record<string, unknown>) =>
    api(cloud.url, 'PUT', `/api/locations/${locationId}/platforms/${platform}`, { token: ownerToken, body: { apiUrl: platformApi.url, apiToken: `token-${platform}`, ...settings } });
  const uber = await connect(cloud.a.locationId, 'uber_eats', { secret: SECRETS.uber_eats, autoAccept: true, prepMinutes: 15 });
  expect(uber.status).toBe(200);
  // The secret is written, never answered back.
  expect(JSON.stringify(uber.body)).not.toContain(SECRETS.uber_eats);
  expect(uber.body).toMatchObject({ platform: 'uber_eats', secretSet: true, apiTokenSet: true, autoAccept: true, prepMinutes: 15 });
  expect((await connect(cloud.a.locationId, 'deliveroo', { secret: SECRETS.deliveroo, autoAccept: false })).status).toBe(200);
  expect((await connect(cloud.a.locationId, 'generic', { secret: SECRETS.generic, autoAccept: true, commissionBp: 1500 })).status).toBe(200);
  expect((await connect(cloud.b.locationId, 'generic', { secret: SECRETS.generic, autoAccept: true, holdSeconds: 1 })).status).toBe(200);
  expect((await connect(cloud.a.locationId, 'talabat', { secret: SECRETS.generic })).status).toBe(404);
  expect((await connect(cloud.a.locationId, 'generic', { secret: 'short' })).status).toBe(400);
  const listed = await api(cloud.url, 'GET', `/api/locations/${cloud.a.locationId}/platforms`, { token: ownerToken });
  expect(listed.body.platforms.map((p: { platform: string }) => p.platform)).toEqual(['deliveroo', 'generic', 'uber_eats']);
  expect(JSON.stringify(listed.body)).not.toContain('secret-0');

  // Location B's box is offline when its order arrives; it is started once the cloud has refused
  // that order, beside box A rather than after every other test (starting a box is the slow part).
  offlineOrder = await post('generic', cloud.b.locationId, genericRequest(SECRETS.generic, { id: 'gen-offline', reference: 'GO', subtotal: 300,
    items: [{ plu: 'PLU-SODA', name: 'Soda', quantity: 1, unitPrice: 300 }] }));
  boxB = (async () => {
    await until('the cloud to refuse the order box B never took', async () => (await cloud.db.query(
      `SELECT 1 FROM platform_orders WHERE platform_order_id = 'gen-offline' AND state = 'expired'`)).rows.length === 1, 10_000);
    return startBox(cloud.b.credential, 'B');
  })();
  boxB.catch(() => undefined); // awaited (and its failure reported) by the test that uses it
  ({ proc: box, token: boxToken } = await startBox(cloud.a.credential, 'A'));
  const cat = (await call('POST', '/menu/categories', { name: 'Mains' })).body.id;
  const extras = (await call('POST', '/menu/option-groups', { name: 'Extras', selection: 'multi' })).body.id;
  expect((await call('POST', `/menu/option-groups/${extras}/options`, { name: 'Cheese', priceDelta: 100, externalId: 'PLU-CHEESE' })).status).toBe(201);
  items.burger = (await call('POST', '/menu/items', { categoryId: cat, name: 'Burger', price: 1200, taxRateBp: 1000, station: 'grill', externalId: 'PLU-BURGER', optionGroupIds: [extras] })).body.id;
  items.fries = (await call('POST', '/menu/items', { categoryId: cat, name: 'Fries', price: 400, taxRateBp: 1000, station: 'fry', externalId: 'PLU-FRIES' })).body.id;
  items.soda = (await call('POST', '/menu/items', { categoryId: cat, name: 'Soda', price: 300, taxRateBp: 550, station: 'bar', externalId: 'PLU-SODA' })).body.id;
  // The cloud maps by the menu the box synced up.
  await until('the menu with its external ids to reach the cloud', async () => (await cloud.db.query(
    `SELECT 1 FROM menu_items WHERE location_id = $1 AND row->>'externalId' = 'PLU-SODA'`, [cloud.a.locationId])).rows.length === 1);
}, 120_000);

afterAll(async () => {
  await boxB?.catch(() => undefined); // a box still starting is stopped with the rest, not left running
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('delivery platforms: orders in', () => {
  it('external ids travel with the menu: the JSON and CSV exports carry them, an import changes them, and a file without them keeps them', async () => {
    const exported = (await call('GET', '/menu/export?format=json')).body;
    const burger = exported.categories[0].items.find((i: { name: string }) => i.name === 'Burger');
    expect(burger.externalId).toBe('PLU-BURGER');
    expect(exported.optionGroups[0].options[0]).toMatchObject({ name: 'Cheese', externalId: 'PLU-CHEESE' });
    const csv = await (await fetch(`${box.url}/menu/export?format=csv`, { headers: { authorization: `Bearer ${boxToken}` } })).text();
    expect(csv.split(/\r?\n/)[0]).toContain('external_id');
    expect(csv).toContain('PLU-SODA');
    // A file that gives the soda another PLU changes only that; one without the field keeps what the box has.
    const soda = exported.categories[0].items.find((i: { name: string }) => i.name === 'Soda');
    soda.externalId = 'PLU-SODA-2';
    delete burger.externalId;
    expect((await call('POST', '/menu/import', exported)).status).toBe(200);
    const after = (await call('GET', '/menu/export?format=json')).body.categories[0].items;
    expect(after.map((i: { name: string; externalId: string | null }) => [i.name, i.externalId])).toEqual([['Burger', 'PLU-BURGER'], ['Fries', 'PLU-FRIES'], ['Soda', 'PLU-SODA-2']]);
    soda.externalId = 'PLU-SODA';
    expect((await call('POST', '/menu/import', exported)).status).toBe(200);
    expect((await call('PATCH', `/menu/items/${items.fries}`, { externalId: 'has space' })).status).toBe(400);
  });

  it('an Uber Eats order reaches the KDS marked with the platform, auto-accepted; delivered twice it is one order', async () => {
    const req = uberRequest(SECRETS.uber_eats, { id: 'uber-0001', displayId: 'A12B', subtotal: 2000, deliveryFee: 299,
      items: [{ plu: 'PLU-BURGER', title: 'Burger', quantity: 1, price: 1300, modifiers: [{ plu: 'PLU-CHEESE', title: 'Cheese' }] }, { plu: 'PLU-FRIES', title: 'Fries', quantity: 2, price: 350 }] });
    const first = await post('uber_eats', cloud.a.locationId, req);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'received', flagged: false });

    await until('the order on the box, accepted', async () => (await deliveryOf('uber-0001'))?.state === 'accepted');
    const d = (await deliveryOf('uber-0001'))!;
    expect(d).toMatchObject({ platform: 'uber_eats', displayRef: 'A12B', flagged: false, prepMinutes: 15, customer: { name: 'Camille D' },
      totals: { currency: 'EUR', subtotal: 2000, deliveryFee: 299, commission: 0, total: 2299 } });
    const order = (await call('GET', `/orders/${d.orderId}`)).body;
    expect(order).toMatchObject({ type: 'delivery', source: 'delivery_partner', platform: 'uber_eats', platformRef: 'A12B', notes: 'No cutlery' });
    expect(order.lines.map((l: { name: string; quantity: number; state: string }) => [l.name, l.quantity, l.state])).toEqual([['Burger', 1, 'fired'], ['Fries', 2, 'fired']]);
    expect(order.lines[0].options.map((o: { name: string }) => o.name)).toEqual(['Cheese']);
    const tickets = await ticketsOf(d.orderId);
    expect(tickets.map((t) => t.station).sort()).toEqual(['fry', 'grill']);
    for (const t of tickets) expect(t.platform).toBe('UBER EATS #A12B');

    await until('Uber to hear the acceptance', () => callsFor('uber-0001').length === 1);
    const accept = callsFor('uber-0001')[0]!;
    expect(accept).toMatchObject({ method: 'POST', path: '/v1/eats/orders/uber-0001/accept_pos_order', authorization: 'Bearer token-uber_eats' });
    expect(accept.body.pickup_time).toBeGreaterThan(Date.now() / 1000);

    // Uber's retry of the same webhook: 200, the same order, nothing new anywhere.
    const before = await counts();
    const again = await post('uber_eats', cloud.a.locationId, req);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'duplicate', id: first.body.id });
    expect(await counts()).toEqual(before);
    expect((await deliveries()).filter((x) => x.platformOrderId === 'uber-0001')).toHaveLength(1);
  });

  it('unsigned, wrongly signed, replayed and unknown requests get 401, are logged, and change nothing', async () => {
    const before = await counts();
    const logged = async () => (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM platform_request_log')).rows[0]!.n;
    const logBefore = await logged();
    const order = { id: 'gen-bad', reference: 'BAD', subtotal: 400, items: [{ plu: 'PLU-FRIES', name: 'Fries', quantity: 1, unitPrice: 400 }] };

    const good = genericRequest(SECRETS.generic, order);
    const unsigned = await post('generic', cloud.a.locationId, { body: good.body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toMatchObject({ code: 'PLATFORM_SIGNATURE', details: { reason: 'unsigned' } });
    const wrongSecret = await post('generic', cloud.a.locationId, genericRequest('not-the-secret-at-all-0000', order));
    expect(wrongSecret.body.error).toMatchObject({ code: 'PLATFORM_SIGNATURE', details: { reason: 'bad_signature' } });
    // Signed right, but the body was changed on the way.
    const tampered = await post('generic', cloud.a.locationId, { body: good.body.replace('"subtotal":400', '"subtotal":1'), headers: good.headers });
    expect(tampered.body.error.details.reason).toBe('bad_signature');
    // A request captured 10 minutes ago and sent again: its signature is valid, its time is not.
    const replayed = await post('generic', cloud.a.locationId, genericRequest(SECRETS.generic, order, Math.floor(Date.now() / 1000) - 600));
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.details.reason).toBe('stale');
    const oldUber = await post('uber_eats', cloud.a.locationId, uberRequest(SECRETS.uber_eats, { id: 'uber-old', displayId: 'OLD', subtotal: 400,
      items: [{ plu: 'PLU-FRIES', title: 'Fries', quantity: 1, price: 400 }] }, Math.floor(Date.now() / 1000) - 3600));
    expect(oldUber.body.error.details.reason).toBe('stale');
    const oldRoo = await post('deliveroo', cloud.a.locationId, deliverooRequest(SECRETS.deliveroo, { id: 'roo-old', displayId: 'OLD', subtotal: 400,
      items: [{ plu: 'PLU-FRIES', name: 'Fries', quantity: 1, price: 400 }] }, new Date(Date.now() - 3_600_000)));
    expect(oldRoo.body.error.details.reason).toBe('stale');
    // Another platform's secret, and a location that takes no orders: the same 401.
    expect((await post('uber_eats', cloud.a.locationId, uberRequest(SECRETS.deliveroo, { id: 'u-x', displayId: 'X', subtotal: 1, items: [{ plu: 'PLU-FRIES', title: 'F', quantity: 1, price: 1 }] }))).status).toBe(401);
    expect((await post('generic', 'no-such-location', good)).status).toBe(401);
    expect((await post('deliveroo', cloud.b.locationId, deliverooRequest(SECRETS.deliveroo, { id: 'r-x', displayId: 'X', subtotal: 1, items: [{ plu: 'P', name: 'P', quantity: 1, price: 1 }] }))).status).toBe(401);
    expect(await logged()).toBe(logBefore + 9);
    const row = (await cloud.db.query('SELECT platform, code, body_bytes FROM platform_request_log ORDER BY id DESC LIMIT 1')).rows[0];
    expect(row).toMatchObject({ platform: 'deliveroo', code: 'unknown_connection' });

    // Signed right but not an order of that platform's shape: 400 with what is wrong; huge: 413; unknown platform: 404.
    const malformed = genericRequest(SECRETS.generic, { ...order, items: [] });
    expect((await post('generic', cloud.a.locationId, malformed)).body.error.code).toBe('VALIDATION_FAILED');
    const huge = genericRequest(SECRETS.generic, { ...order, reference: 'x'.repeat(300 * 1024) });
    expect(await statusOfRawPost(`${cloud.url}/platforms/generic/${cloud.a.locationId}/orders`, huge)).toBe(413);
    expect((await post('talabat', cloud.a.locationId, good)).status).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('an item the menu does not know makes the order arrive flagged for a person; accepting it fires what is known and tells Deliveroo', async () => {
    const req = deliverooRequest(SECRETS.deliveroo, { id: 'gb:roo-0001', displayId: 'R77', subtotal: 1900, deliveryFee: 250, commission: 570,
      items: [{ plu: 'PLU-BURGER', name: 'Burger', quantity: 1, price: 1200 }, { plu: 'PLU-MYSTERY', name: 'Mystery box', quantity: 1, price: 700 }] });
    const res = await post('deliveroo', cloud.a.locationId, req);
    expect(res.body).toMatchObject({ status: 'received', flagged: true });
    await until('the flagged order on the box', async () => (await deliveryOf('gb:roo-0001')) !== undefined);
    const d = (await deliveryOf('gb:roo-0001'))!;
    expect(d).toMatchObject({ state: 'pending', flagged: true, totals: { subtotal: 1900, deliveryFee: 250, commission: 570 } });
    expect(d.unmapped.map((l: { externalId: string }) => l.externalId)).toEqual(['PLU-MYSTERY']);
    expect(d.lines).toHaveLength(2);
    const order = (await call('GET', `/orders/${d.orderId}`)).body;
    expect(order.notes).toContain('NOT ON MENU: 1× Mystery box');
    expect(order.lines.map((l: { state: string }) => l.state)).toEqual(['held']);
    expect(await ticketsOf(d.orderId)).toEqual([]);

    const accepted = await call('POST', `/delivery/orders/${d.id}/accept`, { prepMinutes: 25 });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ state: 'accepted', prepMinutes: 25 });
    expect((await ticketsOf(d.orderId)).map((t) => t.platform)).toEqual(['DELIVEROO #R77']);
    // A double tap answers the same; rejecting an accepted order is refused with a code.
    expect((await call('POST', `/delivery/orders/${d.id}/accept`, {})).body.state).toBe('accepted');
    expect((await call('POST', `/delivery/orders/${d.id}/reject`, { reason: 'other' })).body.error.code).toBe('DELIVERY_STATE');
    expect((await call('POST', `/delivery/orders/${d.id}/ready`)).body.state).toBe('ready');
    expect((await call('POST', `/delivery/orders/${d.id}/picked-up`)).body.state).toBe('picked_up');
    await until('Deliveroo to hear accepted, ready and collected', () => callsFor('gb:roo-0001').length === 3);
    expect(callsFor('gb:roo-0001').map((c) => [c.method, c.body])).toEqual([
      ['PATCH', { status: 'accepted' }], ['POST', { stage: 'ready_for_collection' }], ['POST', { stage: 'collected' }]]);
    const cloudOrder = (await api(cloud.url, 'GET', `/api/locations/${cloud.a.locationId}/platform-orders`, { token: ownerToken })).body.orders
      .find((o: { platformOrderId: string }) => o.platformOrderId === 'gb:roo-0001');
    expect(cloudOrder).toMatchObject({ state: 'picked_up', flagged: true, channelStatus: 'applied', commission: 570 });

    // Picked up, the platform owes the restaurant: the order is settled and counts under Deliveroo, commission and fee apart.
    const settled = (await call('GET', `/orders/${d.orderId}`)).body;
    expect(settled).toMatchObject({ status: 'completed', totals: { balance: 0 } });
    const x = (await call('GET', '/reports/x')).body;
    const roo = x.totals.bySource.find((s: { source: string }) => s.source === 'deliveroo');
    expect(roo).toEqual({ source: 'deliveroo', orders: 1, total: settled.totals.total, deliveryFee: 250, commission: 570 });
    expect(x.totals.bySource.reduce((sum: number, s: { total: number }) => sum + s.total, 0)).toBe(x.totals.total);
    const sources = async () => (await api(cloud.url, 'GET', `/api/reports/sources?from=${x.businessDay}&to=${x.businessDay}`, { token: ownerToken })).body.sources as Array<Record<string, unknown>>;
    await until('the cloud to report Deliveroo', async () => (await sources()).some((r) => r.source === 'deliveroo'));
    expect((await sources()).find((r) => r.source === 'deliveroo')).toEqual({ source: 'deliveroo', orders: 1, total: settled.totals.total, deliveryFee: 250, commission: 570 });
  });

  it("an 86'd item, or a paused kitchen, refuses the order at once and the platform is told why", async () => {
    expect((await call('POST', `/menu/items/${items.fries}/availability`, { available: false })).status).toBe(200);
    const fries = { id: 'gen-86', reference: 'G86', subtotal: 400, items: [{ plu: 'PLU-FRIES', name: 'Fries', quantity: 1, unitPrice: 400 }] };
    expect((await post('generic', cloud.a.locationId, genericRequest(SECRETS.generic, fries))).body.status).toBe('received');
    await until('the refusal on the box', async () => (await deliveryOf('gen-86'))?.state === 'rejected');
    expect(await deliveryOf('gen-86')).toMatchObject({ rejectReason: 'item_unavailable', orderId: null });
    await until('the platform to hear the refusal', () => callsFor('gen-86').length === 1);
    expect(callsFor('gen-86')[0]).toMatchObject({ method: 'POST', path: '/orders/gen-86/status', body: { status: 'rejected', reason: 'item_unavailable' } });
    expect((await call('POST', `/menu/items/${items.fries}/availability`, { available: true })).status).toBe(200);

    expect((await call('PUT', '/kitchen/state', { paused: true, reason: 'fryer down' })).body).toMatchObject({ paused: true, pausedReason: 'fryer down' });
    const soda = { id: 'gen-paused', reference: 'GP', subtotal: 300, items: [{ plu: 'PLU-SODA', name: 'Soda', quantity: 1, unitPrice: 300 }] };
    await post('generic', cloud.a.locationId, genericRequest(SECRETS.generic, soda));
    await until('the paused refusal', async () => (await deliveryOf('gen-paused'))?.rejectReason === 'kitchen_paused');
    await until('the platform to hear it', () => callsFor('gen-paused').length === 1);
    expect(callsFor('gen-paused')[0]!.body).toMatchObject({ status: 'rejected', reason: 'kitchen_paused' });
    expect((await call('PUT', '/kitchen/state', { paused: false })).body).toMatchObject({ paused: false, pausedReason: null });
  });

  it('a platform that is down when the status is sent: the kitchen has the order at once, the status is retried with backoff until it lands', async () => {
    platformApi.failNext(3, 503);
    const req = genericRequest(SECRETS.generic, { id: 'gen-down', reference: 'GD', subtotal: 1000, items: [{ plu: 'PLU-SODA', name: 'Soda', quantity: 2, unitPrice: 500 }] });
    await post('generic', cloud.a.locationId, req);
    await until('the order on the KDS', async () => {
      const d = await deliveryOf('gen-down');
      return d?.state === 'accepted' && (await ticketsOf(d.orderId)).length === 1;
    });
    const outbox = async () => (await cloud.db.query<{ state: string; attempts: number; last_status: number | null }>(
      `SELECT state, attempts, last_status FROM platform_outbox WHERE platform_order_id = 'gen-down'`)).rows;
    await until('the status to land after the platform recovers', async () => (await outbox())[0]?.state === 'sent', 20_000);
    expect(await outbox()).toEqual([{ state: 'sent', attempts: 4, last_status: 204 }]);
    expect(callsFor('gen-down')).toHaveLength(1);
    // The commission the payload did not give comes from the connection's rate (15 %), apart from the sales.
    const d = (await deliveryOf('gen-down'))!;
    expect(d.totals).toMatchObject({ subtotal: 1000, commission: 150 });
  });

  it('the platform cancels an accepted order: the kitchen gets VOID tickets, the order is cancelled with the reason, and a second cancel changes nothing', async () => {
    const req = uberRequest(SECRETS.uber_eats, { id: 'uber-cancel', displayId: 'C1', subtotal: 1600,
      items: [{ plu: 'PLU-BURGER', title: 'Burger', quantity: 1, price: 1200 }, { plu: 'PLU-FRIES', title: 'Fries', quantity: 1, price: 400 }] });
    expect((await post('uber_eats', cloud.a.locationId, req)).body.status).toBe('received');
    await until('the order on the KDS', async () => {
      const d = await deliveryOf('uber-cancel');
      return d?.state === 'accepted' && (await ticketsOf(d.orderId)).length === 2;
    });
    const d = (await deliveryOf('uber-cancel'))!;
    await until('Uber to hear the acceptance', () => callsFor('uber-cancel').length === 1);
    const messages = async () => (await cloud.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM channel_messages WHERE kind = 'delivery.cancel'`)).rows[0]!.n;
    const before = await messages();

    const cancel = uberCancelRequest(SECRETS.uber_eats, 'uber-cancel', 'Customer changed their mind');
    const first = await post('uber_eats', cloud.a.locationId, cancel);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'cancelled', wasState: 'accepted' });
    // Uber retries the webhook, and sends it again signed afresh: one cancellation either way.
    expect((await post('uber_eats', cloud.a.locationId, cancel)).body.status).toBe('duplicate');
    expect((await post('uber_eats', cloud.a.locationId, uberCancelRequest(SECRETS.uber_eats, 'uber-cancel', 'again'))).body.status).toBe('duplicate');
    expect(await messages()).toBe(before + 1);
    // Signed wrong, the cancel is refused like an order.
    expect((await post('uber_eats', cloud.a.locationId, uberCancelRequest('not-the-secret-at-all-0000', 'uber-cancel'))).status).toBe(401);

    await until('the cancellation on the box', async () => (await deliveryOf('uber-cancel'))?.state === 'cancelled');
    expect((await deliveryOf('uber-cancel'))!.cancellation).toMatchObject({ by: 'platform', reason: 'Customer changed their mind', when: 'accepted' });
    const order = (await call('GET', `/orders/${d.orderId}`)).body;
    expect(order.status).toBe('canceled');
    expect(order.lines.map((l: { state: string }) => l.state)).toEqual(['voided', 'voided']);
    const tickets = await ticketsOf(d.orderId);
    expect(tickets.filter((t) => t.kind === 'void').map((t) => t.station).sort()).toEqual(['fry', 'grill']);
    for (const t of tickets.filter((x) => x.kind === 'void')) expect(t.platform).toBe('UBER EATS #C1');
    const cloudOrder = (await api(cloud.url, 'GET', `/api/locations/${cloud.a.locationId}/platform-orders`, { token: ownerToken })).body.orders
      .find((o: { platformOrderId: string }) => o.platformOrderId === 'uber-cancel');
    expect(cloudOrder).toMatchObject({ state: 'cancelled', cancelledBy: 'platform', cancelReason: 'Customer changed their mind' });
    // Nothing goes back to Uber about an order Uber cancelled (the acceptance was sent before).
    expect(callsFor('uber-cancel').map((c) => c.path)).toEqual(['/v1/eats/orders/uber-cancel/accept_pos_order']);
    // A cancellation for an order the cloud never had is acknowledged, and nothing is sent down.
    expect((await post('uber_eats', cloud.a.locationId, uberCancelRequest(SECRETS.uber_eats, 'uber-never'))).body.status).toBe('unknown_order');
    expect(await messages()).toBe(before + 1);
  });

  it('a cancellation for an order already picked up is recorded and shown to staff; the sale stands', async () => {
    // gb:roo-0001 was picked up and settled above.
    const res = await post('deliveroo', cloud.a.locationId, deliverooStatusRequest(SECRETS.deliveroo, 'gb:roo-0001', 'canceled'));
    expect(res.body).toMatchObject({ status: 'cancelled', wasState: 'picked_up' });
    expect((await post('deliveroo', cloud.a.locationId, deliverooStatusRequest(SECRETS.deliveroo, 'gb:roo-0001', 'delivered'))).body.status).toBe('ignored');
    await until('the box to record it', async () => (await deliveryOf('gb:roo-0001'))?.cancellation !== null);
    const d = (await deliveryOf('gb:roo-0001'))!;
    expect(d).toMatchObject({ state: 'picked_up', cancellation: { by: 'platform', reason: null, when: 'picked_up' } });
    expect((await call('GET', `/orders/${d.orderId}`)).body.status).toBe('completed');
  });

  it('the kitchen bumping the whole order tells the platform "ready" once, even bumped, recalled and bumped again', async () => {
    const req = genericRequest(SECRETS.generic, { id: 'gen-bump', reference: 'GB', subtotal: 700, items: [{ plu: 'PLU-BURGER', name: 'Burger', quantity: 1, unitPrice: 300 }, { plu: 'PLU-SODA', name: 'Soda', quantity: 1, unitPrice: 400 }] });
    await post('generic', cloud.a.locationId, req);
    await until('the tickets on the KDS', async () => {
      const d = await deliveryOf('gen-bump');
      return d?.state === 'accepted' && (await ticketsOf(d.orderId)).length === 2;
    });
    const d = (await deliveryOf('gen-bump'))!;
    const tickets = await ticketsOf(d.orderId);
    const grillId = tickets.find((t) => t.station === 'grill')!.id;
    const barId = tickets.find((t) => t.station === 'bar')!.id;
    expect((await call('POST', `/kitchen/tickets/${grillId}/bump`)).status).toBe(200);
    // One station done is not the order done.
    expect((await deliveryOf('gen-bump'))!.state).toBe('accepted');
    expect((await call('POST', `/kitchen/tickets/${barId}/bump`)).status).toBe(200);
    expect((await deliveryOf('gen-bump'))!.state).toBe('ready');
    expect((await call('POST', `/kitchen/tickets/${barId}/recall`)).status).toBe(200);
    expect((await call('POST', `/kitchen/tickets/${barId}/bump`)).status).toBe(200);
    expect((await call('POST', `/delivery/orders/${d.id}/ready`)).body.state).toBe('ready');
    // The rider takes it (the staff action): the platform hears picked_up after ready — and ready only once.
    expect((await call('POST', `/delivery/orders/${d.id}/picked-up`)).body.state).toBe('picked_up');
    await until('the platform to hear picked_up', () => callsFor('gen-bump').some((c) => c.body.status === 'picked_up'));
    expect(callsFor('gen-bump').map((c) => c.body.status)).toEqual(['accepted', 'ready', 'picked_up']);
  });

  it('the platform down when "ready" is sent: the bump answers at once, the status is retried until it lands', async () => {
    const req = genericRequest(SECRETS.generic, { id: 'gen-ready-down', reference: 'GR', subtotal: 300, items: [{ plu: 'PLU-SODA', name: 'Soda', quantity: 1, unitPrice: 300 }] });
    await post('generic', cloud.a.locationId, req);
    await until('the acceptance at the platform', () => callsFor('gen-ready-down').length === 1);
    const d = (await deliveryOf('gen-ready-down'))!;
    platformApi.failNext(2, 503);
    const ticket = (await ticketsOf(d.orderId))[0]!;
    const bumped = await call('POST', `/kitchen/tickets/${ticket.id}/bump`);
    expect(bumped.status).toBe(200);
    expect(bumped.body.status).toBe('bumped');
    expect((await deliveryOf('gen-ready-down'))!.state).toBe('ready');
    const outbox = async () => (await cloud.db.query<{ state: string; attempts: number }>(
      `SELECT state, attempts FROM platform_outbox WHERE platform_order_id = 'gen-ready-down' AND status = 'ready'`)).rows;
    await until('ready to land after the platform recovers', async () => (await outbox())[0]?.state === 'sent', 20_000);
    expect(await outbox()).toEqual([{ state: 'sent', attempts: 3 }]);
    expect(callsFor('gen-ready-down').map((c) => c.body.status)).toEqual(['accepted', 'ready']);
  });

  it('the restaurant cancelling a platform order at the till tells the platform: Uber hears cancel with the reason, a waiting order is refused', async () => {
    await post('uber_eats', cloud.a.locationId, uberRequest(SECRETS.uber_eats, { id: 'uber-till', displayId: 'T1', subtotal: 400, items: [{ plu: 'PLU-FRIES', title: 'Fries', quantity: 1, price: 400 }] }));
    await until('Uber to hear the acceptance', () => callsFor('uber-till').length === 1);
    const d = (await deliveryOf('uber-till'))!;
    const cancelled = await call('POST', `/orders/${d.orderId}/cancel`, { reason: 'Fryer broke' });
    expect(cancelled.status).toBe(200);
    expect(await deliveryOf('uber-till')).toMatchObject({ state: 'cancelled', cancellation: { by: 'restaurant', reason: 'Fryer broke', when: 'accepted' } });
    await until('Uber to hear the cancellation', () => callsFor('uber-till').length === 2);
    expect(callsFor('uber-till')[1]).toMatchObject({ method: 'POST', path: '/v1/eats/orders/uber-till/cancel', body: { reason: 'OTHER', details: 'Fryer broke' } });
    // Uber echoes the cancellation back: already cancelled, nothing more.
    expect((await post('uber_eats', cloud.a.locationId, uberCancelRequest(SECRETS.uber_eats, 'uber-till'))).body.status).toBe('duplicate');

    // A Deliveroo order still waiting for a person (manual accept), cancelled at the till: refused to Deliveroo.
    await post('deliveroo', cloud.a.locationId, deliverooRequest(SECRETS.deliveroo, { id: 'gb:roo-till', displayId: 'RT', subtotal: 300, items: [{ plu: 'PLU-SODA', name: 'Soda', quantity: 1, price: 300 }] }));
    await until('the waiting order on the box', async () => (await deliveryOf('gb:roo-till'))?.state === 'pending');
    const waiting = (await deliveryOf('gb:roo-till'))!;
    expect((await call('POST', `/orders/${waiting.orderId}/cancel`, { reason: 'Closing early' })).status).toBe(200);
    expect((await deliveryOf('gb:roo-till'))!.state).toBe('rejected');
    await until('Deliveroo to hear the refusal', () => callsFor('gb:roo-till').length === 1);
    expect(callsFor('gb:roo-till')[0]).toMatchObject({ method: 'PATCH', body: { status: 'rejected', reject_reason: 'other' } });
  });

  it('a platform cancellation reaches a held order too (generic, before anyone accepted it)', async () => {
    await post('deliveroo', cloud.a.locationId, deliverooRequest(SECRETS.deliveroo, { id: 'gb:roo-held', displayId: 'RH', subtotal: 300, items: [{ plu: 'PLU-SODA', name: 'Soda', quantity: 1, price: 300 }] }));
    await until('the waiting order', async () => (await deliveryOf('gb:roo-held'))?.state === 'pending');
    expect((await post('deliveroo', cloud.a.locationId, deliverooStatusRequest(SECRETS.deliveroo, 'gb:roo-held', 'canceled'))).body.status).toBe('cancelled');
    await until('the box to cancel it', async () => (await deliveryOf('gb:roo-held'))?.state === 'cancelled');
    const d = (await deliveryOf('gb:roo-held'))!;
    expect((await call('GET', `/orders/${d.orderId}`)).body.status).toBe('canceled');
    expect(await ticketsOf(d.orderId)).toEqual([]);
    expect((await call('POST', `/delivery/orders/${d.id}/accept`, {})).body.error.code).toBe('DELIVERY_STATE');
    expect((await post('generic', cloud.a.locationId, genericCancelRequest(SECRETS.generic, 'gen-never', 'x'))).body.status).toBe('unknown_order');
  });

  it('the box offline when the order arrives: the cloud holds it, refuses it to the platform when the hold ends, and the box coming back does not cook it', async () => {
    // Posted in beforeAll, while no box of location B was running.
    expect(offlineOrder.body.status).toBe('received');
    await until('the platform to hear the refusal', () => callsFor('gen-offline').length === 1, 10_000);
    expect(callsFor('gen-offline')[0]!.body).toMatchObject({ status: 'rejected', reason: 'box_offline' });
    const held = (await cloud.db.query(`SELECT state, reason FROM platform_orders WHERE platform_order_id = 'gen-offline'`)).rows[0];
    expect(held).toEqual({ state: 'expired', reason: 'box_offline' });

    const b = await boxB;
    const on = { url: b.proc.url, token: b.token };
    await until('box B to take the message', async () => ((await call('GET', '/delivery/orders?state=all', undefined, on)).body.orders as unknown[]).length === 1);
    expect((await call('GET', '/delivery/orders?state=all', undefined, on)).body.orders[0]).toMatchObject({ state: 'expired', orderId: null });
    expect((await call('GET', '/kitchen/tickets?status=all', undefined, on)).body).toEqual([]);
    expect((await call('GET', '/orders?status=all', undefined, on)).body).toEqual([]);
  }, 120_000);
});
