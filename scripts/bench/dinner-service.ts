/**
 * `npm run bench:dinner` (issue 22): does the box run a dinner service in ≤ 150 MB of RAM, started the
 * way a Raspberry Pi runs it? The box is started from the systemd unit `npm run cli -- install`
 * writes (src/ops/systemd-unit.ts): its ExecStart (node flags, the old-space cap) and its Environment
 * lines (malloc settings), in a clean environment as systemd gives one, on a temp data dir. Then a
 * busy dinner is played against it over HTTP and WebSocket, from this process:
 *
 *   - TABLETS waiter tablets (WebSocket on `orders` and `tables`), KITCHEN kitchen screens (one station each);
 *   - ORDERS_PER_MINUTE orders (3 lines with options, dine-in at a table or takeaway), each fired at once,
 *     and paid by card PAY_AFTER_S seconds later (the table frees);
 *   - each tablet reloads the menu (ETag: mostly 304) every minute and the floor plan every 10 s;
 *     a manager reads the X report every 30 s.
 *
 * The box's RSS is sampled every 100 ms from /proc (scripts/bench/box-memory.ts). Prints a summary and
 * writes bench-results/dinner-<time>.json and dinner-latest.json with the unit's command and
 * environment, what was done, latencies and memory: after set-up, peak during the service (sampled),
 * the kernel's high-water mark (VmHWM) and at the end.
 *
 * Settings (environment): DINNER_SECONDS (default 300), DINNER_ORDERS_PER_MINUTE (30), DINNER_TABLETS (12),
 * DINNER_KITCHEN (4), DINNER_PAY_AFTER_S (60). Needs `npm run build` (the unit runs dist/).
 *
 * Honest limit: this measures the unit's configuration on the machine it runs on (x86-64 here), not on a
 * Raspberry Pi: arm64 V8 uses the same heap sizes, but code size and malloc differ a little.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { v7 as uuid } from 'uuid';
import WebSocket from 'ws';
import { BUILT_MAIN, REPO_ROOT } from '../lib/box-process.js';
import { apiClient, type Api } from '../lib/http.js';
import { randomOrder, seedMenu, setUpBox, signInStaff } from '../lib/seed.js';
import { systemdUnit } from '../../src/ops/systemd-unit.js';
import { BoxMemorySampler } from './box-memory.js';
import { loadAverage, machineInfo } from './report.js';
import { stats } from './stats.js';

const setting = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!(n > 0)) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
};
const SECONDS = setting('DINNER_SECONDS', 300);
const ORDERS_PER_MINUTE = setting('DINNER_ORDERS_PER_MINUTE', 30);
const TABLETS = setting('DINNER_TABLETS', 12);
const KITCHEN = setting('DINNER_KITCHEN', 4);
const PAY_AFTER_S = setting('DINNER_PAY_AFTER_S', 60);
/** A bistro's menu and floor (the demo restaurant has 74 dishes and 20 tables). */
const MENU = { items: 80, categories: 10, tables: 30 };
const STATIONS = ['grill', 'cold', 'bar', 'pastry'];

/** The unit's ExecStart (split on spaces: no path in it holds one) and Environment lines (later lines win, as in systemd). */
export function parseUnit(unit: string): { argv: string[]; env: Record<string, string>; cwd: string } {
  const env: Record<string, string> = {};
  let argv: string[] = [];
  let cwd = REPO_ROOT;
  for (const line of unit.split('\n')) {
    const at = line.indexOf('=');
    if (line.startsWith('#') || at < 0) continue;
    const key = line.slice(0, at);
    const value = line.slice(at + 1);
    if (key === 'Environment') for (const pair of value.split(' ')) env[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
    if (key === 'ExecStart') argv = value.split(' ');
    if (key === 'WorkingDirectory') cwd = value;
  }
  return { argv, env, cwd };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitHealthy(url: string, child: { exitCode: number | null }): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the box exited (${child.exitCode}) before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('the box did not answer /healthz in 30 s');
    await sleep(100);
  }
}

