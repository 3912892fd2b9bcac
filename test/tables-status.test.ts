import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orders } from '../src/db/schema.js';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';

let t: TestBox;
let r: Restaurant;
let areaId: string;
let tableId: string;
beforeEach(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  areaId = (await t.api('POST', '/areas', { token: r.ownerToken, body: { name: 'Dining room' } })).body.id;
  tableId = (await t.api('POST', '/tables', { token: r.ownerToken, body: { areaId, label: 'T1', capacity: 4, shape: 'round' } })).body.id;
});
afterEach(async () => { await t.close(); });

const setStatus = (token: string, status: string, extra: Record<string, unknown> = {}) =>
  t.api('POST', `/tables/${tableId}/status`, { token, body: { status, ...extra } });

/**
 * Until the orders module exists, an open order is written directly as set-up. The lead's
 * end-to-end test covers placing a real order and seeing the table become occupied.
 */
function insertOpenOrder(): string {
  const id = randomUUID();
  const now = Date.now();
  t.box.deps.db.insert(orders).values({
    id, number: 1, businessDay: '2026-11-20', type: 'dine_in', source: 'waiter', status: 'sent', tableId,
    guestCount: 2, staffId: r.ownerId, serviceChargeBp: 0, taxMode: 'exclusive', currency: 'EUR',
    subtotal: 0, discountTotal: 0, serviceCharge: 0, taxTotal: 0, total: 0, paid: 0, tips: 0, refunded: 0,
    requestHash: 'test', version: 1, createdAt: now, updatedAt: now, closedAt: null,
  }).run();
  return id;
}

describe('a host sets table status', () => {
  it('reserves a table and frees it again, and each change is audited with who and why', async () => {
    const host = await r.signInAs('host');
    const reserved = await setStatus(host.token, 'reserved', { reason: 'Dupont party of 4 at 20:00' });
    expect(reserved.status).toBe(200);
    expect(reserved.body).toMatchObject({ status: 'reserved', version: 2 });
    const freed = await setStatus(host.token, 'available', { expectedVersion: 2 });
    expect(freed.body).toMatchObject({ status: 'available', version: 3 });

    const audit = t.box.deps.db.$client.prepare("select staff_id, entity_id, reason, details from audit_log where action = 'table.status_set' order by rowid").all() as Array<{ staff_id: string; entity_id: string; reason: string | null; details: string }>;
    expect(audit.map((a) => [a.staff_id, a.entity_id, a.reason, JSON.parse(a.details)])).toEqual([
      [host.staffId, tableId, 'Dupont party of 4 at 20:00', { label: 'T1', from: 'available', to: 'reserved' }],
      [host.staffId, tableId, null, { label: 'T1', from: 'reserved', to: 'available' }],
    ]);
    const logged = t.box.deps.db.$client.prepare("select row_version from change_log where entity = 'dining_table' order by seq").all();
    expect(logged).toEqual([{ row_version: 1 }, { row_version: 2 }, { row_version: 3 }]);
  });

  it('setting the status a table already has changes nothing', async () => {
    const before = dumpDatabase(t.dbFile);
    const same = await setStatus(r.ownerToken, 'available');
    expect(same.body).toMatchObject({ status: 'available', version: 1 });
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('seats guests by hand before anyone orders, and takes a broken table out of service', async () => {
    const host = await r.signInAs('host');
    expect((await setStatus(host.token, 'occupied')).body.status).toBe('occupied');
    expect((await setStatus(host.token, 'available')).body.status).toBe('available');
    const inactive = await setStatus(host.token, 'inactive', { reason: 'wobbly leg' });
    expect(inactive.body.status).toBe('inactive');
    expect((await t.api('GET', '/tables', { token: host.token })).body[0].status).toBe('inactive');
  });

  it('a table with an open order cannot be freed, reserved or taken out of service, but can be marked occupied', async () => {
    const orderId = insertOpenOrder();
    const listed = await t.api('GET', '/tables', { token: r.ownerToken });
    expect(listed.body[0]).toMatchObject({ openOrderIds: [orderId], openOrderCount: 1 });

    const before = dumpDatabase(t.dbFile);
    for (const status of ['available', 'reserved', 'inactive']) {
      const res = await setStatus(r.ownerToken, status);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: 'TABLE_HAS_OPEN_ORDERS', details: { openOrderIds: [orderId] } });
    }
    expect(dumpDatabase(t.dbFile)).toBe(before);

    const seated = await setStatus(r.ownerToken, 'occupied');
    expect(seated.body).toMatchObject({ status: 'occupied', openOrderCount: 1 });
    const freeing = await setStatus(r.ownerToken, 'available');
    expect(freeing.status).toBe(409);
    expect(freeing.body.error.code).toBe('TABLE_HAS_OPEN_ORDERS');
  });

  it('bad status requests are refused and change nothing', async () => {
    const before = dumpDatabase(t.dbFile);
    const cases: Array<[unknown, number, string]> = [
      [{ status: 'closed' }, 400, 'VALIDATION_FAILED'],
      [{ status: 'reserved', reason: '' }, 400, 'VALIDATION_FAILED'],
      [{ status: 'reserved', who: 'me' }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ status: 'reserved', expectedVersion: 9 }, 409, 'VERSION_CONFLICT'],
    ];
    for (const [body, status, code] of cases) {
      const res = await t.api('POST', `/tables/${tableId}/status`, { token: r.ownerToken, body });
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status, code });
    }
    const unknown = await t.api('POST', `/tables/${randomUUID()}/status`, { token: r.ownerToken, body: { status: 'reserved' } });
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'table' } });
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });
});

