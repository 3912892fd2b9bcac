import { execFile, spawn } from 'node:child_process';
import { runningBox, writePidFile } from '../src/backup/box-lock.js';
import { progressReporter } from '../src/cli/progress.js';
import { BackupService } from '../src/backup/service.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { randomOrder, seedMenu, setUpBox, signInStaff, type SeededMenu } from '../scripts/lib/seed.js';
import { startBoxProcess } from '../scripts/lib/box-process.js';
import { startKillableBox, type KillableBox } from './helpers/box-process.js';
import { setUpRestaurant, startTestBox } from './helpers/box.js';
import { burgerLine, newId, seedBistro } from './helpers/fixtures.js';
import { openDatabase, closeDatabase, MIGRATIONS_DIR } from '../src/db/open.js';
import { DatabaseNewerThanCodeError } from '../src/db/migration-guard.js';
import { DEFAULT_RETENTION, backupDir, backupsToPrune, listBackups, type BackupFile } from '../src/backup/store.js';

interface Run { code: number; stdout: string; stderr: string }

/** The real CLI as a separate process, as a person at the box's console would run it. */
function cli(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir }, timeout: 60_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

let box: KillableBox | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await box?.close();
  box = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function takeOrders(b: KillableBox, menu: SeededMenu, waiter: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = randomOrder(menu);
    const res = await b.api('POST', '/orders', { token: waiter, body });
    expect(res.status).toBe(201);
    ids.push(body.id);
  }
  return ids;
}

describe('backup and restore with real processes', () => {
  it('restores a backup taken while orders came in: orders before it are back, the box refused to be restored while running, and sync starts a new epoch', async () => {
    box = await startKillableBox();
    const session = await setUpBox(box.api);
    const manager = await signInStaff(box.api, session, 'manager', '2222');
    const waiter = await signInStaff(box.api, session, 'waiter', '3333');
    const menu = await seedMenu(box.api, manager, { items: 6, categories: 2, tables: 4 });
    const before = await takeOrders(box, menu, waiter, 5);

    // The backup runs beside the live box while a client keeps ordering.
    const during = takeOrders(box, menu, waiter, 10);
    const made = await cli(box.dataDir, ['backup', 'now']);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/Backup written and checked: .*-manual\.db/);
    // Not a terminal: plain progress lines, ending at 100 % of the database's pages.
    expect(made.stdout).toMatch(/^Copying: 100% \((\d+)\/\1 pages\)$/m);
    await during;
    const after = await takeOrders(box, menu, waiter, 4);

    const list = await cli(box.dataDir, ['backup', 'list', '--json']);
    const backups = JSON.parse(list.stdout) as Array<{ name: string; kind: string }>;
    expect(backups.map((b) => b.kind)).toEqual(['manual']);

    const refused = await cli(box.dataDir, ['backup', 'restore', backups[0]!.name]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('BOX_RUNNING');
    expect(fs.existsSync(path.join(box.dataDir, 'restore.lock'))).toBe(false);
    expect((await box.api('GET', `/orders/${after[0]}`, { token: waiter })).status).toBe(200);

    const epochBefore = (await box.api<{ epoch: number }>('GET', '/sync/status', { token: manager })).body.epoch;
    await box.kill(); // the failure: the box dies after the last orders
    const restored = await cli(box.dataDir, ['backup', 'restore', backups[0]!.name]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // Epochs are time-based and always above the last one (architecture §6): a restore is never taken for a replay.
    const printedEpoch = Number(/Sync starts epoch (\d+)\./.exec(restored.stdout)?.[1]);
    expect(printedEpoch).toBeGreaterThan(epochBefore);
    expect(listBackups(backupDir(box.dbFile)).map((b) => b.kind).sort()).toEqual(['manual', 'pre-restore']);

    await box.restart();
    for (const id of before) expect((await box.api('GET', `/orders/${id}`, { token: waiter })).status).toBe(200);
    for (const id of after) expect((await box.api('GET', `/orders/${id}`, { token: waiter })).status).toBe(404);
    const sync = await box.api<{ epoch: number }>('GET', '/sync/status', { token: manager });
    expect(sync.status).toBe(200);
    expect(sync.body.epoch).toBe(printedEpoch);
    await takeOrders(box, menu, waiter, 1);
    // Four CLI runs (each a tsx start) and three box starts: 10 s on a quiet machine, past 30 s on a loaded one.
  }, 120_000);

  it('keeps a box from starting on a restore that did not finish, and says how to finish it', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-restore-'));
    dirs.push(dataDir);
    fs.writeFileSync(path.join(dataDir, 'restore.lock'), JSON.stringify({ backupFile: '/backups/x.db' }));
    await expect(startBoxProcess({ dataDir })).rejects.toThrow(/restore of \/backups\/x\.db was started and did not finish/);
  });

  it('refuses to restore a file that is not a good backup, changing nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-restore-'));
    dirs.push(dataDir);
    const bogus = path.join(dataDir, 'not-a-backup.db');
    fs.writeFileSync(bogus, 'hello, I am not SQLite'.repeat(100));
    const run = await cli(dataDir, ['backup', 'restore', bogus]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('BACKUP_INVALID');
    expect(fs.readdirSync(dataDir)).toEqual(['not-a-backup.db']);
  });
});

