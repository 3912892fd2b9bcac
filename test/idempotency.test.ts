import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';

/**
 * Promise 3: every retry is safe. A tablet on flaky Wi-Fi resends creates and payments, sometimes
 * several at once; whatever arrives, exactly one row exists and every answer is the first one.
 */
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let waiter: string;
beforeEach(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  waiter = (await r.signInAs('waiter')).token;
});
afterEach(async () => { await t.close(); });

/** A number from SQLite, read through its own connection as another process would. */
function count(sql: string, ...params: unknown[]): number {
  const db = new Database(t.dbFile, { readonly: true });
  try {
    return Object.values(db.prepare(sql).get(...params) as Record<string, number>)[0]!;
  } finally {
    db.close();
  }
}
const changeRows = () => count('select count(*) from change_log');
const key = () => `retry-${newId()}`;

function newOrder(lines = [burgerLine(b), { id: newId(), itemId: b.items.soda, quantity: 2 }]) {
  return { id: newId(), type: 'dine_in', tableId: b.tables.t1, guestCount: 2, lines };
}
async function createOrder(body = newOrder()) {
  const res = await t.api('POST', '/orders', { token: waiter, body });
  expect(res.status).toBe(201);
  return res.body;
}

describe('creating an order twice', () => {
  it('a repeated create answers 200 with the same order and writes nothing more', async () => {
    const body = newOrder();
    const first = await t.api('POST', '/orders', { token: waiter, body });
    expect(first.status).toBe(201);
    const changes = changeRows();
    const dump = dumpDatabase(t.dbFile);
    const again = await t.api('POST', '/orders', { token: waiter, body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(count('select count(*) from orders where id = ?', body.id)).toBe(1);
    expect(count('select count(*) from order_lines where order_id = ?', body.id)).toBe(2);
    expect(changeRows()).toBe(changes);
    expect(dumpDatabase(t.dbFile)).toBe(dump);
  });

  it('the same order id with a different body is a conflict and changes nothing', async () => {
    const body = newOrder();
    await createOrder(body);
    const dump = dumpDatabase(t.dbFile);
    const other = await t.api('POST', '/orders', { token: waiter, body: { ...body, guestCount: 5 } });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(dumpDatabase(t.dbFile)).toBe(dump);
  });

  it('twenty identical creates at once leave one order with one number', async () => {
    const body = newOrder();
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.api('POST', '/orders', { token: waiter, body })));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(answers.map((a) => a.body.id))).toEqual(new Set([body.id]));
    expect(new Set(answers.map((a) => a.body.number))).toEqual(new Set([1]));
    expect(count('select count(*) from orders')).toBe(1);
    expect(count('select count(*) from order_lines')).toBe(2);
    expect(count('select max(last_number) from order_counters')).toBe(1);
    expect(count("select count(*) from change_log where entity = 'order'")).toBe(1);
    const next = await createOrder({ ...newOrder(), tableId: b.tables.t2 });
    expect(next.number).toBe(2);
  });

  it('twenty different takeaway orders at once get twenty different numbers', async () => {
    const bodies = Array.from({ length: 20 }, () => ({ id: newId(), type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] }));
    const answers = await Promise.all(bodies.map((body) => t.api('POST', '/orders', { token: waiter, body })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(answers.map((a) => a.body.number).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_v, i) => i + 1));
    expect(count('select count(*) from orders')).toBe(20);
  });
});

