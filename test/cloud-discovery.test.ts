import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocation } from '../cloud/admin.js';
import { findAccountByEmail, viewerOf } from '../cloud/auth/directory.js';
import type { Viewer } from '../cloud/auth/reader.js';
import { DISCOVERY_SQL, discoveryParams, parseDiscovery } from '../cloud/profiles/discovery.js';
import { withPublic } from '../cloud/profiles/public-db.js';
import { ProfileInput } from '../cloud/profiles/schema.js';
import { saveProfile } from '../cloud/profiles/store.js';
import { manualClock } from '../src/lib/clock.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api } from './helpers/cloud-accounts.js';
import { profileBody } from './helpers/profiles.js';

/**
 * Discovery (issue 20): GET /public/restaurants against a brute-force distance computed here, the
 * opening hours in each restaurant's own zone (past midnight, closed dates), unpublished profiles
 * never shown, the public role's wall, the rate limit, and a fuzz of the query string.
 */
const RATE = 40;
process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = String(RATE);

// Saturday 5 December 2026, 00:30 UTC: 01:30 in Paris, 19:30 (Friday) in New York.
const clock = manualClock(Date.UTC(2026, 11, 5, 0, 30));
let cloud: TestCloud;
let owner: Viewer;
let address = 0;
/** Each request from its own address, so that only the rate-limit test meets the limit. */
const get = (path: string, from = `10.0.${Math.floor(++address / 250)}.${address % 250}`) => api(cloud.url, 'GET', path, { headers: { 'x-forwarded-for': from } });

// earthdistance's sphere: earth() = 6378168 m.
const EARTH = 6378168;
const rad = (d: number) => (d * Math.PI) / 180;
function distance(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lon2 - lon1) / 2) ** 2;
  return 2 * EARTH * Math.asin(Math.min(1, Math.sqrt(a)));
}

interface Spot { slug: string; lat: number; lon: number; published: boolean; cuisines: string[]; minParty: number; maxParty: number }
const spots: Spot[] = [];
// A seeded generator, so that a failure can be replayed.
let seed = 20;
const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };

async function place(body: Record<string, unknown>): Promise<string> {
  const location = await createLocation(cloud.db, { organisationId: cloud.orgId, name: String(body.name ?? 'Place') });
  owner.locationIds.push(location.id);
  await saveProfile(cloud.db, owner, location.id, ProfileInput.parse(body));
  return location.id;
}

