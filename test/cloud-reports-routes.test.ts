import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postBatch, startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { backgroundRefreshesSettled } from '../cloud/reports/index.js';

/**
 * The report API over HTTP: the signed-in owner gets every figure as JSON and each table as CSV;
 * a manager only their locations (403 otherwise); bad queries are 400 with the field named.
 * Rows arrive through the real ingest endpoint, as a box sends them.
 */
let cloud: TestCloud;
let owner: string;
let manager: string;

const change = (seq: number, entity: string, id: string, row: Record<string, unknown>) => ({ seq, txId: `t${seq}`, entity, entityId: id, op: 'upsert', version: 1, row: { id, ...row } });

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  owner = await signInOwner(cloud);
  manager = (await inviteMember(cloud.url, owner, { email: 'manager-a@example.com', role: 'manager', locationIds: [cloud.a.locationId] })).token;
  const restaurant = (name: string) => ({ locationId: name, name: `Bistro "${name}", Paris`, currency: 'EUR', timeZone: 'Europe/Paris', dayStartHour: 4 });
  const order = (id: string, subtotal: number) => ({ number: 1, businessDay: '2026-03-10', status: 'completed', guestCount: 2, subtotal, discountTotal: 0, serviceCharge: 0,
    taxTotal: subtotal / 10, total: subtotal * 1.1, paid: subtotal * 1.1, tips: 0, refunded: 0, createdAt: Date.parse('2026-03-10T19:00:00Z') });
  const a = await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch: 1, changes: [
    change(1, 'restaurant', cloud.a.locationId, restaurant('A')),
    change(2, 'order', 'oa-1', order('oa-1', 2000)),
    change(3, 'payment', 'pa-1', { orderId: 'oa-1', method: 'card', amount: 2200, tip: 150, businessDay: '2026-03-10', createdAt: Date.parse('2026-03-10T20:00:00Z') }),
  ] });
  const b = await postBatch(cloud.url, cloud.b.credential, { schemaVersion: 2, epoch: 1, changes: [
    change(1, 'restaurant', cloud.b.locationId, restaurant('B')),
    change(2, 'order', 'ob-1', order('ob-1', 5000)),
  ] });
  expect([a.status, b.status]).toEqual([200, 200]);
});
afterAll(async () => {
  await backgroundRefreshesSettled();
  await cloud.close();
});

const reports = (token: string | undefined, query: string, path = '/api/reports') => api(cloud.url, 'GET', `${path}?${query}`, { token });

describe('GET /api/reports', () => {
  it('gives the owner every location\'s figures and the total; the next request reads rollups and says the same', async () => {
    const res = await reports(owner, 'from=2026-03-10&to=2026-03-10');
    expect(res.status).toBe(200);
    expect(res.body.sales.byLocation.map((l: { current: { net: number } }) => l.current.net).sort()).toEqual([2000, 5000]);
    expect(res.body.sales.total.current).toMatchObject({ orders: 2, gross: 7000, tips: 150, total: 7700 });
    expect(res.body.freshness.map((f: { lastSyncAt: string | null }) => f.lastSyncAt !== null)).toEqual([true, true]);
    await backgroundRefreshesSettled();
    const rolled = await cloud.db.query('SELECT count(*)::int AS n FROM report_dirty_days');
    expect(rolled.rows[0]).toEqual({ n: 0 });
    const again = await reports(owner, 'from=2026-03-10&to=2026-03-10');
    expect(again.body.sales).toEqual(res.body.sales);
  });

  it('gives a manager only the locations granted, and refuses another with 403', async () => {
    const mine = await reports(manager, 'from=2026-03-10&to=2026-03-10');
    expect(mine.status).toBe(200);
    expect(mine.body.sales.byLocation).toMatchObject([{ locationId: cloud.a.locationId, current: { net: 2000 } }]);
    const other = await reports(manager, `from=2026-03-10&to=2026-03-10&locations=${cloud.b.locationId}`);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('LOCATION_FORBIDDEN');
    expect((await reports(undefined, 'from=2026-03-10&to=2026-03-10')).status).toBe(401);
  });

  it('refuses bad dates, a start after the end and more than 400 days with 400, naming the field', async () => {
    for (const [query, path] of [['from=2026-02-30&to=2026-03-01', 'from'], ['from=2026-03-02&to=2026-03-01', 'from'], ['from=2025-01-01&to=2026-03-01', 'to'], ['to=2026-03-01', 'from']]) {
      const res = await reports(owner, query!);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path }] });
      expect(res.body.error.message).toMatch(/report query/);
    }
  });
});

describe('GET /api/reports/<table>.csv', () => {
  it('exports a table as CSV with quoted names and money in major units', async () => {
    const res = await api(cloud.url, 'GET', `/api/reports/freshness.csv?from=2026-03-10&to=2026-03-10&locations=${cloud.a.locationId}`, { token: owner });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('brigade-freshness-2026-03-10-to-2026-03-10.csv');
    expect(res.body.split('\r\n')[1]).toContain(`${cloud.a.locationId},"Bistro ""A"", Paris",EUR,Europe/Paris,`);
    const sales = await api(cloud.url, 'GET', `/api/reports/sales.csv?from=2026-03-10&to=2026-03-10&locations=${cloud.a.locationId}`, { token: owner });
    const [header, row] = sales.body.split('\r\n');
    const cells = Object.fromEntries(header.split(',').map((h: string, i: number) => [h, row.split(',')[i]]));
    expect(cells).toMatchObject({ currency: 'EUR', orders: '1', net: '20.00', total: '22.00', tips: '1.50', previous_net: '0.00' });
  });

  it('answers 404 naming the tables for an unknown one', async () => {
    const res = await api(cloud.url, 'GET', '/api/reports/secrets.csv?from=2026-03-10&to=2026-03-10', { token: owner });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('sales.csv');
  });
});
