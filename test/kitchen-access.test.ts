import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { dumpDatabase } from './helpers/db-dump.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: { token: string; staffId: string };
let order: any;
let grill: any;
beforeEach(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  waiter = await r.signInAs('waiter');
  order = (await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'dine_in', tableId: b.tables.t1, lines: [burgerLine(b), { itemId: b.items.soda, quantity: 1 }] } })).body;
  await t.api('POST', `/orders/${order.id}/fire`, { token: waiter.token, body: {} });
  [grill] = (await t.api('GET', '/kitchen/tickets?station=grill', { token: waiter.token })).body;
});
afterEach(async () => { await t.close(); });

async function pairKitchenScreen(): Promise<string> {
  const code = await t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: 'Grill screen', kind: 'kitchen' } });
  const paired = await t.api('POST', '/devices/pair', { body: { code: code.body.code } });
  expect(paired.status).toBe(201);
  return paired.body.token;
}

describe('kitchen: bad requests change nothing', () => {
  const sodaLine = () => order.lines.find((l: any) => l.name === 'Soda').id;
  const cases: Array<[string, () => { method: string; path: string; body?: unknown }, number, string]> = [
    ['an unknown ticket id', () => ({ method: 'POST', path: `/kitchen/tickets/${newId()}/bump` }), 404, 'NOT_FOUND'],
    ['an order id where a ticket id belongs', () => ({ method: 'POST', path: `/kitchen/tickets/${order.id}/bump` }), 404, 'NOT_FOUND'],
    ['an order line id where a ticket id belongs', () => ({ method: 'POST', path: `/kitchen/tickets/${sodaLine()}/recall` }), 404, 'NOT_FOUND'],
    ['a line that is on another station\'s ticket', () => ({ method: 'POST', path: `/kitchen/tickets/${grill.id}/lines/${sodaLine()}/bump` }), 404, 'NOT_FOUND'],
    ['a ticket id that is not a UUID', () => ({ method: 'POST', path: '/kitchen/tickets/42/bump' }), 400, 'VALIDATION_FAILED'],
    ['recalling a ticket that is still on the screen', () => ({ method: 'POST', path: `/kitchen/tickets/${grill.id}/recall` }), 409, 'ILLEGAL_TRANSITION'],
    ['an unknown ticket status filter', () => ({ method: 'GET', path: '/kitchen/tickets?status=cooking' }), 400, 'VALIDATION_FAILED'],
    ['an unexpected query field', () => ({ method: 'GET', path: '/kitchen/all-day?colour=red' }), 400, 'VALIDATION_FAILED'],
    ['a limit out of range', () => ({ method: 'GET', path: '/kitchen/tickets?limit=0' }), 400, 'VALIDATION_FAILED'],
  ];
  it.each(cases)('%s gets a clear error and the database is unchanged', async (_name, build, status, code) => {
    const call = build();
    const before = dumpDatabase(t.dbFile);
    const res = await t.api(call.method, call.path, { token: waiter.token, body: call.body });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('bumping a voided line is refused and changes nothing', async () => {
    const manager = await r.signInAs('manager', '4455');
    const burger = order.lines.find((l: any) => l.name === 'Burger').id;
    await t.api('POST', `/orders/${order.id}/lines/${burger}/void`, { token: waiter.token, body: { reason: 'sent back', approval: { staffId: manager.staffId, pin: '4455' } } });
    const before = dumpDatabase(t.dbFile);
    const res = await t.api('POST', `/kitchen/tickets/${grill.id}/lines/${burger}/bump`, { token: waiter.token });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('LINE_STATE_CONFLICT');
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });
});

describe('the kitchen screen', () => {
  it('a paired kitchen screen reads and bumps tickets, but cannot see payments or take orders', async () => {
    const screen = await pairKitchenScreen();
    const stations = await t.api('GET', '/kitchen/stations', { token: screen });
    expect(stations.status).toBe(200);
    expect(stations.body.find((s: any) => s.station === 'grill')).toEqual({ station: 'grill', openTickets: 1 });
    expect((await t.api('GET', '/kitchen/tickets?station=grill', { token: screen })).body).toEqual([grill]);
    const bumped = await t.api('POST', `/kitchen/tickets/${grill.id}/bump`, { token: screen });
    expect(bumped.status).toBe(200);
    expect(bumped.body.status).toBe('bumped');
    expect((await t.api('POST', `/kitchen/tickets/${grill.id}/recall`, { token: screen })).status).toBe(200);
    const payments = await t.api('GET', `/orders/${order.id}/payments`, { token: screen });
    expect(payments.status).toBe(403);
    expect(payments.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'payments.read' } });
    expect((await t.api('POST', `/orders/${order.id}/fire`, { token: screen, body: {} })).status).toBe(403);
  });

  it('a host cannot read kitchen tickets', async () => {
    const host = await r.signInAs('host');
    const res = await t.api('GET', '/kitchen/tickets', { token: host.token });
    expect(res.status).toBe(403);
    expect(res.body.error.details.permission).toBe('kitchen.read');
  });
});

describe('kitchen tickets and the cloud', () => {
  it('tickets, their lines and every bump are queued for the cloud with the ticket version', async () => {
    await t.api('POST', `/kitchen/tickets/${grill.id}/bump`, { token: waiter.token });
    const db = new Database(t.dbFile, { readonly: true });
    const rows = db.prepare("select entity, entity_id as entityId, op, row, row_version as version from change_log where entity like 'kitchen_ticket%' order by seq").all() as any[];
    db.close();
    const grillRows = rows.filter((x) => x.entityId.startsWith(grill.id));
    expect(grillRows.map((x) => [x.entity, x.op, x.version])).toEqual([['kitchen_ticket', 'upsert', 1], ['kitchen_ticket_line', 'insert', 1], ['kitchen_ticket', 'upsert', 2]]);
    expect(JSON.parse(grillRows[2].row)).toMatchObject({ id: grill.id, status: 'bumped', firedAt: grill.firedAt, station: 'grill', orderNumber: order.number });
    expect(rows.filter((x) => x.entity === 'kitchen_ticket_line')).toHaveLength(2);
  });
});
