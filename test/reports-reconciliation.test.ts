import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LOCATIONS, generateWeek, type GeneratedLocation, type GeneratedWeek } from '../scripts/reports/generate-week.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { findAccountByEmail, viewerOf } from '../cloud/auth/directory.js';
import { withReader, type Viewer } from '../cloud/auth/reader.js';
import { adjustmentsReport, paymentsReport, refreshReportRollups, salesReport, addDays } from '../cloud/reports/index.js';
import type { AdjustmentRow, ReportQuery } from '../cloud/reports/index.js';
import type { ZCloseResultT } from '../src/reports/schemas.js';

/**
 * Issue 7's reconciliation proof: a generated week of service at three real boxes (Paris
 * tax-inclusive, Paris tax-exclusive with a service charge, New York tax-exclusive across the end
 * of summer time; refunds, voids, discounts, split payments, tips, service past midnight, orders
 * after the Z) is synced every night to one cloud organisation; every figure the owners' reports
 * show for one location and one business day equals that night's Z on the box to the cent — from
 * the rollups rebuilt night by night, computed live with every day dirty, from a full rebuild, and
 * mixed — and a week (and October, a month rollup row) equals the sum of its Zs. The figures are
 * read as the organisation's owner through withReader (row-level security), never as superuser.
 */
const START = '2026-10-26';
const DAYS = 7;

let week: GeneratedWeek;
let cloud: TestCloud;
let viewer: Viewer;
const places: Array<{ location: GeneratedLocation; locationId: string }> = [];

/** Pushes a box's queue to the cloud and fails loudly unless it is empty afterwards. */
async function syncBox(name: string, sync: GeneratedLocation['box']['services']['sync']): Promise<void> {
  await sync.syncNow();
  const status = sync.status();
  if (status.queueDepth !== 0 || status.lastError) throw new Error(`${name} did not sync: ${JSON.stringify(status)}`);
}

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  const spots = await Promise.all(DEFAULT_LOCATIONS.map((l) => cloud.place(l.name)));
  // A week of 7 nights (New York's 25-hour night of 1 November is in it), 12 orders a day per
  // location. Each box syncs after its Z every night and the cloud rebuilds that location's
  // rollups then, as in production: the next day's refunds and late writes must mark old days again.
  week = await generateWeek({
    startDay: START, days: DAYS, ordersPerDay: 12, seed: 7,
    onZ: async ({ index, spec, box }) => {
      box.services.sync.configure(cloud.url, spots[index]!.credential);
      await syncBox(spec.name, box.services.sync);
      await refreshReportRollups(cloud.db, [spots[index]!.locationId]);
    },
  });
  for (const [i, location] of week.locations.entries()) {
    await syncBox(location.spec.name, location.box.services.sync);
    places.push({ location, locationId: spots[i]!.locationId });
  }
  const owner = await findAccountByEmail(cloud.db, cloud.ownerEmail);
  if (!owner) throw new Error('the test organisation has no owner');
  viewer = await viewerOf(cloud.db, owner);
}, 300_000);

afterAll(async () => {
  await week?.stop();
  await cloud?.close();
});

/** The figures a Z freezes, as the cloud's reports give them for one location and a range of days. */
interface Figures {
  orders: number; covers: number; gross: number; discounts: number; net: number; serviceCharge: number; tax: number; total: number; tips: number;
  payments: Record<string, { count: number; amount: number }>;
  refunds: Correction;
  voids: Correction;
}
interface Correction { count: number; amount: number; byStaff: Record<string, { count: number; amount: number }>; byReason: Record<string, { count: number; amount: number }> }

const emptyCorrection = (): Correction => ({ count: 0, amount: 0, byStaff: {}, byReason: {} });
const emptyFigures = (): Figures => ({ orders: 0, covers: 0, gross: 0, discounts: 0, net: 0, serviceCharge: 0, tax: 0, total: 0, tips: 0, payments: {}, refunds: emptyCorrection(), voids: emptyCorrection() });

function addTo(map: Record<string, { count: number; amount: number }>, key: string, count: number, amount: number): void {
  const g = (map[key] ??= { count: 0, amount: 0 });
  g.count += count;
  g.amount += amount;
}

/** Adds one Z's totals to `f` (a week is the sum of its nights). */
function addZ(f: Figures, z: ZCloseResultT): Figures {
  const t = z.totals;
  for (const k of ['orders', 'covers', 'gross', 'discounts', 'net', 'serviceCharge', 'tax', 'total', 'tips'] as const) f[k] += t[k];
  for (const p of t.payments) addTo(f.payments, p.method, p.count, p.amount);
  for (const [kind, b] of [['refunds', t.refunds], ['voids', t.voids]] as const) {
    f[kind].count += b.count;
    f[kind].amount += b.amount;
    for (const s of b.byStaff) addTo(f[kind].byStaff, s.staffId, s.count, s.amount);
    for (const r of b.byReason) addTo(f[kind].byReason, r.reason, r.count, r.amount);
  }
  return f;
}

