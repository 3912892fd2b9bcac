import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { seedBistro } from './helpers/fixtures.js';
import { reportApi } from './helpers/report-api.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';
import { manualClock } from '../src/lib/clock.js';

let cloud: TestCloud;
const boxes: TestBox[] = [];
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterEach(async () => { for (const b of boxes.splice(0)) await b.close(); });
afterAll(async () => { await cloud.close(); });

/** 22:00 in Paris on 20 November 2026. */
const NIGHT = Date.UTC(2026, 10, 20, 21, 0);

describe('Z reports in the cloud', () => {
  it('a Z lands in the cloud with its number, day and frozen totals; payments and refunds carry their own business day', async () => {
    const t = await startTestBox({ clock: manualClock(NIGHT) });
    boxes.push(t);
    installMirror(t.box.deps.db.$client);
    const place = await cloud.place('reports');
    const r = await setUpRestaurant(t);
    const b = await seedBistro(r);
    const api = reportApi(r);
    const order = await api.order({ type: 'dine_in', tableId: b.tables.t1, guestCount: 2, lines: [{ itemId: b.items.tart, quantity: 2 }, { itemId: b.items.soda, quantity: 1 }] });
    const { payment } = await api.pay(order.id, { method: 'card', tip: 200 });
    const z = await api.z();
    const refund = await api.refund(payment.id, 369, 'flat soda');

    const sync = t.box.services.sync;
    sync.configure(cloud.url, place.credential);
    await sync.syncNow();
    expect(sync.status().queueDepth).toBe(0);
    const report = await checkSync(t.box.deps.db.$client, cloud.db, place.locationId);
    expect(report).toMatchObject({ ok: true, lost: [], stale: [], duplicates: 0, rejected: 0 });

    const rows = (await cloud.db.query('SELECT id, number, business_day, closed_at, closed_by, totals FROM z_reports WHERE location_id = $1', [place.locationId])).rows;
    expect(rows).toEqual([{ id: z.id, number: 1, business_day: '2026-11-20', closed_at: z.closedAt, closed_by: r.ownerId, totals: z.totals }]);
    expect(z.totals).toMatchObject({ orders: 1, covers: 2, total: 2129, tips: 200 });
    const days = (await cloud.db.query<{ entity: string; day: string }>(
      `SELECT 'payment' AS entity, row->>'businessDay' AS day FROM payments WHERE location_id = $1
       UNION ALL SELECT 'refund', row->>'businessDay' FROM refunds WHERE location_id = $1 ORDER BY entity`, [place.locationId])).rows;
    expect(days).toEqual([{ entity: 'payment', day: '2026-11-20' }, { entity: 'refund', day: '2026-11-21' }]);
    const refundRow = (await cloud.db.query<{ row: Record<string, unknown> }>('SELECT row FROM refunds WHERE location_id = $1', [place.locationId])).rows[0]!.row;
    expect(refundRow).toMatchObject({ id: refund.refund.id, staffId: r.ownerId, reason: 'flat soda', amount: 369 });

    // Owners read it under the reader policy: their locations only, never another's.
    const readAs = (locations: string[]) => cloud.db.transaction(async (q) => {
      await q.query('SET LOCAL ROLE brigade_service');
      await q.query("SELECT set_config('app.reader_locations', $1, true)", [locations.join(',')]);
      return (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM z_reports')).rows[0]!.n;
    });
    expect(await readAs([place.locationId])).toBe(1);
    expect(await readAs([cloud.a.locationId, cloud.b.locationId])).toBe(0);
  });
});
