import type Database from 'better-sqlite3';
import { uuidV7Ids } from '../../src/lib/clock.js';

/**
 * Writes restaurant-shaped transactions straight into a box's change log (as `ctx.change` would):
 * per order one transaction with the order, `linesPer` lines, a payment and `stockPer` stock
 * movements. Used for backlogs too big to make through the API in a test's time.
 */
export function fillLog(client: Database.Database, orders: number, options: { linesPer?: number; stockPer?: number; createdAt?: number } = {}): number {
  const linesPer = options.linesPer ?? 1;
  const stockPer = options.stockPer ?? 2;
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
      add(tx, 'order', { id: orderId, number: i + 1, businessDay: '2026-11-29', status: 'completed', total: 1000 * linesPer, paid: 1000 * linesPer, version: 3, createdAt: at });
      for (let l = 0; l < linesPer; l++) add(tx, 'order_line', { id: uuidV7Ids.next(), orderId, itemId: 'item-1', quantity: 1, unitPrice: 1000, state: 'served', version: 2 });
      add(tx, 'payment', { id: uuidV7Ids.next(), orderId, method: 'card', amount: 1000 * linesPer, tip: 0, createdAt: at }, 'insert');
      for (let s = 0; s < stockPer; s++) {
        add(tx, 'stock_movement', { id: uuidV7Ids.next(), ingredientId: `ing-${s % 7}`, kind: 'sale', quantity: -(125 + s), createdAt: at, businessDay: '2026-11-29', orderId, lineId: null, staffId: null, reason: null }, 'insert');
      }
    }
  }).immediate();
  return n;
}
