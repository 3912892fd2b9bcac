/**
 * QR ordering through the cloud (issue 19, cloud path), with real processes: a box process pushing
 * to a cloud on real PostgreSQL, the guest's phone calling the cloud's public routes. The cloud
 * checks the token against the digest the box pushed, passes the request down the channel, and
 * shows the guest what the box did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { call, restartGuestBox, synced } from './helpers/guest-boxes.js';
import { cloudGuestRows, guestOrder, phone, startCloudTableBox, type CloudTableBox } from './helpers/guest-cloud.js';
import { until } from './helpers/wait.js';

let cloud: TestCloud;
let t: CloudTableBox;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  t = await startCloudTableBox(cloud, cleanups);
}, 120_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await cloud?.close();
});

const pending = async () => (await call(t.box, 'GET', '/guest-requests?status=all&limit=200')).body as Array<Record<string, any>>;
const soup = () => ({ itemId: t.box.soupId, quantity: 2, optionIds: [] });

describe('QR ordering through the cloud', () => {
  it('serves the same page and the synced menu; a forged token gets 401 and nothing is written', async () => {
    const page = await fetch(`${cloud.url}/t/${t.token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script src="([^"]+)"/.exec(html)![1]!;
    const boxHtml = await (await fetch(`${t.box.proc.url}/t/${t.token}`)).text();
    expect(boxHtml).toContain(script); // the very same bundle
    expect((await fetch(`${cloud.url}${script}`)).status).toBe(200);

    const menu = await phone(cloud.url, t.tableId, t.token).menu();
    expect(menu.status).toBe(200);
    expect(menu.body.table.label).toBe('T1');
    expect(menu.body.ordering).toEqual({ open: true, reason: null, maxOrderTotal: 15000 });
    expect(menu.body.categories[0].items[0]).toMatchObject({ name: 'Soup', price: 900, available: true });

    const before = await cloudGuestRows(cloud);
    const forged = `${t.tableId}.1.${'A'.repeat(22)}`;
    for (const token of [forged, 'nope', `${t.token}x`]) {
      expect((await phone(cloud.url, t.tableId, token).send(guestOrder([soup()]))).status).toBe(401);
      expect((await phone(cloud.url, t.tableId, token).menu()).body.error.code).toBe('TABLE_TOKEN_INVALID');
    }
    expect(await cloudGuestRows(cloud)).toEqual(before);
  });

  it('an order reaches the waiter through the channel; a replay, through either path, is one request; the guest follows it live', async () => {
    const p = phone(cloud.url, t.tableId, t.token);
    const body = guestOrder([soup()], { notes: 'no pepper' });
    const sent = await p.send(body);
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ id: body.id, state: 'waiting', total: 1800, currency: 'EUR' });
    expect((await p.send(body)).status).toBe(200);
    await until('the request reached the box', async () => (await pending()).some((r) => r.id === body.id));
    // The same request through the box's own page: the same one.
    const lan = await phone(t.box.proc.url, t.tableId, t.token).send(body);
    expect(lan.status).toBe(200);
    const atBox = (await pending()).filter((r) => r.id === body.id);
    expect(atBox).toHaveLength(1);
    expect(atBox[0]).toMatchObject({ via: 'cloud', status: 'pending', heldAfterOutage: false, total: 1800 });
    // A changed body under the same id is refused.
    expect((await p.send({ ...body, notes: 'other' })).body.error.code).toBe('IDEMPOTENCY_CONFLICT');

    // The guest's long-poll on the cloud wakes when the waiter accepts and the box pushes.
    const watching = p.request(body.id, '?state=waiting&wait=20');
    expect((await call(t.box, 'POST', `/guest-requests/${body.id}/accept`, {})).status).toBe(200);
    const seen = await watching;
    expect(seen.status).toBe(200);
    expect(['accepted', 'in_kitchen']).toContain(seen.body.state);
    await until('in the kitchen, seen through the cloud', async () => (await p.request(body.id)).body.state === 'in_kitchen');

    // Sent on the Wi-Fi first, retried through the cloud: one request, and the cloud writes nothing.
    const wifi = guestOrder([soup()]);
    expect((await phone(t.box.proc.url, t.tableId, t.token).send(wifi)).status).toBe(201);
    await until('synced', () => synced(t.box));
    const before = await cloudGuestRows(cloud);
    const retried = await p.send(wifi);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: wifi.id, state: 'waiting' });
    expect(await cloudGuestRows(cloud)).toEqual(before);
    expect((await pending()).filter((r) => r.id === wifi.id)).toHaveLength(1);

    // Refused by the waiter: the guest reads the reason through the cloud.
    expect((await call(t.box, 'POST', `/guest-requests/${wifi.id}/refuse`, { reason: 'Kitchen closing' })).status).toBe(200);
    await until('refused, seen through the cloud', async () => (await p.request(wifi.id)).body.refusedReason === 'Kitchen closing');
    expect((await p.request(wifi.id)).body.state).toBe('refused');
  });

  it('a rotated code is refused by the cloud after the next push; the new one works', async () => {
    const rotated = await call(t.box, 'POST', `/tables/${t.tableId}/qr`, {});
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.token as string;
    await until('the rotation reached the cloud', () => synced(t.box));
    const before = await cloudGuestRows(cloud);
    const old = await phone(cloud.url, t.tableId, t.token).send(guestOrder([soup()]));
    expect(old.status).toBe(401);
    expect(old.body.error.code).toBe('TABLE_TOKEN_INVALID');
    expect(await cloudGuestRows(cloud)).toEqual(before);
    expect((await phone(cloud.url, t.tableId, fresh).menu()).status).toBe(200);
    t.token = fresh;
  });

  it('after an outage, an order that waited in the cloud arrives held with when it was placed — never auto-accepted', async () => {
    expect((await call(t.box, 'PATCH', '/guest-ordering/settings', { autoAccept: true, maxOrdersPer10Min: 20 })).status).toBe(200);
    await until('settings synced', () => synced(t.box));
    await t.box.proc.kill();
    await new Promise((r) => setTimeout(r, 6_000)); // past the cloud's grace for a box between two polls
    const body = guestOrder([soup()]);
    const sent = await phone(cloud.url, t.tableId, t.token).send(body);
    expect(sent.status).toBe(201);
    const placedAt = sent.body.createdAt as number;
    await restartGuestBox(t.box, cleanups);
    await until('the held order reached the box', async () => (await pending()).some((r) => r.id === body.id));
    const held = (await pending()).find((r) => r.id === body.id)!;
    expect(held).toMatchObject({ status: 'pending', via: 'cloud', heldAfterOutage: true, placedAt, orderId: null });
    // With the box listening, the same setting sends the next one straight to the kitchen.
    await until('the box polls again', async () => (await call(t.box, 'GET', '/sync/status')).body.lastSuccessAt !== null);
    await new Promise((r) => setTimeout(r, 1_500));
    const live = guestOrder([soup()]);
    expect((await phone(cloud.url, t.tableId, t.token).send(live)).status).toBe(201);
    await until('auto-accepted', async () => (await pending()).find((r) => r.id === live.id)?.status === 'accepted');
  });
});
