import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orders } from '../src/db/schema.js';
import type { DomainEvent } from '../src/events/bus.js';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';

let t: TestBox;
let r: Restaurant;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); });
afterEach(async () => { await t.close(); });

async function area(name: string, extra: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/areas', { token: r.ownerToken, body: { name, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; name: string; sortOrder: number; version: number };
}

async function table(areaId: string, label: string, extra: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/tables', { token: r.ownerToken, body: { areaId, label, capacity: 4, shape: 'square', ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; label: string; version: number; x: number; y: number; width: number; height: number };
}

/** Before the orders module exists, an order row is written directly; only as set-up, never to check results. */
function insertOrder(tableId: string, status: 'sent' | 'completed') {
  const now = Date.now();
  t.box.deps.db.insert(orders).values({
    id: randomUUID(), number: 1, businessDay: '2026-11-20', type: 'dine_in', source: 'waiter', status, tableId,
    guestCount: 2, staffId: r.ownerId, serviceChargeBp: 0, taxMode: 'exclusive', currency: 'EUR',
    subtotal: 0, discountTotal: 0, serviceCharge: 0, taxTotal: 0, total: 0, paid: 0, tips: 0, refunded: 0,
    requestHash: 'test', version: 1, createdAt: now, updatedAt: now, closedAt: status === 'completed' ? now : null,
  }).run();
}