/** Every page of a query, following `next`. */
async function all(query: string): Promise<Array<{ slug: string; distanceMetres: number; openNow: boolean }>> {
  const out = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const res = await get(`/public/restaurants?${query}&limit=50&offset=${offset}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(...res.body.restaurants);
    offset = res.body.next;
  }
  return out;
}

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true, auth: { clock, trustProxy: true } });
  owner = await viewerOf(cloud.db, (await findAccountByEmail(cloud.db, cloud.ownerEmail))!);
  const cuisines = ['french', 'italian', 'japanese', 'pizza'];
  // 300 places within ~40 km of Lyon; one in five unpublished.
  for (let i = 0; i < 300; i++) {
    const spot: Spot = {
      slug: `spot-${i}`, lat: 45.76 + (random() - 0.5) * 0.7, lon: 4.84 + (random() - 0.5) * 1.0, published: random() > 0.2,
      cuisines: [cuisines[i % 4]!], minParty: 1 + (i % 3), maxParty: 4 + (i % 5),
    };
    spots.push(spot);
    await place(profileBody({ slug: spot.slug, name: `Spot ${i}`, lat: spot.lat, lon: spot.lon, published: spot.published, cuisines: spot.cuisines,
      booking: { minParty: spot.minParty, maxParty: spot.maxParty, maxDaysAhead: 30 } }));
  }
}, 180_000);
afterAll(async () => { await cloud?.close(); });

describe('discovery by distance', () => {
  it('finds exactly the published places within the radius, nearest first, with their distance in metres, on every page', async () => {
    let total = 0;
    for (let q = 0; q < 12; q++) {
      const lat = 45.76 + (random() - 0.5) * 0.6;
      const lon = 4.84 + (random() - 0.5) * 0.9;
      const radius = 2000 + Math.floor(random() * 18_000);
      const expected = spots.filter((s) => s.published).map((s) => ({ slug: s.slug, d: distance(lat, lon, s.lat, s.lon) }))
        // A place within a metre of the edge may fall either side by rounding: leave it out of the comparison.
        .filter((s) => Math.abs(s.d - radius) > 1).filter((s) => s.d <= radius).sort((a, b) => a.d - b.d);
      const found = (await all(`lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}&radius=${radius}`))
        .filter((f) => !spots.some((s) => s.slug === f.slug && Math.abs(distance(lat, lon, s.lat, s.lon) - radius) <= 1));
      expect(found.map((f) => f.slug)).toEqual(expected.map((e) => e.slug));
      found.forEach((f, i) => expect(Math.abs(f.distanceMetres - expected[i]!.d)).toBeLessThanOrEqual(1));
      total += found.length;
    }
    // The queries did find places (an empty answer would pass the comparison too).
    expect(total).toBeGreaterThan(100);
  });

  it('filters by cuisine and by the party size the booking rules take', async () => {
    const [lat, lon, radius] = [45.76, 4.84, 20_000];
    const near = spots.filter((s) => s.published && distance(lat, lon, s.lat, s.lon) <= radius);
    const italian = await all(`lat=${lat}&lon=${lon}&radius=${radius}&cuisine=italian`);
    expect(italian.map((f) => f.slug).sort()).toEqual(near.filter((s) => s.cuisines.includes('italian')).map((s) => s.slug).sort());
    const six = await all(`lat=${lat}&lon=${lon}&radius=${radius}&party_size=6`);
    expect(six.map((f) => f.slug).sort()).toEqual(near.filter((s) => s.minParty <= 6 && s.maxParty >= 6).map((s) => s.slug).sort());
    expect(six.length).toBeGreaterThan(0);
    expect(six.length).toBeLessThan(near.length);
  });

  it('never shows an unpublished place, neither in discovery nor at its page', async () => {
    const hidden = spots.find((s) => !s.published)!;
    const found = await all(`lat=${hidden.lat}&lon=${hidden.lon}&radius=500`);
    expect(found.map((f) => f.slug)).not.toContain(hidden.slug);
    expect((await get(`/r/${hidden.slug}`)).status).toBe(404);
    const shown = spots.find((s) => s.published)!;
    const page = await get(`/r/${shown.slug}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Spot ${spots.indexOf(shown)}`);
  });

  it('reads through the public role, which sees the published projection only and can write nothing', async () => {
    const published = spots.filter((s) => s.published).length;
    expect(await withPublic(cloud.db, async (q) => (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM public_restaurants')).rows[0]!.n)).toBe(published);
    // The projection holds no private column; the profiles themselves and every other table are closed to it.
    const columns = (await cloud.db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'public_restaurants'")).rows.map((r) => r.column_name);
    expect(columns).not.toContain('organisation_id');
    expect(columns).not.toContain('updated_by');
    expect(columns).not.toContain('published');
    for (const sql of ['SELECT slug FROM location_profiles', 'SELECT * FROM restaurants', 'SELECT * FROM org_customers', 'SELECT * FROM accounts']) {
      await expect(withPublic(cloud.db, (q) => q.query(sql)), sql).rejects.toThrow(/permission denied/);
    }
    await expect(withPublic(cloud.db, (q) => q.query("UPDATE public_restaurants SET name = 'x'"))).rejects.toThrow(/read-only|permission denied/);
    // Not even the owners' service role may write the projection: only the profile trigger does.
    await expect(cloud.db.transaction(async (q) => {
      await q.query('SET LOCAL ROLE brigade_service');
      await q.query("DELETE FROM public_restaurants");
    })).rejects.toThrow(/permission denied/);
  });

  it('unpublishing takes a place out of the projection in the same transaction', async () => {
    const shown = spots.find((s) => s.published)!;
    const before = await all(`lat=${shown.lat.toFixed(6)}&lon=${shown.lon.toFixed(6)}&radius=50`);
    expect(before.map((f) => f.slug)).toContain(shown.slug);
    const row = (await cloud.db.query<{ location_id: string; version: number }>('SELECT location_id, version FROM location_profiles WHERE slug = $1', [shown.slug])).rows[0]!;
    const body = profileBody({ slug: shown.slug, name: 'Hidden', lat: shown.lat, lon: shown.lon, published: false, expectedVersion: row.version });
    await saveProfile(cloud.db, owner, row.location_id, ProfileInput.parse(body));
    expect((await all(`lat=${shown.lat.toFixed(6)}&lon=${shown.lon.toFixed(6)}&radius=50`)).map((f) => f.slug)).not.toContain(shown.slug);
    expect((await get(`/r/${shown.slug}`)).status).toBe(404);
    await saveProfile(cloud.db, owner, row.location_id, ProfileInput.parse({ ...body, published: true, name: `Spot ${spots.indexOf(shown)}`, expectedVersion: row.version + 1 }));
    expect((await all(`lat=${shown.lat.toFixed(6)}&lon=${shown.lon.toFixed(6)}&radius=50`)).map((f) => f.slug)).toContain(shown.slug);
  });

  it('answers from the GiST index on the earth point (the plan names it)', async () => {
    const query = parseDiscovery('/public/restaurants?lat=45.76&lon=4.84&radius=5000');
    const plan = await withPublic(cloud.db, async (q) => {
      return (await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${DISCOVERY_SQL}`, discoveryParams(query, clock.now()))).rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    // The radius is an index condition. (Whether the index also gives the order, `Order By: earth <-> …`, is the
    // planner's choice by table size: with 300 rows it sorts the few candidates; the bench shows the plan at 100,000.)
    expect(plan).toMatch(/Index Scan using public_restaurants_earth/);
    expect(plan).toMatch(/Index Cond: \(earth <@ /);
    expect(plan).not.toContain('Seq Scan');
  });
});

