import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { guestPhone, order, seat, tableQr } from './helpers/guests.js';
import { manualClock } from '../src/lib/clock.js';

/**
 * The public routes are the most hostile input the box sees (issue 19): every bad request is a 4xx
 * with a code and writes nothing; a flood is refused by the rate limits while the staff's service
 * carries on. The clock is the test's: the buckets refill only when a test moves it.
 */
let t: TestBox;
let r: Restaurant;
let b: Bistro;
let phone: ReturnType<typeof guestPhone>;
let token: string;
const clock = manualClock(Date.UTC(2026, 10, 20, 18, 0, 0));
/** A full bucket for the next requests (30 a minute, 30 at most). */
const refill = () => clock.advance(2 * 60_000);

beforeAll(async () => {
  t = await startTestBox({ clock });
  r = await setUpRestaurant(t);
  b = await seedBistro(r);
  await seat(r, b.tables.t1);
  token = (await tableQr(r, b.tables.t1)).token;
  phone = guestPhone(t, b.tables.t1, token);
});
afterAll(async () => { await t.close(); });

const soda = () => ({ itemId: b.items.soda, quantity: 1 });

/** [name, body, status, code] — each alone must change nothing. */
const BAD: Array<[string, () => unknown, number, string]> = [
  ['a kind that is a number', () => ({ id: newId(), kind: 5, lines: [soda()] }), 400, 'VALIDATION_FAILED'],
  ['lines that are a string', () => ({ id: newId(), kind: 'order', lines: 'everything' }), 400, 'VALIDATION_FAILED'],
  ['an id that is not a uuid', () => ({ id: 'order-1', kind: 'order', lines: [soda()] }), 400, 'VALIDATION_FAILED'],
  ['a quantity as text', () => order([{ ...soda(), quantity: '2' }]), 400, 'VALIDATION_FAILED'],
  ['a fractional quantity', () => order([{ ...soda(), quantity: 1.5 }]), 400, 'VALIDATION_FAILED'],
  ['a negative quantity', () => order([{ ...soda(), quantity: -3 }]), 400, 'VALIDATION_FAILED'],
  ['a huge quantity', () => order([{ ...soda(), quantity: 1e9 }]), 400, 'VALIDATION_FAILED'],
  ['a price sent by the guest', () => order([{ ...soda(), price: 1 }]), 400, 'VALIDATION_FAILED'],
  ['a total sent by the guest', () => order([soda()], { total: 1 }), 400, 'VALIDATION_FAILED'],
  ['options that are numbers', () => order([{ ...soda(), optionIds: [1, 2] }]), 400, 'VALIDATION_FAILED'],
  ['notes that are an object', () => order([soda()], { notes: { $gt: '' } }), 400, 'VALIDATION_FAILED'],
  ['an empty order', () => order([]), 400, 'VALIDATION_FAILED'],
  ['a call with lines', () => ({ id: newId(), kind: 'call', lines: [soda()] }), 400, 'VALIDATION_FAILED'],
  ['a cart of 31 lines', () => order(Array.from({ length: 31 }, soda)), 400, 'VALIDATION_FAILED'],
  ['a cart of 5,000 lines', () => order(Array.from({ length: 5000 }, soda)), 400, 'VALIDATION_FAILED'],
  ['a cart worth more than allowed', () => order(Array.from({ length: 30 }, () => ({ itemId: b.items.tart, quantity: 20 }))), 422, 'GUEST_ORDER_TOO_LARGE'],
  ['an unknown item', () => order([{ itemId: newId(), quantity: 1 }]), 404, 'NOT_FOUND'],
  ['an unknown option', () => order([{ ...soda(), optionIds: [newId()] }]), 422, 'OPTION_RULES_VIOLATED'],
  ['a burger without its required options', () => order([{ itemId: b.items.burger, quantity: 1 }]), 422, 'OPTION_RULES_VIOLATED'],
  ['an unknown language', () => order([soda()], { language: 'xx' }), 400, 'VALIDATION_FAILED'],
  ['a note of 10,000 characters', () => order([soda()], { notes: 'x'.repeat(10_000) }), 400, 'VALIDATION_FAILED'],
  ['an array instead of an object', () => [order([soda()])], 400, 'VALIDATION_FAILED'],
  ['null', () => null, 400, 'VALIDATION_FAILED'],
];

