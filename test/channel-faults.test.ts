import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBox, setUpRestaurant, type TestBox } from './helpers/box.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { cloudLog, menuPublish, publishEach } from './helpers/channel.js';
import { until } from './helpers/wait.js';
import { cloudStore, exited, startCloudProcess } from './helpers/cloud-process.js';
import { freePort, startBoxProcess } from '../scripts/lib/box-process.js';
import { apiClient } from '../scripts/lib/http.js';
import { startChannelFaultProxy } from '../scripts/sync/channel-fault-proxy.js';
import { type CloudDb } from '../cloud/db.js';
import { migrateCloud } from '../cloud/migrate.js';
import { createDevice, createLocation, createOrganisation } from '../cloud/admin.js';
import { publishMessages } from '../cloud/channel/log.js';
import { DEFAULT_SETUP } from './helpers/box.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const FAST = { CHANNEL_WAIT_SECONDS: '5', SYNC_INTERVAL_MS: '100', SYNC_BACKOFF_MAX_MS: '400' };

/** The seqs of the messages whose menu import the box applied, in the order it applied them. */
function appliedSeqs(dbFile: string): number[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(`select json_extract(details, '$.seq') as seq from audit_log where action = 'menu.imported' order by at, rowid`).all() as { seq: number }[]).map((r) => r.seq);
  } finally {
    db.close();
  }
}
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const prices = (from: number, n: number) => Array.from({ length: n }, (_, i) => menuPublish(from + i));

async function inProcess(cloudUrl: (cloud: TestCloud) => string | Promise<string>): Promise<{ cloud: TestCloud; box: TestBox }> {
  const cloud = await startTestCloud({ serve: true });
  cleanups.push(() => cloud.close());
  const url = await cloudUrl(cloud);
  const box = await startTestBox({ env: { ...FAST, CLOUD_URL: url, CLOUD_CREDENTIAL: cloud.a.credential } });
  cleanups.push(() => box.close());
  await setUpRestaurant(box);
  return { cloud, box };
}
const placeA = (cloud: TestCloud) => ({ locationId: cloud.a.locationId, organisationId: cloud.orgId });
const allApplied = async (cloud: TestCloud, n: number) => {
  const log = await cloudLog(cloud.db, cloud.a.locationId);
  return log.length === n && log.every((r) => r.status === 'applied');
};

describe('channel faults: every message applied exactly once, in order', () => {
  it('cloud down while messages queue: the box says so, then catches up once it is back', async () => {
    const { cloud, box } = await inProcess((c) => c.url);
    const port = cloud.server!.port;
    await publishEach(cloud.db, placeA(cloud), [menuPublish(100)]);
    await until('the first message applied', async () => appliedSeqs(box.dbFile).length === 1);
    await cloud.server!.stop();
    await publishEach(cloud.db, placeA(cloud), prices(101, 60));
    await until('the box to report the cloud unreachable', () => /cloud unreachable/.test(box.box.services.inbox.status().lastError ?? ''));
    expect(box.box.services.inbox.status().cursor).toBe(1);
    await cloud.startServer(port);
    await until('all 61 acknowledged as applied', () => allApplied(cloud, 61));
    expect(appliedSeqs(box.dbFile)).toEqual(oneToN(61));
    expect(box.box.services.inbox.status()).toMatchObject({ cursor: 61, lag: 0, lastError: null });
  });

  it('answers cut mid-response are retried from the cursor: nothing skipped, nothing doubled', async () => {
    let proxy!: Awaited<ReturnType<typeof startChannelFaultProxy>>;
    const { cloud, box } = await inProcess(async (c) => {
      proxy = await startChannelFaultProxy({ target: c.url, mode: 'cut-response' });
      cleanups.push(() => proxy.close());
      return proxy.url;
    });
    await publishEach(cloud.db, placeA(cloud), prices(100, 25));
    await until('three answers cut', () => proxy.faults.cut >= 3);
    expect(appliedSeqs(box.dbFile)).toEqual([]);
    proxy.mode = 'pass';
    await until('all 25 applied and acknowledged', () => allApplied(cloud, 25));
    expect(appliedSeqs(box.dbFile)).toEqual(oneToN(25));
    expect(box.box.services.inbox.status().lastError).toBeNull();
  });

  it('duplicated, reordered, stale and gapped deliveries still apply each message once, in seq order', async () => {
    let proxy!: Awaited<ReturnType<typeof startChannelFaultProxy>>;
    const { cloud, box } = await inProcess(async (c) => {
      proxy = await startChannelFaultProxy({ target: c.url, mode: 'chaos' });
      cleanups.push(() => proxy.close());
      return proxy.url;
    });
    let n = 0;
    for (let burst = 0; burst < 5; burst++) {
      await publishEach(cloud.db, placeA(cloud), prices(200 + n, 8));
      n += 8;
      await new Promise((r) => setTimeout(r, 150));
    }
    await until('all 40 applied and acknowledged', () => allApplied(cloud, 40));
    expect(proxy.faults.chaos).toBeGreaterThan(3);
    expect(appliedSeqs(box.dbFile)).toEqual(oneToN(40));
  });
});


