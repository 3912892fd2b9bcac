import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, startBoxProcess, type BoxProcess } from '../scripts/lib/box-process.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api as cloudApi, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { until } from './helpers/wait.js';
import { newId } from './helpers/fixtures.js';

/**
 * Customers across locations (issue 18), with the boxes as real processes and the cloud serving
 * real HTTP on a real database: two locations create the same guest while offline and the cloud
 * merges them; an erasure asked while a box is off reaches it when it comes back.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

interface Place { locationId: string; credential: string }
interface Box { proc: BoxProcess; dataDir: string; owner: string; place: Place; cloudUrl: string }

async function call(box: Box, method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(box.proc.url + p, { method, headers: { authorization: `Bearer ${box.owner}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const env = (cloudUrl: string, place: Place) => ({ CLOUD_URL: cloudUrl, CLOUD_CREDENTIAL: place.credential, SYNC_INTERVAL_MS: '100', SYNC_BACKOFF_MAX_MS: '300',
  CHANNEL_WAIT_SECONDS: '1', BACKUP_TIME: 'off', MDNS: 'off' });

async function startBox(cloudUrl: string, place: Place, name: string): Promise<Box> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `brigade-customers-${name}-`));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const proc = await startBoxProcess({ dataDir, env: env(cloudUrl, place) });
  cleanups.push(() => proc.kill());
  const setup = await fetch(`${proc.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
    restaurantName: `Bistro ${name}`, currency: 'EUR', timeZone: 'Europe/Paris', country: 'FR', taxMode: 'exclusive', ownerName: 'Olive', ownerPin: '1111' }) });
  expect(setup.status).toBe(201);
  const owner = (await setup.json()).session.token as string;
  const box: Box = { proc, dataDir, owner, place, cloudUrl };
  await seedMenu(box);
  return box;
}

async function restart(box: Box): Promise<void> {
  box.proc = await startBoxProcess({ dataDir: box.dataDir, env: env(box.cloudUrl, box.place) });
  cleanups.push(() => box.proc.kill());
}

const soup = new Map<Box, string>();
async function seedMenu(box: Box) {
  const cat = (await call(box, 'POST', '/menu/categories', { name: 'Mains' })).body.id;
  soup.set(box, (await call(box, 'POST', '/menu/items', { categoryId: cat, name: 'Soup', price: 900, taxRateBp: 1000, station: 'kitchen' })).body.id);
}

/** A paid takeaway order for the customer: 2 soups (18.00 + 10 % tax), card, 1.00 tip. */
async function paidOrderFor(box: Box, customerId: string): Promise<{ orderId: string; total: number }> {
  const orderId = newId();
  expect((await call(box, 'POST', '/orders', { id: orderId, type: 'takeaway', lines: [{ id: newId(), itemId: soup.get(box), quantity: 2, optionIds: [] }] })).status).toBe(201);
  expect((await call(box, 'PUT', `/orders/${orderId}/customer`, { customerId })).status).toBe(200);
  await call(box, 'POST', `/orders/${orderId}/fire`, {});
  const pay = await call(box, 'POST', `/orders/${orderId}/payments`, { method: 'card', tip: 100 }, { 'idempotency-key': `pay-${orderId}` });
  expect(pay.status).toBe(201);
  return { orderId, total: (await call(box, 'GET', `/orders/${orderId}`)).body.totals.total };
}

const synced = async (box: Box) => {
  const s = (await call(box, 'GET', '/sync/status')).body;
  return s.queueDepth === 0 && s.lastSuccessAt !== null;
};

async function cloudOffline(): Promise<{ cloud: TestCloud; url: string; port: number }> {
  const cloud = await startTestCloud();
  cleanups.push(() => cloud.close());
  const port = await freePort();
  return { cloud, url: `http://127.0.0.1:${port}`, port };
}

