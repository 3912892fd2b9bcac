import type Database from 'better-sqlite3';
import { uuidV7Ids } from '../../src/lib/clock.js';

export interface FillOptions {
  linesPer?: number;
  stockPer?: number;
  /** Every n-th order is paid in two payments (a split bill); 0: never. */
  splitEvery?: number;
  createdAt?: number;
}

/**
 * Writes restaurant-shaped transactions straight into a box's change log (as `ctx.change` would):
 * per order one transaction with the order, `linesPer` lines, a payment (two for every
 * `splitEvery`-th order) and `stockPer` stock movements. Used by tests and the sync bench for
 * backlogs too big to make through the API in their time. Returns the number of changes written.
 */
export function fillLog(client: Database.Database, orders: number, options: FillOptions = {}): number {
  const linesPer = options.linesPer ?? 1;
  const stockPer = options.stockPer ?? 2;
  const splitEvery = options.splitEvery ?? 0;
  const at = options.createdAt ?? Date.now();
  const insert = client.prepare('insert into change_log (tx_id, entity, entity_id, op, row, row_version, schema_version, created_at) values (?, ?, ?, ?, ?, ?, 1, ?)');
  let n = 0;
  const add = (tx: string, entity: string, row: Record<string, unknown>, op = 'upsert') => {
    insert.run(tx, entity, String(row.id), op, JSON.stringify(row), typeof row.version === 'number' ? row.version : 1, at);
    n++;
  };
  client.transaction(() => {
    for (let i = 0; i < orders; i++) {
      const tx = uuidV7Ids.next();
      const orderId = uuidV7Ids.next();
      const total = 1000 * linesPer;
      add(tx, 'order', { id: orderId, number: i + 1, businessDay: '2026-11-29', status: 'completed', total, paid: total, version: 3, createdAt: at });
      for (let l = 0; l < linesPer; l++) add(tx, 'order_line', { id: uuidV7Ids.next(), orderId, itemId: 'item-1', quantity: 1, unitPrice: 1000, state: 'served', version: 2 });
      const split = splitEvery > 0 && (i + 1) % splitEvery === 0;
      const amounts = split ? [total - Math.floor(total / 2), Math.floor(total / 2)] : [total];
      for (const amount of amounts) add(tx, 'payment', { id: uuidV7Ids.next(), orderId, method: 'card', amount, tip: 0, createdAt: at }, 'insert');
      for (let s = 0; s < stockPer; s++) {
        add(tx, 'stock_movement', { id: uuidV7Ids.next(), ingredientId: `ing-${s % 7}`, kind: 'sale', quantity: -(125 + s), createdAt: at, businessDay: '2026-11-29', orderId, lineId: null, staffId: null, reason: null }, 'insert');
      }
    }
  }).immediate();
  return n;
}