/** A WebSocket client that stays connected and reads everything (as a tablet or kitchen screen does). */
async function connect(url: string, token: string, topics: string[]): Promise<WebSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token, topics })));
    ws.once('error', reject);
    ws.once('message', (data) => (String(data).startsWith('{"type":"welcome"') ? resolve() : reject(new Error(`refused: ${String(data)}`))));
  });
  let frames = 0;
  ws.on('message', () => { frames++; });
  Object.defineProperty(ws, 'frames', { get: () => frames });
  return ws;
}

interface Tally { placed: number; fired: number; paid: number; reads: number; errors: number; errorSamples: string[]; orderMs: number[]; fireMs: number[]; payMs: number[]; readMs: number[] }

async function timed(t: Tally, into: number[], what: string, call: () => Promise<{ status: number; body: unknown }>, ok: number[] = [200, 201]): Promise<unknown> {
  const t0 = performance.now();
  try {
    const res = await call();
    into.push(performance.now() - t0);
    if (!ok.includes(res.status)) {
      t.errors++;
      if (t.errorSamples.length < 5) t.errorSamples.push(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return null;
    }
    return res.body;
  } catch (error) {
    t.errors++;
    if (t.errorSamples.length < 5) t.errorSamples.push(`${what}: ${(error as Error).message}`);
    return null;
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run npm run build first (the unit runs the compiled box).`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-dinner-'));
  const port = await freePort();
  const unit = systemdUnit({ appDir: REPO_ROOT.replace(/\/$/, ''), node: process.execPath, dataDir, user: 'brigade', port, envFile: '/etc/brigade/brigade.env' });
  const { argv, env: unitEnv, cwd } = parseUnit(unit);
  // systemd starts a service with a clean environment: PATH and the unit's own lines. HTTPS stays on,
  // as in the unit, on a free port; logs at warn (the journal's volume is not what is measured).
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...unitEnv, HOST: '127.0.0.1', HTTPS_PORT: '0', LOG_LEVEL: 'warn', BACKUP_TIME: 'off' };
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr = (stderr + String(d)).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  const startedAt = new Date().toISOString();
  const loadBefore = loadAverage();
  try {
    await waitHealthy(url, child);
    const api: Api = apiClient(url);
    const session = await setUpBox(api, 'Dinner Bistro');
    const menu = await seedMenu(api, session.ownerToken, MENU);
    const waiter = await signInStaff(api, session, 'waiter', '4321');
    const manager = await signInStaff(api, session, 'manager', '5432');
    const sockets = [
      ...await Promise.all(Array.from({ length: TABLETS }, () => connect(url, waiter, ['orders', 'tables']))),
      ...await Promise.all(Array.from({ length: KITCHEN }, (_, i) => connect(url, manager, [`kitchen:${STATIONS[i % STATIONS.length]}`]))),
    ];
    const memory = new BoxMemorySampler(child.pid!, `${argv.join(' ')}`);
    console.error(`dinner: ${SECONDS} s, ${ORDERS_PER_MINUTE} orders/min, ${TABLETS} tablets, ${KITCHEN} kitchen screens; box: ${argv.join(' ')}`);
    memory.begin();

    const t: Tally = { placed: 0, fired: 0, paid: 0, reads: 0, errors: 0, errorSamples: [], orderMs: [], fireMs: [], payMs: [], readMs: [] };
    const freeTables = [...menu.tableIds];
    const pending: Promise<unknown>[] = [];
    const endAt = Date.now() + SECONDS * 1000;
    const etags = new Map<number, string>();

    const serveOne = async () => {
      const tableId = freeTables.shift();
      const body = tableId ? { ...randomOrder(menu), type: 'dine_in' as const, tableId, guestCount: 2 + Math.floor(Math.random() * 3) } : randomOrder(menu);
      const created = await timed(t, t.orderMs, 'order', () => api('POST', '/orders', { token: waiter, body })) as { lines: Array<{ id: string }> } | null;
      if (!created) { if (tableId) freeTables.push(tableId); return; }
      t.placed++;
      if (await timed(t, t.fireMs, 'fire', () => api('POST', `/orders/${body.id}/fire`, { token: waiter, body: { lineIds: created.lines.map((l) => l.id) } }))) t.fired++;
      await sleep(PAY_AFTER_S * 1000 * (0.5 + Math.random()));
      const paid = await timed(t, t.payMs, 'pay', () => api('POST', `/orders/${body.id}/payments`, { token: waiter, headers: { 'idempotency-key': `dinner-${uuid()}` }, body: { method: 'card' } }));
      if (paid) t.paid++;
      if (tableId) freeTables.push(tableId);
    };
    const tabletReads = async (i: number) => {
      let tick = 0;
      while (Date.now() < endAt) {
        await sleep(10_000 * (0.8 + Math.random() * 0.4));
        tick++;
        if (await timed(t, t.readMs, 'tables', () => api('GET', '/tables', { token: waiter }))) t.reads++;
        if (tick % 6 === i % 6) {
          const etag = etags.get(i);
          const res = await timed(t, t.readMs, 'menu', async () => {
            const r = await fetch(`${url}/menu`, { headers: { authorization: `Bearer ${waiter}`, 'accept-encoding': 'gzip', ...(etag ? { 'if-none-match': etag } : {}) } });
            if (r.headers.get('etag')) etags.set(i, r.headers.get('etag')!);
            await r.arrayBuffer();
            return { status: r.status, body: r.status };
          }, [200, 304]);
          if (res !== null) t.reads++;
        }
      }
    };
    const managerReads = async () => {
      while (Date.now() < endAt) {
        await sleep(30_000);
        if (await timed(t, t.readMs, 'x report', () => api('GET', '/reports/x', { token: manager }))) t.reads++;
      }
    };

    const readers = [...Array.from({ length: TABLETS }, (_, i) => tabletReads(i)), managerReads()];
    const gapMs = 60_000 / ORDERS_PER_MINUTE;
    while (Date.now() < endAt) {
      pending.push(serveOne());
      await sleep(gapMs * (0.5 + Math.random()));
    }
    await Promise.all([...readers, ...pending]);
    await memory.end('dinner');
    const frames = sockets.reduce((n, ws) => n + (ws as unknown as { frames: number }).frames, 0);
    for (const ws of sockets) ws.close();
    const figures = memory.stop();
    const report = {
      startedAt, finishedAt: new Date().toISOString(), machine: machineInfo(), loadAverage: { before: loadBefore, after: loadAverage() },
      note: 'Measured on this machine, not on a Raspberry Pi: the box started exactly as the systemd unit starts it.',
      unit: { execStart: argv.join(' '), environment: unitEnv },
      settings: { seconds: SECONDS, ordersPerMinute: ORDERS_PER_MINUTE, tablets: TABLETS, kitchenScreens: KITCHEN, payAfterSeconds: PAY_AFTER_S, menu: MENU },
      done: { ordersPlaced: t.placed, fired: t.fired, paid: t.paid, reads: t.reads, webSocketFrames: frames, errors: t.errors, errorSamples: t.errorSamples },
      latencyMs: { order: stats(t.orderMs), fire: stats(t.fireMs), pay: stats(t.payMs), reads: stats(t.readMs) },
      rssMb: { afterSetUp: figures.afterSeedMb, peakSampled: figures.scenarios[0]?.peakMb ?? null, afterService: figures.scenarios[0]?.afterMb ?? null, highWaterMark: figures.peakMb, final: figures.finalMb },
      target: { rssMb: 150, met: figures.peakMb <= 150 },
    };
    const dir = path.join(REPO_ROOT, 'bench-results');
    fs.mkdirSync(dir, { recursive: true });
    const json = `${JSON.stringify(report, null, 2)}\n`;
    fs.writeFileSync(path.join(dir, `dinner-${startedAt.replace(/[:.]/g, '-')}.json`), json);
    fs.writeFileSync(path.join(dir, 'dinner-latest.json'), json);
    console.log(JSON.stringify({ done: report.done, latencyMs: { order: report.latencyMs.order }, rssMb: report.rssMb, target: report.target }, null, 2));
  } catch (error) {
    console.error(stderr);
    throw error;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => { console.error(error.message); process.exit(1); });
