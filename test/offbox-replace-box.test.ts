/**
 * Issue 22, "replace a dead box", with real processes: box A takes orders, backs up off-box, takes
 * more orders that sync, is SIGKILLed and its disk lost; box B, with a fresh credential for the same
 * location, restores the cloud's copy with the recovery code, starts, and gets back through the
 * channel every order A ever synced — each once, across a SIGKILL in the middle of applying, a
 * restart, the catch-up delivered again and a second restore. A, coming back from the dead, is refused.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { v7 as uuid } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { startKillableBox } from './helpers/box-process.js';
import { api as cloudApi, signInOwner } from './helpers/cloud-accounts.js';
import { until } from './helpers/wait.js';
import { startBoxProcess, type BoxProcess } from '../scripts/lib/box-process.js';
import { apiClient, type Api } from '../scripts/lib/http.js';
import { randomOrder, seedMenu, setUpBox, signInStaff, type SeededMenu } from '../scripts/lib/seed.js';
import { createDevice } from '../cloud/admin.js';

interface Run { code: number; stdout: string; stderr: string }

/** The real CLI as its own process, as an installer at the new box's console runs it. */
function cli(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir }, timeout: 120_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

let cloud: TestCloud;
const cleanups: Array<() => Promise<void> | void> = [];
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await cloud.close();
});

const cloudHasOrder = async (id: string) => (await cloud.db.query('SELECT 1 FROM orders WHERE id = $1', [id])).rows.length === 1;

/** Reads a box's file beside the running process (WAL lets a reader in). */
function onBox<T>(dataDir: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(path.join(dataDir, 'brigade.db'), { readonly: true });
  try { return db.prepare(sql).all(...params) as T[]; } finally { db.close(); }
}
/** How many times each id is in a table of the box's file. */
const timesOnBox = (dataDir: string, table: string, ids: readonly string[]): number[] =>
  ids.map((id) => onBox<{ n: number }>(dataDir, `select count(*) as n from ${table} where id = ?`, id)[0]!.n);

interface Floor { api: Api; waiter: string; manager: string }
async function order(f: Floor, menu: SeededMenu, tableId?: string): Promise<string> {
  const body = tableId ? { ...randomOrder(menu), type: 'dine_in', tableId, guestCount: 2 } : randomOrder(menu);
  const res = await f.api('POST', '/orders', { token: f.waiter, body });
  expect(res.status).toBe(201);
  return body.id;
}
async function pay(f: Floor, id: string): Promise<string> {
  const res = await f.api<{ payment: { id: string } }>('POST', `/orders/${id}/payments`, { token: f.waiter, headers: { 'idempotency-key': `k-${uuid()}` }, body: { method: 'card' } });
  expect(res.status).toBe(201);
  return res.body.payment.id;
}
const xReport = async (f: Floor) => {
  const x = (await f.api<{ totals: unknown; openOrders: unknown }>('GET', '/reports/x', { token: f.manager })).body;
  return { totals: x.totals, openOrders: x.openOrders };
};
const orderViews = async (f: Floor, ids: readonly string[]) => Promise.all(ids.map(async (id) => (await f.api('GET', `/orders/${id}`, { token: f.waiter })).body));
const syncStatus = async (f: Floor) => (await f.api<any>('GET', '/sync/status', { token: f.manager })).body;

