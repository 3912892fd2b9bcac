/**
 * A migrated cloud database to clone on the PostgreSQL of TEST_DATABASE_URL. Running the cloud's
 * migrations takes 1–2 s per fresh database and about 40 test files each start one; `CREATE
 * DATABASE … TEMPLATE` copies the migrated one in a fraction of that. The template is named after a
 * hash of the migration files (names and contents), so a branch that adds or edits a migration gets
 * a template of its own, and one built by a test run that died half-way is never used (it is only
 * marked a template once every migration is in).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgres } from '../../cloud/db.js';
import { migrateCloud } from '../../cloud/migrate.js';

const MIGRATIONS = fileURLToPath(new URL('../../cloud/migrations/', import.meta.url));
/** Any fixed key: test runs on the same server take it in turn to build a template. */
const BUILD_LOCK = 7_340_021;

function migrationsHash(): string {
  const hash = crypto.createHash('sha256');
  for (const file of fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(MIGRATIONS, file))).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const withUrlDatabase = (baseUrl: string, name: string): string => {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/** Per process: the template is looked up (or built) once. */
let ready: Promise<string> | null = null;

/** The name of the migrated template database on `baseUrl`'s server, built under a lock if missing. */
export function migratedTemplate(baseUrl: string): Promise<string> {
  ready ??= buildTemplate(baseUrl).catch((e: unknown) => { ready = null; throw e; });
  return ready;
}

async function buildTemplate(baseUrl: string): Promise<string> {
  const name = `brigade_tpl_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [BUILD_LOCK]);
    const found = (await admin.query<{ datistemplate: boolean }>('SELECT datistemplate FROM pg_database WHERE datname = $1', [name])).rows[0];
    if (found?.datistemplate) return name;
    // Left half-built by a run that died: start again.
    if (found) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const db = openPostgres(withUrlDatabase(baseUrl, name), 1);
    try { await migrateCloud(db); } finally { await db.close(); }
    await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
    return name;
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK]).catch(() => undefined);
    await admin.end();
  }
}

/** A new database `name` on `baseUrl`'s server holding every cloud migration (cloned from the template); its URL. */
export async function createMigratedDatabase(baseUrl: string, name: string): Promise<string> {
  const template = await migratedTemplate(baseUrl);
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return withUrlDatabase(baseUrl, name);
}
