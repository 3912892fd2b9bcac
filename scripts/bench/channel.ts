/**
 * Scenario `channel` (issue 17): the cloud → box channel.
 * - Online: a box long-polling the cloud; 200 menu publishes, one every 50 ms; the time from the
 *   cloud's commit (publish resolved) to the box's commit of the applied menu (its `menu.central`
 *   event), p50/p99. Target: p99 < 2 s.
 * - Catch-up: the box stopped listening while 10,000 menu publishes queued (a day offline); the
 *   time from restarting its puller to its cursor at the head, in messages per second. Each
 *   message is a real menu import (a small menu whose price changes every time).
 * Cloud: a fresh `brigade_bench_channel` database on TEST_DATABASE_URL/DATABASE_URL's server or
 * 127.0.0.1:5432 when one answers, else in-memory PGlite. Box and cloud run in this process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config.js';
import { startBox } from '../../src/main.js';
import { migrateCloud } from '../../cloud/migrate.js';
import { startCloudServer } from '../../cloud/server.js';
import { createDevice, createLocation, createOrganisation } from '../../cloud/admin.js';
import { publishMessages, type NewMessage } from '../../cloud/channel/log.js';
import { progress } from './progress.js';
import { benchCloudDatabase } from './cloud-db.js';
import { round, stats } from './stats.js';
import type { ChannelResult, Scenario } from './types.js';

export const CHANNEL_TARGET = { maxDeliveryP99Ms: 2000 };
const ONLINE = { messages: 200, everyMs: 50 };
const QUEUED = 10_000;

const doc = (price: number) => ({
  format: 'brigade.menu', formatVersion: 1, currency: 'EUR', optionGroups: [],
  categories: [{ name: 'Mains', items: [
    { name: 'Soup', price, taxRateBp: 1000, station: 'kitchen' },
    { name: 'Steak', price: 2400, taxRateBp: 1000, station: 'grill' },
  ] }],
});
const publish = (n: number): NewMessage => ({ kind: 'menu.publish', schemaVersion: 1, payload: { publicationId: `bench-${n}`, menuVersion: n, document: doc(100 + n) } });

export const channelScenario: Scenario = {
  name: 'channel',
  async run() {
    const { db, kind } = await benchCloudDatabase('brigade_bench_channel');
    const logger = pino({ level: 'silent' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-bench-channel-'));
    await migrateCloud(db);
    const org = await createOrganisation(db, { name: 'Bench', ownerEmail: 'bench@example.com', ownerName: 'B' });
    const location = await createLocation(db, { organisationId: org.id, name: 'Bench' });
    const device = await createDevice(db, { locationId: location.id, name: 'box' });
    const place = { locationId: location.id, organisationId: org.id };
    const cloud = await startCloudServer({ db, logger, port: 0 });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: device.credential });
    const box = await startBox({ config, logger });
    try {
      const setup = await fetch(`${box.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ restaurantName: 'Bench', currency: 'EUR', timeZone: 'Europe/Paris', dayStartHour: 4, taxMode: 'exclusive', ownerName: 'O', ownerPin: '1111' }) });
      if (setup.status !== 201) throw new Error(`box setup failed: ${setup.status}`);

      progress(`channel: ${ONLINE.messages} publishes online, one every ${ONLINE.everyMs} ms`);
      const applied = new Map<string, number>();
      const off = box.deps.bus.subscribe((e) => {
        if (e.type === 'menu.central') applied.set((e.data as { publicationId: string }).publicationId, performance.now());
      });
      const committed = new Map<string, number>();
      for (let n = 1; n <= ONLINE.messages; n++) {
        await publishMessages(db, [{ place, message: publish(n) }]);
        committed.set(`bench-${n}`, performance.now());
        await new Promise((r) => setTimeout(r, ONLINE.everyMs));
      }
      const deadline = Date.now() + 30_000;
      while (applied.size < ONLINE.messages && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      off();
      const delays = [...committed].filter(([id]) => applied.has(id)).map(([id, t]) => applied.get(id)! - t);

      progress(`channel: ${QUEUED} messages queued while the box is not listening`);
      await box.services.inbox.stop();
      for (let n = 0; n < QUEUED; n += 500) {
        await publishMessages(db, Array.from({ length: Math.min(500, QUEUED - n) }, (_, i) => ({ place, message: publish(ONLINE.messages + n + i + 1) })));
      }
      const head = ONLINE.messages + QUEUED;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      box.services.inbox.start(logger);
      while (box.services.inbox.status().cursor < head) await new Promise((r) => setTimeout(r, 10));
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const latency = stats(delays);
      const result: ChannelResult = {
        kind: 'channel', name: 'channel: publish → applied; catch-up', database: kind,
        online: { messages: ONLINE.messages, delivered: delays.length, everyMs: ONLINE.everyMs, ms: { p50: latency.p50, p99: latency.p99, max: latency.max } },
        catchUp: { messages: QUEUED, seconds: round(seconds), messagesPerSecond: round(QUEUED / seconds), cpuSeconds: round((cpu.user + cpu.system) / 1e6) },
        target: { ...CHANNEL_TARGET, pass: delays.length === ONLINE.messages && latency.p99 < CHANNEL_TARGET.maxDeliveryP99Ms },
      };
      return [result];
    } finally {
      await box.stop();
      await cloud.stop();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
