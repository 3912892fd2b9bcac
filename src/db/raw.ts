import type { Db } from './open.js';

/**
 * Plain SQL for the hottest write paths (placing an order), where building queries through
 * drizzle costs more than running them. Statements are compiled once per SQL text by the
 * connection's cache (see open.ts). Values are stored exactly as drizzle stores them: booleans as
 * 0/1, JSON columns as JSON text.
 */
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const sqlCache = new Map<string, string>();

function toSqlValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

/** Inserts a row given as a camelCase object (its keys in a stable order give one cached statement). */
export function insertRow(db: Db, table: string, row: Record<string, unknown>): void {
  const keys = Object.keys(row);
  const cacheKey = `${table}:${keys.join(',')}`;
  let sql = sqlCache.get(cacheKey);
  if (!sql) {
    sql = `insert into ${table} (${keys.map(snake).join(', ')}) values (${keys.map(() => '?').join(', ')})`;
    sqlCache.set(cacheKey, sql);
  }
  db.$client.prepare(sql).run(...keys.map((k) => toSqlValue(row[k])));
}

/** Rows whose `column` is one of `values`, with one statement whatever the number of values (json_each). */
export function selectIn<T>(db: Db, sqlBeforeIn: string, values: readonly string[]): T[] {
  if (values.length === 0) return [];
  return db.$client.prepare(`${sqlBeforeIn} in (select value from json_each(?))`).all(JSON.stringify(values)) as T[];
}

/**
 * Updates a row given as a complete camelCase object, matched on `key` (every other key is set).
 * Used where a whole row image is written back (a line's new state, an order's new totals).
 */
export function updateRow(db: Db, table: string, row: Record<string, unknown>, key = 'id'): void {
  const keys = Object.keys(row).filter((k) => k !== key);
  const cacheKey = `update:${table}:${key}:${keys.join(',')}`;
  let sql = sqlCache.get(cacheKey);
  if (!sql) {
    sql = `update ${table} set ${keys.map((k) => `${snake(k)} = ?`).join(', ')} where ${snake(key)} = ?`;
    sqlCache.set(cacheKey, sql);
  }
  db.$client.prepare(sql).run(...keys.map((k) => toSqlValue(row[k])), row[key]);
}
