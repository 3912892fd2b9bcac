import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { startTestBox } from './helpers/box.js';
import { fillLog } from './helpers/sync-log.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';
import { startFaultProxy } from '../scripts/sync/fault-proxy.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

const cloudOrders = async (locationId: string) =>
  (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE location_id = $1', [locationId])).rows[0]!.n;

describe('sync through a TCP proxy that cuts connections', () => {
  it('cut mid-request and mid-response, then healed: nothing lost, nothing doubled', async () => {
    const place = await cloud.place('proxy');
    const proxy = await startFaultProxy({ targetPort: Number(new URL(cloud.url).port), mode: 'cut-request' });
    const t = await startTestBox({ env: { SYNC_MAX_ROWS: '60', SYNC_TIMEOUT_MS: '5000' } });
    try {
      const client = t.box.deps.db.$client;
      installMirror(client);
      const sync = t.box.services.sync;
      let changes = fillLog(client, 30, { linesPer: 2, splitEvery: 3 });
      sync.configure(proxy.url, place.credential);

      // Mid-request: the cloud gets half a batch and commits nothing.
      await sync.syncNow();
      expect(proxy.cuts.request).toBeGreaterThan(0);
      expect(sync.status().lastError).toMatch(/cloud unreachable/);
      expect(await cloudOrders(place.locationId)).toBe(0);
      expect(sync.status().queueDepth).toBe(changes);

      // Mid-response: each batch commits in the cloud, the box hears a reset; the next cycle
      // reads the watermark, acknowledges, and sends the next batch, which is cut in turn.
      proxy.mode = 'cut-response';
      for (let i = 0; i < 4; i++) {
        await sync.syncNow();
        changes += fillLog(client, 5, { linesPer: 1 });
      }
      expect(proxy.cuts.response).toBeGreaterThanOrEqual(4);
      expect(await cloudOrders(place.locationId)).toBeGreaterThan(0);
      expect(sync.status().lastError).toMatch(/cloud unreachable/);

      // Healed.
      proxy.mode = 'pass';
      await sync.syncNow();
      expect(sync.status()).toMatchObject({ queueDepth: 0, lastError: null, epoch: 1 });
      const report = await checkSync(client, cloud.db, place.locationId);
      expect(report, JSON.stringify({ ...report, lost: report.lost.slice(0, 5) })).toMatchObject({ ok: true, lost: [], stale: [], duplicates: 0, rejected: 0 });
      expect(report.changes).toBe(changes);
      expect(await cloudOrders(place.locationId)).toBe(50);
    } finally {
      await t.close();
      await proxy.close();
    }
  }, 60_000);
});