describe('every bad guest request is a 4xx with a code, and nothing is written', () => {
  it.each(BAD)('%s', async (_name, body, status, code) => {
    refill();
    const before = dumpDatabase(t.dbFile);
    const res = await phone.send(body());
    expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('bodies that are not JSON, in another type, with a NUL, or of 1 MB are refused before anything is read', async () => {
    refill();
    const before = dumpDatabase(t.dbFile);
    const cases: Array<[Promise<{ status: number; body: any }>, number, string]> = [
      [phone.raw('{"id": '), 400, 'MALFORMED_JSON'],
      [phone.raw('kind=order', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [phone.raw(JSON.stringify(order([{ ...soda(), notes: 'a\u0000b' }]))), 400, 'VALIDATION_FAILED'],
      [phone.raw(JSON.stringify({ ...order([soda()]), notes: 'x'.repeat(1024 * 1024) })), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect([res.status, res.body?.error?.code]).toEqual([status, code]);
    }
    // Another table's or an unknown request id: 404 here, never someone else's order.
    expect((await phone.request(newId())).status).toBe(404);
    expect((await phone.request('not-a-uuid')).status).toBe(400);
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('random bodies and random tokens: always a 4xx, nothing written', async () => {
    const before = dumpDatabase(t.dbFile);
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (body) => {
      refill();
      const res = await phone.send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }), { numRuns: 60 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), fc.constantFrom('menu', 'send'), async (forged, route) => {
      const other = guestPhone(t, b.tables.t1, forged.replace(/[^\x21-\x7e]/g, ''));
      const res = route === 'menu' ? await other.menu() : await other.send(order([soda()]));
      expect([res.status, res.body.error.code]).toEqual([401, 'TABLE_TOKEN_INVALID']);
    }), { numRuns: 60 });
    expect(dumpDatabase(t.dbFile)).toBe(before);
  });

  it('a replayed order, sent 20 times at once, is one request', async () => {
    refill();
    const body = order([soda()]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => phone.send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([...Array(19).fill(200), 201]);
    const listed = (await t.api('GET', '/guest-requests?status=all', { token: r.ownerToken })).body.filter((q: any) => q.id === body.id);
    expect(listed).toHaveLength(1);
  });
});

describe('a flood of guest requests is refused while the staff keep working', () => {
  it('1,000 requests from one phone: 429 with Retry-After past the limits; every staff request answered', async () => {
    refill();
    clock.advance(11 * 60_000);
    const countRows = () => (dumpDatabase(t.dbFile).match(/^\{/gm) ?? []).length;
    const rowsBefore = countRows();
    const statuses = new Map<number, number>();
    let retryAfter = '';
    let flooding = true;
    const flood = (async () => {
      const sendOne = async (i: number) => {
        const res = i % 2 ? await phone.menu() : await phone.send(order([soda()]));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 429 && res.body.error.code === 'RATE_LIMITED') retryAfter = res.headers.get('retry-after') ?? '';
      };
      for (let i = 0; i < 1000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => sendOne(i + k)));
      flooding = false;
    })();
    const waiter = await r.signInAs('waiter');
    let staffCalls = 0;
    const staffFailures: string[] = [];
    while (flooding) {
      const made = await t.api('POST', '/orders', { token: waiter.token, body: { id: newId(), type: 'takeaway', lines: [soda()] } });
      const read = await t.api('GET', '/orders', { token: waiter.token });
      staffCalls += 2;
      if (made.status !== 201 || read.status !== 200) staffFailures.push(`${made.status} ${read.status}`);
    }
    await flood;
    expect(staffFailures).toEqual([]);
    expect(staffCalls).toBeGreaterThan(0);
    // 30 let through (the bucket), of which 3 orders (the table's 10-minute limit); the rest refused in memory.
    expect(statuses.get(429)).toBeGreaterThanOrEqual(1000 - 30);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // The rows the staff wrote, and at most 3 guest requests: the flood wrote nothing else.
    const guestRows = (await t.api('GET', '/guest-requests?status=all&limit=200', { token: r.ownerToken })).body.filter((q: any) => q.createdAt >= clock.now());
    expect(guestRows.length).toBeLessThanOrEqual(3);
    expect(countRows()).toBeGreaterThan(rowsBefore);
  }, 120_000);
});