/** The adjustments table's (staff, reason) rows, current period, as a Z's totals and breakdowns. */
function correctionOf(rows: readonly AdjustmentRow[]): Correction {
  const c = emptyCorrection();
  for (const r of rows.filter((x) => x.current.count !== 0 || x.current.amount !== 0)) {
    c.count += r.current.count;
    c.amount += r.current.amount;
    addTo(c.byStaff, r.staffId, r.current.count, r.current.amount);
    addTo(c.byReason, r.reason, r.current.count, r.current.amount);
  }
  return c;
}

/** One location's figures for [from, to] from the cloud, read as the owner (RLS reader transaction). */
async function cloudFigures(locationId: string, from: string, to: string): Promise<Figures> {
  const query: ReportQuery = { locationIds: [locationId], from, to };
  const [sales, payments, adjustments] = await withReader(cloud.db, viewer, [locationId], async (q) =>
    [await salesReport(q, query), await paymentsReport(q, query), await adjustmentsReport(q, query)] as const);
  const s = sales.byLocation[0]!.current;
  const f = emptyFigures();
  for (const k of ['orders', 'covers', 'gross', 'discounts', 'net', 'serviceCharge', 'tax', 'total', 'tips'] as const) f[k] = s[k];
  for (const m of payments.byLocation[0]!.methods) {
    if (m.current.payments !== 0 || m.current.amount !== 0) addTo(f.payments, m.method, m.current.payments, m.current.amount);
  }
  f.refunds = correctionOf(adjustments.byLocation[0]!.refunds);
  f.voids = correctionOf(adjustments.byLocation[0]!.voids);
  return f;
}

