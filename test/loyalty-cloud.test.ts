import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/lib/box-process.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api as cloudApi, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { call, openOrderFor, paidOrderFor, payByCard, startGuestBox, synced, type GuestBox } from './helpers/guest-boxes.js';
import { until } from './helpers/wait.js';
import { newId } from './helpers/fixtures.js';
import { expireLoyalty, monthsBefore } from '../cloud/loyalty/expire.js';

/**
 * Loyalty across locations (issue 18), with two boxes as real processes and a cloud serving real
 * HTTP on a real database: points earned at A are redeemed at B while both are offline; the
 * per-customer offline limit bounds the overspend; a balance that goes negative after sync raises
 * the owner's alert and refuses nothing; refunds after a redemption give back and take back points.
 *
 * Soup: 9.00 + 10 % tax. Programme: 1 point per euro of the net (tax and tips left out).
 */
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

const PROGRAMME = {
  pointsPerUnit: 1, countTax: false, countServiceCharge: false,
  tiers: [
    { name: 'BRONZE', minPoints: 0, multiplierBp: 10_000 }, { name: 'SILVER', minPoints: 150, multiplierBp: 12_500 },
    { name: 'GOLD', minPoints: 500, multiplierBp: 15_000 }, { name: 'PLATINUM', minPoints: 1000, multiplierBp: 20_000 },
  ],
  rewards: [
    { id: 'five-off', name: '5 € off', points: 50, kind: 'amount', amount: 500 },
    { id: 'free-soup', name: 'A soup on us', points: 80, kind: 'item', itemName: 'Soup' },
    { id: 'treat', name: '10 € treat', points: 15, kind: 'amount', amount: 1000 },
  ],
  expiryMonths: 12,
  offlineRedemptionLimit: 80,
};

let cloud: TestCloud;
let port: number;
let owner: string;
let a: GuestBox;
let b: GuestBox;

const loyaltyAt = async (box: GuestBox, id: string) => (await call(box, 'GET', `/customers/${id}`)).body.loyalty as { points: number; tier: string; pendingPoints: number };
const redeem = (box: GuestBox, orderId: string, rewardId: string) =>
  call(box, 'POST', `/orders/${orderId}/loyalty/redemptions`, { rewardId }, { 'idempotency-key': `redeem-${newId()}` });
const cloudBalance = async (id: string) => Number((await cloud.db.query<{ p: string }>('SELECT coalesce(sum(points), 0)::text AS p FROM org_loyalty_ledger WHERE customer_id = $1', [id])).rows[0]!.p);
const converged = async (id: string, points: number) => {
  let last = '';
  await until(`both boxes to sync and agree on ${points} points`, async () => {
    if (!(await synced(a)) || !(await synced(b))) return false;
    const [la, lb] = [await loyaltyAt(a, id), await loyaltyAt(b, id)];
    last = JSON.stringify({ a: la, b: lb });
    return la.points === points && la.pendingPoints === 0 && lb.points === points && lb.pendingPoints === 0;
  }).catch((e: Error) => { throw new Error(`${e.message}; last seen ${last}`); });
};
const offline = async () => { await cloud.server!.stop(); };
const online = async () => { await cloud.startServer(port); };

beforeAll(async () => {
  cloud = await startTestCloud();
  cleanups.push(() => cloud.close());
  port = await freePort();
  await online();
  owner = await signInOwner(cloud);
  const put = await cloudApi(cloud.url, 'PUT', '/api/loyalty/programme', { token: owner, body: { expectedVersion: 0, programme: PROGRAMME } });
  expect(put.status).toBe(200);
  expect(put.body.version).toBe(1);
  const url = `http://127.0.0.1:${port}`;
  a = await startGuestBox(url, cloud.a, 'A', cleanups);
  b = await startGuestBox(url, cloud.b, 'B', cleanups);
  for (const box of [a, b]) await until('the programme to reach the box', async () => (await call(box, 'GET', '/loyalty/programme')).body.programme?.version === 1);
}, 150_000);