describe('building the floor', () => {
  it('lists tables by area tab order, then by label with numbers read as numbers, each with status and open orders', async () => {
    const terrace = await area('Terrace', { sortOrder: 5 });
    const dining = await area('Dining room', { sortOrder: 1 });
    await table(terrace.id, 'P1');
    await table(dining.id, 'T10');
    await table(dining.id, 'T2', { shape: 'bar' });

    const all = await t.api('GET', '/tables', { token: r.ownerToken });
    expect(all.status).toBe(200);
    expect(all.body.map((x: { label: string }) => x.label)).toEqual(['T2', 'T10', 'P1']);
    expect(all.body[0]).toMatchObject({ status: 'available', version: 1, openOrderIds: [], openOrderCount: 0, width: 200, height: 60 });

    const terraceOnly = await t.api('GET', `/tables?areaId=${terrace.id}`, { token: r.ownerToken });
    expect(terraceOnly.body.map((x: { label: string }) => x.label)).toEqual(['P1']);
    expect((await t.api('GET', '/areas', { token: r.ownerToken })).body.map((a: { name: string }) => a.name)).toEqual(['Dining room', 'Terrace']);
    const one = await t.api('GET', `/tables/${all.body[2].id}`, { token: r.ownerToken });
    expect(one.body).toMatchObject({ label: 'P1', areaId: terrace.id, capacity: 4 });
    expect((await t.api('GET', `/tables/${randomUUID()}`, { token: r.ownerToken })).body.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'table' } });
  });

  it('editing a table bumps its version, queues it for the cloud and tells the floor screens', async () => {
    const dining = await area('Dining room');
    const t1 = await table(dining.id, 'T1');
    const events: DomainEvent[] = [];
    const stop = t.box.deps.bus.subscribe((e) => events.push(e));
    const res = await t.api('PATCH', `/tables/${t1.id}`, { token: r.ownerToken, body: { capacity: 6, shape: 'round', expectedVersion: 1 } });
    stop();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ capacity: 6, shape: 'round', version: 2 });
    expect(events).toEqual([{ type: 'table.updated', data: expect.objectContaining({ id: t1.id, capacity: 6, version: 2 }) }]);
    const logged = t.box.deps.db.$client.prepare("select * from change_log where entity = 'dining_table' order by seq desc limit 1").get() as { row: string; row_version: number };
    expect(logged.row_version).toBe(2);
    expect(JSON.parse(logged.row)).toMatchObject({ id: t1.id, capacity: 6, status: 'available' });

    const same = await t.api('PATCH', `/tables/${t1.id}`, { token: r.ownerToken, body: { capacity: 6 } });
    expect(same.body.version).toBe(2);
  });

  it('an edit made on a stale copy is refused with VERSION_CONFLICT and changes nothing', async () => {
    const dining = await area('Dining room');
    const t1 = await table(dining.id, 'T1');
    await t.api('PATCH', `/tables/${t1.id}`, { token: r.ownerToken, body: { label: 'T1a' } });
    const before = dumpDatabase(t.dbFile);
    const stale = await t.api('PATCH', `/tables/${t1.id}`, { token: r.ownerToken, body: { label: 'T1b', expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('retrying a create with the same id gives the first result; the same id with a different body is refused', async () => {
    const areaId = randomUUID();
    const first = await t.api('POST', '/areas', { token: r.ownerToken, body: { id: areaId, name: 'Bar' } });
    const again = await t.api('POST', '/areas', { token: r.ownerToken, body: { id: areaId, name: 'Bar' } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await t.api('POST', '/areas', { token: r.ownerToken, body: { id: areaId, name: 'Patio' } })).body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    const id = randomUUID();
    const body = { id, areaId, label: 'B1', capacity: 2, shape: 'bar' };
    const created = await t.api('POST', '/tables', { token: r.ownerToken, body });
    const retried = await t.api('POST', '/tables', { token: r.ownerToken, body });
    expect(retried.status).toBe(201);
    expect(retried.body).toEqual(created.body);
    const before = dumpDatabase(t.dbFile);
    const different = await t.api('POST', '/tables', { token: r.ownerToken, body: { ...body, capacity: 3 } });
    expect(different.status).toBe(409);
    expect(different.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(dumpDatabase(t.dbFile)).toBe(before);
    expect((await t.api('GET', '/tables', { token: r.ownerToken })).body).toHaveLength(1);
  });

  it('labels are unique regardless of case, and a table may change the case of its own label', async () => {
    const dining = await area('Dining room');
    const t1 = await table(dining.id, 't1');
    const clash = await t.api('POST', '/tables', { token: r.ownerToken, body: { areaId: dining.id, label: 'T1', capacity: 2, shape: 'round' } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatchObject({ code: 'DUPLICATE', details: { field: 'label', existingId: t1.id } });
    const t2 = await table(dining.id, 'T2');
    expect((await t.api('PATCH', `/tables/${t2.id}`, { token: r.ownerToken, body: { label: ' T1 ' } })).body.error.code).toBe('DUPLICATE');
    const recased = await t.api('PATCH', `/tables/${t1.id}`, { token: r.ownerToken, body: { label: 'T1' } });
    expect(recased.status).toBe(200);
    expect(recased.body.label).toBe('T1');
  });

  it('welcomes emoji and accented labels and area names', async () => {
    const terrasse = await area('Terrasse ☀️');
    const wine = await table(terrasse.id, '🍷 Bar 1', { shape: 'bar', capacity: 8 });
    const accented = await table(terrasse.id, 'Tête-à-tête');
    expect((await t.api('GET', `/tables/${wine.id}`, { token: r.ownerToken })).body.label).toBe('🍷 Bar 1');
    expect(accented.label).toBe('Tête-à-tête');
  });
});

describe('bad input changes nothing', () => {
  it('answers each bad request with a 4xx code and leaves the database as it was', async () => {
    const dining = await area('Dining room');
    const t1 = await table(dining.id, 'T1');
    const good = { areaId: dining.id, label: 'T9', capacity: 4, shape: 'round' };
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/tables', { ...good, areaId: randomUUID() }, 404, 'NOT_FOUND'],
      ['POST', '/tables', { ...good, label: 't1' }, 409, 'DUPLICATE'],
      ['POST', '/tables', { ...good, capacity: -2 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, capacity: 0 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, capacity: 51 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, capacity: '4' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, capacity: 2.5 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, shape: 'oval' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, x: -1 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, y: 10_001 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, width: 0 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, label: '   ' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, status: 'occupied' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', { ...good, id: 'not-a-uuid' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/tables', [good], 400, 'VALIDATION_FAILED'],
      ['PATCH', `/tables/${t1.id}`, { areaId: randomUUID() }, 404, 'NOT_FOUND'],
      ['PATCH', `/tables/${t1.id}`, { status: 'inactive' }, 400, 'VALIDATION_FAILED'],
      ['PATCH', `/tables/${randomUUID()}`, { capacity: 2 }, 404, 'NOT_FOUND'],
      ['PATCH', '/tables/T1', { capacity: 2 }, 400, 'VALIDATION_FAILED'],
      ['POST', '/areas', { name: 'DINING ROOM' }, 409, 'DUPLICATE'],
      ['POST', '/areas', { name: '' }, 400, 'VALIDATION_FAILED'],
      ['POST', '/areas', { name: 'Patio', color: 'red' }, 400, 'VALIDATION_FAILED'],
      ['PATCH', `/areas/${dining.id}`, { sortOrder: -1 }, 400, 'VALIDATION_FAILED'],
      ['DELETE', `/areas/${dining.id}`, undefined, 409, 'IN_USE'],
      ['DELETE', `/areas/${randomUUID()}`, undefined, 404, 'NOT_FOUND'],
    ];
    const before = dumpDatabase(t.dbFile);
    for (const [method, path, body, status, code] of cases) {
      const res = await t.api(method, path, { token: r.ownerToken, body });
      expect({ method, path, body, status: res.status, code: res.body?.error?.code }).toEqual({ method, path, body, status, code });
    }
    const malformed = await t.api('POST', '/tables', { token: r.ownerToken, raw: '{"label": ', headers: { 'content-type': 'application/json' } });
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('names the missing area when a table is put in an unknown one', async () => {
    const missing = randomUUID();
    const res = await t.api('POST', '/tables', { token: r.ownerToken, body: { areaId: missing, label: 'T1', capacity: 2, shape: 'round' } });
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'area', id: missing } });
  });
});

describe('removing areas and tables', () => {
  it('an area can be deleted only once its tables are gone', async () => {
    const dining = await area('Dining room');
    const t1 = await table(dining.id, 'T1');
    expect((await t.api('DELETE', `/areas/${dining.id}`, { token: r.ownerToken })).body.error).toMatchObject({ code: 'IN_USE', details: { tableIds: [t1.id] } });
    expect((await t.api('DELETE', `/tables/${t1.id}`, { token: r.ownerToken })).status).toBe(200);
    expect((await t.api('DELETE', `/areas/${dining.id}`, { token: r.ownerToken })).body).toEqual({ id: dining.id, deleted: true });
    expect((await t.api('GET', '/areas', { token: r.ownerToken })).body).toEqual([]);
    const deletes = t.box.deps.db.$client.prepare("select entity, row_version from change_log where op = 'delete' order by seq").all();
    expect(deletes).toEqual([{ entity: 'dining_table', row_version: 2 }, { entity: 'area', row_version: 2 }]);
  });

  it('a table with orders cannot be deleted: open orders block it, and past orders mean marking it inactive instead', async () => {
    const dining = await area('Dining room');
    const t1 = await table(dining.id, 'T1');
    insertOrder(t1.id, 'sent');
    const open = await t.api('DELETE', `/tables/${t1.id}`, { token: r.ownerToken });
    expect(open.body.error.code).toBe('TABLE_HAS_OPEN_ORDERS');
    t.box.deps.db.update(orders).set({ status: 'completed' }).run();
    const before = dumpDatabase(t.dbFile);
    const history = await t.api('DELETE', `/tables/${t1.id}`, { token: r.ownerToken });
    expect(history.status).toBe(409);
    expect(history.body.error.code).toBe('IN_USE');
    expect(history.body.error.message).toMatch(/inactive/);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });
});

describe('the floor-map editor', () => {
  it('saves many tables at once, and none when one of them is unknown or stale', async () => {
    const dining = await area('Dining room');
    const t1 = await table(dining.id, 'T1');
    const t2 = await table(dining.id, 'T2');
    const t3 = await table(dining.id, 'T3', { x: 5, y: 5 });
    const before = dumpDatabase(t.dbFile);
    const unknown = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [
      { id: t1.id, x: 100, y: 100 }, { id: randomUUID(), x: 1, y: 1 },
    ] });
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', details: { entity: 'table' } });
    const stale = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [
      { id: t1.id, x: 100, y: 100 }, { id: t2.id, x: 200, y: 100, expectedVersion: 7 },
    ] });
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { id: t2.id, currentVersion: 1 } });
    const twice = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: t1.id, x: 1, y: 1 }, { id: t1.id, x: 2, y: 2 }] });
    expect(twice.body.error.code).toBe('VALIDATION_FAILED');
    const offMap = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: t1.id, x: 1, y: 1 }, { id: t2.id, x: 20_000, y: 1 }] });
    expect(offMap.body.error.code).toBe('VALIDATION_FAILED');
    expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [] })).status).toBe(400);
    expect(dumpDatabase(t.dbFile)).toBe(before);

    const saved = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [
      { id: t1.id, x: 100, y: 100, width: 90, height: 90, expectedVersion: 1 }, { id: t2.id, x: 200, y: 100 }, { id: t3.id, x: 5, y: 5 },
    ] });
    expect(saved.status).toBe(200);
    expect(saved.body.map((x: { label: string; x: number; width: number; version: number }) => [x.label, x.x, x.width, x.version]))
      .toEqual([['T1', 100, 90, 2], ['T2', 200, t2.width, 2], ['T3', 5, t3.width, 1]]);
  });

  it('refuses a save that puts a moved table on another of its area, changing nothing; swaps and other areas are fine', async () => {
    const dining = await area('Dining room');
    const terrace = await area('Terrace');
    const t1 = await table(dining.id, 'T1', { x: 0, y: 0, width: 80, height: 80 });
    const t2 = await table(dining.id, 'T2', { x: 200, y: 0, width: 80, height: 80 });
    const t9 = await table(terrace.id, 'T9', { x: 400, y: 0, width: 80, height: 80 });
    const before = dumpDatabase(t.dbFile);
    const onTop = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: t1.id, x: 150, y: 20 }] });
    expect(onTop.status).toBe(409);
    expect(onTop.body.error).toMatchObject({ code: 'TABLES_OVERLAP', details: { tableIds: [t1.id, t2.id] } });
    expect(onTop.body.error.message).toBe('Table T1 would overlap table T2: move one of them apart and save again.');
    // Grown into its neighbour: the same.
    expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: t1.id, x: 0, y: 0, width: 201 }] })).body.error.code).toBe('TABLES_OVERLAP');
    expect(dumpDatabase(t.dbFile)).toBe(before);
    // Edges touching is not an overlap; two tables may swap places in one save; another area's tables do not count.
    expect((await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: t1.id, x: 120, y: 0 }] })).status).toBe(200);
    const swap = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: t1.id, x: 200, y: 0 }, { id: t2.id, x: 120, y: 0 }] });
    expect(swap.status).toBe(200);
    const sharing = await t.api('PUT', '/tables/layout', { token: r.ownerToken, body: [{ id: t2.id, x: t9.x, y: t9.y }] });
    expect(sharing.status).toBe(200);
  });
});
