import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBox, type TestBox } from './helpers/box.js';
import { fillLog } from './helpers/sync-log.js';
import { freePort } from '../scripts/lib/box-process.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';
import { migrateCloud } from '../cloud/migrate.js';
import { createDevice, createLocation, createOrganisation } from '../cloud/admin.js';
import { until } from './helpers/wait.js';
import { cloudStore, exited, startCloudProcess } from './helpers/cloud-process.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });


describe('sync: SIGKILL of the cloud service', () => {
  it('killed after committing a batch but before answering, restarted: the box drains with nothing lost and nothing doubled', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-cloud-kill-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const store = await cloudStore(dir, cleanups);
    // Provision, then hand the database to the cloud process (PGlite allows one process).
    let db = await store.open();
    await migrateCloud(db);
    const org = await createOrganisation(db, { name: 'Kill group', ownerEmail: 'kill@example.com', ownerName: 'Kim' });
    const location = await createLocation(db, { organisationId: org.id, name: 'Kill' });
    const device = await createDevice(db, { locationId: location.id, name: 'box' });
    await db.close();

    const port = await freePort();
    const pauseFile = path.join(dir, 'paused');
    let cloud = await startCloudProcess(port, { ...store.env, CLOUD_TEST_PAUSE_AT: 'after-commit', CLOUD_TEST_PAUSE_FILE: pauseFile });
    cleanups.push(async () => { cloud.kill('SIGKILL'); await exited(cloud); });

    const box: TestBox = await startTestBox({ env: { SYNC_MAX_ROWS: '60', SYNC_TIMEOUT_MS: '20000' } });
    cleanups.push(() => box.close());
    const client = box.box.deps.db.$client;
    installMirror(client);
    const changes = fillLog(client, 40, { linesPer: 2, splitEvery: 4 });
    const sync = box.box.services.sync;
    sync.configure(`http://127.0.0.1:${port}`, device.credential);
    const pushing = sync.syncNow();
    await until('the cloud to commit a batch and pause', () => fs.existsSync(pauseFile));
    cloud.kill('SIGKILL');
    await exited(cloud);
    await pushing;
    // The batch did commit before the kill.
    db = await store.open();
    const committed = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE location_id = $1', [location.id])).rows[0]!.n;
    await db.close();
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(40);
    // The box never heard the answer: it still holds everything, and says why.
    expect(sync.status()).toMatchObject({ queueDepth: changes });
    expect(sync.status().lastError).toMatch(/cloud unreachable/);

    cloud = await startCloudProcess(port, store.env);
    await sync.syncNow();
    expect(sync.status()).toMatchObject({ queueDepth: 0, lastError: null, epoch: 1 });
    // A graceful stop, so PGlite's files are whole before this process opens them.
    cloud.kill('SIGTERM');
    await exited(cloud);
    db = await store.open();
    try {
      const report = await checkSync(client, db, location.id);
      expect(report, JSON.stringify({ ...report, lost: report.lost.slice(0, 5) })).toMatchObject({ ok: true, lost: [], stale: [], duplicates: 0, rejected: 0 });
      expect(report.changes).toBe(changes);
      expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE location_id = $1', [location.id])).rows[0]!.n).toBe(40);
    } finally {
      await db.close();
    }
  }, 90_000);
});
