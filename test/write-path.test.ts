import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { DomainEvent } from '../src/events/bus.js';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';

let t: TestBox;
let r: Restaurant;
let b: Bistro;
beforeEach(async () => { t = await startTestBox(); r = await setUpRestaurant(t); b = await seedBistro(r); });
afterEach(async () => { await t.close(); });

describe('the write path', () => {
  it('screens hear about an order only after it is on disk, and never about a rolled-back one', async () => {
    const seen: Array<{ event: DomainEvent; onDisk: boolean }> = [];
    const reader = new Database(t.dbFile, { readonly: true });
    const stop = t.box.deps.bus.subscribe((event) => {
      if (event.type !== 'order.created') return;
      const id = (event.data as { orderId: string }).orderId;
      seen.push({ event, onDisk: reader.prepare('select 1 from orders where id = ?').get(id) !== undefined });
    });
    const bad = await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'dine_in', tableId: b.tables.t1, lines: [burgerLine(b), { itemId: b.items.steak, quantity: 1 }] } });
    expect(bad.body.error.code).toBe('OPTION_RULES_VIOLATED');
    expect(seen).toHaveLength(0);
    expect((await t.api('GET', `/tables/${b.tables.t1}`, { token: r.ownerToken })).body.status).toBe('available');
    const good = await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'dine_in', tableId: b.tables.t1, lines: [burgerLine(b)] } });
    expect(good.status).toBe(201);
    expect(seen).toEqual([{ event: expect.objectContaining({ type: 'order.created' }), onDisk: true }]);
    stop();
    reader.close();
  });

  it('one command writes the order, its lines and options, and their change-log rows in one transaction', async () => {
    const order = await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'dine_in', tableId: b.tables.t2, lines: [burgerLine(b), burgerLine(b)] } });
    const db = new Database(t.dbFile, { readonly: true });
    const rows = db.prepare("select tx_id, entity, entity_id, row_version from change_log where entity in ('order','order_line','order_line_option','dining_table') and tx_id = (select tx_id from change_log where entity = 'order' and entity_id = ?)").all(order.body.id) as Array<{ entity: string; entity_id: string }>;
    const count = (entity: string) => rows.filter((row) => row.entity === entity).length;
    expect({ order: count('order'), lines: count('order_line'), options: count('order_line_option'), table: count('dining_table') }).toEqual({ order: 1, lines: 2, options: 8, table: 1 });
    const image = JSON.parse((db.prepare("select row from change_log where entity = 'order' and entity_id = ? order by seq desc").get(order.body.id) as { row: string }).row);
    expect(image).toMatchObject({ id: order.body.id, total: order.body.totals.total, version: order.body.version });
    expect((await t.api('GET', '/healthz')).body.pendingChanges).toBe((db.prepare('select count(*) n from change_log').get() as { n: number }).n);
  });

  it('the change log never carries a PIN hash or a token', async () => {
    await r.signInAs('waiter', '8642');
    const db = new Database(t.dbFile, { readonly: true });
    const all = (db.prepare('select row from change_log').all() as Array<{ row: string }>).map((x) => x.row).join('\n');
    expect(all).not.toMatch(/scrypt|pin_?hash|token/i);
  });

  it('a price change or an 86 reaches the very next order (the cached menu follows every change)', async () => {
    const place = () => t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }] } });
    expect((await place()).body.totals.subtotal).toBe(800);
    expect((await place()).body.totals.subtotal).toBe(800);
    await t.api('PATCH', `/menu/items/${b.items.tart}`, { token: r.ownerToken, body: { price: 950 } });
    expect((await place()).body.totals.subtotal).toBe(950);
    await t.api('POST', `/menu/items/${b.items.tart}/availability`, { token: r.ownerToken, body: { available: false } });
    expect((await place()).body.error.code).toBe('ITEM_UNAVAILABLE');
    await t.api('POST', `/menu/items/${b.items.tart}/availability`, { token: r.ownerToken, body: { available: true } });
    const [a, c] = await Promise.all([place(), t.api('PATCH', `/menu/items/${b.items.tart}`, { token: r.ownerToken, body: { price: 1000 } })]);
    expect(c.status).toBe(200);
    // Racing the price change, the order gets one price or the other, never a mix.
    expect([950, 1000]).toContain(a.body.totals.subtotal);
    expect((await place()).body.totals.subtotal).toBe(1000);
  });
});
