import Database from 'better-sqlite3';
import { cliConfig, databaseExists } from '../box.js';
import type { Command } from '../command.js';
import { EXIT, UsageError } from '../io.js';
import { progressReporter } from '../progress.js';
import { AppError } from '../../errors.js';
import { BackupService } from '../../backup/service.js';
import { PAGES_PER_STEP } from '../../backup/copy.js';
import { runningBox } from '../../backup/box-lock.js';
import { restoreBackup } from '../../backup/restore.js';
import { backupDir, listBackups } from '../../backup/store.js';
import { offboxStatus, type OffboxStatus } from '../../backup/offbox/status.js';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `backup now`: an online copy, checked, in the backups dir; the box may keep running. */
export const backupNowCommand: Command = {
  words: ['backup', 'now'],
  summary: 'Take a backup of the database now (online: the box may keep running)',
  usage: `npm run cli -- backup now

  Writes <data dir>/backups/brigade-<UTC time>-manual.db after SQLite's integrity check of the copy,
  then prunes old copies (BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY).`,
  options: {},
  async run(_v, io) {
    const config = cliConfig(io.env);
    if (!databaseExists(config)) throw new AppError('NOT_INITIALIZED', `No database in ${config.dataDir} to back up.`);
    const db = new Database(config.dbFile, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    try {
      const backups = new BackupService(db, config.backup.retention);
      // Beside a running box, one snapshot step: its writes would restart a stepped copy (copy.ts).
      const pagesPerStep = runningBox(config.dataDir) ? 'all' : PAGES_PER_STEP;
      const progress = progressReporter(io, 'Copying');
      const made = await backups.take('manual', {
        pagesPerStep,
        onProgress: (p) => progress.update(p.totalPages - p.remainingPages, p.totalPages),
      });
      progress.finish();
      io.out(`Backup written and checked: ${made.file} (${mb(made.bytes)})`);
    } finally {
      db.close();
    }
    return EXIT.ok;
  },
};

/** `backup list`: the copies on the box, newest first. */
export const backupListCommand: Command = {
  words: ['backup', 'list'],
  summary: 'List the backups on the box, newest first',
  usage: `npm run cli -- backup list [--json]

  Also says which backup the cloud holds as the off-box copy, and how old it is
  (with --json: "offbox": true on that backup).`,
  options: { json: { type: 'boolean' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const backups = listBackups(backupDir(config.dbFile));
    const offbox = offboxStatus(config.dataDir, Date.now());
    if (v.json) {
      io.out(JSON.stringify(backups.map((b) => ({ ...b, at: new Date(b.at).toISOString(), offbox: b.name === offbox.last?.backupName })), null, 2));
      return EXIT.ok;
    }
    if (backups.length === 0) io.out(`No backups yet in ${backupDir(config.dbFile)}. Take one: npm run cli -- backup now`);
    for (const b of backups) io.out(`${b.name}  ${new Date(b.at).toISOString()}  ${b.kind.padEnd(13)}  ${mb(b.bytes)}${b.name === offbox.last?.backupName ? '  (in the cloud)' : ''}`);
    io.out(describeOffbox(offbox));
    return EXIT.ok;
  },
};

/** `backup restore <file>`: replace the database with a backup, the box stopped. */
export const backupRestoreCommand: Command = {
  words: ['backup', 'restore'],
  summary: 'Replace the database with a backup (stop the box first); the cloud then gets everything again',
  usage: `npm run cli -- backup restore <file or name from "backup list">

  Refuses while the box runs. The current database is kept as a pre-restore backup. Sync starts a
  new epoch: the cloud receives the restored changes again and keeps what it already had.
  Orders taken after the backup are on the box no more; those the cloud had are still in the cloud.`,
  options: {},
  positionals: 1,
  async run(_v, io, positionals) {
    const config = cliConfig(io.env);
    const file = positionals[0];
    if (!file) throw new UsageError('Say which backup to restore.', backupRestoreCommand.usage);
    const result = restoreBackup(config.dbFile, file);
    if (result.previous) io.out(`The database as it was is kept in ${result.previous.file}.`);
    io.out(`Restored ${result.restored}. Sync starts epoch ${result.epoch}. Start the box again (sudo systemctl start brigade).`);
    return EXIT.ok;
  },
};

/** One line on the off-box copy for people: where it stands and, when it does not run, why. */
export function describeOffbox(s: OffboxStatus): string {
  const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;
  const parts = [s.last ? `Off-box copy: ${s.last.backupName} (${hours(s.ageSeconds!)} old) is in the cloud.` : 'Off-box copy: none in the cloud yet.'];
  if (!s.keyed) parts.push('It is off until an owner makes a recovery code: npm run cli -- backup recovery-code');
  if (s.uploading) parts.push(`Uploading ${s.uploading.backupName}: ${s.uploading.chunksDone}/${s.uploading.chunkCount} chunks.`);
  if (s.lastError) parts.push(`Last error (${new Date(s.lastErrorAt!).toISOString()}): ${s.lastError}`);
  return parts.join(' ');
}