/** Every figure that differs, as "location day figure: cloud x ≠ Z y" (flattened paths). */
function differences(where: string, cloudSide: Figures, box: Figures): string[] {
  const flat = (o: unknown, prefix: string, out: Map<string, unknown>) => {
    if (o !== null && typeof o === 'object') for (const [k, v] of Object.entries(o)) flat(v, prefix ? `${prefix}.${k}` : k, out);
    else out.set(prefix, o);
    return out;
  };
  const a = flat(cloudSide, '', new Map());
  const b = flat(box, '', new Map());
  return [...new Set([...a.keys(), ...b.keys()])].sort()
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${where} ${k}: cloud ${String(a.get(k) ?? 'absent')} ≠ Z ${String(b.get(k) ?? 'absent')}`);
}

/** Compares every location × Z day, each location's whole week, and October's whole month (a month rollup row). */
async function reconcile(): Promise<{ problems: string[]; compared: number }> {
  const problems: string[] = [];
  let compared = 0;
  for (const { location, locationId } of places) {
    const name = location.spec.name;
    for (const z of location.zReports) {
      problems.push(...differences(`${name} ${z.businessDay}`, await cloudFigures(locationId, z.businessDay, z.businessDay), addZ(emptyFigures(), z)));
      compared += 1;
    }
    const weekTo = addDays(START, DAYS - 1);
    const weekZ = location.zReports.filter((z) => z.businessDay >= START && z.businessDay <= weekTo).reduce(addZ, emptyFigures());
    problems.push(...differences(`${name} week ${START}..${weekTo}`, await cloudFigures(locationId, START, weekTo), weekZ));
    const octoberZ = location.zReports.filter((z) => z.businessDay.startsWith('2026-10')).reduce(addZ, emptyFigures());
    problems.push(...differences(`${name} month 2026-10`, await cloudFigures(locationId, '2026-10-01', '2026-10-31'), octoberZ));
  }
  return { problems, compared };
}

const dirtyDays = async () => (await cloud.db.query<{ location_id: string; n: number }>(
  'SELECT location_id, count(DISTINCT business_day)::int AS n FROM report_dirty_days WHERE location_id = ANY ($1::text[]) GROUP BY location_id',
  [places.map((p) => p.locationId)])).rows;

describe('reconciliation of a generated week: box Z reports against the cloud reports', () => {
  it('the week covers what the issue asks: two time zones, both tax modes, refunds, voids, split payments, tips, a Z every night', () => {
    expect(week.locations.map((l) => [l.spec.timeZone, l.spec.taxMode])).toEqual([
      ['Europe/Paris', 'inclusive'], ['Europe/Paris', 'exclusive'], ['America/New_York', 'exclusive']]);
    for (const l of week.locations) {
      expect(l.zReports.map((z) => z.businessDay), l.spec.name).toEqual(Array.from({ length: DAYS }, (_, i) => addDays(START, i)));
      expect(l.counts.payments, `${l.spec.name}: split payments`).toBeGreaterThan(l.counts.orders - l.counts.canceled);
      expect(l.counts.afterZOrders, `${l.spec.name}: orders after the Z`).toBeGreaterThan(0);
    }
    const zs = week.locations.flatMap((l) => l.zReports.map((z) => z.totals));
    expect(zs.reduce((s, t) => s + t.refunds.count, 0)).toBeGreaterThan(0);
    expect(zs.reduce((s, t) => s + t.voids.count, 0)).toBeGreaterThan(0);
    expect(zs.reduce((s, t) => s + t.tips, 0)).toBeGreaterThan(0);
    expect(zs.reduce((s, t) => s + t.discounts, 0)).toBeGreaterThan(0);
    expect(zs.reduce((s, t) => s + t.serviceCharge, 0)).toBeGreaterThan(0);
    expect(viewer.role).toBe('owner');
    expect(viewer.locationIds).toEqual(expect.arrayContaining(places.map((p) => p.locationId)));
  });

  it("each night's Z is in the cloud's z_reports exactly as the box froze it", async () => {
    for (const { location, locationId } of places) {
      const rows = await withReader(cloud.db, viewer, [locationId], async (q) => (await q.query<{ id: string; number: number; business_day: string; closed_at: string | number; closed_by: string | null; totals: unknown }>(
        'SELECT id, number, business_day, closed_at, closed_by, totals FROM z_reports ORDER BY number')).rows);
      expect(rows.map((r) => ({ ...r, closed_at: Number(r.closed_at) })), location.spec.name).toEqual(location.zReports.map((z) => ({
        id: z.id, number: z.number, business_day: z.businessDay, closed_at: z.closedAt, closed_by: z.closedBy, totals: z.totals })));
    }
  });

  it('with the rollups rebuilt each night after the sync, each location and day equals its Z to the cent, and a week and a month equal their Zs', async () => {
    const built = await cloud.db.query<{ n: number }>('SELECT count(DISTINCT (location_id, business_day))::int AS n FROM report_sales_day WHERE location_id = ANY ($1::text[]) AND length(business_day) = 10',
      [places.map((p) => p.locationId)]);
    expect(built.rows[0]!.n, 'every Z day has a rollup row').toBeGreaterThanOrEqual(places.length * DAYS);
    const stale = await cloud.db.query('SELECT location_id, business_day FROM report_dirty_days WHERE location_id = ANY ($1::text[]) AND business_day BETWEEN $2 AND $3',
      [places.map((p) => p.locationId), START, addDays(START, DAYS - 1)]);
    expect(stale.rows, 'the Z days are read from their nightly rollups, none live').toEqual([]);
    const { problems, compared } = await reconcile();
    expect(problems).toEqual([]);
    expect(compared).toBe(places.length * DAYS);
  });

  it('with every day dirty (computed live from the synced rows), each location and day equals its Z to the cent, and a week and a month equal their Zs', async () => {
    for (const { locationId } of places) {
      await cloud.db.query(`INSERT INTO report_dirty_days (location_id, organisation_id, business_day)
        SELECT $1, $2, to_char(d, 'YYYY-MM-DD') FROM generate_series($3::date, $4::date, interval '1 day') d`, [locationId, cloud.orgId, START, addDays(START, DAYS - 1)]);
    }
    const dirty = await dirtyDays();
    expect(dirty, "every location's days are dirty").toHaveLength(places.length);
    for (const d of dirty) expect(d.n).toBeGreaterThanOrEqual(DAYS);
    const { problems, compared } = await reconcile();
    expect(problems).toEqual([]);
    expect(compared).toBe(places.length * DAYS);
  });

  it('after the rollups are rebuilt from the whole synced week, each location and day still equals its Z to the cent', async () => {
    const refreshed = await refreshReportRollups(cloud.db, places.map((p) => p.locationId));
    for (const r of refreshed) expect(r.days).toBeGreaterThanOrEqual(DAYS);
    expect(await dirtyDays()).toEqual([]);
    const monthRows = await cloud.db.query<{ n: number }>("SELECT count(*)::int AS n FROM report_sales_day WHERE location_id = ANY ($1::text[]) AND business_day = '2026-10'", [places.map((p) => p.locationId)]);
    expect(monthRows.rows[0]!.n, 'October is read from its month rows').toBe(places.length);
    const { problems, compared } = await reconcile();
    expect(problems).toEqual([]);
    expect(compared).toBe(places.length * DAYS);
  });

  it('with one day dirty again among rebuilt ones, the live day and the rollups together still equal the Zs', async () => {
    const { locationId } = places[2]!;
    await cloud.db.query('INSERT INTO report_dirty_days (location_id, organisation_id, business_day) VALUES ($1, $2, $3)', [locationId, cloud.orgId, '2026-10-28']);
    expect(await dirtyDays()).toEqual([{ location_id: locationId, n: 1 }]);
    const { problems } = await reconcile();
    expect(problems).toEqual([]);
  });
});
