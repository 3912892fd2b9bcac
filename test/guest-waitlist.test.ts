/**
 * Joining a waitlist from afar (issue 20), with real processes: a cloud service on PostgreSQL and a
 * box process syncing to it. A verified guest joins in the cloud; `waitlist.join` goes down the
 * channel; the box adds the party through the host's own code; its estimate comes back up with the
 * sync push and reaches the guest over Server-Sent Events as the room changes, until they are seated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBoxProcess, type BoxProcess } from '../scripts/lib/box-process.js';
import { publishMessages } from '../cloud/channel/log.js';
import { WAITLIST_JOIN } from '../sync/waitlist-messages.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { GUEST_PASSWORD, verifiedGuest } from './helpers/guest-accounts.js';
import { newId } from './helpers/fixtures.js';
import { profileBody } from './helpers/profiles.js';
import { openSse, type SseFeed } from './helpers/sse.js';
import { until } from './helpers/wait.js';

let cloud: TestCloud;
let box: BoxProcess;
let boxToken: string;
let slug: string;
let guest: string;
const cleanups: Array<() => Promise<void> | void> = [];
const ids: Record<string, string> = {};

const call = (method: string, p: string, options: Parameters<typeof api>[3] = {}) => api(cloud.url, method, p, options);
async function onBox(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${box.url}${p}`, { method, headers: { authorization: `Bearer ${boxToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
const boxWaitlist = async () => (await onBox('GET', '/waitlist')).body.waitlist as Array<Record<string, any>>;
const joins = async () => (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM guest_waitlist_joins')).rows[0]!.n;
const messages = async () => (await cloud.db.query<{ n: number }>("SELECT count(*)::int AS n FROM channel_messages WHERE kind = 'waitlist.join'")).rows[0]!.n;

beforeAll(async () => {
  process.env.CLOUD_GUEST_LIVE_POLL_MS = '100';
  cloud = await startTestCloud({ serve: true });
  cleanups.push(() => cloud.close());
  const owner = await signInOwner(cloud);
  const profile = profileBody();
  slug = profile.slug as string;
  expect((await call('PUT', `/api/locations/${cloud.a.locationId}/profile`, { token: owner, body: profile })).status).toBe(200);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-guest-waitlist-'));
  box = await startBoxProcess({ dataDir, env: { CLOUD_URL: cloud.url, CLOUD_CREDENTIAL: cloud.a.credential, SYNC_INTERVAL_MS: '100', SYNC_BACKOFF_MAX_MS: '300',
    CHANNEL_WAIT_SECONDS: '1', BACKUP_TIME: 'off', MDNS: 'off' } });
  cleanups.push(async () => { await box.kill(); fs.rmSync(dataDir, { recursive: true, force: true }); });
  const setup = await fetch(`${box.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({
    restaurantName: 'Chez Olive', currency: 'EUR', timeZone: 'Europe/Paris', country: 'FR', taxMode: 'inclusive', ownerName: 'Olive', ownerPin: '1111' }) });
  expect(setup.status).toBe(201);
  boxToken = (await setup.json()).session.token;
  const area = (await onBox('POST', '/areas', { name: 'Room' })).body.id;
  ids.table = (await onBox('POST', '/tables', { areaId: area, label: 'T1', capacity: 2, shape: 'round' })).body.id;
  const category = (await onBox('POST', '/menu/categories', { name: 'Mains' })).body.id;
  const item = (await onBox('POST', '/menu/items', { categoryId: category, name: 'Tart', price: 900, taxRateBp: 1000, station: 'kitchen' })).body.id;
  // The only table is taken by a couple who just sat down.
  ids.order = newId();
  const order = await onBox('POST', '/orders', { id: ids.order, type: 'dine_in', tableId: ids.table, guestCount: 2, lines: [{ itemId: item, quantity: 2 }] });
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  guest = await verifiedGuest(cloud.url, cloud.db, 'noe@example.com', { name: 'Noé', phone: '+33 6 11 22 33 44' });
}, 180_000);
afterAll(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

describe('joining a waitlist from afar', () => {
  it('an unverified guest, an unknown restaurant or a bad body is refused, and nothing is written or sent', async () => {
    expect((await call('POST', '/public/accounts/register', { body: { email: 'unverified@example.com', password: GUEST_PASSWORD } })).status).toBe(202);
    const unverified = (await call('POST', '/public/accounts/login', { body: { email: 'unverified@example.com', password: GUEST_PASSWORD } })).body.token;
    const body = { id: newId(), restaurant: slug, partySize: 2, phone: '+33611223344', name: 'Ann' };
    const refused = await call('POST', '/public/me/waitlist', { token: unverified, body });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
    // Authenticate before validating: a bad body without a session is 401, not 400.
    expect((await call('POST', '/public/me/waitlist', { body: { nonsense: true } })).status).toBe(401);
    expect((await call('POST', '/public/me/waitlist', { token: guest, body: { ...body, restaurant: 'no-such-place' } })).status).toBe(404);
    expect((await call('POST', '/public/me/waitlist', { token: guest, body: { ...body, partySize: 9 } })).body.error.details[0].path).toBe('partySize');
    expect((await call('POST', '/public/me/waitlist', { token: guest, body: { ...body, phone: '12' } })).body.error.details[0].path).toBe('phone');
    expect(await joins()).toBe(0);
    expect(await messages()).toBe(0);
  });

  let feed: SseFeed;
  it('a verified guest joins: the box adds the party once (double tap, replayed message), and its estimate comes back over SSE', async () => {
    ids.party = newId();
    const body = { id: ids.party, restaurant: slug, partySize: 2, notes: 'Window if possible' };
    const [a, b] = await Promise.all([call('POST', '/public/me/waitlist', { token: guest, body }), call('POST', '/public/me/waitlist', { token: guest, body })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body).toMatchObject({ id: ids.party, restaurant: { slug, name: 'Chez Olive' }, partySize: 2, name: 'Noé', phone: '+33611223344' });
    expect(['sent', 'waiting']).toContain(a.body.status);
    const conflict = await call('POST', '/public/me/waitlist', { token: guest, body: { ...body, partySize: 1 } });
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);

    feed = await openSse(`${cloud.url}/public/me/waitlist/${ids.party}/live`, { cookie: `brigade_guest=${guest}` });
    cleanups.push(() => feed.close());
    expect(feed.status).toBe(200);
    const waiting = await feed.waitFor('the box\'s estimate', (e) => e.data.status === 'waiting' && e.data.estimatedMinutes !== null);
    // No history: a couple keeps a table 90 minutes, plus the 15-minute reset; they sat down just now.
    expect(waiting.data).toMatchObject({ position: 1, quotedMinutes: 105 });
    expect(waiting.data.estimatedMinutes).toBeGreaterThanOrEqual(104);

    const onTheBox = await boxWaitlist();
    expect(onTheBox).toHaveLength(1);
    expect(onTheBox[0]).toMatchObject({ id: ids.party, name: 'Noé', phone: '+33611223344', partySize: 2, notes: 'Joined online · Window if possible', status: 'waiting' });
    // The same message delivered again (a resend) adds nobody.
    const again = await cloud.db.query<{ payload: unknown }>("SELECT payload FROM channel_messages WHERE kind = 'waitlist.join' AND id = $1", [ids.party]);
    await publishMessages(cloud.db, [{ place: { locationId: cloud.a.locationId, organisationId: cloud.orgId }, message: { kind: WAITLIST_JOIN, schemaVersion: 1, payload: again.rows[0]!.payload } }]);
    await until('the resend applied', async () => (await cloud.db.query("SELECT 1 FROM channel_messages WHERE kind = 'waitlist.join' AND status = 'applied'")).rows.length === 2);
    expect(await boxWaitlist()).toHaveLength(1);
    expect(await joins()).toBe(1);
  });

  it('the estimate follows the room: last course out, then paid; the host seats them and the feed ends', async () => {
    expect((await onBox('POST', `/orders/${ids.order}/fire`, {})).status).toBe(200);
    const lastCourse = await feed.waitFor('the estimate after the last course', (e) => e.data.status === 'waiting' && e.data.estimatedMinutes !== null && e.data.estimatedMinutes <= 40);
    expect(lastCourse.data.estimatedMinutes).toBeGreaterThanOrEqual(30);
    expect((await onBox('POST', `/orders/${ids.order}/payments`, { method: 'card' }, { 'idempotency-key': `pay-${newId()}` })).status).toBe(201);
    await feed.waitFor('nothing left to wait', (e) => e.data.estimatedMinutes === 0);
    expect((await onBox('POST', `/waitlist/${ids.party}/notify`, { tableIds: [ids.table] })).status).toBe(200);
    await feed.waitFor('table ready', (e) => e.data.status === 'notified');
    expect((await onBox('POST', `/waitlist/${ids.party}/seat`, { orderId: newId() })).status).toBe(200);
    const seated = await feed.waitFor('seated', (e) => e.data.status === 'seated');
    expect(seated.data).toMatchObject({ position: null, estimatedMinutes: null });
    await feed.ended; // the server closes the feed after the final state
    const list = await call('GET', '/public/me/waitlist', { token: guest });
    expect(list.body.places.map((p: { id: string; status: string }) => [p.id, p.status])).toEqual([[ids.party, 'seated']]);
  });

  it('another guest cannot read or follow my place (404, as for none); a bad id is 400 after the session', async () => {
    const other = await verifiedGuest(cloud.url, cloud.db, 'other@example.com');
    expect((await call('GET', `/public/me/waitlist/${ids.party}`, { token: other })).status).toBe(404);
    const otherFeed = await openSse(`${cloud.url}/public/me/waitlist/${ids.party}/live`, { authorization: `Bearer ${other}` });
    expect(otherFeed.status).toBe(404);
    expect((await call('GET', '/public/me/waitlist/not-a-uuid', { token: other })).status).toBe(400);
    expect((await call('GET', '/public/me/waitlist/not-a-uuid')).status).toBe(401);
  });
});