describe('who may change the floor', () => {
  it('a waiter sees the floor but cannot edit the layout or set a status', async () => {
    const waiter = await r.signInAs('waiter');
    expect((await t.api('GET', '/tables', { token: waiter.token })).status).toBe(200);
    const edit = await t.api('PATCH', `/tables/${tableId}`, { token: waiter.token, body: { capacity: 2 } });
    expect(edit.status).toBe(403);
    expect(edit.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'tables.layout' } });
    expect((await t.api('POST', '/tables', { token: waiter.token, body: { areaId, label: 'T2', capacity: 2, shape: 'round' } })).status).toBe(403);
    expect((await t.api('PUT', '/tables/layout', { token: waiter.token, body: [{ id: tableId, x: 1, y: 1 }] })).status).toBe(403);
    expect((await setStatus(waiter.token, 'reserved')).body.error.details.permission).toBe('tables.status');
  });

  it('a host sets status but cannot move, add or delete tables or areas', async () => {
    const host = await r.signInAs('host');
    expect((await setStatus(host.token, 'reserved')).status).toBe(200);
    expect((await t.api('DELETE', `/tables/${tableId}`, { token: host.token })).status).toBe(403);
    expect((await t.api('POST', '/areas', { token: host.token, body: { name: 'Patio' } })).status).toBe(403);
    expect((await t.api('PATCH', `/areas/${areaId}`, { token: host.token, body: { name: 'Salle' } })).status).toBe(403);
  });

  it('the kitchen can look at the floor but not change it, and nobody signed out can even look', async () => {
    const kitchen = await r.signInAs('kitchen');
    expect((await t.api('GET', '/areas', { token: kitchen.token })).status).toBe(200);
    expect((await setStatus(kitchen.token, 'reserved')).status).toBe(403);
    expect((await t.api('PATCH', `/tables/${tableId}`, { token: kitchen.token, body: { capacity: 2 } })).status).toBe(403);
    expect((await t.api('GET', '/tables')).body.error.code).toBe('UNAUTHENTICATED');
    expect((await t.api('GET', '/tables', { token: r.ownerToken })).body[0]).toMatchObject({ status: 'available', capacity: 4 });
  });

  it('a manager edits the layout and sets status', async () => {
    const manager = await r.signInAs('manager');
    expect((await t.api('PATCH', `/tables/${tableId}`, { token: manager.token, body: { x: 40, y: 40 } })).body.version).toBe(2);
    expect((await setStatus(manager.token, 'inactive')).body.version).toBe(3);
  });

  it('the API docs name the permission of every floor route', async () => {
    const doc = (await t.api('GET', '/openapi.json')).body;
    const permission = (path: string, method: string) => doc.paths[path]?.[method]?.['x-permission'];
    expect([
      permission('/tables', 'get'), permission('/tables', 'post'), permission('/tables/layout', 'put'),
      permission('/tables/{id}', 'patch'), permission('/tables/{id}', 'delete'), permission('/tables/{id}/status', 'post'),
      permission('/areas', 'get'), permission('/areas', 'post'), permission('/areas/{id}', 'patch'), permission('/areas/{id}', 'delete'),
    ]).toEqual([
      'tables.read', 'tables.layout', 'tables.layout', 'tables.layout', 'tables.layout', 'tables.status',
      'tables.read', 'tables.layout', 'tables.layout', 'tables.layout',
    ]);
  });
});
