/**
 * Issue 22: a box restored from a local backup gets back, through the cloud → box channel, what it
 * made after the backup and lost — once, whatever happens: a SIGKILL in the middle of applying, a
 * restart, the same backup restored a second time. Real processes: the box (killed with SIGKILL),
 * the CLI that backs up and restores; the cloud serves real HTTP on PGlite (or PostgreSQL).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomOrder, seedMenu, setUpBox, signInStaff, type SeededMenu } from '../scripts/lib/seed.js';
import { startBoxProcess, type BoxProcess } from '../scripts/lib/box-process.js';
import { apiClient, type Api } from '../scripts/lib/http.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api as cloudApi, signInOwner } from './helpers/cloud-accounts.js';
import { until } from './helpers/wait.js';

/** The real CLI as a separate process, as a person at the box's console would run it. */
function cli(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

let cloud: TestCloud;
let dataDir: string;
let proc: BoxProcess | null = null;
let box: Api;
beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-catchup-'));
});
afterAll(async () => {
  await proc?.kill();
  await cloud.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<void> {
  proc = await startBoxProcess({ dataDir, env: { SYNC_INTERVAL_MS: '100', CHANNEL_WAIT_SECONDS: '1', ...env } });
  box = apiClient(proc.url);
}
async function kill(): Promise<void> {
  await proc?.kill();
  proc = null;
}

/** Reads the box's file beside the running process (WAL lets a reader in). */
function onBox<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'brigade.db'), { readonly: true });
  try { return db.prepare(sql).all(...params) as T[]; } finally { db.close(); }
}
const timesOnBox = (table: string, column: string, ids: readonly string[]): number[] =>
  ids.map((id) => onBox<{ n: number }>(`select count(*) as n from ${table} where ${column} = ?`, id)[0]!.n);

