/**
 * Which database `npm run cloud:admin` works on. It is always named (DATABASE_URL, or --pglite DIR)
 * and must already be a cloud database: an operator who forgot DATABASE_URL must get an error, not
 * a new, empty embedded database in which a revoke "succeeds" while the real device stays live.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openPglite, openPostgres, type CloudDb } from './db.js';

export class AdminDbError extends Error {}

export interface AdminDbChoice {
  /** DATABASE_URL (empty counts as unset). */
  url: string | undefined;
  /** --pglite DIR */
  pglite: string | undefined;
  /** --create-db: the operator means to start a new database. */
  create: boolean;
}

/** The URL without its password, to say which server and database are used. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(a DATABASE_URL that is not a URL)';
  }
}

async function holdsCloudSchema(db: CloudDb): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>("SELECT to_regclass('public.cloud_migrations')::text AS t");
  return rows[0]?.t != null;
}

/**
 * Opens the named database, saying on stderr which one; refuses (AdminDbError, nothing created)
 * when none is named, when both are, or when it is not a cloud database yet and `create` is not set.
 */
export async function openAdminDb(choice: AdminDbChoice, say: (line: string) => void): Promise<CloudDb> {
  if (choice.url && choice.pglite) throw new AdminDbError('Both DATABASE_URL and --pglite are set: name one database (unset DATABASE_URL or drop --pglite). Nothing was done.');
  if (!choice.url && !choice.pglite) {
    throw new AdminDbError('Name the database: set DATABASE_URL=postgres://…, or pass --pglite DIR for the embedded database of `npm run cloud` '
      + '(its CLOUD_DATA_DIR, ./data/cloud by default). Nothing was done.');
  }
  let db: CloudDb;
  let name: string;
  if (choice.url) {
    name = `PostgreSQL ${describeUrl(choice.url)}`;
    db = openPostgres(choice.url, 2);
  } else {
    const dir = path.resolve(choice.pglite!);
    name = `embedded PGlite at ${dir}`;
    // Opening PGlite on a directory without a database creates one: look before opening.
    if (!fs.existsSync(path.join(dir, 'PG_VERSION')) && !choice.create) {
      throw new AdminDbError(`No cloud database at ${dir}. Check the path (the cloud's CLOUD_DATA_DIR), or add --create-db to start a new one there. Nothing was done.`);
    }
    db = await openPglite(dir);
  }
  try {
    if (!(await holdsCloudSchema(db)) && !choice.create) {
      throw new AdminDbError(`${name} is not a cloud database yet (no cloud_migrations table). Check DATABASE_URL, or add --create-db to set it up. Nothing was done.`);
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  say(`Using ${name}.`);
  return db;
}