describe('open now, in each restaurant\'s own time zone', () => {
  const lat = 43.3;
  const lon = -1.5; // far from the Lyon spots
  const late = { mon: [], tue: [], wed: [], thu: [], fri: [{ open: '18:00', close: '02:00' }], sat: [], sun: [{ open: '22:00', close: '01:00' }] };
  const open = async (query: string) => (await all(`lat=${lat}&lon=${lon}&radius=1000&${query}`)).filter((f) => f.openNow !== undefined);
  const openSlugs = async (query: string) => (await open(query)).map((f) => f.slug).sort();

  beforeAll(async () => {
    await place(profileBody({ slug: 'paris-late', lat, lon, hours: late, timeZone: 'Europe/Paris', closedDates: [] }));
    await place(profileBody({ slug: 'ny-late', lat, lon: lon + 0.001, hours: late, timeZone: 'America/New_York', closedDates: [] }));
    await place(profileBody({ slug: 'paris-closed-saturday', lat, lon: lon + 0.002, hours: late, timeZone: 'Europe/Paris', closedDates: ['2026-12-05'] }));
    await place(profileBody({ slug: 'paris-closed-friday', lat, lon: lon + 0.003, hours: late, timeZone: 'Europe/Paris', closedDates: ['2026-12-04'] }));
  });

  it('open_now follows the clock across midnight, each place in its zone, and a closed date stops only its own day\'s service', async () => {
    // 00:30Z: Paris Saturday 01:30 (Friday's evening still running), New York Friday 19:30.
    clock.set(Date.UTC(2026, 11, 5, 0, 30));
    expect(await openSlugs('open_now=true')).toEqual(['ny-late', 'paris-closed-saturday', 'paris-late']);
    // 01:30Z: Paris 02:30, closed; New York 20:30, open.
    clock.set(Date.UTC(2026, 11, 5, 1, 30));
    expect(await openSlugs('open_now=true')).toEqual(['ny-late']);
    // 06:30Z: New York Saturday 01:30, still Friday's evening; 07:30Z: 02:30 there, closed.
    clock.set(Date.UTC(2026, 11, 5, 6, 30));
    expect(await openSlugs('open_now=1')).toEqual(['ny-late']);
    clock.set(Date.UTC(2026, 11, 5, 7, 30));
    expect(await openSlugs('open_now=true')).toEqual([]);
    // Every result says whether it is open now, filtered or not.
    clock.set(Date.UTC(2026, 11, 5, 0, 30));
    const flags = Object.fromEntries((await open('open_now=false')).map((f) => [f.slug, f.openNow]));
    expect(flags).toEqual({ 'paris-late': true, 'ny-late': true, 'paris-closed-saturday': true, 'paris-closed-friday': false });
  });

  it('a time without an offset is each restaurant\'s local time; with one it is an instant; Sunday night runs into Monday', async () => {
    expect(await openSlugs('time=2026-12-04T20:00')).toEqual(['ny-late', 'paris-closed-saturday', 'paris-late']);
    expect(await openSlugs('time=2026-12-05T01:59')).toEqual(['ny-late', 'paris-closed-saturday', 'paris-late']);
    expect(await openSlugs('time=2026-12-05T02:00')).toEqual([]);
    // 2026-12-05T01:30+00:00 is 02:30 in Paris (closed) and 20:30 on Friday in New York.
    expect(await openSlugs('time=2026-12-05T01:30Z')).toEqual(['ny-late']);
    expect(await openSlugs('time=2026-12-04T20:30-05:00')).toEqual(['ny-late']);
    // Sunday 22:00–01:00: open at Monday 00:30, not at Monday 01:00; not on the Sunday afternoon.
    expect(await openSlugs('time=2026-12-07T00:30')).toEqual(['ny-late', 'paris-closed-friday', 'paris-closed-saturday', 'paris-late']);
    expect(await openSlugs('time=2026-12-07T01:00')).toEqual([]);
    expect(await openSlugs('time=2026-12-06T15:00')).toEqual([]);
  });

  it('with a party size, a time must be inside the booking window (from now to max days ahead)', async () => {
    clock.set(Date.UTC(2026, 11, 5, 0, 30));
    expect(await openSlugs('time=2026-12-11T20:00&party_size=2')).toHaveLength(4);
    expect(await openSlugs('time=2027-03-05T20:00&party_size=2')).toEqual([]);
    expect(await openSlugs('time=2026-11-27T20:00&party_size=2')).toEqual([]);
    expect(await openSlugs('time=2026-11-27T20:00')).toHaveLength(4);
  });

  it('the public page says "Open now" by the same rule', async () => {
    clock.set(Date.UTC(2026, 11, 5, 1, 30));
    expect((await get('/r/ny-late')).body).toContain('Open now');
    expect((await get('/r/paris-late')).body).toContain('Closed now');
  });
});

