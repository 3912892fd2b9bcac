import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { startTestBox, type TestBox } from './helpers/box.js';
import net from 'node:net';
import { randomOrder, seedMenu, setUpBox, signInStaff } from '../scripts/lib/seed.js';
import type { Api } from '../scripts/lib/http.js';
import { runCli } from '../src/cli/run.js';
import { hashFile } from '../src/backup/offbox/uploader.js';
import { PAGES_PER_STEP } from '../src/backup/copy.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** `backup recovery-code` run as the CLI runs it, on the box's data dir; returns the printed code. */
async function makeRecoveryCode(dataDir: string): Promise<string> {
  const out: string[] = [];
  const code = await runCli(['backup', 'recovery-code'], { env: { DATA_DIR: dataDir }, out: (l) => out.push(l), err: (l) => out.push(l) });
  expect(code).toBe(0);
  return /([0-9A-Z]{4}(?:-[0-9A-Z]{4}){5})/.exec(out.join('\n'))![1]!;
}

async function restaurantWithOrders(t: TestBox, orders: number) {
  const api = t.api as unknown as Api;
  const session = await setUpBox(api);
  const manager = await signInStaff(api, session, 'manager', '2222');
  const waiter = await signInStaff(api, session, 'waiter', '3333');
  const menu = await seedMenu(api, manager, { items: 30, categories: 4, tables: 10 });
  for (let i = 0; i < orders; i++) expect((await t.api('POST', '/orders', { token: waiter, body: randomOrder(menu) })).status).toBe(201);
  return { api, manager, waiter, menu };
}

