/**
 * `guest-orders`, the cloud path (issue 19): a guest's phone on mobile data POSTs an order to the
 * cloud's public route; the time until the waiter's WebSocket (topic `orders`) on the box has the
 * `guest.request` frame for it — the cloud checked the token's digest, priced from the synced menu,
 * stored it and sent it down the channel; the box's long-poll took it and applied it with its
 * cursor. One at a time, 100 orders over four seated tables. The cloud's own answer time is kept
 * apart. The cloud's per-address limit is raised for the run (every phone here is 127.0.0.1).
 * Cloud: `brigade_bench_guests` on the PostgreSQL server when one answers, else PGlite.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { v4 as uuidv4 } from 'uuid';
import { openGuestSocket, type GuestSocket } from './guest-socket.js';
import { loadConfig } from '../../src/config.js';
import { startBox } from '../../src/main.js';
import { migrateCloud } from '../../cloud/migrate.js';
import { startCloudServer } from '../../cloud/server.js';
import { createDevice, createLocation, createOrganisation } from '../../cloud/admin.js';
import { benchCloudDatabase } from './cloud-db.js';
import { progress } from './progress.js';
import { stats } from './stats.js';
import type { GuestCloudResult } from './types.js';

const ORDERS = 100;
const TABLES = 4;
export const GUEST_CLOUD_TARGET = { maxP99Ms: 2000 };

export async function runGuestCloudPath(): Promise<GuestCloudResult> {
  process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = '1000000';
  process.env.CLOUD_GUEST_RATE_PER_TOKEN = '1000000';
  const { db, kind } = await benchCloudDatabase('brigade_bench_guests');
  const logger = pino({ level: 'silent' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-bench-guests-'));
  await migrateCloud(db);
  const org = await createOrganisation(db, { name: 'Bench', ownerEmail: 'bench-guests@example.com', ownerName: 'B' });
  const location = await createLocation(db, { organisationId: org.id, name: 'Bench' });
  const device = await createDevice(db, { locationId: location.id, name: 'box' });
  const cloud = await startCloudServer({ db, logger, port: 0 });
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: device.credential, SYNC_INTERVAL_MS: '200' });
  const box = await startBox({ config, logger });
  let socket: GuestSocket | null = null;
  try {
    const api = async (method: string, p: string, token: string | null, body?: unknown) => {
      const res = await fetch(box.url + p, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
      return res.json() as Promise<any>;
    };
    const token = (await api('POST', '/setup', null, { restaurantName: 'Bench', currency: 'EUR', timeZone: 'Europe/Paris', dayStartHour: 4, taxMode: 'exclusive', ownerName: 'O', ownerPin: '1111' })).session.token as string;
    const cat = (await api('POST', '/menu/categories', token, { name: 'Mains' })).id;
    const burger = (await api('POST', '/menu/items', token, { categoryId: cat, name: 'Burger', price: 1200, taxRateBp: 1000, station: 'grill' })).id as string;
    await api('PATCH', '/guest-ordering/settings', token, { maxOrdersPer10Min: 100, maxOrderTotal: null });
    const area = (await api('POST', '/areas', token, { name: 'Room' })).id;
    const tables: Array<{ id: string; token: string }> = [];
    for (let i = 1; i <= TABLES; i++) {
      const id = (await api('POST', '/tables', token, { areaId: area, label: `G${i}`, capacity: 4, shape: 'square' })).id as string;
      await api('POST', `/tables/${id}/status`, token, { status: 'occupied' });
      tables.push({ id, token: (await api('GET', `/tables/${id}/qr`, token)).token });
    }
    const deadline = Date.now() + 30_000;
    while ((await db.query('SELECT 1 FROM guest_table_codes WHERE location_id = $1', [location.id])).rows.length < TABLES
      || (await db.query(`SELECT 1 FROM guest_settings WHERE location_id = $1 AND (row->>'maxOrdersPer10Min')::int = 100`, [location.id])).rows.length === 0) {
      if (Date.now() > deadline) throw new Error('the table codes never reached the cloud');
      await new Promise((r) => setTimeout(r, 50));
    }

    socket = await openGuestSocket(box.url, token);

    progress(`guest-orders (cloud): ${ORDERS} guest orders through the cloud, one at a time, to the waiter's socket`);
    const toTablet: number[] = [];
    const answers: number[] = [];
    let refused = 0;
    for (let i = 0; i < ORDERS; i++) {
      const table = tables[i % TABLES]!;
      const id = uuidv4();
      const arrived = socket.arrival(id);
      const t0 = performance.now();
      const res = await fetch(`${cloud.url}/public/tables/${table.id}/requests`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-table-token': table.token },
        body: JSON.stringify({ id, kind: 'order', lines: [{ itemId: burger, quantity: 1 + (i % 2), optionIds: [] }], language: 'en' }) });
      await res.arrayBuffer();
      answers.push(performance.now() - t0);
      if (res.status !== 201) { refused++; continue; }
      await Promise.race([arrived, new Promise((r) => setTimeout(r, 10_000))]);
      const at = socket.seenAt(id);
      if (at !== undefined) toTablet.push(at - t0);
    }
    const latency = stats(toTablet);
    const answer = stats(answers);
    return {
      kind: 'guest-cloud', name: 'guest order → waiter tablet (through the cloud)', database: kind, orders: ORDERS, delivered: toTablet.length, refused,
      toTabletMs: { p50: latency.p50, p99: latency.p99, max: latency.max }, cloudAnswerMs: { p50: answer.p50, p99: answer.p99 },
      target: { ...GUEST_CLOUD_TARGET, pass: toTablet.length === ORDERS && latency.p99 < GUEST_CLOUD_TARGET.maxP99Ms },
    };
  } finally {
    socket?.close();
    delete process.env.CLOUD_PUBLIC_RATE_PER_MINUTE;
    delete process.env.CLOUD_GUEST_RATE_PER_TOKEN;
    await box.stop();
    await cloud.stop();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
