import fs from 'node:fs';
import path from 'node:path';

/** Why a backup was made: the nightly job, a person at the console, before migrating, or before a restore replaced the data. */
export type BackupKind = 'scheduled' | 'manual' | 'pre-migration' | 'pre-restore';

export interface BackupFile {
  file: string;
  name: string;
  kind: BackupKind;
  /** When the copy was taken (UTC epoch ms), from the file name. */
  at: number;
  bytes: number;
}

/** How many scheduled copies to keep: the newest of each of the last N days, weeks and months. */
export interface Retention {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_RETENTION: Retention = { daily: 7, weekly: 4, monthly: 12 };

const NAME = /^brigade-(\d{8})T(\d{6})(\d{3})Z-(scheduled|manual|pre-migration|pre-restore)\.db$/;

/** Backups live next to the database, in `<data dir>/backups`. */
export function backupDir(dbFile: string): string {
  return path.join(path.dirname(dbFile), 'backups');
}

/** `brigade-20261204T043000123Z-scheduled.db`: sorts by time, and says what made it. */
export function backupName(at: number, kind: BackupKind): string {
  const iso = new Date(at).toISOString(); // 2026-12-04T04:30:00.123Z
  const stamp = iso.slice(0, 10).replaceAll('-', '') + 'T' + iso.slice(11, 19).replaceAll(':', '') + iso.slice(20, 23) + 'Z';
  return `brigade-${stamp}-${kind}.db`;
}

export function parseBackupName(name: string): { at: number; kind: BackupKind } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [d, t, ms] = [m[1]!, m[2]!, m[3]!];
  const at = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6), +ms);
  return { at, kind: m[4] as BackupKind };
}

/** Finished backups in `dir`, newest first (copies still being written end in `.partial` and are skipped). */
export function listBackups(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  const found: BackupFile[] = [];
  for (const name of fs.readdirSync(dir)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const file = path.join(dir, name);
    found.push({ file, name, ...parsed, bytes: fs.statSync(file).size });
  }
  return found.sort((a, b) => b.at - a.at);
}

/**
 * Which backups rotation removes. Scheduled and manual copies share one grandfather-father-son
 * scheme: the newest copy of each of the last `daily` days, `weekly` ISO weeks and `monthly`
 * months (calendar days in the restaurant's time zone) is kept. Pre-migration and pre-restore
 * copies are the way back from an upgrade or a wrong restore: the newest 3 of each are kept.
 * The newest backup is never removed.
 */
export function backupsToPrune(backups: readonly BackupFile[], retention: Retention, timeZone: string): BackupFile[] {
  const sorted = [...backups].sort((a, b) => b.at - a.at);
  const keep = new Set<BackupFile>(sorted.slice(0, 1));
  const regular = sorted.filter((b) => b.kind === 'scheduled' || b.kind === 'manual');
  const keepNewestPer = (key: (b: BackupFile) => string, count: number) => {
    const seen = new Set<string>();
    for (const b of regular) {
      const k = key(b);
      if (seen.has(k)) continue;
      if (seen.size >= count) break;
      seen.add(k);
      keep.add(b);
    }
  };
  keepNewestPer((b) => localDate(b.at, timeZone), retention.daily);
  keepNewestPer((b) => isoWeek(localDate(b.at, timeZone)), retention.weekly);
  keepNewestPer((b) => localDate(b.at, timeZone).slice(0, 7), retention.monthly);
  for (const kind of ['pre-migration', 'pre-restore'] as const) {
    for (const b of sorted.filter((x) => x.kind === kind).slice(0, 3)) keep.add(b);
  }
  return sorted.filter((b) => !keep.has(b));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD' of an instant in a time zone. */
function localDate(at: number, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f.format(new Date(at));
}

/** ISO week of a 'YYYY-MM-DD' date, as 'YYYY-Www'. */
function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  const week = 1 + Math.round((d.getTime() - Date.UTC(year, 0, 4)) / (7 * 86_400_000) - ((new Date(Date.UTC(year, 0, 4)).getUTCDay() + 6) % 7 - 3) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