describe('paying twice', () => {
  it('twenty identical payments at once with one key record one payment and answer identically', async () => {
    const order = await createOrder();
    const headers = { 'idempotency-key': key() };
    const body = { method: 'card', amount: 1000, tip: 100 };
    const answers = await Promise.all(Array.from({ length: 20 }, () => t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers, body })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(count('select count(*) from payments')).toBe(1);
    expect(count("select count(*) from change_log where entity = 'payment'")).toBe(1);
    const after = await t.api('GET', `/orders/${order.id}`, { token: waiter });
    expect(after.body.totals).toMatchObject({ paid: 1000, tips: 100, balance: order.totals.total - 1000 });
  });

  it('ten different payments for the whole balance at once charge the order once', async () => {
    const order = await createOrder();
    const answers = await Promise.all(Array.from({ length: 10 }, () =>
      t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers: { 'idempotency-key': key() }, body: { method: 'card' } })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const refused of answers.filter((a) => a.status !== 201)) expect(refused.status).toBe(409);
    expect(count('select count(*) from payments')).toBe(1);
    expect(count('select paid from orders where id = ?', order.id)).toBe(order.totals.total);
  });

  it('a retried payment that completed the order answers as the first time, not "nothing to pay"', async () => {
    const order = await createOrder();
    const headers = { 'idempotency-key': key() };
    const first = await t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers, body: { method: 'cash', tendered: 10_000 } });
    expect(first.status).toBe(201);
    expect(first.body.order.status).toBe('completed');
    const changes = changeRows();
    const again = await t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers, body: { method: 'cash', tendered: 10_000 } });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(count('select count(*) from payments')).toBe(1);
    expect(changeRows()).toBe(changes);
  });

  it('the same key with a different amount, or on another order, is a conflict and changes nothing', async () => {
    const order = await createOrder();
    const other = await createOrder({ ...newOrder(), tableId: b.tables.t2 });
    const headers = { 'idempotency-key': key() };
    expect((await t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers, body: { method: 'card', amount: 500 } })).status).toBe(201);
    const dump = dumpDatabase(t.dbFile);
    const changed = await t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers, body: { method: 'card', amount: 600 } });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    const elsewhere = await t.api('POST', `/orders/${other.id}/payments`, { token: waiter, headers, body: { method: 'card', amount: 500 } });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(dumpDatabase(t.dbFile)).toBe(dump);
  });

  it('a retried refund refunds once', async () => {
    const manager = await r.signInAs('manager');
    const order = await createOrder();
    const paid = await t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers: { 'idempotency-key': key() }, body: { method: 'card' } });
    const headers = { 'idempotency-key': key() };
    const body = { amount: 300, reason: 'soda was flat' };
    const answers = await Promise.all([1, 2, 3].map(() => t.api('POST', `/payments/${paid.body.payment.id}/refunds`, { token: manager.token, headers, body })));
    for (const a of answers) expect(a).toMatchObject({ status: 201, body: answers[0]!.body });
    expect(count('select count(*) from refunds')).toBe(1);
    expect(count("select count(*) from audit_log where action = 'payment.refunded'")).toBe(1);
    expect((await t.api('GET', `/orders/${order.id}`, { token: waiter })).body.totals.refunded).toBe(300);
  });

  it('a key whose first payment was refused is not used up', async () => {
    const order = await createOrder();
    const headers = { 'idempotency-key': key() };
    const refused = await t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers, body: { method: 'card', amount: 999_999 } });
    expect(refused.body.error.code).toBe('OVERPAYMENT');
    const fixed = await t.api('POST', `/orders/${order.id}/payments`, { token: waiter, headers, body: { method: 'card', amount: 500 } });
    expect(fixed.status).toBe(201);
    expect(count('select count(*) from payments')).toBe(1);
  });
});

describe('creating set-up records twice', () => {
  it('three concurrent creates with one client id of an area, table, category, item, option group, option or staff member leave one row each', async () => {
    const area = newId();
    const group = newId();
    const creates: Array<[table: string, path: string, body: Record<string, unknown>]> = [
      ['areas', '/areas', { id: area, name: 'Terrace' }],
      ['dining_tables', '/tables', { id: newId(), areaId: area, label: 'X9', capacity: 2, shape: 'round' }],
      ['categories', '/menu/categories', { id: newId(), name: 'Soups' }],
      ['menu_items', '/menu/items', { id: newId(), categoryId: (await t.api('GET', '/menu', { token: r.ownerToken })).body.categories[0].id, name: 'Velouté', price: 650, taxRateBp: 1000, station: 'cold' }],
      ['option_groups', '/menu/option-groups', { id: group, name: 'Bread', selection: 'single' }],
      ['options', `/menu/option-groups/${group}/options`, { id: newId(), name: 'Rye' }],
      ['staff', '/staff', { id: newId(), name: 'Rita', role: 'host', pin: '8642' }],
    ];
    for (const [table, path, body] of creates) {
      const answers = await Promise.all([1, 2, 3].map(() => t.api('POST', path, { token: r.ownerToken, body })));
      expect(answers.map((a) => a.status).every((s) => s === 200 || s === 201), `${path}: ${answers.map((a) => a.status)}`).toBe(true);
      for (const a of answers) expect(a.body.id).toBe(body.id);
      expect(count(`select count(*) from ${table} where id = ?`, body.id), table).toBe(1);
    }
  });
});

