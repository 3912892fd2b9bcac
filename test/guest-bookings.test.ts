/**
 * "See and cancel my bookings" (issue 20): a guest account reaches the online bookings made with its
 * email only once that email is verified; another account's bookings are 404; a cancel goes down the
 * channel once, however often it is pressed. The box's grant is posted as a box would (its device
 * credential), as the online booking's own input tests do; no box process is needed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOTMENT_PATH } from '../sync/booking-messages.js';
import { BOX_ID_HEADER } from '../sync/protocol.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { GUEST_PASSWORD, lastMail, linkToken, verifiedGuest } from './helpers/guest-accounts.js';
import { book, publishProfile } from './helpers/online-booking.js';
import { openSse, type SseFeed } from './helpers/sse.js';
import { until } from './helpers/wait.js';

const HOUR = 3600_000;
let cloud: TestCloud;
let slug: string;
const base = Math.ceil((Date.now() + 48 * HOUR) / (15 * 60_000)) * 15 * 60_000;
const slots = [0, 1, 2].map((i) => ({ date: new Date(base).toISOString().slice(0, 10), time: `2${i}:00`, startsAt: base + i * HOUR, covers: 6, maxParty: 4 }));
const call = (method: string, p: string, options: Parameters<typeof api>[3] = {}) => api(cloud.url, method, p, options);

beforeAll(async () => {
  process.env.CLOUD_GUEST_LIVE_POLL_MS = '100';
  cloud = await startTestCloud({ serve: true });
  slug = await publishProfile(cloud, await signInOwner(cloud), cloud.a.locationId);
  const grant = await call('POST', ALLOTMENT_PATH, { body: { appliedThrough: 0, computedAt: Date.now(), onlineAllotment: 6, timeZone: 'Europe/Paris', slots },
    headers: { authorization: `Bearer ${cloud.a.credential}`, [BOX_ID_HEADER]: `box-${cloud.a.locationId.slice(0, 12)}` } });
  expect(grant.status, JSON.stringify(grant.body)).toBe(200);
}, 60_000);
afterAll(async () => { await cloud?.close(); });

describe('a guest account\'s bookings', () => {
  it('unverified: 403; verified: the bookings made with that email, followed live; cancel once, another account cannot', async () => {
    const email = 'lea@example.com';
    const made = await book(cloud, slug, { partySize: 2, startsAt: slots[1]!.startsAt, name: 'Léa', email: 'Lea@Example.com', phone: '+33 6 12 34 56 78' });
    expect(made.status, JSON.stringify(made.body)).toBe(202);
    await book(cloud, slug, { partySize: 2, startsAt: slots[2]!.startsAt, name: 'Someone', email: 'someone@example.com' });

    // Someone signs up with Léa's address: without opening her mail they see nothing.
    expect((await call('POST', '/public/accounts/register', { body: { email, password: GUEST_PASSWORD } })).status).toBe(202);
    const unverified = (await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } })).body.token;
    const refused = await call('GET', '/public/me/bookings', { token: unverified });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'EMAIL_NOT_VERIFIED']);
    expect((await call('POST', `/public/me/bookings/${made.body.id}/cancel`, { token: unverified })).status).toBe(403);
    expect((await call('GET', '/public/me/bookings')).status).toBe(401);

    expect((await call('POST', '/public/accounts/verify', { body: { token: linkToken((await lastMail(cloud.db, email, 'account.verify'))!.body_text) } })).status).toBe(200);
    const list = await call('GET', '/public/me/bookings', { token: unverified });
    expect(list.status).toBe(200);
    expect(list.body.bookings.map((b: { id: string }) => b.id)).toEqual([made.body.id]);
    expect(list.body.bookings[0]).toMatchObject({ restaurant: { slug }, partySize: 2, name: 'Léa' });

    const other = await verifiedGuest(cloud.url, cloud.db, 'other@example.com');
    expect((await call('GET', '/public/me/bookings', { token: other })).body.bookings).toEqual([]);
    const notTheirs = await call('POST', `/public/me/bookings/${made.body.id}/cancel`, { token: other });
    expect([notTheirs.status, notTheirs.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await call('POST', '/public/me/bookings/bad%20id/cancel', { token: other })).status).toBe(400);
    expect((await call('POST', `/public/me/bookings/${made.body.id}/cancel`, { token: unverified, body: { reason: 'x'.repeat(201) } })).status).toBe(400);

    // Followed live: pending now, cancelled when the guest cancels, and then the feed ends.
    const feed = await openSse(`${cloud.url}/public/me/bookings/${made.body.id}/live`, { authorization: `Bearer ${unverified}` });
    expect(feed.status).toBe(200);
    await feed.waitFor('the booking', (e) => e.event === 'booking' && e.data.status === 'pending');
    expect((await openSse(`${cloud.url}/public/me/bookings/${made.body.id}/live`, { authorization: `Bearer ${other}` })).status).toBe(404);
    // At most 5 feeds per account at once.
    const more: SseFeed[] = [];
    for (let i = 0; i < 4; i++) more.push(await openSse(`${cloud.url}/public/me/bookings/${made.body.id}/live`, { authorization: `Bearer ${unverified}` }));
    expect(more.map((f) => f.status)).toEqual([200, 200, 200, 200]);
    const sixth = await openSse(`${cloud.url}/public/me/bookings/${made.body.id}/live`, { authorization: `Bearer ${unverified}` });
    expect(sixth.status).toBe(429);
    for (const f of more) f.close();
    // A feed the guest closed stops counting (the server notices the closed connection).
    await until('closed feeds to be counted out', async () => {
      const again = await Promise.all([0, 1, 2, 3].map(() => openSse(`${cloud.url}/public/me/bookings/${made.body.id}/live`, { authorization: `Bearer ${unverified}` })));
      for (const f of again) f.close();
      // Let the server see these closes too (it checks between two polls) before the next try.
      await new Promise((r) => setTimeout(r, 400));
      return again.every((f) => f.status === 200);
    }, 10_000);

    const [a, b] = await Promise.all([
      call('POST', `/public/me/bookings/${made.body.id}/cancel`, { token: unverified, body: { reason: 'Plans changed' } }),
      call('POST', `/public/me/bookings/${made.body.id}/cancel`, { token: unverified }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.status).toBe('cancelled');
    expect((await cloud.db.query("SELECT 1 FROM channel_messages WHERE kind = 'reservation.online_cancel' AND payload->>'id' = $1", [made.body.id])).rows).toHaveLength(1);
    expect((await call('GET', '/public/me/bookings', { token: unverified })).body.bookings[0].status).toBe('cancelled');
    await feed.waitFor('cancelled', (e) => e.data.status === 'cancelled');
    await feed.ended;
  });
});