describe('the public route refuses bad input with a stable code, never a 500', () => {
  it('names the problem', async () => {
    const cases: Array<[string, number, string]> = [
      ['', 400, 'BAD_COORDINATES'],
      ['lat=45.7', 400, 'BAD_COORDINATES'],
      ['lat=91&lon=4', 400, 'BAD_COORDINATES'],
      ['lat=45&lon=-180.5', 400, 'BAD_COORDINATES'],
      ['lat=NaN&lon=4', 400, 'BAD_COORDINATES'],
      ['lat=1e1&lon=4', 400, 'BAD_COORDINATES'],
      ['lat=45&lon=4&radius=50001', 400, 'RADIUS_TOO_LARGE'],
      ['lat=45&lon=4&radius=99999999999999', 400, 'RADIUS_TOO_LARGE'],
      ['lat=45&lon=4&radius=0', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&radius=-5', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&cuisine=martian', 400, 'UNKNOWN_CUISINE'],
      ['lat=45&lon=4&cuisine=', 400, 'UNKNOWN_CUISINE'],
      ['lat=45&lon=4&time=tonight', 400, 'BAD_TIME'],
      ['lat=45&lon=4&time=2026-02-30T20:00', 400, 'BAD_TIME'],
      ['lat=45&lon=4&time=2026-12-05T24:00', 400, 'BAD_TIME'],
      ['lat=45&lon=4&time=2026-12-05T20:00%2B15:00', 400, 'BAD_TIME'],
      ['lat=45&lon=4&time=2026-12-05T20:00&open_now=true', 400, 'BAD_TIME'],
      ['lat=45&lon=4&open_now=yes', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&party_size=0', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&party_size=4.5', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&limit=51', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&offset=1001', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&lat=46', 400, 'VALIDATION_FAILED'],
      ['lat=45&lon=4&radus=500', 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of cases) {
      const res = await get(`/public/restaurants?${query}`);
      expect(res.status, query).toBe(status);
      expect(res.body.error.code, query).toBe(code);
      expect(res.body.error.message.length, query).toBeGreaterThan(10);
    }
  });

  it('survives a fuzz of the query string (wrong types, huge and odd values, unknown parameters)', async () => {
    const keys = ['lat', 'lon', 'radius', 'cuisine', 'open_now', 'party_size', 'time', 'limit', 'offset', 'x', '', 'lat[]', '__proto__', 'constructor'];
    const values = ['', '0', '-0', '1', '45.76', '4.84', '-90', '180', '1e308', 'Infinity', '-Infinity', 'NaN', 'null', 'true', '[]', '{}', '%00', '%ZZ',
      '9'.repeat(400), 'é', '😀', "'; DROP TABLE location_profiles; --", '2026-12-05T20:00', '2026-12-05T20:00Z', '0x10', ' 45', '45 ', '+45', '.5', '5.',
      'french', 'FRENCH', '1,2', '2026-13-01T00:00', '9999-12-31T23:59', '50000', '49999.5'];
    const codes = new Set(['VALIDATION_FAILED', 'BAD_COORDINATES', 'RADIUS_TOO_LARGE', 'UNKNOWN_CUISINE', 'BAD_TIME']);
    for (let i = 0; i < 400; i++) {
      const parts = [];
      if (random() < 0.7) parts.push(`lat=${(45 + random()).toFixed(3)}`, `lon=${(4 + random()).toFixed(3)}`);
      const n = Math.floor(random() * 4);
      for (let k = 0; k < n; k++) parts.push(`${keys[Math.floor(random() * keys.length)]}=${values[Math.floor(random() * values.length)]}`);
      const query = parts.sort(() => random() - 0.5).join('&');
      const res = await get(`/public/restaurants?${query}`);
      expect([200, 400], query).toContain(res.status);
      if (res.status === 400) expect(codes.has(res.body.error.code), `${query} → ${res.body.error.code}`).toBe(true);
      else expect(Array.isArray(res.body.restaurants), query).toBe(true);
    }
    for (const slug of ['a', 'A-B', '..%2F..%2Fetc', 'x'.repeat(500), '%00', 'spot-0%27', crypto.randomBytes(8).toString('hex')]) {
      const res = await get(`/r/${slug}`);
      expect([200, 404], slug).toContain(res.status);
    }
    expect((await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM location_profiles')).rows[0]!.n).toBe(304);
  });
});

describe('the rate limit', () => {
  it('gives each address its requests a minute, then 429 with Retry-After, good and bad requests alike; other addresses are not held up', async () => {
    clock.set(Date.UTC(2026, 11, 5, 12, 0, 10));
    for (let i = 0; i < RATE; i++) {
      const res = await get(i % 2 ? '/public/restaurants?lat=45.76&lon=4.84' : '/public/restaurants?lat=99&lon=4', '203.0.113.7');
      expect(res.status).toBeLessThan(429);
    }
    const held = await get('/public/restaurants?lat=45.76&lon=4.84', '203.0.113.7');
    expect(held.status).toBe(429);
    expect(held.body.error.code).toBe('RATE_LIMITED');
    expect(held.headers.get('retry-after')).toBe('50');
    expect((await get('/r/paris-late', '203.0.113.7')).status).toBe(429);
    expect((await get('/public/restaurants?lat=45.76&lon=4.84', '203.0.113.8')).status).toBe(200);
    clock.set(Date.UTC(2026, 11, 5, 12, 1, 0));
    expect((await get('/public/restaurants?lat=45.76&lon=4.84', '203.0.113.7')).status).toBe(200);
  });
});
