/**
 * Scenario `delivery` (issue 21): a delivery platform's order → the order on the kitchen screen.
 * A box long-polls a cloud that has a generic platform connection (auto-accept) for its location;
 * 100 signed orders, one every 100 ms, each timed from sending the request to the box's
 * `ticket.created` event for it (the cloud verified, stored and sent it down the channel; the box
 * applied it, made the order and fired it in one transaction). Target: p99 < 2 s (the channel's).
 * Cloud: `brigade_bench_delivery` on the PostgreSQL server when one answers, else PGlite.
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
import { saveConnection } from '../../cloud/delivery/connections.js';
import { genericRequest } from '../lib/fake-platform.js';
import { benchCloudDatabase } from './cloud-db.js';
import { progress } from './progress.js';
import { stats } from './stats.js';
import type { DeliveryResult, Scenario } from './types.js';

const ORDERS = 100;
const EVERY_MS = 100;
const SECRET = 'bench-generic-secret-0123456789';
export const DELIVERY_TARGET = { maxP99Ms: 2000 };

export const deliveryScenario: Scenario = {
  name: 'delivery',
  async run() {
    const { db, kind } = await benchCloudDatabase('brigade_bench_delivery');
    const logger = pino({ level: 'silent' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-bench-delivery-'));
    await migrateCloud(db);
    const org = await createOrganisation(db, { name: 'Bench', ownerEmail: 'bench@example.com', ownerName: 'B' });
    const location = await createLocation(db, { organisationId: org.id, name: 'Bench' });
    const device = await createDevice(db, { locationId: location.id, name: 'box' });
    await saveConnection(db, { locationId: location.id, organisationId: org.id }, 'generic', { secret: SECRET, autoAccept: true });
    const cloud = await startCloudServer({ db, logger, port: 0 });
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: device.credential, SYNC_INTERVAL_MS: '200' });
    const box = await startBox({ config, logger });
    try {
      const api = async (method: string, p: string, token: string | null, body?: unknown) => {
        const res = await fetch(box.url + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
        return res.json() as Promise<any>;
      };
      const setup = await api('POST', '/setup', null, { restaurantName: 'Bench', currency: 'EUR', timeZone: 'Europe/Paris', dayStartHour: 4, taxMode: 'exclusive', ownerName: 'O', ownerPin: '1111' });
      const token = setup.session.token as string;
      const cat = (await api('POST', '/menu/categories', token, { name: 'Mains' })).id;
      await api('POST', '/menu/items', token, { categoryId: cat, name: 'Burger', price: 1200, taxRateBp: 1000, station: 'grill', externalId: 'PLU-1' });
      await api('POST', '/menu/items', token, { categoryId: cat, name: 'Fries', price: 400, taxRateBp: 1000, station: 'fry', externalId: 'PLU-2' });
      const deadline = Date.now() + 30_000;
      while ((await db.query(`SELECT 1 FROM menu_items WHERE row->>'externalId' = 'PLU-2'`)).rows.length === 0) {
        if (Date.now() > deadline) throw new Error('the menu never reached the cloud');
        await new Promise((r) => setTimeout(r, 50));
      }

      progress(`delivery: ${ORDERS} signed platform orders, one every ${EVERY_MS} ms`);
      const onKds = new Map<string, number>();
      const off = box.deps.bus.subscribe((e) => {
        const platform = (e.data as { platform?: string | null } | null)?.platform;
        if (e.type === 'ticket.created' && platform && !onKds.has(platform)) onKds.set(platform, performance.now());
      });
      const sent = new Map<string, number>();
      const answers: number[] = [];
      for (let n = 1; n <= ORDERS; n++) {
        const req = genericRequest(SECRET, { id: `bench-${n}`, reference: `B${n}`, subtotal: 1600, items: [{ plu: 'PLU-1', name: 'Burger', quantity: 1, unitPrice: 1200 }, { plu: 'PLU-2', name: 'Fries', quantity: 1, unitPrice: 400 }] });
        const started = performance.now();
        sent.set(`ONLINE #B${n}`, started);
        const res = await fetch(`${cloud.url}/platforms/generic/${location.id}/orders`, { method: 'POST', headers: req.headers, body: req.body });
        if (res.status !== 200) throw new Error(`the cloud answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        answers.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, EVERY_MS));
      }
      const until = Date.now() + 30_000;
      while (onKds.size < ORDERS && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      off();
      const delays = [...sent].filter(([label]) => onKds.has(label)).map(([label, t]) => onKds.get(label)! - t);
      const latency = stats(delays);
      const answer = stats(answers);
      const result: DeliveryResult = {
        kind: 'delivery', name: 'delivery: platform request → order on the KDS', database: kind, orders: ORDERS, onKds: delays.length, everyMs: EVERY_MS,
        ms: { p50: latency.p50, p99: latency.p99, max: latency.max }, answerMs: { p50: answer.p50, p99: answer.p99 },
        target: { ...DELIVERY_TARGET, pass: delays.length === ORDERS && latency.p99 < DELIVERY_TARGET.maxP99Ms },
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
