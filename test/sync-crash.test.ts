import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { fillLog } from './helpers/sync-log.js';
import { startBoxProcess } from '../scripts/lib/box-process.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';
import { until } from './helpers/wait.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

const cloudOrders = async (locationId: string) =>
  (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE location_id = $1', [locationId])).rows[0]!.n;

describe('sync: SIGKILL of the box in the middle of a push', () => {
  it.each([
    ['before-send', 'nothing'],
    ['during-send', 'nothing (half a request body)'],
    ['after-commit', 'the first batch, not yet acknowledged on the box'],
  ] as const)('killed %s (the cloud has %s), restarted: drains with nothing lost and nothing doubled', async (step, _cloudHas) => {
    const place = await cloud.place(`kill-${step}`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-sync-kill-'));
    // A first start makes the database; then a backlog goes straight into its change log.
    let box = await startBoxProcess({ dataDir });
    await box.stop();
    const client = new Database(path.join(dataDir, 'brigade.db'));
    try {
      installMirror(client);
      const changes = fillLog(client, 40, { linesPer: 2, splitEvery: 4 });
      const pauseFile = path.join(dataDir, 'paused');
      const target = { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: place.credential, SYNC_MAX_ROWS: '60', SYNC_INTERVAL_MS: '50' };
      box = await startBoxProcess({ dataDir, env: { ...target, SYNC_TEST_PAUSE_AT: step, SYNC_TEST_PAUSE_FILE: pauseFile } });
      await until(`the box to pause ${step}`, () => fs.existsSync(pauseFile));
      await box.kill();

      const inCloud = await cloudOrders(place.locationId);
      if (step === 'after-commit') expect(inCloud).toBeGreaterThan(0);
      else expect(inCloud).toBe(0);
      // Not acknowledged on the box: the whole backlog is still in its log.
      expect((client.prepare('select count(*) as n from change_log').get() as { n: number }).n).toBeGreaterThanOrEqual(changes);

      box = await startBoxProcess({ dataDir, env: target });
      await until('the log to drain', () => (client.prepare('select count(*) as n from change_log').get() as { n: number }).n === 0);
      await box.stop();
      const report = await checkSync(client, cloud.db, place.locationId);
      expect(report, JSON.stringify({ ...report, lost: report.lost.slice(0, 5) })).toMatchObject({ ok: true, lost: [], stale: [], duplicates: 0, rejected: 0 });
      expect(report.changes).toBeGreaterThanOrEqual(changes);
      expect(await cloudOrders(place.locationId)).toBe(40);
    } finally {
      client.close();
      await box.kill().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
