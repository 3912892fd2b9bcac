/**
 * A fresh cloud database for a bench scenario: `name` dropped and created on the server of
 * TEST_DATABASE_URL / DATABASE_URL (or 127.0.0.1:5432) when one answers, else in-memory PGlite.
 */
import pg from 'pg';
import { openPglite, openPostgres, type CloudDb } from '../../cloud/db.js';

export async function benchCloudDatabase(name: string): Promise<{ db: CloudDb; kind: 'postgres' | 'pglite' }> {
  const base = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { db: openPostgres(url.toString()), kind: 'postgres' };
  } catch {
    return { db: await openPglite(), kind: 'pglite' };
  } finally {
    await admin.end().catch(() => {});
  }
}