describe('loyalty across locations', () => {
  it('earn at A, redeem at B with both offline: the limit bounds the overspend, balances converge, a negative balance alerts and refuses nothing, refunds give and take back', async () => {
    // Online: Camille earns 90 points at A (10 soups: 90.00 net), then walks into B, which creates her again.
    const camille = (await call(a, 'POST', '/customers', { name: 'Camille Dupont', phone: '06 12 34 56 78' })).body;
    await paidOrderFor(a, camille.id, 10);
    expect(await loyaltyAt(a, camille.id)).toMatchObject({ points: 90, tier: 'BRONZE' });
    const atB = (await call(b, 'POST', '/customers', { name: 'Camille D.', phone: '+33 6 12 34 56 78' })).body;
    await until('B to learn the merged record and its 90 points', async () => {
      const seen = (await call(b, 'GET', `/customers/${atB.id}`)).body;
      return seen.id === camille.id && seen.loyalty?.points === 90;
    });
    await converged(camille.id, 90);

    // Phase 1, both offline. A: earns 90 more, redeems a free soup (80), then 5 € off (50) is over the offline limit.
    await offline();
    const earnedOffline = await paidOrderFor(a, camille.id, 10);
    expect(await loyaltyAt(a, camille.id)).toMatchObject({ points: 180, pendingPoints: 90 });
    const soupAtA = await openOrderFor(a, camille.id, 1);
    const freeSoup = await redeem(a, soupAtA, 'free-soup');
    expect(freeSoup.status).toBe(201);
    expect(freeSoup.body.payment).toMatchObject({ method: 'loyalty', amount: 990 });
    expect(freeSoup.body.order.status).toBe('completed');
    expect(freeSoup.body.loyalty).toMatchObject({ points: 100 });
    const overLimit = await redeem(a, await openOrderFor(a, camille.id, 1), 'five-off');
    expect(overLimit.status).toBe(409);
    expect(overLimit.body.error).toMatchObject({ code: 'LOYALTY_OFFLINE_LIMIT', details: { limit: 80, unconfirmed: 80 } });
    // B (offline too) knows 90 confirmed points: the same guest redeems a free soup there.
    const soupAtB = await openOrderFor(b, camille.id, 1);
    expect((await redeem(b, soupAtB, 'free-soup')).status).toBe(201);
    expect(await loyaltyAt(b, camille.id)).toMatchObject({ points: 10, pendingPoints: -80 });

    // Back online: 90 + 90 − 80 − 80 = 20 everywhere; 180 points this year make her SILVER.
    await online();
    await converged(camille.id, 20);
    expect(await cloudBalance(camille.id)).toBe(20);
    expect((await loyaltyAt(b, camille.id)).tier).toBe('SILVER');

    // Phase 2, offline again: each box redeems a 15-point treat against the 20 it knows. Neither is refused.
    await offline();
    for (const box of [a, b]) {
      const r = await redeem(box, await openOrderFor(box, camille.id, 1), 'treat');
      expect(r.status).toBe(201);
      expect(r.body.payment.amount).toBe(990); // capped at the bill
    }
    await online();
    await converged(camille.id, -10);
    const alerts = (await cloud.db.query<{ kind: string; details: { customerId: string; points: number } }>("SELECT kind, details FROM alerts WHERE kind = 'loyalty.negative'")).rows;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.details).toMatchObject({ customerId: camille.id, points: -10 });
    let report = await cloudApi(cloud.url, 'GET', '/api/reports/loyalty', { token: owner });
    expect(report.status).toBe(200);
    expect(report.body.negativeBalances).toEqual([expect.objectContaining({ customerId: camille.id, points: -10 })]);
    // A sale for a guest in the red goes through and earns: 90.00 at SILVER (×1.25) = 112 points.
    await paidOrderFor(b, camille.id, 10);
    await converged(camille.id, 102);

    // Phase 3, online: refunds after a redemption. The free soup at A refunded gives back its 80 points;
    // half of A's offline card payment (100.00 of 99.00 + 1.00 tip) takes back half its 90 points.
    const manager = { 'idempotency-key': `refund-${newId()}` };
    const soupPayment = (await call(a, 'GET', `/orders/${soupAtA}/payments`)).body[0];
    expect((await call(a, 'POST', `/payments/${soupPayment.id}/refunds`, { amount: 990, reason: 'soup was cold' }, manager)).status).toBe(201);
    expect((await call(a, 'POST', `/payments/${earnedOffline.paymentId}/refunds`, { amount: 5000, reason: 'half the table left' }, { 'idempotency-key': `refund-${newId()}` })).status).toBe(201);
    await converged(camille.id, 102 + 80 - 45);

    // The reports: loyalty payments in A's X report; the cloud's liability, points and repeat visits; the alert cleared.
    const x = (await call(a, 'GET', '/reports/x')).body;
    expect(x.totals.payments.find((p: { method: string }) => p.method === 'loyalty')).toMatchObject({ count: 2, amount: 1980 });
    report = await cloudApi(cloud.url, 'GET', '/api/reports/loyalty', { token: owner });
    expect(report.body).toMatchObject({
      liability: { points: 137, amount: Math.floor(137 * (1000 / 15)) },
      points: { issued: 90 + 90 + 112, redeemed: 80 + 80 + 15 + 15 - 80, reversed: 45, expired: 0 },
      repeatVisits: { customers: 1, repeat: 1, rateBp: 10_000 },
      customersByTier: { BRONZE: 0, SILVER: 1, GOLD: 0, PLATINUM: 0 },
      negativeBalances: [],
    });
    // The cloud's payments report lists redemptions as their own method, like the X and Z.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const dashboard = await cloudApi(cloud.url, 'GET', `/api/reports?from=${day(-1)}&to=${day(1)}`, { token: owner });
    expect(dashboard.status).toBe(200);
    expect(JSON.stringify(dashboard.body)).toContain('"method":"loyalty"');

    // Thirteen months on, nothing was gained in the last twelve: the cloud expires the 137 points and both boxes learn it.
    const later = monthsBefore(Date.now(), -13);
    expect(await expireLoyalty(cloud.db, later)).toBe(1);
    expect(await expireLoyalty(cloud.db, later)).toBe(0);
    await converged(camille.id, 0);
    expect((await cloud.db.query<{ points: string }>("SELECT points::text FROM org_loyalty_ledger WHERE kind = 'expire'")).rows.map((r) => Number(r.points))).toEqual([-137]);
  }, 180_000);

  it('bad input gets a clear 4xx and writes nothing, on the box and in the cloud', async () => {
    const guest = (await call(a, 'POST', '/customers', { name: 'Hugo Martin' })).body;
    const db = new Database(path.join(a.dataDir, 'brigade.db'), { readonly: true });
    cleanups.push(async () => { db.close(); });
    const entries = () => (db.prepare('select count(*) as n from loyalty_entries').get() as { n: number }).n;
    const before = entries();
    const adjust = (id: string, body: unknown) => call(a, 'POST', `/customers/${id}/loyalty/adjustments`, body);
    expect((await adjust(newId(), { points: 10, reason: 'welcome' })).body.error.code).toBe('NOT_FOUND');
    for (const points of [0, -2_000_000, 1e12, 1.5, '10']) {
      const r = await adjust(guest.id, { points, reason: 'typo' });
      expect(r.status, `points ${points}`).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    for (const body of [{ points: 10 }, { points: 10, reason: '   ' }, { points: 10, reason: 'x'.repeat(201) }]) {
      expect((await adjust(guest.id, body)).body.error.code).toBe('VALIDATION_FAILED');
    }
    const noGuest = await redeem(a, await openOrderFor(a, null, 1), 'treat');
    expect(noGuest.status).toBe(409);
    expect(noGuest.body.error.code).toBe('LOYALTY_NO_CUSTOMER');
    const unknownReward = await redeem(a, await openOrderFor(a, guest.id, 1), 'no-such-reward');
    expect(unknownReward.status).toBe(404);
    const poor = await redeem(a, await openOrderFor(a, guest.id, 1), 'five-off');
    expect(poor.body.error).toMatchObject({ code: 'LOYALTY_INSUFFICIENT_POINTS', details: { needed: 50, available: 0 } });
    expect(entries()).toBe(before);

    // A manager's adjustment with a reason is booked once, however often it is sent.
    const id = newId();
    for (let i = 0; i < 2; i++) expect((await adjust(guest.id, { id, points: 25, reason: 'birthday' })).status).toBe(201);
    expect(entries()).toBe(before + 1);
    expect((await loyaltyAt(a, guest.id)).points).toBe(25);

    // The programme: bad tiers and rewards are refused and the version stays; only an owner may change it.
    const version = async () => (await cloudApi(cloud.url, 'GET', '/api/loyalty/programme', { token: owner })).body.version;
    const v = await version();
    const [bronze, silver, gold, platinum] = PROGRAMME.tiers;
    const bad = [
      { ...PROGRAMME, tiers: [silver, bronze, gold, platinum] },
      { ...PROGRAMME, tiers: [{ ...bronze, minPoints: 10 }, silver, gold, platinum] },
      { ...PROGRAMME, tiers: [bronze, silver, { ...gold, minPoints: 100 }, platinum] },
      { ...PROGRAMME, tiers: [bronze, silver, gold, { ...platinum, multiplierBp: 11_000 }] },
      { ...PROGRAMME, tiers: [bronze, silver, gold] },
      { ...PROGRAMME, pointsPerUnit: -1 },
      { ...PROGRAMME, rewards: [PROGRAMME.rewards[0], PROGRAMME.rewards[0]] },
      { ...PROGRAMME, offlineRedemptionLimit: 1e9 },
    ];
    for (const programme of bad) {
      const r = await cloudApi(cloud.url, 'PUT', '/api/loyalty/programme', { token: owner, body: { programme } });
      expect(r.status, JSON.stringify(programme).slice(0, 200)).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await cloudApi(cloud.url, 'PUT', '/api/loyalty/programme', { token: owner, body: { expectedVersion: v + 5, programme: { ...PROGRAMME, pointsPerUnit: 2 } } })).body.error.code).toBe('VERSION_CONFLICT');
    const manager = await inviteMember(cloud.url, owner, { email: 'manager@example.com', role: 'manager', locationIds: [cloud.a.locationId] });
    const refused = await cloudApi(cloud.url, 'PUT', '/api/loyalty/programme', { token: manager.token, body: { programme: PROGRAMME } });
    expect(refused.status).toBe(403);
    expect((await cloudApi(cloud.url, 'GET', '/api/reports/loyalty', { token: manager.token })).status).toBe(403);
    expect((await cloudApi(cloud.url, 'GET', '/api/reports/loyalty?from=yesterday', { token: owner })).status).toBe(400);
    expect(await version()).toBe(v);
    // Saving the same programme again is not a new version.
    expect((await cloudApi(cloud.url, 'PUT', '/api/loyalty/programme', { token: owner, body: { programme: PROGRAMME } })).body).toMatchObject({ version: v, changed: false });
  }, 60_000);
});