const cloudChunks = async (locationId: string) =>
  (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM offbox_chunks WHERE location_id = $1', [locationId])).rows[0]!.n;

describe('the off-box upload', () => {
  it('resumes from the next missing chunk after a connection cut mid-chunk and a restart of the box', async () => {
    const place = await cloud.place('cut');
    const proxy = await startCuttingProxy(Number(new URL(cloud.url).port));
    cleanups.push(() => proxy.close());
    const env = { CLOUD_URL: proxy.url, CLOUD_CREDENTIAL: place.credential, OFFBOX_CHECK_SECONDS: '3600', OFFBOX_CHUNK_KB: '16', SYNC_TIMEOUT_MS: '5000', BACKUP_TIME: 'off' };
    let t = await startTestBox({ env });
    const dataDir = t.dataDir;
    cleanups.push(() => t.close());
    await restaurantWithOrders(t, 20);
    await t.box.services.sync.syncNow();
    expect(t.box.services.sync.status().queueDepth).toBe(0);
    // Without a recovery code nothing leaves the box.
    expect((await t.box.offbox.runNow()).outcome).toBe('no-key');
    await makeRecoveryCode(dataDir);
    const backup = await t.box.backups.take('manual', { pagesPerStep: PAGES_PER_STEP });
    const chunkCount = Math.ceil(backup.bytes / 16384);
    expect(chunkCount).toBeGreaterThan(10);

    // The link drops after 100 kB more: in the middle of a chunk.
    proxy.cutAfter(100_000);
    await expect(t.box.offbox.runNow()).rejects.toThrow(/cloud unreachable/);
    expect(proxy.cuts()).toBe(1);
    const before = await cloudChunks(place.locationId);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(chunkCount);
    expect(t.box.services.sync.offbox()).toMatchObject({ keyed: true, last: null, uploading: { backupName: backup.name, chunksDone: before, chunkCount } });
    expect(t.box.services.sync.offbox().lastError).toMatch(/cloud unreachable/);

    // The box restarts (same data dir) on a healed link: it sends only the chunks the cloud lacks.
    await t.box.stop();
    t = await startTestBox({ env, dataDir });
    const resumed = await t.box.offbox.runNow();
    expect(resumed).toMatchObject({ outcome: 'complete', sent: chunkCount - before });
    expect(await cloudChunks(place.locationId)).toBe(chunkCount);
    const { rows } = await cloud.db.query<{ manifest: { sha256: string; backupName: string } }>("SELECT manifest FROM offbox_copies WHERE location_id = $1 AND status = 'complete'", [place.locationId]);
    expect(rows.map((r) => r.manifest.backupName)).toEqual([backup.name]);
    expect(rows[0]!.manifest.sha256).toBe(await hashFile(backup.file));
    expect(t.box.services.sync.offbox()).toMatchObject({ last: { backupName: backup.name }, uploading: null, lastError: null });
    // Nothing new: the next look uploads nothing.
    expect(await t.box.offbox.runNow()).toMatchObject({ outcome: 'up-to-date', sent: 0 });
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^brigade_offbox_backup_age_seconds \d+/m);
  }, 120_000);

  it('never sends a chunk while a push of orders is on the wire, with orders coming in all through the upload', async () => {
    const place = await cloud.place('yield');
    const recorder = await startRecordingProxy(cloud.url);
    cleanups.push(() => recorder.close());
    const t = await startTestBox({ env: { CLOUD_URL: recorder.url, CLOUD_CREDENTIAL: place.credential, OFFBOX_CHECK_SECONDS: '3600', OFFBOX_CHUNK_KB: '16', SYNC_INTERVAL_MS: '100', BACKUP_TIME: 'off' } });
    cleanups.push(() => t.close());
    const { waiter, menu } = await restaurantWithOrders(t, 80);
    await makeRecoveryCode(t.dataDir);
    const backup = await t.box.backups.take('manual', { pagesPerStep: PAGES_PER_STEP });
    await t.box.services.sync.syncNow();

    const started = Date.now();
    let ordering = true;
    const orders = (async () => {
      let n = 0;
      while (ordering) {
        expect((await t.api('POST', '/orders', { token: waiter, body: randomOrder(menu) })).status).toBe(201);
        n++;
        // A very busy dinner: about ten orders a second. (Back to back with a slow cloud, the push
        // drains without a pause and the copy waits for a quiet moment, as it should.)
        await new Promise((r) => setTimeout(r, 80));
      }
      return n;
    })();
    const run = await t.box.offbox.runNow();
    const uploaded = Date.now();
    ordering = false;
    const taken = await orders;
    await t.box.services.sync.syncNow();
    const ended = Date.now();

    expect(run).toMatchObject({ outcome: 'complete', sent: Math.ceil(backup.bytes / 16384) });
    const chunks = recorder.log.filter((r) => r.method === 'PUT' && r.path.includes('/chunks/'));
    const pushes = recorder.log.filter((r) => r.path.startsWith('/sync/ingest') || r.path.startsWith('/sync/watermark'));
    // Pushes happened while the chunks went: the turns were really taken, not just never needed.
    const pushesDuring = pushes.filter((p) => p.start >= started && p.start <= uploaded);
    expect(taken).toBeGreaterThan(0);
    expect(pushesDuring.length).toBeGreaterThan(2);
    const overlapping = chunks.filter((c) => pushes.some((p) => p.start < c.end && c.start < p.end));
    expect(overlapping).toEqual([]);
    const longestChunk = Math.max(...chunks.map((c) => c.end - c.start));
    console.log(`offbox yield: ${chunks.length} chunks and ${pushesDuring.length} pushes in ${uploaded - started} ms (all synced after ${ended - started} ms), ${taken} orders, 0 overlaps; longest chunk ${longestChunk} ms (the most a push waited for the link)`);
    expect(t.box.services.sync.status().queueDepth).toBe(0);
  }, 120_000);
});

/**
 * A TCP proxy that passes everything until armed, then cuts the one connection that carries the
 * armed number of bytes more towards the cloud (mid-request: the cloud gets part of a chunk).
 */
async function startCuttingProxy(targetPort: number): Promise<{ url: string; cutAfter(bytes: number): void; cuts(): number; close(): Promise<void> }> {
  let budget = Infinity;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const close = () => { client.destroy(); upstream.destroy(); };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
    upstream.on('data', (d: Buffer) => client.write(d));
    client.on('data', (d: Buffer) => {
      if (d.length < budget) {
        budget -= d.length;
        upstream.write(d);
        return;
      }
      upstream.write(d.subarray(0, budget), () => close());
      budget = Infinity;
      cuts++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    cutAfter(bytes) { budget = bytes; },
    cuts: () => cuts,
    close: () => new Promise<void>((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

interface Logged { method: string; path: string; start: number; end: number }

/** An HTTP proxy to the cloud that logs when each request started and when its answer ended. */
async function startRecordingProxy(target: string): Promise<{ url: string; log: Logged[]; close(): Promise<void> }> {
  const log: Logged[] = [];
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const start = Date.now();
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => log.push({ method: req.method ?? '', path: req.url ?? '', start, end: Date.now() }));
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`, log,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
