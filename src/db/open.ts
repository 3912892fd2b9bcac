import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { businessDay } from '../lib/business-day.js';
import { guardMigrations } from './migration-guard.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens (creating if needed) the box database and applies pending migrations (after a backup of
 * the database as it was; a database newer than this code is refused: see migration-guard.ts).
 * Pragmas per architecture §1: WAL with synchronous=FULL so an acknowledged write survives power loss;
 * foreign keys enforced; a busy timeout so a CLI process and the server can share the file.
 */
export function openDatabase(file: string, migrationsDir = MIGRATIONS_DIR): Db {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cacheStatements(sqlite);
  registerFunctions(sqlite);
  const db = drizzle(sqlite, { schema });
  try {
    guardMigrations(sqlite, migrationsDir);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  migrate(db, { migrationsFolder: migrationsDir });
  return db;
}

/**
 * SQL functions the migrations use. `brigade_business_day(epoch_ms, time_zone, day_start_hour)` is
 * the box's business-day rule (lib/business-day.ts) for backfills: SQLite has no time zones.
 */
function registerFunctions(sqlite: Database.Database): void {
  sqlite.function('brigade_business_day', { deterministic: true }, (at: unknown, timeZone: unknown, dayStartHour: unknown) =>
    (typeof at === 'number' || typeof at === 'bigint') && typeof timeZone === 'string' && (typeof dayStartHour === 'number' || typeof dayStartHour === 'bigint')
      ? businessDay(Number(at), timeZone, Number(dayStartHour)) : '');
}

export function closeDatabase(db: Db): void {
  if (db.$client.open) db.$client.close();
}

const STATEMENT_CACHE_SIZE = 2000;

/**
 * drizzle prepares every query anew; compiling SQL is most of the cost of a small query. Keeping
 * compiled statements by their SQL text makes repeated queries several times cheaper. Reuse is
 * safe because commands run one at a time on this connection and nothing here iterates a
 * statement lazily; a reused reader is put back in object mode, as drizzle expects.
 */
function cacheStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  const cached = (source: string): Database.Statement => {
    const hit = cache.get(source);
    if (hit) {
      if (hit.reader) hit.raw(false);
      return hit;
    }
    const statement = prepare(source);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(source, statement);
    return statement;
  };
  sqlite.prepare = cached as typeof sqlite.prepare;
}
