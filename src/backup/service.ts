import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { copyDatabase, finishCopy, finishCopyOffThread, removeDatabaseFiles, type CopyProgress } from './copy.js';
import { backupDir, backupName, backupsToPrune, listBackups, type BackupFile, type BackupKind, type Retention } from './store.js';

export interface TakeOptions {
  /** See copyDatabase: a number on the box's own connection, 'all' from another process. */
  pagesPerStep: number | 'all';
  onProgress?: (p: CopyProgress) => void;
}

/**
 * The box's backups: taking a checked copy, listing, and rotation. A copy is written as
 * `<name>.partial`, checked, then renamed, so a crash or a full disk never leaves a file that looks
 * like a good backup. Used by the nightly job, the CLI and the migration guard.
 */
export class BackupService {
  readonly dir: string;
  private running: Promise<BackupFile> | null = null;

  constructor(
    private readonly source: Database.Database,
    private readonly retention: Retention,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = backupDir(source.name);
  }

  list(): BackupFile[] {
    return listBackups(this.dir);
  }

  /** The newest finished backup, if any. */
  latest(): BackupFile | undefined {
    return this.list()[0];
  }

  /** Takes an online copy, checks it, then prunes old copies. One at a time: a second call gets the first's result. */
  take(kind: BackupKind, options: TakeOptions): Promise<BackupFile> {
    this.running ??= this.copy(kind, options).finally(() => { this.running = null; });
    return this.running;
  }

  /**
   * A copy with `VACUUM INTO`, synchronous: for moments when nothing else runs (before migrations,
   * before a restore), where an async copy cannot be awaited.
   */
  takeNow(kind: BackupKind): BackupFile {
    const { file, partial } = this.paths(kind);
    try {
      this.source.prepare('VACUUM INTO ?').run(partial);
      finishCopy(partial, 'quick');
      fs.renameSync(partial, file);
    } catch (error) {
      removeDatabaseFiles(partial);
      throw error;
    }
    return this.describe(file);
  }

  /** Deletes the copies rotation no longer keeps; returns them. */
  prune(): BackupFile[] {
    const doomed = backupsToPrune(this.list(), this.retention, this.timeZone());
    for (const b of doomed) removeDatabaseFiles(b.file);
    return doomed;
  }

  private async copy(kind: BackupKind, options: TakeOptions): Promise<BackupFile> {
    const { file, partial } = this.paths(kind);
    try {
      await copyDatabase(this.source, partial, options);
      await finishCopyOffThread(partial, 'integrity');
      fs.renameSync(partial, file);
    } catch (error) {
      removeDatabaseFiles(partial);
      throw error;
    }
    this.prune();
    return this.describe(file);
  }

  private paths(kind: BackupKind): { file: string; partial: string } {
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, backupName(this.now(), kind));
    const partial = `${file}.partial`;
    removeDatabaseFiles(partial);
    return { file, partial };
  }

  private describe(file: string): BackupFile {
    return this.list().find((b) => b.file === file)!;
  }

  /** Rotation counts calendar days in the restaurant's time zone (UTC before set-up). */
  private timeZone(): string {
    try {
      const row = this.source.prepare('select time_zone as tz from restaurant where id = 1').get() as { tz: string } | undefined;
      return row?.tz ?? 'UTC';
    } catch {
      return 'UTC';
    }
  }
}
