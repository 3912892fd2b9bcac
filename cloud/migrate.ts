import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CloudDb } from './db.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies the cloud's SQL migrations in name order, each once, each in its own transaction, and
 * records them in cloud_migrations. An advisory lock keeps two starting services from racing.
 */
export async function migrateCloud(db: CloudDb): Promise<string[]> {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.transaction(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(424242)');
    await q.query('CREATE TABLE IF NOT EXISTS cloud_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await q.query<{ name: string }>('SELECT name FROM cloud_migrations')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = fs.readFileSync(path.join(DIR, file), 'utf8');
      await q.exec(sql);
      await q.query('INSERT INTO cloud_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
  });
  return applied;
}
