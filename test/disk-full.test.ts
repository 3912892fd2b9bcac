import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomOrder, seedMenu, setUpBox, signInStaff } from '../scripts/lib/seed.js';
import { startBoxProcess, type BoxProcess } from '../scripts/lib/box-process.js';
import { apiClient } from '../scripts/lib/http.js';
import { hello } from './helpers/ws-client.js';

/*
 * A box whose data dir is a 4 MB tmpfs, filled up under it while it takes orders. Needs root (or
 * CAP_SYS_ADMIN) to mount; elsewhere the test is skipped with a message saying so.
 */
const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-diskfull-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  mounted = true;
} catch (error) {
  console.warn(`disk-full test skipped: cannot mount a tmpfs here (${String((error as Error).message).split('\n')[0]}); run as root to test it`);
}

let box: BoxProcess | undefined;
afterAll(async () => {
  await box?.kill();
  if (mounted) execFileSync('umount', [mountPoint]);
  fs.rmSync(mountPoint, { recursive: true, force: true });
});

describe.runIf(mounted)('a box whose disk fills up during service', () => {
  const dataDir = path.join(mountPoint, 'data');
  const filler = path.join(mountPoint, 'filler');
  beforeAll(async () => {
    box = await startBoxProcess({ dataDir, env: { BACKUP_TIME: 'off' } });
  });

  it('refuses orders with 503 DISK_FULL and an alert, writes nothing half-way, and takes orders again by itself once space is freed', async () => {
    const api = apiClient(box!.url);
    const session = await setUpBox(api);
    const manager = await signInStaff(api, session, 'manager', '2222');
    const waiter = await signInStaff(api, session, 'waiter', '3333');
    const menu = await seedMenu(api, manager, { items: 4, categories: 1, tables: 2 });
    const { socket } = await hello(box!.url, manager, ['alerts']);

    // Leave about 200 KB free: a few dozen orders' worth.
    const { bavail, bsize } = fs.statfsSync(mountPoint);
    fs.writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 200 * 1024)));

    const acknowledged: string[] = [];
    let refused: { id: string; body: { error: { code: string; message: string } }; retryAfter: string | null } | undefined;
    for (let i = 0; i < 5000 && !refused; i++) {
      const order = randomOrder(menu);
      const res = await api<{ error: { code: string; message: string } }>('POST', '/orders', { token: waiter, body: order });
      if (res.status === 201) acknowledged.push(order.id);
      else {
        expect(res.status).toBe(503);
        refused = { id: order.id, body: res.body, retryAfter: res.headers.get('retry-after') };
      }
    }
    expect(refused, 'the disk never filled').toBeDefined();
    expect(refused!.body.error.code).toBe('DISK_FULL');
    expect(refused!.retryAfter).toBe('30');
    expect(acknowledged.length).toBeGreaterThan(0);
    const alert = await socket.waitFor((f) => f.type === 'disk.alert' && f.data.active === true);
    expect(alert.data.message).toMatch(/disk is full/);
    // Reads still work while writes are refused, and the refused order is not there.
    expect((await api('GET', `/orders/${acknowledged.at(-1)}`, { token: waiter })).status).toBe(200);
    expect((await api('GET', `/orders/${refused!.id}`, { token: waiter })).status).toBe(404);

    fs.rmSync(filler);
    const again = randomOrder(menu);
    expect((await api('POST', '/orders', { token: waiter, body: again })).status).toBe(201);
    acknowledged.push(again.id);
    await socket.waitFor((f) => f.type === 'disk.alert' && f.data.active === false);
    socket.close();

    await box!.stop();
    box = undefined;
    const db = new Database(path.join(dataDir, 'brigade.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const ids = new Set((db.prepare('select id from orders').all() as Array<{ id: string }>).map((r) => r.id));
      expect([...ids].sort()).toEqual([...acknowledged].sort());
      const lineCounts = db.prepare('select order_id as id, count(*) as n from order_lines group by order_id').all() as Array<{ id: string; n: number }>;
      expect(lineCounts.every((r) => r.n === 3)).toBe(true);
      expect(lineCounts).toHaveLength(acknowledged.length);
    } finally {
      db.close();
    }
  });
});
