/**
 * Scenario `discovery` (issue 20): GET /public/restaurants over 100,000 published restaurants
 * spread over a country-sized area (metropolitan France's bounding box, ≈ 830 × 650 km: two
 * thirds clustered around 20 cities, the rest anywhere), on real PostgreSQL through a real cloud
 * server. Queries one after another at random points (most near a city, where the candidates are
 * many), radius 2–20 km, a fifth each with a cuisine, open_now or a party size; p50/p95/p99 from
 * request to parsed answer. Target: p95 ≤ 50 ms. Also the plan of a 20 km query in a city centre
 * (EXPLAIN ANALYZE as the public role), which must use the GiST index, not a sequential scan.
 *
 * Database: `brigade_bench_discovery` on the server of TEST_DATABASE_URL or DATABASE_URL (else
 * 127.0.0.1:5432), filled when it holds fewer profiles; BENCH_DISCOVERY_FRESH=1 regenerates it;
 * BENCH_DISCOVERY_QUERIES (default 2000).
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { createOrganisation } from '../../cloud/admin.js';
import { openPostgres, type CloudDb } from '../../cloud/db.js';
import { migrateCloud } from '../../cloud/migrate.js';
import { startCloudServer } from '../../cloud/server.js';
import { enterOrganisation } from '../../cloud/tenant.js';
import { CUISINE_IDS } from '../../cloud/profiles/cuisines.js';
import { DISCOVERY_SQL, discoveryParams, parseDiscovery } from '../../cloud/profiles/discovery.js';
import { multirange, weekRanges, type Hours } from '../../cloud/profiles/hours.js';
import { withPublic } from '../../cloud/profiles/public-db.js';
import { seededRandom } from '../lib/random.js';
import { processCpuMs } from './process-cpu.js';
import { benchDatabase } from './pg-database.js';
import { progress } from './progress.js';
import { round, stats } from './stats.js';
import type { DiscoveryResult, Scenario } from './types.js';

export const DISCOVERY_TARGET = { maxP95Ms: 50 };
const RESTAURANTS = 100_000;
const BATCH = 5_000;
const DB_NAME = 'brigade_bench_discovery';
const AREA = { lat: [42.5, 51.0], lon: [-4.5, 8.0] } as const;
const CITIES: Array<[number, number]> = [[48.8566, 2.3522], [45.764, 4.8357], [43.2965, 5.3698], [43.6047, 1.4442], [43.7102, 7.262], [47.2184, -1.5536],
  [48.5734, 7.7521], [43.6108, 3.8767], [44.8378, -0.5792], [50.6292, 3.0573], [48.1173, -1.6778], [49.2583, 4.0317], [45.4397, 4.3872], [43.1242, 5.928],
  [45.1885, 5.7245], [47.322, 5.0415], [47.4784, -0.5632], [49.4944, 0.1079], [45.7772, 3.087], [49.4431, 1.0993]];

const evening = [{ open: '19:00', close: '23:00' }];
const lunch = [{ open: '12:00', close: '14:30' }];
const HOURS: Hours[] = [
  { mon: [], tue: [...lunch, ...evening], wed: [...lunch, ...evening], thu: [...lunch, ...evening], fri: [...lunch, { open: '19:00', close: '01:00' }], sat: [{ open: '19:00', close: '01:00' }], sun: lunch },
  { mon: evening, tue: evening, wed: evening, thu: evening, fri: evening, sat: evening, sun: [] },
  { mon: [{ open: '07:00', close: '19:00' }], tue: [{ open: '07:00', close: '19:00' }], wed: [{ open: '07:00', close: '19:00' }], thu: [{ open: '07:00', close: '19:00' }], fri: [{ open: '07:00', close: '19:00' }], sat: [{ open: '08:00', close: '13:00' }], sun: [] },
  { mon: [{ open: '18:00', close: '02:00' }], tue: [{ open: '18:00', close: '02:00' }], wed: [{ open: '18:00', close: '02:00' }], thu: [{ open: '18:00', close: '03:00' }], fri: [{ open: '18:00', close: '04:00' }], sat: [{ open: '18:00', close: '04:00' }], sun: [{ open: '18:00', close: '00:00' }] },
];

/** A normal deviate (Box–Muller) from two uniforms. */
const gaussian = (rand: () => number) => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const KM_LAT = 1 / 111.2;

