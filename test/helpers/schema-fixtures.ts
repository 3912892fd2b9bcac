/**
 * The committed databases made by each earlier box release (scripts/fixtures/make-schema-fixtures.ts),
 * and what a test compares before and after an upgrade: plain SQL on the file, so the figures come
 * from the rows themselves and not from the code being tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { FixtureManifest } from '../../scripts/fixtures/make-schema-fixtures.js';

export type { FixtureManifest };
export const SCHEMA_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/schemas/', import.meta.url));

export interface SchemaFixture { manifest: FixtureManifest; file: string }

/** Every committed fixture, oldest schema first. */
export function schemaFixtures(): SchemaFixture[] {
  return fs.readdirSync(SCHEMA_FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => ({
    manifest: JSON.parse(fs.readFileSync(path.join(SCHEMA_FIXTURES_DIR, f), 'utf8')) as FixtureManifest,
    file: path.join(SCHEMA_FIXTURES_DIR, f.replace(/\.json$/, '.db')),
  }));
}

export interface DataSnapshot {
  /** Rows per table (not drizzle's own bookkeeping). */
  counts: Record<string, number>;
  orders: Array<{ id: string; number: number; status: string; total: number; paid: number }>;
  lines: Array<{ id: string; state: string; quantity: number }>;
  payments: { count: number; amount: number; tip: number };
  refunds: { count: number; amount: number };
  /** On hand per ingredient: the cached level and the sum of the movements (thousandths of the base unit). */
  stock: Array<{ ingredientId: string; onHand: number; movements: number }>;
  z: Array<{ number: number; businessDay: string; totals: unknown }>;
  migrations: number;
  lastActivity: number;
}

const hasTable = (db: Database.Database, name: string) => db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;

/** Reads `file` without writing to it. */
export function snapshotData(file: string): DataSnapshot {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name <> '__drizzle_migrations' order by name").all() as Array<{ name: string }>).map((t) => t.name);
    const counts = Object.fromEntries(tables.map((t) => [t, (db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n]));
    const all = <T>(sql: string) => db.prepare(sql).all() as T[];
    return {
      counts,
      orders: all('select id, number, status, total, paid from orders order by id'),
      lines: all('select id, state, quantity from order_lines order by id'),
      payments: db.prepare('select count(*) as count, coalesce(sum(amount), 0) as amount, coalesce(sum(tip), 0) as tip from payments').get() as DataSnapshot['payments'],
      refunds: hasTable(db, 'refunds') ? db.prepare('select count(*) as count, coalesce(sum(amount), 0) as amount from refunds').get() as DataSnapshot['refunds'] : { count: 0, amount: 0 },
      stock: hasTable(db, 'stock_levels')
        ? all('select l.ingredient_id as ingredientId, l.on_hand as onHand, (select coalesce(sum(quantity), 0) from stock_movements m where m.ingredient_id = l.ingredient_id) as movements from stock_levels l order by l.ingredient_id')
        : [],
      z: hasTable(db, 'z_reports')
        ? all<{ number: number; businessDay: string; totals: string }>('select number, business_day as businessDay, totals from z_reports order by number').map((z) => ({ ...z, totals: JSON.parse(z.totals) }))
        : [],
      migrations: (db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n,
      lastActivity: (db.prepare('select max(created_at) as at from orders').get() as { at: number }).at,
    };
  } finally {
    db.close();
  }
}