describe('customers across locations', () => {
  it('the same guest created offline at two locations becomes one record in the cloud; both boxes learn the surviving id and keep both histories', async () => {
    const { cloud, url, port } = await cloudOffline();
    const a = await startBox(url, cloud.a, 'A');
    const b = await startBox(url, cloud.b, 'B');

    // Offline (nothing listens at the cloud's address): each location makes its own Camille.
    const atA = (await call(a, 'POST', '/customers', { name: 'Camille Dupont', phone: '06 12 34 56 78', allergies: 'peanuts' })).body;
    const orderA = await paidOrderFor(a, atA.id);
    const atB = (await call(b, 'POST', '/customers', { name: 'Camille D.', phone: '+33 6 12 34 56 78', email: 'camille@example.fr' })).body;
    const orderB = await paidOrderFor(b, atB.id);
    expect(atA.id).not.toBe(atB.id);
    expect((await call(a, 'GET', '/sync/status')).body.queueDepth).toBeGreaterThan(0);

    // The cloud comes up; both boxes push; the cloud merges; both boxes get customer.merged.
    await cloud.startServer(port);
    await until('both boxes to sync', async () => (await synced(a)) && (await synced(b)));
    const records = (await cloud.db.query<{ id: string; merged_into: string | null; phone: string; email: string | null; allergies: string | null }>(
      'SELECT id, merged_into, phone, email, allergies FROM org_customers WHERE organisation_id = $1 ORDER BY created_at', [cloud.orgId])).rows;
    const live = records.filter((r) => r.merged_into === null);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: atA.id, phone: '+33612345678', email: 'camille@example.fr', allergies: 'peanuts' });
    expect(records.find((r) => r.id === atB.id)?.merged_into).toBe(atA.id);

    await until('box B to follow the merge', async () => (await call(b, 'GET', `/orders/${orderB.orderId}/customer`)).body.customer?.id === atA.id);
    const atBNow = (await call(b, 'GET', `/customers/${atB.id}`)).body;
    expect(atBNow).toMatchObject({ id: atA.id, name: expect.any(String), email: 'camille@example.fr', allergies: 'peanuts' });
    expect(atBNow.history.visits).toBe(1);
    expect(atBNow.history.spend).toBe(orderB.total);
    const hits = (await call(b, 'GET', '/customers?q=0612345678')).body.customers;
    expect(hits.map((h: { id: string }) => h.id)).toEqual([atA.id]);
    // Box A keeps its own record and order, and learns the email B had.
    await until('box A to take the merged record', async () => (await call(a, 'GET', `/customers/${atA.id}`)).body.email === 'camille@example.fr');
    expect((await call(a, 'GET', `/orders/${orderA.orderId}/customer`)).body.customer.id).toBe(atA.id);

    // Both histories in the cloud: each location's order, under the surviving record.
    await until('box B to sync the re-pointed order', () => synced(b));
    const owner = await signInOwner(cloud);
    const exported = await cloudApi(cloud.url, 'GET', `/api/customers/${atB.id}/export`, { token: owner });
    expect(exported.status).toBe(200);
    expect(exported.body.customer.id).toBe(atA.id);
    expect(exported.body.mergedIds).toEqual([atB.id]);
    expect(exported.body.orders.map((o: { id: string; total: number }) => [o.id, o.total]).sort()).toEqual([[orderA.orderId, orderA.total], [orderB.orderId, orderB.total]].sort());
  }, 120_000);

  it('an erasure asked while a box is off reaches it when it comes back: anonymised everywhere, money kept', async () => {
    const { cloud, url, port } = await cloudOffline();
    await cloud.startServer(port);
    const a = await startBox(url, cloud.a, 'A');
    const b = await startBox(url, cloud.b, 'B');
    const guest = (await call(a, 'POST', '/customers', { name: 'Hugo Martin', phone: '07 81 22 33 44', email: 'hugo@example.fr', allergies: 'gluten', notes: 'window seat' })).body;
    const orderA = await paidOrderFor(a, guest.id);
    const atB = (await call(b, 'POST', '/customers', { name: 'Hugo M', email: 'HUGO@example.fr' })).body;
    const orderB = await paidOrderFor(b, atB.id);
    await until('both boxes to sync and B to follow the merge', async () => (await synced(a)) && (await synced(b))
      && (await call(b, 'GET', `/orders/${orderB.orderId}/customer`)).body.customer?.id === guest.id);

    // Box B goes off; the owner erases Hugo.
    await b.proc.stop();
    const owner = await signInOwner(cloud);
    const erased = await cloudApi(cloud.url, 'POST', `/api/customers/${atB.id}/erase`, { token: owner });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ customerId: guest.id, alreadyErased: false });
    expect(erased.body.ids.sort()).toEqual([guest.id, atB.id].sort());
    expect((await cloudApi(cloud.url, 'POST', `/api/customers/${guest.id}/erase`, { token: owner })).body.alreadyErased).toBe(true);

    await until('box A to anonymise Hugo', async () => (await call(a, 'GET', `/customers/${guest.id}`)).body.erased === true);
    const onA = (await call(a, 'GET', `/customers/${guest.id}`)).body;
    expect(onA).toMatchObject({ name: 'Erased customer', phone: null, email: null, allergies: null, notes: null });
    expect((await call(a, 'GET', '/customers?q=hugo')).body.customers).toEqual([]);
    expect((await call(a, 'GET', `/orders/${orderA.orderId}`)).body.totals.total).toBe(orderA.total);

    // Box B was off when asked: it anonymises when it comes back.
    await restart(b);
    await until('box B to anonymise Hugo after coming back', async () => (await call(b, 'GET', `/customers/${atB.id}`)).body.erased === true, 30_000);
    expect((await call(b, 'GET', '/customers?q=hugo')).body.customers).toEqual([]);
    expect((await call(b, 'GET', `/orders/${orderB.orderId}`)).body.totals.total).toBe(orderB.total);
    expect((await call(b, 'PUT', `/orders/${orderB.orderId}/customer`, { customerId: atB.id })).body.error.code).toBe('CUSTOMER_ERASED');

    // Nothing personal is left in the cloud; the orders and their money are.
    await until('both boxes to sync', async () => (await synced(a)) && (await synced(b)));
    const dump = JSON.stringify((await cloud.db.query('SELECT row FROM customers')).rows) + JSON.stringify((await cloud.db.query('SELECT * FROM org_customers')).rows);
    for (const secret of ['Hugo', 'hugo@', '781223344', 'gluten', 'window seat']) expect(dump).not.toContain(secret);
    const paid = (await cloud.db.query<{ total: string }>('SELECT sum(total)::text AS total FROM orders')).rows[0]!.total;
    expect(Number(paid)).toBe(orderA.total + orderB.total);
    // An owner's export now holds no personal field; a non-owner cannot ask.
    const exported = await cloudApi(cloud.url, 'GET', `/api/customers/${guest.id}/export`, { token: owner });
    expect(exported.body.customer).toMatchObject({ name: 'Erased customer', phone: null, email: null });
    const manager = await inviteMember(cloud.url, owner, { email: 'manager@example.com', role: 'manager', locationIds: [cloud.a.locationId] });
    const refused = await cloudApi(cloud.url, 'POST', `/api/customers/${guest.id}/erase`, { token: manager.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
  }, 120_000);
});