function point(rand: () => number, nearCity: number): [number, number] {
  if (rand() < nearCity) {
    const [lat, lon] = CITIES[Math.floor(rand() * CITIES.length)]!;
    const spread = 2 + rand() * 10; // km
    return [lat + gaussian(rand) * spread * KM_LAT, lon + (gaussian(rand) * spread * KM_LAT) / Math.cos((lat * Math.PI) / 180)];
  }
  return [AREA.lat[0] + rand() * (AREA.lat[1] - AREA.lat[0]), AREA.lon[0] + rand() * (AREA.lon[1] - AREA.lon[0])];
}

/** Makes the restaurants when the database holds fewer; returns seconds spent (null when reused). */
async function ensureRestaurants(db: CloudDb): Promise<number | null> {
  const have = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM location_profiles WHERE published')).rows[0]!.n;
  if (have >= RESTAURANTS) return null;
  const started = performance.now();
  const rand = seededRandom(20);
  const org = await createOrganisation(db, { name: 'Discovery bench', ownerEmail: `discovery-${crypto.randomBytes(4).toString('hex')}@example.com`, ownerName: 'Bench' });
  const weeks = HOURS.map((h) => weekRanges(h));
  for (let from = 0; from < RESTAURANTS; from += BATCH) {
    const ids: string[] = []; const lats: number[] = []; const lons: number[] = []; const cuisines: string[] = []; const prices: number[] = [];
    const hours: string[] = []; const open: string[] = []; const spill: string[] = []; const maxParty: number[] = [];
    for (let i = from; i < Math.min(RESTAURANTS, from + BATCH); i++) {
      const [lat, lon] = point(rand, 2 / 3);
      const h = Math.floor(rand() * HOURS.length);
      ids.push(crypto.randomUUID()); lats.push(Math.min(90, Math.max(-90, lat))); lons.push(lon);
      cuisines.push(CUISINE_IDS[Math.floor(rand() * CUISINE_IDS.length)]!); prices.push(1 + Math.floor(rand() * 4));
      hours.push(JSON.stringify(HOURS[h])); open.push(multirange(weeks[h]!.open)); spill.push(multirange(weeks[h]!.spill)); maxParty.push(4 + Math.floor(rand() * 16));
    }
    await db.transaction(async (q) => {
      await q.query(`INSERT INTO locations (id, organisation_id, name) SELECT id, $2, 'Bench ' || id FROM unnest($1::text[]) AS id`, [ids, org.id]);
      await enterOrganisation(q, org.id);
      await q.query(`INSERT INTO location_profiles (location_id, organisation_id, version, published, slug, name, address, lat, lon, cuisines, price_range,
          hours, open_week, spill_week, time_zone, min_party, max_party, max_days_ahead, updated_by)
        SELECT id, $2, 1, true, 'bench-' || id, 'Bench ' || left(id, 8), '{"street":"1 rue du Banc","postcode":"75000","city":"Bench","country":"FR"}', lat, lon,
          ARRAY[cuisine], price, hours::jsonb, open_week::int4multirange, spill_week::int4multirange, 'Europe/Paris', 1, max_party, 60, 'bench'
        FROM unnest($1::text[], $3::float8[], $4::float8[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::int[])
          AS t(id, lat, lon, cuisine, price, hours, open_week, spill_week, max_party)`,
      [ids, org.id, lats, lons, cuisines, prices, hours, open, spill, maxParty]);
    });
    progress(`discovery: ${Math.min(RESTAURANTS, from + BATCH)} restaurants`);
  }
  await db.query('ANALYZE location_profiles');
  return round((performance.now() - started) / 1000);
}