describe('a restored box catches up from the cloud', () => {
  it('gets back the orders and payments made after its backup exactly once: across a SIGKILL mid-apply, a restart and a second restore of the same backup; its X equals what it was and the cloud lists nothing lost', async () => {
    const place = await cloud.place('catch-up bistro');
    const online = { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: place.credential };
    await start(online);
    const session = await setUpBox(box);
    const manager = await signInStaff(box, session, 'manager', '2222');
    const waiter = await signInStaff(box, session, 'waiter', '3333');
    const menu = await seedMenu(box, manager, { items: 6, categories: 2, tables: 4 });
    const status = async () => (await box<any>('GET', '/sync/status', { token: manager })).body;
    const synced = () => until('the box to have pushed everything', async () => { const s = await status(); return s.queueDepth === 0 && s.lastError === null; });
    const order = async (m: SeededMenu, tableId?: string) => {
      const body = tableId ? { ...randomOrder(m), type: 'dine_in', tableId, guestCount: 2 } : randomOrder(m);
      const res = await box<any>('POST', '/orders', { token: waiter, body });
      expect(res.status).toBe(201);
      return res.body as { id: string; number: number };
    };
    const pay = async (id: string) => {
      const res = await box<any>('POST', `/orders/${id}/payments`, { token: waiter, headers: { 'idempotency-key': `k-${uuid()}` }, body: { method: 'card' } });
      expect(res.status).toBe(201);
      return res.body.payment.id as string;
    };
    const xReport = async () => {
      const x = (await box<any>('GET', '/reports/x', { token: manager })).body;
      return { totals: x.totals, openOrders: x.openOrders };
    };

    // Orders A, one paid, all synced; then the nightly backup (the box's log is empty: everything was acknowledged).
    const a = [await order(menu), await order(menu), await order(menu)];
    await pay(a[0]!.id);
    await synced();
    await cli(dataDir, ['backup', 'now']);
    const backupName = (JSON.parse((await cli(dataDir, ['backup', 'list', '--json'])).stdout) as Array<{ name: string }>)[0]!.name;

    // Orders B after the backup, two paid, one open at a table; an A order paid too. All reach the cloud.
    const table = menu.tableIds[0]!;
    const b = [await order(menu), await order(menu), await order(menu, table)];
    const bPayments = [await pay(b[0]!.id), await pay(b[1]!.id), await pay(a[1]!.id)];
    await synced();
    const xBefore = await xReport();
    await kill();

    // Restore; the box starts with its cloud unreachable: it knows it waits for a catch-up.
    const restored = await cli(dataDir, ['backup', 'restore', backupName]);
    expect(restored.code).toBe(0);
    await start({ CLOUD_URL: 'http://127.0.0.1:9', CLOUD_CREDENTIAL: place.credential });
    expect((await status()).down.restoreCatchup).toMatchObject({ state: 'pending', partsApplied: 0, parts: null });
    expect((await box('GET', `/orders/${b[0]!.id}`, { token: waiter })).status).toBe(404);
    await kill();

    // Online, killed with SIGKILL in the middle of applying the catch-up: none of it stays.
    const pauseFile = path.join(dataDir, 'pause');
    await start({ ...online, CHANNEL_TEST_PAUSE_AT: 'during-catchup', CHANNEL_TEST_PAUSE_FILE: pauseFile });
    await until('the box to be applying the catch-up', () => fs.existsSync(pauseFile));
    await kill();
    fs.rmSync(pauseFile);
    expect(timesOnBox('orders', 'id', b.map((o) => o.id))).toEqual([0, 0, 0]);

    // Restarted: everything comes back once, with its number, and the X is what it was.
    await start(online);
    await until('the catch-up to be applied', async () => (await status()).down.restoreCatchup?.state === 'applied');
    expect((await status()).down.restoreCatchup).toMatchObject({ parts: 1, partsApplied: 1, orders: 4, unresolved: [] });
    expect(timesOnBox('orders', 'id', b.map((o) => o.id))).toEqual([1, 1, 1]);
    expect(timesOnBox('payments', 'id', bPayments)).toEqual([1, 1, 1]);
    for (const o of b) expect((await box<any>('GET', `/orders/${o.id}`, { token: waiter })).body.number).toBe(o.number);
    expect(await xReport()).toEqual(xBefore);
    expect((await box<any>('GET', `/tables/${table}`, { token: waiter })).body.status).toBe('occupied');

    // Not pushed back as new changes: the cloud still holds them as first synced (epoch 1).
    await synced();
    const cloudRows = await cloud.db.query<{ id: string; epoch: number }>('SELECT id, epoch FROM payments WHERE location_id = $1 AND id = ANY($2::text[])', [place.locationId, bPayments]);
    expect(cloudRows.rows.map((r) => r.epoch)).toEqual([1, 1, 1]);
    const owner = await signInOwner(cloud);
    const losses = async () => (await cloudApi(cloud.url, 'GET', `/api/locations/${place.locationId}/restore-losses`, { token: owner })).body;
    await until('the cloud to see the catch-up applied', async () => (await losses()).catchUp?.status === 'applied');
    expect(await losses()).toMatchObject({ orders: [], days: [] });
    const sum = (rows: Array<{ s: number | string | null }>) => Number(rows[0]!.s);
    const cloudPaid = sum((await cloud.db.query<{ s: string }>('SELECT sum(amount) AS s FROM payments WHERE location_id = $1', [place.locationId])).rows);
    expect(sum(onBox<{ s: number }>('select sum(amount) as s from payments'))).toBe(cloudPaid);

    // An order C on the restored box, then the same backup restored again: B and C come back, each once.
    const c = await order(menu);
    const cPayment = await pay(c.id);
    await synced();
    const xBeforeSecond = await xReport();
    await kill();
    expect((await cli(dataDir, ['backup', 'restore', backupName])).code).toBe(0);
    await start(online);
    await until('the second catch-up to be applied', async () => (await status()).down.restoreCatchup?.state === 'applied');
    expect(timesOnBox('orders', 'id', [...b, c].map((o) => o.id))).toEqual([1, 1, 1, 1]);
    expect(timesOnBox('payments', 'id', [...bPayments, cPayment])).toEqual([1, 1, 1, 1]);
    expect(await xReport()).toEqual(xBeforeSecond);
    await until('the cloud to see the second catch-up applied', async () => (await losses()).catchUp?.status === 'applied');
    expect(await losses()).toMatchObject({ orders: [], days: [] });
  }, 300_000);
});