describe('knowing whether the box runs', () => {
  it('takes a pid file for a running box only when its process is a node process', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-pid-'));
    dirs.push(dataDir);
    const sleeper = spawn('sleep', ['30']);
    const node = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      writePidFile(dataDir, { pid: sleeper.pid!, url: 'http://x', startedAt: 0 });
      expect(runningBox(dataDir)).toBeNull();
      writePidFile(dataDir, { pid: node.pid!, url: 'http://x', startedAt: 0 });
      expect(runningBox(dataDir)).toMatchObject({ pid: node.pid });
    } finally {
      sleeper.kill();
      node.kill();
    }
  });
});

describe('backup progress', () => {
  it('redraws one bar on a terminal and prints a line per tenth elsewhere', () => {
    const chunks: string[] = [];
    const lines: string[] = [];
    const io = { env: {}, out: (l: string) => lines.push(l), err: () => {} };
    const bar = progressReporter({ ...io, tty: true, write: (c: string) => chunks.push(c) }, 'Copying');
    for (let done = 0; done <= 200; done += 50) bar.update(done, 200);
    bar.finish();
    expect(chunks.at(-2)).toBe(`\rCopying [${'#'.repeat(30)}] 100% 200/200 pages`);
    expect(chunks.at(-1)).toBe('\n');
    expect(lines).toEqual([]);
    const plain = progressReporter({ ...io, tty: false }, 'Copying');
    for (let done = 0; done <= 200; done += 5) plain.update(done, 200);
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('Copying: 100% (200/200 pages)');
  });
});

describe('backup rotation', () => {
  const day = 86_400_000;
  const at = (iso: string) => Date.parse(iso);
  const file = (when: number, kind: BackupFile['kind'] = 'scheduled'): BackupFile => ({ file: `/b/${when}-${kind}`, name: String(when), kind, at: when, bytes: 1 });

  it('keeps 7 daily, 4 weekly and 12 monthly copies of a year of nightly backups, and the last 3 pre-migration copies', () => {
    const start = at('2026-01-01T03:30:00Z');
    const nightly = Array.from({ length: 400 }, (_, i) => file(start + i * day));
    const upgrades = [0, 50, 100, 150].map((i) => file(start + i * day + 1000, 'pre-migration'));
    const all = [...nightly, ...upgrades];
    const pruned = new Set(backupsToPrune(all, DEFAULT_RETENTION, 'Europe/Paris'));
    const kept = all.filter((b) => !pruned.has(b));
    const keptNightly = kept.filter((b) => b.kind === 'scheduled');
    // 7 days, plus older week-ends, plus older month-ends: 7 + 4 + 12 minus overlaps.
    expect(keptNightly.length).toBeGreaterThanOrEqual(18);
    expect(keptNightly.length).toBeLessThanOrEqual(23);
    const newest = nightly.at(-1)!;
    for (let i = 0; i < 7; i++) expect(kept).toContain(nightly.at(-1 - i));
    expect(kept).toContain(newest);
    const months = new Set(keptNightly.map((b) => new Date(b.at).toISOString().slice(0, 7)));
    expect(months.size).toBe(12);
    expect(kept.filter((b) => b.kind === 'pre-migration')).toEqual(upgrades.slice(1));
  });
});