describe('replacing a dead box from the cloud\'s off-box copy', () => {
  it('a new box with a fresh credential restores the copy, then gets back every order the dead box synced after it, once each, whatever happens; the dead box coming back is refused', async () => {
    // Box A: takes orders, makes a recovery code, backs up; the copy goes to the cloud.
    const deviceA = await createDevice(cloud.db, { locationId: cloud.a.locationId, name: 'box A' });
    const old = await startKillableBox({ env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: deviceA.credential, OFFBOX_CHECK_SECONDS: '1', SYNC_INTERVAL_MS: '100', CHANNEL_WAIT_SECONDS: '1', BACKUP_TIME: 'off' } });
    cleanups.push(() => old.close());
    const session = await setUpBox(old.api);
    const a: Floor = { api: old.api, manager: await signInStaff(old.api, session, 'manager', '2222'), waiter: await signInStaff(old.api, session, 'waiter', '3333') };
    const menu = await seedMenu(old.api, a.manager, { items: 12, categories: 3, tables: 6 });
    const before = [await order(a, menu), await order(a, menu), await order(a, menu), await order(a, menu)];
    const paidBefore = [await pay(a, before[0]!)];

    const made = await cli(old.dataDir, ['backup', 'recovery-code']);
    expect(made.code).toBe(0);
    const code = /([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})/.exec(made.stdout)![1]!;
    expect(made.stdout).toContain('Write it on paper');
    expect((await cli(old.dataDir, ['backup', 'recovery-code'])).stderr).toContain('RECOVERY_CODE_EXISTS');
    const backup = await cli(old.dataDir, ['backup', 'now']);
    expect(backup.code).toBe(0);
    const backupName = path.basename(/Backup written and checked: (\S+)/.exec(backup.stdout)![1]!);

    // The running box finds the new backup and uploads it between pushes.
    await until('the off-box copy to complete', async () => (await syncStatus(a)).offbox.last?.backupName === backupName);
    const offbox = (await syncStatus(a)).offbox;
    expect(offbox).toMatchObject({ keyed: true, uploading: null });
    expect(offbox.ageSeconds).toBeLessThan(120);
    expect((await cli(old.dataDir, ['backup', 'list'])).stdout).toMatch(new RegExp(`${backupName}.*\\(in the cloud\\)[\\s\\S]*Off-box copy: ${backupName} \\(0\\.0 h old\\) is in the cloud\\.`));

    // After the backup: new orders (two paid, one open at a table and fired), and an earlier order paid. All reach the cloud.
    const table = menu.tableIds[0]!;
    const after = [await order(a, menu), await order(a, menu), await order(a, menu, table)];
    const fired = await a.api<{ lines: Array<{ id: string }> }>('GET', `/orders/${after[2]}`, { token: a.waiter });
    expect((await a.api('POST', `/orders/${after[2]}/fire`, { token: a.waiter, body: { lineIds: fired.body.lines.map((l) => l.id) } })).status).toBeLessThan(300);
    const paidAfter = [await pay(a, after[0]!), await pay(a, after[1]!), await pay(a, before[1]!)];
    await until('box A to have pushed everything', async () => { const s = await syncStatus(a); return s.queueDepth === 0 && s.lastError === null; });
    expect((await Promise.all(after.map(cloudHasOrder))).every(Boolean)).toBe(true);
    const allOrders = [...before, ...after];
    const allPayments = [...paidBefore, ...paidAfter];
    const viewsOnA = await orderViews(a, allOrders);
    const xOnA = await xReport(a);
    const ticketsOnA = onBox<{ id: string }>(old.dataDir, 'select id from kitchen_tickets').map((t) => t.id);
    expect(ticketsOnA.length).toBeGreaterThan(0);

    // A dies with its disk. (A copy of the disk is kept aside: "the dead box" may come back later.)
    await old.kill();
    const zombieDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-zombie-'));
    cleanups.push(() => fs.rmSync(zombieDir, { recursive: true, force: true }));
    fs.cpSync(old.dataDir, zombieDir, { recursive: true });
    fs.rmSync(path.join(zombieDir, 'box.pid'), { force: true });
    fs.rmSync(old.dataDir, { recursive: true, force: true });

    // Box B: a fresh credential for the same location (here the operator forgot to revoke A's: the cloud retires it itself), an empty data dir.
    const fresh = await createDevice(cloud.db, { locationId: cloud.a.locationId, name: 'replacement box' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-replacement-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const target = ['--url', cloud.url, '--credential', fresh.credential];

    const wrong = await cli(dataDir, ['backup', 'restore-from-cloud', '--recovery-code', 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01', ...target]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^error RECOVERY_CODE_WRONG: This recovery code does not open the cloud's copy.*Nothing was changed\./);
    const typo = await cli(dataDir, ['backup', 'restore-from-cloud', '--recovery-code', 'ABCD-EFGH', ...target]);
    expect(typo.stderr).toMatch(/^error RECOVERY_CODE_WRONG: A recovery code is 24 letters/);
    expect(fs.readdirSync(dataDir)).toEqual([]);

    // Typed from paper: lower case, spaces for dashes.
    const restored = await cli(dataDir, ['backup', 'restore-from-cloud', '--recovery-code', code.toLowerCase().replaceAll('-', ' '), ...target]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^Downloading: 100% \((\d+)\/\1 chunks\)$/m);
    expect(restored.stdout).toContain(`Downloaded and checked the cloud's copy of ${backupName}`);
    const epoch = Number(/Sync starts epoch (\d+)\./.exec(restored.stdout)?.[1]);
    expect(epoch).toBeGreaterThan(1);
    expect(timesOnBox(dataDir, 'orders', after)).toEqual([0, 0, 0]);

    // B starts with no cloud settings in its environment (the restore stored the new credential) and
    // is SIGKILLed in the middle of applying the catch-up: none of it stays.
    let box: BoxProcess | null = null;
    const startB = async (env: Record<string, string> = {}) => {
      box = await startBoxProcess({ dataDir, env: { OFFBOX_CHECK_SECONDS: '3600', SYNC_INTERVAL_MS: '100', CHANNEL_WAIT_SECONDS: '1', BACKUP_TIME: 'off', ...env } });
      return { api: apiClient(box.url), manager: a.manager, waiter: a.waiter } satisfies Floor;
    };
    const stopB = async () => { await box?.kill(); box = null; };
    cleanups.push(() => stopB());
    const pauseFile = path.join(dataDir, 'pause');
    await startB({ CHANNEL_TEST_PAUSE_AT: 'during-catchup', CHANNEL_TEST_PAUSE_FILE: pauseFile });
    await until('box B to be applying the catch-up', () => fs.existsSync(pauseFile));
    await stopB();
    fs.rmSync(pauseFile);
    expect(timesOnBox(dataDir, 'orders', after)).toEqual([0, 0, 0]);

    // Restarted: every order A synced is on B, once, as A had it; the X report is A's; the table is occupied again.
    let b = await startB();
    await until('the catch-up to be applied on box B', async () => (await syncStatus(b)).down.restoreCatchup?.state === 'applied');
    expect((await syncStatus(b)).down.restoreCatchup).toMatchObject({ epoch, parts: 1, partsApplied: 1, orders: 3 + 1, unresolved: [] });
    const everything = () => ({
      orders: timesOnBox(dataDir, 'orders', allOrders), payments: timesOnBox(dataDir, 'payments', allPayments),
      tickets: timesOnBox(dataDir, 'kitchen_tickets', ticketsOnA),
      totals: onBox<{ n: number; paid: number }>(dataDir, 'select count(*) as n, sum(amount) as paid from payments')[0],
    });
    const once = { orders: allOrders.map(() => 1), payments: allPayments.map(() => 1), tickets: ticketsOnA.map(() => 1) };
    expect(everything()).toMatchObject(once);
    expect(await orderViews(b, allOrders)).toEqual(viewsOnA);
    expect(await xReport(b)).toEqual(xOnA);
    expect((await b.api<{ status: string }>('GET', `/tables/${table}`, { token: b.waiter })).body.status).toBe('occupied');
    const settled = everything();

    // The cloud: A's epochs are marked replaced by B, A's credential revoked, nothing listed as lost.
    const marks = await cloud.db.query<{ replaced_by_device_id: string | null }>('SELECT replaced_by_device_id FROM device_watermarks WHERE device_id = $1', [deviceA.id]);
    expect(marks.rows.length).toBeGreaterThan(0);
    expect(marks.rows.every((r) => r.replaced_by_device_id === fresh.id)).toBe(true);
    expect((await cloud.db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM devices WHERE id = $1', [deviceA.id])).rows[0]!.revoked_at).not.toBeNull();
    const owner = await signInOwner(cloud);
    const losses = async () => (await cloudApi(cloud.url, 'GET', `/api/locations/${cloud.a.locationId}/restore-losses`, { token: owner })).body;
    await until('the cloud to see the catch-up applied', async () => (await losses()).catchUp?.status === 'applied');
    expect(await losses()).toMatchObject({ deviceId: fresh.id, orders: [], days: [] });

    // Order numbers go on above the highest A gave that day; B's order reaches the cloud under B's credential.
    const highest = Math.max(...viewsOnA.map((v: any) => v.number as number));
    const next = await order(b, menu);
    const nextPayment = await pay(b, next);
    expect(((await b.api<{ number: number }>('GET', `/orders/${next}`, { token: b.waiter })).body.number)).toBe(highest + 1);
    await until('box B\'s order to reach the cloud', () => cloudHasOrder(next));
    const sync = await syncStatus(b);
    expect(sync).toMatchObject({ epoch, offbox: { keyed: true, last: { backupName } } });
    expect(sync.newEpoch?.reason).toBe(`restored from backup ${backupName}`);
    const { rows } = await cloud.db.query<{ device_id: string; epoch: number }>('SELECT device_id, epoch FROM device_watermarks WHERE device_id = $1', [fresh.id]);
    expect(rows).toEqual([{ device_id: fresh.id, epoch }]);

    // A comes back from the dead on its old disk and credential: refused, and what it takes stays on it.
    const zombie = await startBoxProcess({ dataDir: zombieDir, env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: deviceA.credential, SYNC_INTERVAL_MS: '100', CHANNEL_WAIT_SECONDS: '1', BACKUP_TIME: 'off', OFFBOX_CHECK_SECONDS: '3600' } });
    cleanups.push(() => zombie.kill());
    const z: Floor = { api: apiClient(zombie.url), manager: a.manager, waiter: a.waiter };
    const ghost = await order(z, menu);
    await until('the dead box to be refused', async () => (await syncStatus(z)).lastError !== null);
    expect((await syncStatus(z)).lastErrorCode).toBe('UNAUTHENTICATED'); // revoked by the cloud when B opened its epoch
    expect((await syncStatus(z)).queueDepth).toBeGreaterThan(0);
    expect(await cloudHasOrder(ghost)).toBe(false);
    await zombie.kill();

    // B restarted, then the same catch-up delivered again (its cursor moved back before it): nothing doubled.
    const afterNext = { ...settled, totals: everything().totals };
    await stopB();
    const catchupSeq = onBox<{ seq: number }>(dataDir, "select seq from channel_inbox where kind = 'restore.catchup' order by seq")[0]!.seq;
    b = await startB();
    await until('box B to be synced after its restart', async () => { const s = await syncStatus(b); return s.queueDepth === 0 && s.lastError === null && s.down.lastPollAt !== null; });
    expect(everything()).toEqual(afterNext);
    await stopB();
    const file = new Database(path.join(dataDir, 'brigade.db'));
    file.prepare('update channel_state set cursor = ? where id = 1').run(catchupSeq - 1);
    file.prepare('delete from channel_inbox where seq >= ?').run(catchupSeq);
    file.close();
    b = await startB();
    await until('the catch-up to be applied again', async () => onBox<{ n: number }>(dataDir, "select count(*) as n from channel_inbox where kind = 'restore.catchup'")[0]!.n === 1
      && (await syncStatus(b)).down.cursor >= catchupSeq);
    expect(everything()).toEqual(afterNext);
    expect(timesOnBox(dataDir, 'orders', [next, ghost])).toEqual([1, 0]);
    expect(await xReport(b)).not.toEqual(xOnA); // it has B's order too
    const xWithNext = await xReport(b);

    // A second restore of the cloud's copy on B: A's orders after the backup and B's own come back, once each.
    await stopB();
    const second = await cli(dataDir, ['backup', 'restore-from-cloud', '--recovery-code', code, ...target]);
    expect(second.code).toBe(0);
    b = await startB();
    const epoch2 = Number(/Sync starts epoch (\d+)\./.exec(second.stdout)?.[1]);
    await until('the second catch-up to be applied', async () => { const s = (await syncStatus(b)).down.restoreCatchup; return s?.epoch === epoch2 && s.state === 'applied'; });
    expect(everything()).toEqual(afterNext);
    expect(timesOnBox(dataDir, 'orders', [next, ghost])).toEqual([1, 0]);
    expect(timesOnBox(dataDir, 'payments', [nextPayment])).toEqual([1]);
    expect(await xReport(b)).toEqual(xWithNext);
    await until('the cloud to see the second catch-up applied', async () => { const l = await losses(); return l.currentEpoch === epoch2 && l.catchUp?.status === 'applied'; });
    expect(await losses()).toMatchObject({ orders: [], days: [] });

    // And, as `backup restore`, it refuses while the box runs.
    const running = await cli(dataDir, ['backup', 'restore-from-cloud', '--recovery-code', code, ...target]);
    expect(running.stderr).toContain('BOX_RUNNING');
  }, 300_000);
});
