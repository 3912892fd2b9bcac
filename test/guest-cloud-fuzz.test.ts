/**
 * The cloud's public guest routes under hostile input (issue 19): wrong types, huge carts, unknown
 * ids, 1 MB bodies, NUL, random bodies and tokens, a replay sent 20 times at once. Every refusal is
 * a 4xx with a stable code and writes nothing (the cloud's guest rows and channel compared before
 * and after); forged tokens never spend the address's budget; the budget's end is a 429 with
 * Retry-After. A real box process pushes the table code and the menu; the cloud is on real PostgreSQL.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuid } from 'uuid';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { cloudGuestRows, guestOrder, phone, startCloudTableBox, type CloudTableBox } from './helpers/guest-cloud.js';

const RATE = 700;
let cloud: TestCloud;
let t: CloudTableBox;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = String(RATE);
  // One code sends every case here: its own budget is test/guest-cloud-limits.test.ts's subject.
  process.env.CLOUD_GUEST_RATE_PER_TOKEN = '100000';
  cloud = await startTestCloud({ serve: true });
  t = await startCloudTableBox(cloud, cleanups);
}, 120_000);
afterAll(async () => {
  delete process.env.CLOUD_PUBLIC_RATE_PER_MINUTE;
  delete process.env.CLOUD_GUEST_RATE_PER_TOKEN;
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await cloud?.close();
});

const soup = (extra: Record<string, unknown> = {}) => ({ itemId: t.box.soupId, quantity: 1, optionIds: [], ...extra });

describe('the cloud guest routes under hostile input', () => {
  it('refuses every bad request with a 4xx and a code, and writes nothing', async () => {
    const p = phone(cloud.url, t.tableId, t.token);
    const before = await cloudGuestRows(cloud);
    const cases: Array<[string, () => Promise<{ status: number; body: any }>, number, string]> = [
      ['a string quantity', () => p.send(guestOrder([soup({ quantity: '2' })])), 400, 'VALIDATION_FAILED'],
      ['a price from the guest', () => p.send(guestOrder([soup({ price: 1 })])), 400, 'VALIDATION_FAILED'],
      ['a total from the guest', () => p.send({ ...guestOrder([soup()]), total: 1 }), 400, 'VALIDATION_FAILED'],
      ['31 lines', () => p.send(guestOrder(Array.from({ length: 31 }, () => soup()))), 400, 'VALIDATION_FAILED'],
      ['a quantity of 1,000', () => p.send(guestOrder([soup({ quantity: 1000 })])), 400, 'VALIDATION_FAILED'],
      ['an order with no line', () => p.send(guestOrder([])), 400, 'VALIDATION_FAILED'],
      ['a call with lines', () => p.send({ id: uuid(), kind: 'call', lines: [soup()] }), 400, 'VALIDATION_FAILED'],
      ['an unknown kind', () => p.send({ id: uuid(), kind: 'refund' }), 400, 'VALIDATION_FAILED'],
      ['an id that is not a UUID', () => p.send({ ...guestOrder([soup()]), id: 'x' }), 400, 'VALIDATION_FAILED'],
      ['an unknown item', () => p.send(guestOrder([soup({ itemId: uuid() })])), 404, 'NOT_FOUND'],
      ['an unknown option', () => p.send(guestOrder([soup({ optionIds: [uuid()] })])), 422, 'OPTION_RULES_VIOLATED'],
      ['20 × 20 soups over the 150.00 limit', () => p.send(guestOrder(Array.from({ length: 20 }, () => soup({ quantity: 20 })))), 422, 'GUEST_ORDER_TOO_LARGE'],
      ['NUL in a note', () => p.send(guestOrder([soup()], { notes: 'a\u0000b' })), 400, 'VALIDATION_FAILED'],
      ['not JSON', () => p.raw('{"id":'), 400, 'MALFORMED_JSON'],
      ['JSON null', () => p.raw('null'), 400, 'VALIDATION_FAILED'],
      ['an array', () => p.raw('[]'), 400, 'VALIDATION_FAILED'],
      ['text/plain', () => p.raw(JSON.stringify(guestOrder([soup()])), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['1 MB of notes', () => p.raw(JSON.stringify(guestOrder([soup()], { notes: 'x'.repeat(1024 * 1024) }))), 413, 'PAYLOAD_TOO_LARGE'],
      ['an unknown request', () => p.request(uuid()), 404, 'NOT_FOUND'],
      ['a request id that is not a UUID', () => p.request('nope'), 400, 'VALIDATION_FAILED'],
      ['a wait of an hour', () => p.request(uuid(), '?state=waiting&wait=3600'), 400, 'VALIDATION_FAILED'],
      ['another table id with this token', () => phone(cloud.url, uuid(), t.token).send(guestOrder([soup()])), 401, 'TABLE_TOKEN_INVALID'],
      ['no token', () => phone(cloud.url, t.tableId, '').menu(), 401, 'TABLE_TOKEN_INVALID'],
    ];
    for (const [what, send, status, code] of cases) {
      const res = await send();
      expect({ what, status: res.status, code: res.body?.error?.code }).toEqual({ what, status, code });
      expect(typeof res.body.error.message).toBe('string');
    }
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (body) => {
      const res = await p.raw(JSON.stringify(body));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }), { numRuns: 80 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 200 }), fc.constantFrom('menu', 'send'), async (forged, route) => {
      const f = phone(cloud.url, t.tableId, forged);
      const res = route === 'menu' ? await f.menu() : await f.send(guestOrder([soup()]));
      expect(res.status).toBe(401);
    }), { numRuns: 80 });
    expect(await cloudGuestRows(cloud)).toEqual(before);
  });

  it('a replay sent 20 times at once is one request and one message', async () => {
    const before = await cloudGuestRows(cloud);
    const body = guestOrder([soup()]);
    const answers = await Promise.all(Array.from({ length: 20 }, () => phone(cloud.url, t.tableId, t.token).send(body)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.every((a) => (a.status === 201 || a.status === 200) && a.body.id === body.id)).toBe(true);
    expect(await cloudGuestRows(cloud)).toEqual({ requests: before.requests + 1, messages: before.messages + 1 });
  });

  it('forged tokens do not spend the address budget; past it, 429 with Retry-After and nothing written', async () => {
    for (let i = 0; i < RATE + 20; i += 20) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => phone(cloud.url, t.tableId, `${t.tableId}.1.${'B'.repeat(22)}`).menu()));
      expect(answers.every((a) => a.status === 401)).toBe(true);
    }
    expect((await phone(cloud.url, t.tableId, t.token).menu()).status).toBe(200);
    const before = await cloudGuestRows(cloud);
    let limited: { status: number; body: any; headers: Headers } | null = null;
    // The budget is a fixed window of a minute: on a loaded machine the loop can cross into the next
    // window and start a fresh budget, so it may take up to two budgets' worth to reach the 429.
    for (let i = 0; i < 3 * RATE && !limited; i++) {
      const res = await phone(cloud.url, t.tableId, t.token).send({ id: uuid(), kind: 'order', lines: 'x' });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(400);
    }
    expect(limited?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await cloudGuestRows(cloud)).toEqual(before);
  });
});