describe('restoring over a damaged database', () => {
  it('restores even when the current database cannot be read, and keeps its raw file as the pre-restore copy', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-damaged-'));
    dirs.push(dataDir);
    const file = path.join(dataDir, 'brigade.db');
    const db = openDatabase(file);
    const good = new BackupService(db.$client, DEFAULT_RETENTION).takeNow('manual');
    closeDatabase(db);
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, 0, 4096 * 3); // the header and the first pages: "file is not a database"
    fs.writeFileSync(file, bytes);

    const run = await cli(dataDir, ['backup', 'restore', good.name]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const kept = listBackups(backupDir(file)).find((b) => b.kind === 'pre-restore');
    expect(fs.readFileSync(kept!.file).subarray(0, 16)).toEqual(Buffer.alloc(16, 0xff));
    const restored = openDatabase(file);
    expect(restored.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(restored);
  });
});

describe('backups around migrations', () => {
  function partialMigrations(dir: string, keep: number): string {
    const out = path.join(dir, 'migrations');
    fs.mkdirSync(path.join(out, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'));
    journal.entries = journal.entries.slice(0, keep);
    for (const e of journal.entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(out, `${e.tag}.sql`));
    fs.writeFileSync(path.join(out, 'meta', '_journal.json'), JSON.stringify(journal));
    return out;
  }

  it('copies a database with migrations pending before migrating it, and not a new one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-migrate-'));
    dirs.push(dir);
    const file = path.join(dir, 'data', 'brigade.db');
    closeDatabase(openDatabase(file, partialMigrations(dir, 5)));
    expect(listBackups(backupDir(file))).toEqual([]);
    closeDatabase(openDatabase(file));
    const copies = listBackups(backupDir(file));
    expect(copies.map((b) => b.kind)).toEqual(['pre-migration']);
    const copy = new Database(copies[0]!.file, { readonly: true });
    expect((copy.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(5);
    copy.close();
    closeDatabase(openDatabase(file));
    expect(listBackups(backupDir(file))).toHaveLength(1);
  });

  it('refuses to open a database a newer version migrated, naming what to do', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-newer-'));
    dirs.push(dataDir);
    const file = path.join(dataDir, 'brigade.db');
    closeDatabase(openDatabase(file));
    const raw = new Database(file);
    raw.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('future', Date.UTC(2099, 0, 1));
    raw.close();
    expect(() => openDatabase(file)).toThrow(DatabaseNewerThanCodeError);
    await expect(startBoxProcess({ dataDir })).rejects.toThrow(/upgraded by a newer Brigade.*backup restore/s);
    const status = await cli(dataDir, ['staff', 'list']);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/^error DATABASE_NEWER: The database .* was upgraded by a newer Brigade/);
  });
});

describe('the nightly backup job', () => {
  it('copies the live database while orders are placed: every order acknowledged before the copy started is in it, and the copy is whole', async () => {
    const t = await startTestBox();
    try {
      const r = await setUpRestaurant(t);
      const b = await seedBistro(r);
      const waiter = await r.signInAs('waiter');
      const order = () => ({ id: newId(), type: 'takeaway', lines: [burgerLine(b)] });
      const before: string[] = [];
      for (let i = 0; i < 20; i++) {
        const body = order();
        expect((await t.api('POST', '/orders', { token: waiter.token, body })).status).toBe(201);
        before.push(body.id);
      }
      expect(t.box.backupJob).not.toBeNull();
      const running = t.box.backupJob!.run();
      const during = await Promise.all(Array.from({ length: 10 }, () => t.api('POST', '/orders', { token: waiter.token, body: order() })));
      await running;
      expect(during.map((x) => x.status)).toEqual(Array(10).fill(201));
      const [made] = t.box.backups.list();
      expect(made!.kind).toBe('scheduled');
      const copy = new Database(made!.file, { readonly: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        const ids = new Set((copy.prepare('select id from orders').all() as Array<{ id: string }>).map((x) => x.id));
        for (const id of before) expect(ids.has(id)).toBe(true);
      } finally {
        copy.close();
      }
      expect(fs.readdirSync(t.box.backups.dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
