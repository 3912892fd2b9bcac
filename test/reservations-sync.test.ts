import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { newId, seedBistro } from './helpers/fixtures.js';
import { checkSync, installMirror } from '../scripts/sync/check.js';
import { manualClock } from '../src/lib/clock.js';

/**
 * The door's rows reach the cloud like every other row (issue 20): bookings (mutable), their status
 * history (facts), the waitlist, the settings and the exceptions land in their own tables, nothing
 * rejected, under the location's row-level security — what the cloud half will build on.
 */
let cloud: TestCloud;
let t: TestBox;
beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  t = await startTestBox({ clock: manualClock(Date.UTC(2026, 10, 20, 10, 0)) });
}, 120_000);
afterAll(async () => { await t?.close(); await cloud?.close(); });

describe('reservations in the cloud', () => {
  it('a booking moved through its statuses, a waiting party, the settings and a closed day all land, nothing rejected', async () => {
    installMirror(t.box.deps.db.$client);
    const place = await cloud.place('door');
    const r = await setUpRestaurant(t, { country: 'FR' });
    const b = await seedBistro(r);
    const own = async (method: string, path: string, body?: unknown) => {
      const res = await t.api(method, path, { token: r.ownerToken, body });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      return res.body;
    };
    const settings = await own('GET', '/reservations/settings');
    await own('PUT', '/reservations/settings', { ...settings, version: undefined, combinations: [[b.tables.t1, b.tables.t2]], onlineAllotment: 6 });
    await own('POST', '/reservations/exceptions', { date: '2026-12-25', kind: 'closed', note: 'Christmas' });
    const id = newId();
    await own('POST', '/reservations', { id, name: 'Camille', partySize: 8, startsAt: Date.UTC(2026, 10, 20, 18, 0), source: 'phone', phone: '06 12 34 56 78' });
    await own('POST', `/reservations/${id}/status`, { status: 'confirmed' });
    await own('POST', `/reservations/${id}/status`, { status: 'cancelled', reason: 'Called to cancel' });
    const waiting = newId();
    await own('POST', '/waitlist', { id: waiting, name: 'Noé', partySize: 2, phone: '+33611223344' });

    const sync = t.box.services.sync;
    sync.configure(cloud.url, place.credential);
    await sync.syncNow();
    expect(sync.status().queueDepth).toBe(0);
    expect(await checkSync(t.box.deps.db.$client, cloud.db, place.locationId)).toMatchObject({ ok: true, lost: [], rejected: 0 });

    const booking = (await cloud.db.query<{ row: Record<string, unknown> }>('SELECT status, party_size, source, starts_at, version, row FROM reservations WHERE location_id = $1 AND id = $2', [place.locationId, id])).rows[0]!;
    expect(booking).toMatchObject({ status: 'cancelled', party_size: 8, source: 'phone', starts_at: Date.UTC(2026, 10, 20, 18, 0), version: 3 });
    expect(booking.row).toMatchObject({ phone: '+33612345678', tableIds: [b.tables.t1, b.tables.t2] });
    expect(booking.row.requestHash).toBeUndefined();
    const history = (await cloud.db.query<{ to_status: string }>('SELECT to_status FROM reservation_status_changes WHERE location_id = $1 AND reservation_id = $2 ORDER BY at, id', [place.locationId, id])).rows;
    expect(history.map((h) => h.to_status).sort()).toEqual(['booked', 'cancelled', 'confirmed']);
    expect((await cloud.db.query('SELECT status, party_size FROM waitlist_entries WHERE location_id = $1', [place.locationId])).rows).toEqual([{ status: 'waiting', party_size: 2 }]);
    expect((await cloud.db.query("SELECT row->>'onlineAllotment' AS allotment FROM reservation_settings WHERE location_id = $1 AND id = 'door'", [place.locationId])).rows).toEqual([{ allotment: '6' }]);
    expect((await cloud.db.query('SELECT date, kind FROM reservation_exceptions WHERE location_id = $1', [place.locationId])).rows).toEqual([{ date: '2026-12-25', kind: 'closed' }]);
  });
});