/** The plan of a wide query in Paris, as the public role runs it. */
async function planOf(db: CloudDb): Promise<DiscoveryResult['plan']> {
  const query = parseDiscovery('/public/restaurants?lat=48.8566&lon=2.3522&radius=20000');
  const lines = await withPublic(db, async (q) => (await q.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${DISCOVERY_SQL}`, discoveryParams(query, Date.now()))).rows.map((r) => r['QUERY PLAN']));
  const text = lines.join('\n');
  return { usesGistIndex: text.includes('public_restaurants_earth'), seqScan: /Seq Scan on public_restaurants/.test(text), text: lines };
}

export const discoveryScenario: Scenario = {
  name: 'discovery',
  async run() {
    const url = await benchDatabase(DB_NAME, process.env.BENCH_DISCOVERY_FRESH === '1');
    if (!url) {
      progress('discovery: no PostgreSQL (TEST_DATABASE_URL, DATABASE_URL or 127.0.0.1:5432): skipped');
      return [];
    }
    const queries = Number(process.env.BENCH_DISCOVERY_QUERIES ?? 2000);
    // One client asks everything here: lift the per-address limit for the bench's own server.
    process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = String(1e9);
    const db = openPostgres(url, 4);
    const server = await startCloudServer({ db, logger: pino({ level: 'silent' }), port: 0 });
    try {
      await migrateCloud(db);
      const seedSeconds = await ensureRestaurants(db);
      const restaurants = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM location_profiles WHERE published')).rows[0]!.n;
      const rand = seededRandom(2020);
      const samples: number[] = [];
      const found: number[] = [];
      let errors = 0;
      const ask = async (path: string) => {
        const started = performance.now();
        const res = await fetch(`${server.url}${path}`);
        const body = await res.json() as { restaurants?: unknown[] };
        const ms = performance.now() - started;
        if (res.status !== 200) errors++;
        return { ms, n: body.restaurants?.length ?? 0 };
      };
      for (let i = 0; i < 50; i++) await ask('/public/restaurants?lat=48.85&lon=2.35&radius=5000'); // warm-up
      progress(`discovery: ${queries} queries over ${restaurants} restaurants`);
      // CPU per query (this process: the cloud server and the client; and the database's backends), steadier
      // than wall time on a shared machine: what one query costs whatever else runs.
      const backends = (await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'")).rows.map((r) => r.pid);
      const pgCpu = () => backends.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0);
      const cpuBefore = { node: process.cpuUsage(), pg: pgCpu() };
      for (let i = 0; i < queries; i++) {
        const [lat, lon] = point(rand, 0.7);
        const radius = 2000 + Math.floor(rand() * 18_001);
        const r = rand();
        const filter = r < 0.2 ? `&cuisine=${CUISINE_IDS[Math.floor(rand() * CUISINE_IDS.length)]}` : r < 0.4 ? '&open_now=true' : r < 0.6 ? `&party_size=${2 + Math.floor(rand() * 12)}` : '';
        const { ms, n } = await ask(`/public/restaurants?lat=${lat.toFixed(5)}&lon=${lon.toFixed(5)}&radius=${radius}${filter}`);
        samples.push(ms);
        found.push(n);
      }
      const nodeCpu = process.cpuUsage(cpuBefore.node);
      const cpuMsPerQuery = { node: round((nodeCpu.user + nodeCpu.system) / 1000 / queries), postgres: round((pgCpu() - cpuBefore.pg) / queries) };
      const latency = stats(samples);
      const sorted = [...samples].sort((a, b) => a - b);
      const p95 = round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!);
      const plan = await planOf(db);
      const full = found.filter((n) => n === 20).length;
      return [{
        kind: 'discovery', name: 'discovery (GET /public/restaurants)', database: url.replace(/\/\/[^@]*@/, '//'), restaurants, seedSeconds, queries, errors,
        pagesFull: full, meanResults: round(found.reduce((a, b) => a + b, 0) / Math.max(1, found.length)),
        ms: { p50: latency.p50, p95, p99: latency.p99, max: latency.max }, cpuMsPerQuery, loadAverage: os.loadavg()[0]!, plan,
        target: { maxP95Ms: DISCOVERY_TARGET.maxP95Ms, pass: p95 <= DISCOVERY_TARGET.maxP95Ms && errors === 0 && plan.usesGistIndex && !plan.seqScan },
      } satisfies DiscoveryResult];
    } finally {
      await server.stop();
      await db.close();
    }
  },
};