/** A cloud database with one location and device, and `n` menu messages queued for it. */
async function provision(db: CloudDb, n: number) {
  await migrateCloud(db);
  const org = await createOrganisation(db, { name: 'Kill group', ownerEmail: `k${crypto.randomBytes(3).toString('hex')}@example.com`, ownerName: 'Kim' });
  const location = await createLocation(db, { organisationId: org.id, name: 'Kill' });
  const device = await createDevice(db, { locationId: location.id, name: 'box' });
  await publishMessages(db, prices(100, n).map((message) => ({ place: { locationId: location.id, organisationId: org.id }, message })));
  return { locationId: location.id, credential: device.credential };
}

describe('channel: SIGKILL between steps', () => {
  it('box killed between applying and acknowledging: restarted, it acknowledges without applying anything twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-chan-kill-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const cloud = await startTestCloud({ serve: true });
    cleanups.push(() => cloud.close());
    const dataDir = path.join(dir, 'box');
    fs.mkdirSync(dataDir);
    const pauseFile = path.join(dir, 'paused');
    const env = { ...FAST, CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: cloud.a.credential, CHANNEL_TEST_PAUSE_AT: 'after-apply', CHANNEL_TEST_PAUSE_FILE: pauseFile };
    let box = await startBoxProcess({ dataDir, env });
    cleanups.push(() => box.kill());
    const setup = await apiClient(box.url)('POST', '/setup', { body: DEFAULT_SETUP });
    expect(setup.status).toBe(201);

    for (const [round, from] of [[1, 100], [2, 200]] as const) {
      await publishMessages(cloud.db, prices(from, 10).map((message) => ({ place: placeA(cloud), message })));
      await until(`round ${round}: the box to apply and pause before acknowledging`, () => fs.existsSync(pauseFile));
      await box.kill();
      fs.rmSync(pauseFile);
      const log = await cloudLog(cloud.db, cloud.a.locationId);
      expect(log.filter((r) => r.status === 'pending').length).toBeGreaterThan(0);
      box = await startBoxProcess({ dataDir, env });
      await until(`round ${round}: all acknowledged after the restart`, () => allApplied(cloud, round * 10));
    }
    await box.kill();
    expect(appliedSeqs(path.join(dataDir, 'brigade.db'))).toEqual(oneToN(20));
  }, 90_000);

  it('cloud killed after committing the acknowledgements but before answering: the box sends them again, nothing applied twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-chan-cloud-kill-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const store = await cloudStore(dir, cleanups);
    let db = await store.open();
    const place = await provision(db, 12);
    await db.close();
    const port = await freePort();
    const pauseFile = path.join(dir, 'paused');
    let cloud = await startCloudProcess(port, { ...store.env, CLOUD_TEST_PAUSE_AT: 'after-ack', CLOUD_TEST_PAUSE_FILE: pauseFile });
    cleanups.push(async () => { cloud.kill('SIGKILL'); await exited(cloud); });

    const box = await startTestBox({ env: { ...FAST, CLOUD_URL: `http://127.0.0.1:${port}`, CLOUD_CREDENTIAL: place.credential } });
    cleanups.push(() => box.close());
    await setUpRestaurant(box);
    await until('the cloud to commit the acks and pause', () => fs.existsSync(pauseFile));
    cloud.kill('SIGKILL');
    await exited(cloud);
    expect(appliedSeqs(box.dbFile)).toEqual(oneToN(12));
    await until('the box to notice', () => /cloud unreachable/.test(box.box.services.inbox.status().lastError ?? ''), 60_000);
    expect(box.box.services.inbox.status().unacked).toBe(12);

    cloud = await startCloudProcess(port, store.env);
    await until('the acks sent again', () => box.box.services.inbox.status().unacked === 0);
    await box.box.services.inbox.stop();
    cloud.kill('SIGTERM');
    await exited(cloud);
    db = await store.open();
    try {
      const log = await cloudLog(db, place.locationId);
      expect(log.map((r) => r.status)).toEqual(Array(12).fill('applied'));
    } finally {
      await db.close();
    }
    expect(appliedSeqs(box.dbFile)).toEqual(oneToN(12));
  }, 90_000);
});
