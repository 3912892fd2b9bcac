import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, MIGRATIONS_DIR, openDatabase } from '../src/db/open.js';
import { newId } from './helpers/fixtures.js';

/**
 * Migration 0005 gives payments, refunds and line voids a business day. Rows written by an earlier
 * release get the day of their created_at in the restaurant's time zone and day-start hour.
 */
const temps: string[] = [];
afterEach(() => { for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true }); });
const tempDir = (name: string) => { const dir = fs.mkdtempSync(path.join(os.tmpdir(), `brigade-${name}-`)); temps.push(dir); return dir; };

/** The migrations folder as the release before reports shipped it (0000–0004). */
function releaseBeforeReports(): string {
  const dir = tempDir('migrations');
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const file = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: Array<{ tag: string }> };
  const at = journal.entries.findIndex((e) => e.tag === '0005_reports');
  expect(at).toBeGreaterThan(0);
  fs.writeFileSync(file, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }, null, 2));
  return dir;
}

const T0 = Date.UTC(2026, 0, 15, 12);
/** 01:30 in Paris on 16 January: still the 15th's business day (day start 04:00). */
const AFTER_MIDNIGHT = Date.UTC(2026, 0, 16, 0, 30);
/** 10:00 in Paris on 16 January. */
const NEXT_MORNING = Date.UTC(2026, 0, 16, 9, 0);

describe('upgrading a box to the reports release', () => {
  it('gives old payments, refunds and voids the business day of their time in the restaurant\'s zone, before and after the day-start hour', () => {
    const file = path.join(tempDir('data'), 'brigade.db');
    const old = openDatabase(file, releaseBeforeReports());
    const ids = { owner: newId(), category: newId(), item: newId(), order: newId(), line: newId(), late: newId(), morning: newId(), refund: newId(), void: newId() };
    const insert = (table: string, row: Record<string, unknown>) =>
      old.$client.prepare(`insert into ${table} (${Object.keys(row).join(', ')}) values (${Object.keys(row).map(() => '?').join(', ')})`).run(...Object.values(row));
    old.$client.transaction(() => {
      insert('restaurant', { id: 1, location_id: newId(), device_id: newId(), epoch: 1, name: 'Bistro', currency: 'EUR', time_zone: 'Europe/Paris', day_start_hour: 4,
        tax_mode: 'exclusive', discount_limit_bp: 1000, service_charge_bp: 0, menu_version: 1, version: 1, created_at: T0, updated_at: T0 });
      insert('staff', { id: ids.owner, name: 'Olga', role: 'owner', pin_hash: 'x', active: 1, version: 1, created_at: T0, updated_at: T0 });
      insert('categories', { id: ids.category, name: 'Plats', sort_order: 0, version: 1, created_at: T0, updated_at: T0 });
      insert('menu_items', { id: ids.item, category_id: ids.category, name: 'Soupe', description: '', price: 1000, tax_rate_bp: 1000, station: 'cold', tags: '[]', allergens: '[]',
        sort_order: 0, available: 1, version: 1, created_at: T0, updated_at: T0 });
      insert('orders', { id: ids.order, number: 1, business_day: '2026-01-15', type: 'takeaway', source: 'waiter', status: 'completed', guest_count: 1, staff_id: ids.owner,
        service_charge_bp: 0, tax_mode: 'exclusive', currency: 'EUR', subtotal: 2000, discount_total: 0, service_charge: 0, tax_total: 200, total: 2200, paid: 2200, tips: 0,
        refunded: 300, request_hash: 'h', version: 3, created_at: T0, updated_at: T0 });
      insert('order_lines', { id: ids.line, order_id: ids.order, item_id: ids.item, name: 'Soupe', unit_price: 1000, options_price: 0, tax_rate_bp: 1000, station: 'cold',
        quantity: 1, course: 1, state: 'voided', sort_order: 0, staff_id: ids.owner, version: 2, created_at: T0, updated_at: T0 });
      insert('line_voids', { id: ids.void, line_id: ids.line, order_id: ids.order, was_fired: 0, amount: 1100, reason: 'twice', staff_id: ids.owner, created_at: T0 });
      const pay = (id: string, at: number) => insert('payments', { id, order_id: ids.order, method: 'card', amount: 1100, tip: 0, change: 0, allocation: '{"kind":"amount"}',
        staff_id: ids.owner, created_at: at });
      pay(ids.late, AFTER_MIDNIGHT);
      pay(ids.morning, NEXT_MORNING);
      insert('refunds', { id: ids.refund, payment_id: ids.morning, order_id: ids.order, amount: 300, reason: 'cold', staff_id: ids.owner, created_at: NEXT_MORNING });
    })();
    closeDatabase(old);

    const upgraded = openDatabase(file);
    try {
      const day = (table: string, id: string) => (upgraded.$client.prepare(`select business_day as d from ${table} where id = ?`).get(id) as { d: string }).d;
      expect(day('line_voids', ids.void)).toBe('2026-01-15');
      expect(day('payments', ids.late)).toBe('2026-01-15');
      expect(day('payments', ids.morning)).toBe('2026-01-16');
      expect(day('refunds', ids.refund)).toBe('2026-01-16');
      expect(upgraded.$client.prepare('select count(*) as n from z_reports').get()).toEqual({ n: 0 });
    } finally {
      closeDatabase(upgraded);
    }
  });
});
