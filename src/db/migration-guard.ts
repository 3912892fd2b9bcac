import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { BackupService } from '../backup/service.js';
import { DEFAULT_RETENTION } from '../backup/store.js';

interface JournalEntry { when: number; tag: string }

/** The box refuses to open a database a newer Brigade has migrated: its code would misread the data. */
export class DatabaseNewerThanCodeError extends Error {
  constructor(readonly dbFile: string, readonly unknownMigrations: number) {
    super(`The database ${dbFile} was upgraded by a newer Brigade (${unknownMigrations} migration(s) this version does not know). `
      + 'Install that newer version again (git checkout / npm ci of the release that made it), or restore a backup taken before the upgrade: '
      + 'npm run cli -- backup list, then npm run cli -- backup restore <file> (the pre-migration copy is the way back).');
    this.name = 'DatabaseNewerThanCodeError';
  }
}

/**
 * Runs before drizzle's migrator: refuses a database that is ahead of this code, and copies a
 * database that has migrations pending into the backups (kind `pre-migration`), so an upgrade that
 * goes wrong can be undone. A new, empty database needs neither.
 */
export function guardMigrations(sqlite: Database.Database, migrationsDir: string): void {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsDir, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  const known = new Set(journal.entries.map((e) => e.when));
  const newestKnown = Math.max(...known);
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get() !== undefined;
  if (!hasTable) return;
  const applied = (sqlite.prepare('select created_at as at from __drizzle_migrations').all() as Array<{ at: number | string }>).map((r) => Number(r.at));
  if (applied.length === 0) return;
  const unknown = applied.filter((at) => !known.has(at) && at > newestKnown).length;
  if (unknown > 0) throw new DatabaseNewerThanCodeError(sqlite.name, unknown);
  const last = Math.max(...applied);
  const pending = journal.entries.filter((e) => e.when > last);
  if (pending.length > 0) new BackupService(sqlite, DEFAULT_RETENTION).takeNow('pre-migration');
}
