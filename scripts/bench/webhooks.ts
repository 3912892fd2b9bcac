/**
 * Scenario `webhooks` (issue 21): fan-out of webhook events to 100 subscribers, each its own HTTP
 * server on 127.0.0.1 answering 200 at once.
 * - Steady: one payment pushed through the real ingest route every 50 ms; per delivery, the time from
 *   the event's recording (inside the ingest transaction) to its arrival at the subscriber, p50/p99.
 * - Burst: 200 payments in one batch (20,000 deliveries); events fully fanned out per second and
 *   deliveries per second, from the ingest's answer to the last arrival.
 * The worker runs inside the cloud service with its production settings (1,024 sends in flight, 512 per
 * organisation, 8 per subscriber). Cloud on PostgreSQL when one answers (see cloud-db.ts), else PGlite;
 * all in this process. The 1-minute load average at start and end goes into the result: on a shared
 * machine it moves every figure.
 */
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { migrateCloud } from '../../cloud/migrate.js';
import { startCloudServer } from '../../cloud/server.js';
import { createDevice, createLocation, createOrganisation } from '../../cloud/admin.js';
import { createSubscription } from '../../cloud/webhooks/store.js';
import { uuidV7Ids } from '../../src/lib/clock.js';
import { benchCloudDatabase } from './cloud-db.js';
import { progress } from './progress.js';
import { round, stats } from './stats.js';
import type { Scenario, WebhooksResult } from './types.js';

export const WEBHOOKS_TARGET = { maxDeliveryP99Ms: 1000 };
const SUBSCRIBERS = 100;
const STEADY = { events: 100, everyMs: 50 };
const BURST = 200;

interface Arrival { eventId: string; recordedAt: number; at: number }

async function subscriber(arrivals: Arrival[]): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { eventId: string; createdAt: string };
      arrivals.push({ eventId: body.eventId, recordedAt: Date.parse(body.createdAt), at });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

export const webhooksScenario: Scenario = {
  name: 'webhooks',
  async run() {
    const loadAtStart = os.loadavg()[0]!;
    const { db, kind } = await benchCloudDatabase('brigade_bench_webhooks');
    const logger = pino({ level: 'silent' });
    await migrateCloud(db);
    const org = await createOrganisation(db, { name: 'Bench', ownerEmail: 'bench-hooks@example.com', ownerName: 'B' });
    const location = await createLocation(db, { organisationId: org.id, name: 'Bench' });
    const device = await createDevice(db, { locationId: location.id, name: 'box' });
    const viewer = { accountId: 'bench', organisationId: org.id, role: 'owner' as const, locationIds: [location.id] };
    const arrivals: Arrival[] = [];
    const subs = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => subscriber(arrivals)));
    for (const s of subs) {
      await createSubscription(db, viewer, { url: s.url, events: ['payment.received'], format: 'json', description: '', locationIds: null, active: true }, uuidV7Ids.next(), Date.now(), { allowPrivate: true });
    }
    const cloud = await startCloudServer({ db, logger, port: 0, webhooks: { allowPrivate: true, timeoutMs: 10_000 } });
    let seq = 0;
    const push = async (n: number) => {
      const changes = Array.from({ length: n }, () => ({ seq: ++seq, txId: uuidV7Ids.next(), entity: 'payment', entityId: uuidV7Ids.next(), op: 'upsert', version: 1,
        row: { orderId: uuidV7Ids.next(), method: 'card', amount: 1200, tip: 0, createdAt: Date.now() } }));
      const res = await fetch(`${cloud.url}/sync/ingest`, { method: 'POST', headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schemaVersion: 2, epoch: 1, changes }) });
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    };
    const waitFor = async (count: number, ms: number) => {
      const deadline = Date.now() + ms;
      while (arrivals.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    };
    try {
      progress(`webhooks: ${STEADY.events} events to ${SUBSCRIBERS} subscribers, one every ${STEADY.everyMs} ms`);
      for (let i = 0; i < STEADY.events; i++) {
        await push(1);
        await new Promise((r) => setTimeout(r, STEADY.everyMs));
      }
      await waitFor(STEADY.events * SUBSCRIBERS, 120_000);
      const steady = arrivals.splice(0);
      const latency = stats(steady.map((a) => a.at - a.recordedAt));

      progress(`webhooks: a burst of ${BURST} events (${BURST * SUBSCRIBERS} deliveries)`);
      const cpuBefore = process.cpuUsage();
      await push(BURST);
      const started = Date.now();
      await waitFor(BURST * SUBSCRIBERS, 300_000);
      const seconds = (Math.max(...arrivals.map((a) => a.at)) - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const burstLatency = stats(arrivals.map((a) => a.at - a.recordedAt));
      const result: WebhooksResult = {
        kind: 'webhooks', name: 'webhooks: fan-out to 100 subscribers', database: kind, subscribers: SUBSCRIBERS,
        steady: { events: STEADY.events, everyMs: STEADY.everyMs, deliveries: steady.length, ms: { p50: latency.p50, p99: latency.p99, max: latency.max } },
        burst: { events: BURST, deliveries: arrivals.length, seconds: round(seconds), eventsPerSecond: round(BURST / seconds), deliveriesPerSecond: round(arrivals.length / seconds),
          ms: { p50: burstLatency.p50, p99: burstLatency.p99 }, cpuSeconds: round((cpu.user + cpu.system) / 1e6) },
        target: { ...WEBHOOKS_TARGET, pass: steady.length === STEADY.events * SUBSCRIBERS && latency.p99 < WEBHOOKS_TARGET.maxDeliveryP99Ms },
        loadAverage: { start: round(loadAtStart), end: round(os.loadavg()[0]!) },
      };
      return [result];
    } finally {
      await cloud.stop();
      for (const s of subs) await s.close();
      await db.close();
    }
  },
};