describe('changing lines twice', () => {
  it('ten identical add-lines at once with the same line ids add each line once', async () => {
    const order = await createOrder();
    const lines = [{ id: newId(), itemId: b.items.tart, quantity: 1 }, { id: newId(), itemId: b.items.soda, quantity: 3, notes: 'no ice' }];
    const answers = await Promise.all(Array.from({ length: 10 }, () => t.api('POST', `/orders/${order.id}/lines`, { token: waiter, body: { lines } })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    for (const a of answers) expect(a.body.lines.length).toBe(4);
    expect(count('select count(*) from order_lines where order_id = ?', order.id)).toBe(4);
    for (const line of lines) expect(count("select count(*) from change_log where entity = 'order_line' and entity_id = ?", line.id)).toBe(1);
  });

  it('an added line id reused for a different line is a conflict', async () => {
    const order = await createOrder();
    const id = newId();
    await t.api('POST', `/orders/${order.id}/lines`, { token: waiter, body: { lines: [{ id, itemId: b.items.tart, quantity: 1 }] } });
    const dump = dumpDatabase(t.dbFile);
    const res = await t.api('POST', `/orders/${order.id}/lines`, { token: waiter, body: { lines: [{ id, itemId: b.items.tart, quantity: 2 }] } });
    expect(res.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect(dumpDatabase(t.dbFile)).toBe(dump);
  });

  it('a retried fire sends nothing twice: firedAt and the change log stay as they were', async () => {
    const order = await createOrder();
    const lineIds = order.lines.map((l: { id: string }) => l.id);
    const first = await t.api('POST', `/orders/${order.id}/fire`, { token: waiter, body: {} });
    expect(first.body.lines.every((l: { state: string }) => l.state === 'fired')).toBe(true);
    const firedAt = first.body.lines.map((l: { firedAt: number }) => l.firedAt);
    const lineChanges = () => lineIds.map((id: string) => count("select count(*) from change_log where entity = 'order_line' and entity_id = ?", id));
    const before = { changes: changeRows(), perLine: lineChanges(), dump: dumpDatabase(t.dbFile) };
    const retries = await Promise.all([1, 2, 3].map(() => t.api('POST', `/orders/${order.id}/fire`, { token: waiter, body: {} })));
    for (const retry of retries) {
      expect(retry.status).toBe(200);
      expect(retry.body.lines.map((l: { firedAt: number }) => l.firedAt)).toEqual(firedAt);
    }
    expect(changeRows()).toBe(before.changes);
    expect(lineChanges()).toEqual(before.perLine);
    expect(dumpDatabase(t.dbFile)).toBe(before.dump);
  });

  it('a retried split returns the same new order and moves the lines once', async () => {
    const order = await createOrder();
    const body = { newOrderId: newId(), lineIds: [order.lines[1].id] };
    const first = await t.api('POST', `/orders/${order.id}/split`, { token: waiter, body });
    expect(first.status).toBe(201);
    const dump = dumpDatabase(t.dbFile);
    const again = await t.api('POST', `/orders/${order.id}/split`, { token: waiter, body });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(count('select count(*) from orders')).toBe(2);
    expect(dumpDatabase(t.dbFile)).toBe(dump);
  });
});
