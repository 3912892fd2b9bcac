import fs from 'node:fs';
import net from 'node:net';
import Database from 'better-sqlite3';
import type { Config } from '../config.js';
import { backupDir, listBackups } from '../backup/store.js';
import { lastWrittenAt } from '../db/last-written.js';
import { offboxStatus } from '../backup/offbox/status.js';
import { parseTcpAddress } from '../../printers/transport/tcp.js';

/** One finding of `doctor`: what was looked at, what was seen, and what to do when it is wrong. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorOptions {
  /** Below this many free bytes, or this share of the disk, the disk check fails. */
  minFreeBytes?: number;
  minFreeShare?: number;
  maxBackupAgeHours?: number;
  maxWalBytes?: number;
  maxClockSkewMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB`;

/**
 * The box's health as someone at its console needs it (`npm run cli -- doctor`): every check says
 * what it found and, when wrong, what to do. Reads only: the database is opened read-only.
 */
export async function runDoctor(config: Config, options: DoctorOptions = {}): Promise<Check[]> {
  const o = { minFreeBytes: 512 * MB, minFreeShare: 0.05, maxBackupAgeHours: 36, maxWalBytes: 64 * MB, maxClockSkewMs: 60_000, timeoutMs: 3000, now: Date.now, ...options };
  const checks: Check[] = [diskSpace(config, o.minFreeBytes, o.minFreeShare)];
  if (!fs.existsSync(config.dbFile)) {
    checks.push({ name: 'database', ok: false, detail: `no database at ${config.dbFile}`, fix: 'Check DATA_DIR; a new box creates its database on first start (npm start).' });
    return checks;
  }
  const db = new Database(config.dbFile, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  try {
    checks.push(quickCheck(db), walSize(config.dbFile, o.maxWalBytes), backupAge(config, o.maxBackupAgeHours, o.now()), clockAgainstDatabase(db, o.now(), o.maxClockSkewMs));
    checks.push(...await printers(db, o.timeoutMs));
    const cloudChecks = await cloud(config, db, o.maxClockSkewMs, o.timeoutMs, o.now);
    checks.push(...cloudChecks);
    if (cloudChecks[0]?.name !== 'cloud') checks.push(offboxAge(config, o.maxBackupAgeHours + 12, o.now()));
  } finally {
    db.close();
  }
  return checks;
}

/** A wall clock behind what the box already wrote (a Pi booted without network, a hand-set clock). */
function clockAgainstDatabase(db: Database.Database, now: number, maxSkewMs: number): Check {
  const last = lastWrittenAt(db);
  const behind = last - now;
  const ok = behind <= maxSkewMs;
  return { name: 'clock against the database', ok,
    detail: ok ? 'the clock is past the last time the box wrote' : `the clock is ${Math.round(behind / 60_000)} min behind the last time the box wrote (${new Date(last).toISOString()})`,
    fix: ok ? undefined : 'Set the time right (timedatectl set-ntp true; a Raspberry Pi needs the network or an RTC at boot). Meanwhile the box keeps time on from its last write, so orders stay in order.' };
}

function diskSpace(config: Config, minFree: number, minShare: number): Check {
  const dir = fs.existsSync(config.dataDir) ? config.dataDir : '.';
  const s = fs.statfsSync(dir);
  const free = s.bavail * s.bsize;
  const share = s.blocks > 0 ? s.bavail / s.blocks : 0;
  const ok = free >= minFree && share >= minShare;
  return { name: 'disk space', ok, detail: `${mb(free)} free (${Math.round(share * 100)} %) for ${dir}`,
    fix: ok ? undefined : 'Free space: old backups (npm run cli -- backup list; rotation keeps BACKUP_KEEP_*), journal logs (journalctl --vacuum-size=100M), or use a larger SD card / disk. With a full disk the box refuses orders (DISK_FULL).' };
}

function quickCheck(db: Database.Database): Check {
  const result = String(db.pragma('quick_check', { simple: true }));
  return { name: 'database quick_check', ok: result === 'ok', detail: result,
    fix: result === 'ok' ? undefined : 'The database file is damaged. Stop the box and restore the newest good backup: npm run cli -- backup list, then backup restore <file>.' };
}

function walSize(dbFile: string, max: number): Check {
  const size = fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0;
  return { name: 'WAL size', ok: size <= max, detail: mb(size),
    fix: size <= max ? undefined : 'The write-ahead log is not being folded back: something holds a long read (a stuck CLI or backup?). Restart the box; if it grows again, report it with the box logs.' };
}

function backupAge(config: Config, maxHours: number, now: number): Check {
  const latest = listBackups(backupDir(config.dbFile))[0];
  if (!latest) {
    return { name: 'backup age', ok: false, detail: 'no backup yet',
      fix: `Take one now: npm run cli -- backup now. The box takes one nightly at ${config.backup.time ?? '(off: BACKUP_TIME=off)'}.` };
  }
  const hours = (now - latest.at) / 3_600_000;
  const ok = hours <= maxHours;
  return { name: 'backup age', ok, detail: `newest ${latest.name}, ${hours.toFixed(1)} h old`,
    fix: ok ? undefined : 'The nightly backup has not run: is the box running at BACKUP_TIME, is BACKUP_TIME off, is the disk full? Check the log (journalctl -u brigade | grep backup) and run: npm run cli -- backup now.' };
}

/** With a cloud configured: the off-box copy is on (a recovery code was made) and recent. */
function offboxAge(config: Config, maxHours: number, now: number): Check {
  const s = offboxStatus(config.dataDir, now);
  const name = 'off-box copy';
  if (!s.keyed) {
    return { name, ok: false, detail: 'off: no recovery code on this box',
      fix: 'With the owner present: npm run cli -- backup recovery-code, and keep the printed code on paper. The box then uploads its newest backup, encrypted.' };
  }
  if (!s.last) {
    return { name, ok: false, detail: s.uploading ? `first copy uploading (${s.uploading.chunksDone}/${s.uploading.chunkCount} chunks)${s.lastError ? `; last error: ${s.lastError}` : ''}` : `none in the cloud yet${s.lastError ? `; last error: ${s.lastError}` : ''}`,
      fix: 'Leave the box running with the cloud reachable: it uploads after each backup (npm run cli -- backup now takes one).' };
  }
  const hours = s.ageSeconds! / 3600;
  const ok = hours <= maxHours;
  return { name, ok, detail: `${s.last.backupName} in the cloud, ${hours.toFixed(1)} h old${s.lastError ? `; last error: ${s.lastError}` : ''}`,
    fix: ok ? undefined : 'Uploads have not completed: check the cloud is reachable and sync works (npm run cli -- sync status), and the box log (journalctl -u brigade | grep off-box).' };
}

async function printers(db: Database.Database, timeoutMs: number): Promise<Check[]> {
  const rows = db.prepare("select name, connection, address from printers where enabled = 1 order by name").all() as Array<{ name: string; connection: string; address: string }>;
  return Promise.all(rows.map(async (p): Promise<Check> => {
    const name = `printer ${p.name}`;
    if (p.connection === 'device') {
      const ok = fs.existsSync(p.address);
      return { name, ok, detail: ok ? `${p.address} present` : `${p.address} missing`, fix: ok ? undefined : 'Plug the printer in (USB) and check its power; the device file appears when it is connected.' };
    }
    const target = parseTcpAddress(p.address);
    if (!target) return { name, ok: false, detail: `bad address ${p.address}`, fix: 'Fix the address (host:port) with PATCH /printers/{id}.' };
    const error = await tcpProbe(target.host, target.port, timeoutMs);
    return { name, ok: error === null, detail: error === null ? `${p.address} answers` : `${p.address}: ${error}`,
      fix: error === null ? undefined : 'Check the printer is on, has paper, and is on the LAN with this address (print its self-test page for its IP). Tickets wait in the queue meanwhile, or go to its backup printer.' };
  }));
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (error: string | null) => { socket.destroy(); resolve(error); };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}

async function cloud(config: Config, db: Database.Database, maxSkewMs: number, timeoutMs: number, now: () => number): Promise<Check[]> {
  const stored = db.prepare('select cloud_url as url from sync_state where id = 1').get() as { url: string | null } | undefined;
  const url = config.sync.cloudUrl ?? stored?.url ?? null;
  if (!url) return [{ name: 'cloud', ok: true, detail: 'not configured (the box works alone; see npm run cli -- sync configure)' }];
  let res: Response;
  const sentAt = now();
  try {
    res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return [{ name: 'cloud reachable', ok: false, detail: `${url}: ${(error as Error).message}`,
      fix: 'Check the internet connection (router, cable) and CLOUD_URL. Service goes on; changes queue on the box and are sent when the cloud is back.' }];
  }
  const checks: Check[] = [{ name: 'cloud reachable', ok: true, detail: `${url} answered ${res.status}` }];
  const date = res.headers.get('date');
  if (date) {
    // Compare with the middle of the round trip; the Date header drops the milliseconds (on average 500).
    const skew = (sentAt + now()) / 2 - (Date.parse(date) + 500);
    const ok = Math.abs(skew) <= maxSkewMs;
    checks.push({ name: 'clock', ok, detail: `box clock is ${(skew / 1000).toFixed(0)} s ${skew >= 0 ? 'ahead of' : 'behind'} the cloud`,
      fix: ok ? undefined : 'Set the time right: enable NTP (timedatectl set-ntp true) and check the box can reach an NTP server. Orders keep their order by id whatever the clock says, but reports use the time.' });
  }
  return checks;
}
