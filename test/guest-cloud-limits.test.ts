/**
 * The cloud guest routes' limit per table code (issue 19): the phones of a table share one code,
 * so a code sending more than its budget is refused whatever address it comes from — 429 with
 * Retry-After, nothing written — while a forged code is still a 401 that spends nothing. A real box
 * process pushes the code and the menu; the cloud serves real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { cloudGuestRows, guestOrder, phone, startCloudTableBox, type CloudTableBox } from './helpers/guest-cloud.js';

const PER_CODE = 40;
let cloud: TestCloud;
let t: CloudTableBox;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  // The address budget out of the way: this file is about the code's.
  process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = '100000';
  process.env.CLOUD_GUEST_RATE_PER_TOKEN = String(PER_CODE);
  cloud = await startTestCloud({ serve: true });
  t = await startCloudTableBox(cloud, cleanups);
}, 120_000);
afterAll(async () => {
  delete process.env.CLOUD_PUBLIC_RATE_PER_MINUTE;
  delete process.env.CLOUD_GUEST_RATE_PER_TOKEN;
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await cloud?.close();
});

describe('the cloud guest routes, per table code', () => {
  it('refuse a code past its budget with 429 and Retry-After, write nothing, and still answer a forged code with 401', async () => {
    const p = phone(cloud.url, t.tableId, t.token);
    // startCloudTableBox already read the menu through the cloud with this code: count what is left.
    let served = 0;
    let limited: Awaited<ReturnType<typeof p.menu>> | null = null;
    for (let i = 0; i < PER_CODE + 5 && !limited; i++) {
      const res = await p.menu();
      if (res.status === 429) limited = res;
      else { expect(res.status).toBe(200); served += 1; }
    }
    expect(served).toBeGreaterThan(PER_CODE - 10);
    expect(served).toBeLessThanOrEqual(PER_CODE);
    expect(limited?.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { scope: 'token' } });
    expect(limited?.body.error.message).toMatch(/this table/);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);

    const before = await cloudGuestRows(cloud);
    const order = await p.send(guestOrder([{ itemId: t.box.soupId, quantity: 1, optionIds: [] }]));
    expect(order.status).toBe(429);
    expect(await cloudGuestRows(cloud)).toEqual(before);

    const forged = await phone(cloud.url, t.tableId, `${t.tableId}.1.${'B'.repeat(22)}`).menu();
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('TABLE_TOKEN_INVALID');
  });
});
