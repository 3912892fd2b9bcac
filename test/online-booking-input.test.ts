import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { book, cloudRows, guest, publishProfile } from './helpers/online-booking.js';
import { cancelOnlineBooking } from '../cloud/booking/cancel.js';
import { listOnlineBookingsByEmail } from '../cloud/booking/read.js';
import { settleOnlineBookings } from '../cloud/booking/settle.js';
import { ackMessages } from '../cloud/channel/log.js';
import { BOX_ID_HEADER } from '../sync/protocol.js';
import { ALLOTMENT_PATH } from '../sync/booking-messages.js';

/**
 * Online booking's public routes (issue 20) facing strangers: every bad input is a clear 4xx that
 * writes nothing (the tables compared before and after, fuzzed with fast-check), the grant is the
 * only door (no grant, a time not offered, too many covers), the manage token opens its booking
 * only, an Idempotency-Key makes a double tap one booking, and the write limit per address holds.
 * The grant is posted as a box would (device credential); no box is needed here.
 */
process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = '100000';
process.env.CLOUD_BOOKING_RATE_PER_MINUTE = '100000';

const TABLES = ['online_bookings', 'channel_messages', 'notifications', 'online_allotments'];
const HOUR = 3600_000;
let cloud: TestCloud;
let slug: string;
let owner: string;
const base = Math.ceil((Date.now() + 48 * HOUR) / (15 * 60_000)) * 15 * 60_000;
const slots = [0, 1, 2, 3].map((i) => ({ date: new Date(base).toISOString().slice(0, 10), time: `2${i}:00`, startsAt: base + i * HOUR, covers: 6, maxParty: 4 }));

async function grant(locationId: string, credential: string, body: Record<string, unknown>) {
  return api(cloud.url, 'POST', ALLOTMENT_PATH, { body, headers: { authorization: `Bearer ${credential}`, [BOX_ID_HEADER]: `box-${locationId.slice(0, 12)}` } });
}

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  owner = await signInOwner(cloud);
  slug = await publishProfile(cloud, owner, cloud.a.locationId);
  const g = await grant(cloud.a.locationId, cloud.a.credential, { appliedThrough: 0, computedAt: Date.now(), onlineAllotment: 6, timeZone: 'Europe/Paris', slots });
  expect(g.status, JSON.stringify(g.body)).toBe(200);
}, 60_000);
afterAll(async () => { await cloud?.close(); });

const valid = (over: Record<string, unknown> = {}) => ({ partySize: 2, startsAt: slots[0]!.startsAt, ...guest('x'), ...over });

describe('online booking input', () => {
  it('refuses each kind of bad booking with a clear code and writes nothing', async () => {
    const before = await cloudRows(cloud.db, TABLES);
    const cases: Array<[string, unknown, number, string, Record<string, string>?]> = [
      ['no body', undefined, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['not JSON', '{"partySize":', 400, 'MALFORMED_JSON'],
      ['an array', [valid()], 400, 'VALIDATION_FAILED'],
      ['party 0', valid({ partySize: 0 }), 400, 'VALIDATION_FAILED'],
      ['party 2.5', valid({ partySize: 2.5 }), 400, 'VALIDATION_FAILED'],
      ['party as text', valid({ partySize: '2' }), 400, 'VALIDATION_FAILED'],
      ['party over the profile\'s 8', valid({ partySize: 9 }), 400, 'VALIDATION_FAILED'],
      ['no name', valid({ name: '  ' }), 400, 'VALIDATION_FAILED'],
      ['a NUL in the name', valid({ name: 'Ann\u0000' }), 400, 'VALIDATION_FAILED'],
      ['a 121-character name', valid({ name: 'n'.repeat(121) }), 400, 'VALIDATION_FAILED'],
      ['no e-mail', valid({ email: undefined }), 400, 'VALIDATION_FAILED'],
      ['a bad e-mail', valid({ email: 'not-an-email' }), 400, 'VALIDATION_FAILED'],
      ['a bad phone', valid({ phone: '12' }), 400, 'VALIDATION_FAILED'],
      ['letters for a phone', valid({ phone: 'call me' }), 400, 'VALIDATION_FAILED'],
      ['501 characters of notes', valid({ notes: 'x'.repeat(501) }), 400, 'VALIDATION_FAILED'],
      ['an unknown field', valid({ tableIds: ['x'] }), 400, 'VALIDATION_FAILED'],
      ['a price', valid({ deposit: 0 }), 400, 'VALIDATION_FAILED'],
      ['a time in the past', valid({ startsAt: Date.now() - HOUR }), 400, 'VALIDATION_FAILED'],
      ['past the booking window', valid({ startsAt: Date.now() + 90 * 24 * HOUR }), 400, 'VALIDATION_FAILED'],
      ['a time not offered', valid({ startsAt: slots[0]!.startsAt + 5 * 60_000 }), 409, 'SLOT_NOT_OFFERED'],
      ['a party no table takes then', valid({ partySize: 5 }), 409, 'ALLOTMENT_EXHAUSTED'],
      ['a bad Idempotency-Key', valid(), 400, 'IDEMPOTENCY_KEY_REQUIRED', { 'idempotency-key': 'a b' }],
      ['a 9 kB body', valid({ notes: 'x'.repeat(9000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [what, body, status, code, headers] of cases) {
      const res = await api(cloud.url, 'POST', `/public/restaurants/${slug}/bookings`, {
        body: body === undefined ? undefined : typeof body === 'string' ? body : body, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } });
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error.code, what).toBe(code);
      expect(res.body.error.message.length, what).toBeGreaterThan(10);
    }
    const unknown = await book(cloud, 'no-such-place', valid());
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const badSlug = await api(cloud.url, 'POST', '/public/restaurants/..%2F..%2Fetc/bookings', { body: valid() });
    expect(badSlug.status).toBe(404);
    expect(await cloudRows(cloud.db, TABLES)).toEqual(before);
  });

  it('a restaurant whose box granted nothing (or turned online booking off) answers ONLINE_BOOKING_CLOSED', async () => {
    const other = await publishProfile(cloud, owner, cloud.b.locationId);
    expect((await book(cloud, other, valid())).body.error.code).toBe('ONLINE_BOOKING_CLOSED');
    const avail = await api(cloud.url, 'GET', `/public/restaurants/${other}/availability?date=${slots[0]!.date}&party=2`);
    expect(avail.body).toMatchObject({ bookableOnline: false, slots: [] });
    await grant(cloud.b.locationId, cloud.b.credential, { appliedThrough: 0, computedAt: Date.now(), onlineAllotment: null, timeZone: 'Europe/Paris', slots: [] });
    expect((await book(cloud, other, valid())).body.error.code).toBe('ONLINE_BOOKING_CLOSED');
  });

  it('a box silent for more than 48 hours stops selling online (the page says to call); its next grant opens it again', async () => {
    const quiet = await cloud.place('Quiet');
    const quietSlug = await publishProfile(cloud, owner, quiet.locationId);
    expect((await grant(quiet.locationId, quiet.credential, { appliedThrough: 0, computedAt: Date.now(), onlineAllotment: 6, timeZone: 'Europe/Paris', slots })).status).toBe(200);
    const availability = () => api(cloud.url, 'GET', `/public/restaurants/${quietSlug}/availability?date=${slots[0]!.date}&party=2`);
    expect((await availability()).body).toMatchObject({ bookableOnline: true, slots: slots.map((x) => ({ time: x.time, startsAt: x.startsAt })) });
    // Two days and an hour without a word from the box (its last grant taken then).
    await cloud.db.query("UPDATE online_allotments SET received_at = now() - interval '49 hours' WHERE location_id = $1", [quiet.locationId]);
    expect((await availability()).body).toMatchObject({ bookableOnline: false, slots: [] });
    const before = await cloudRows(cloud.db, TABLES);
    const refused = await book(cloud, quietSlug, valid({ ...guest('quiet') }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ONLINE_BOOKING_CLOSED');
    expect(await cloudRows(cloud.db, TABLES)).toEqual(before);
    // At 47 hours it still sells: a day offline is what the allotment is for.
    await cloud.db.query("UPDATE online_allotments SET received_at = now() - interval '47 hours' WHERE location_id = $1", [quiet.locationId]);
    expect((await availability()).body.bookableOnline).toBe(true);
    await cloud.db.query("UPDATE online_allotments SET received_at = now() - interval '49 hours' WHERE location_id = $1", [quiet.locationId]);
    // The box is back: its next grant reopens online booking.
    expect((await grant(quiet.locationId, quiet.credential, { appliedThrough: 0, computedAt: Date.now(), onlineAllotment: 6, timeZone: 'Europe/Paris', slots })).body).toEqual({ stored: true });
    expect((await availability()).body.bookableOnline).toBe(true);
    expect((await book(cloud, quietSlug, valid({ ...guest('back') }))).status).toBe(202);
  });

  it('the grant route: device credential first, then a strict body; an older grant never replaces a newer one', async () => {
    expect((await api(cloud.url, 'POST', ALLOTMENT_PATH, { body: { slots: [] } })).status).toBe(401);
    const h = { authorization: `Bearer ${cloud.a.credential}`, [BOX_ID_HEADER]: `box-${cloud.a.locationId.slice(0, 12)}` };
    expect((await api(cloud.url, 'POST', ALLOTMENT_PATH, { body: '{', headers: { ...h, 'content-type': 'application/json' } })).body.error.code).toBe('MALFORMED_JSON');
    expect((await api(cloud.url, 'POST', ALLOTMENT_PATH, { body: { appliedThrough: -1, computedAt: 0, onlineAllotment: 1, timeZone: 'UTC', slots: [] }, headers: h })).body.error.code).toBe('VALIDATION_FAILED');
    const old = await api(cloud.url, 'POST', ALLOTMENT_PATH, { body: { appliedThrough: 0, computedAt: 1, onlineAllotment: 6, timeZone: 'Europe/Paris', slots: [] }, headers: h });
    expect(old.body).toEqual({ stored: false });
    expect((await cloud.db.query<{ n: number }>('SELECT jsonb_array_length(slots) AS n FROM online_allotments WHERE location_id = $1', [cloud.a.locationId])).rows[0]!.n).toBe(4);
  });

  it('availability: the grant\'s times for the party, less what was booked online since; bad queries are 400', async () => {
    const ok = await api(cloud.url, 'GET', `/public/restaurants/${slug}/availability?date=${slots[0]!.date}&party=4`);
    expect(ok.status).toBe(200);
    expect(ok.body.slots.map((s: { startsAt: number }) => s.startsAt)).toEqual(slots.filter((s) => s.date === slots[0]!.date).map((s) => s.startsAt));
    for (const q of ['', 'date=2026-02-30&party=2', `date=${slots[0]!.date}`, `date=${slots[0]!.date}&party=0`, `date=${slots[0]!.date}&party=abc`,
      `date=${slots[0]!.date}&party=2&x=1`, `date=${slots[0]!.date}&party=9`, 'date=%00&party=2']) {
      const res = await api(cloud.url, 'GET', `/public/restaurants/${slug}/availability?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code, q).toBe('VALIDATION_FAILED');
    }
  });

  it('a double tap with one Idempotency-Key is one booking, and gets the same manage token back; the key with other details is 422', async () => {
    const key = `tap-${Date.now()}`;
    const body = valid({ startsAt: slots[1]!.startsAt, ...guest('tap') });
    const [a, b] = await Promise.all([book(cloud, slug, body, { 'idempotency-key': key }), book(cloud, slug, body, { 'idempotency-key': key })]);
    expect([a.status, b.status].sort()).toEqual([200, 202]);
    expect(a.body.id).toBe(b.body.id);
    expect(a.body.manageToken).toBe(b.body.manageToken);
    expect((await cloud.db.query('SELECT 1 FROM online_bookings WHERE email = $1', ['guesttap@example.com'])).rows).toHaveLength(1);
    const other = await book(cloud, slug, { ...body, partySize: 3 }, { 'idempotency-key': key });
    expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('the manage token opens its own booking only; a wrong or malformed one is 404 and writes nothing; fuzzed tokens and bodies are never a 500', async () => {
    const made = await book(cloud, slug, valid({ startsAt: slots[2]!.startsAt, ...guest('token') }));
    expect(made.status).toBe(202);
    const mine = await api(cloud.url, 'GET', `/public/bookings/${made.body.manageToken}`);
    expect(mine.body).toMatchObject({ id: made.body.id, status: 'pending', email: 'guesttoken@example.com' });
    const before = await cloudRows(cloud.db, TABLES);
    const flipped = made.body.manageToken.slice(0, -1) + (made.body.manageToken.endsWith('A') ? 'B' : 'A');
    for (const t of [flipped, 'short', 'x'.repeat(43), '%00'.repeat(15)]) {
      expect((await api(cloud.url, 'GET', `/public/bookings/${t}`)).status, t).toBe(404);
      expect((await api(cloud.url, 'POST', `/public/bookings/${t}/cancel`, { body: {} })).status, t).toBe(404);
    }
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 60 }), async (token) => {
      const res = await api(cloud.url, 'GET', `/public/bookings/${encodeURIComponent(token)}`);
      expect([400, 404]).toContain(res.status);
    }), { numRuns: 60 });
    await fc.assert(fc.asyncProperty(fc.jsonValue(), async (body) => {
      const res = await api(cloud.url, 'POST', `/public/restaurants/${slug}/bookings`, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }), { numRuns: 150 });
    await fc.assert(fc.asyncProperty(fc.record({ partySize: fc.oneof(fc.integer(), fc.double(), fc.string()), startsAt: fc.oneof(fc.integer(), fc.constant(slots[3]!.startsAt + 60_000)),
      name: fc.string({ maxLength: 200 }), email: fc.oneof(fc.emailAddress(), fc.string()), phone: fc.oneof(fc.string({ maxLength: 50 }), fc.constant(null)), notes: fc.string({ maxLength: 600 }) }, { requiredKeys: [] }),
    async (body) => {
      const res = await api(cloud.url, 'POST', `/public/restaurants/${slug}/bookings`, { body });
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
    }), { numRuns: 150 });
    // No fuzzed time is one the grant offers, so nothing at all was written.
    expect(await cloudRows(cloud.db, TABLES)).toEqual(before);
  });

  it('cancel: by token (twice is once), refused once the time has come; cancelOnlineBooking by e-mail and id, listOnlineBookingsByEmail for guest accounts', async () => {
    const made = await book(cloud, slug, valid({ startsAt: slots[3]!.startsAt, ...guest('Mixed'), email: 'Mixed.Case@Example.com' }));
    expect(made.status).toBe(202);
    const list = await listOnlineBookingsByEmail(cloud.db, 'mixed.case@example.com');
    expect(list.map((b) => b.id)).toEqual([made.body.id]);
    expect(list[0]).toMatchObject({ restaurant: { slug }, status: 'pending' });
    expect(await listOnlineBookingsByEmail(cloud.db, 'someone.else@example.com')).toEqual([]);
    await expect(cancelOnlineBooking(cloud.db, { email: 'someone.else@example.com', id: made.body.id }, Date.now())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cancelOnlineBooking(cloud.db, { token: made.body.manageToken }, slots[3]!.startsAt + 1)).rejects.toMatchObject({ code: 'CANCEL_TOO_LATE' });
    const first = await cancelOnlineBooking(cloud.db, { email: 'MIXED.case@example.com', id: made.body.id }, Date.now());
    expect(first).toMatchObject({ changed: true, booking: { status: 'cancelled' } });
    const again = await api(cloud.url, 'POST', `/public/bookings/${made.body.manageToken}/cancel`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('cancelled');
    expect((await cloud.db.query("SELECT 1 FROM channel_messages WHERE kind = 'reservation.online_cancel' AND payload->>'id' = $1", [made.body.id])).rows).toHaveLength(1);
    const bad = await api(cloud.url, 'POST', `/public/bookings/${made.body.manageToken}/cancel`, { body: { reason: 'x'.repeat(201) } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('the page\'s forms (HTML): fuzzed form posts, tokens and page queries are a 4xx page or the page, never a 500, and write nothing', async () => {
    const before = await cloudRows(cloud.db, TABLES);
    await fc.assert(fc.asyncProperty(fc.dictionary(fc.constantFrom('party', 'startsAt', 'name', 'email', 'phone', 'notes', 'key', 'x'), fc.string({ maxLength: 80 })), async (fields) => {
      const res = await fetch(`${cloud.url}/r/${slug}/book`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields), redirect: 'manual' });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('text/html');
    }), { numRuns: 120 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 30 }), fc.string({ maxLength: 10 }), async (date, party) => {
      const res = await fetch(`${cloud.url}/r/${slug}?date=${encodeURIComponent(date)}&party=${encodeURIComponent(party)}`);
      expect([200, 400]).toContain(res.status);
    }), { numRuns: 80 });
    for (const t of ['x'.repeat(43), 'short', '%E2%80%AE']) {
      expect((await fetch(`${cloud.url}/b/${t}`)).status).toBe(404);
      expect((await fetch(`${cloud.url}/b/${t}/cancel`, { method: 'POST', redirect: 'manual' })).status).toBe(404);
    }
    expect(await cloudRows(cloud.db, TABLES)).toEqual(before);
  });

  it('settled from the acknowledgement even when the cloud stopped between taking it and settling: confirmed, or refused with our words not the box\'s; each mail once', async () => {
    const tenant = { locationId: cloud.a.locationId, organisationId: cloud.orgId, deviceId: cloud.a.deviceId };
    const ok = await book(cloud, slug, valid({ startsAt: slots[2]!.startsAt, ...guest('ackok') }));
    const no = await book(cloud, slug, valid({ startsAt: slots[2]!.startsAt, ...guest('ackno') }));
    const seqOf = async (id: string) => Number((await cloud.db.query<{ message_seq: string }>('SELECT message_seq FROM online_bookings WHERE id = $1', [id])).rows[0]!.message_seq);
    // The acknowledgements committed as the ack route does, and nothing else (the process "died" here).
    await ackMessages(cloud.db, tenant, [
      { seq: await seqOf(ok.body.id), status: 'applied', at: Date.now() },
      { seq: await seqOf(no.body.id), status: 'refused', at: Date.now(), code: 'TABLE_TAKEN', message: 'T1 is booked by Someone Else (2, 20:00–21:30).' },
    ]);
    expect((await api(cloud.url, 'GET', `/public/bookings/${ok.body.manageToken}`)).body).toMatchObject({ status: 'confirmed', refusal: null });
    const refused = (await api(cloud.url, 'GET', `/public/bookings/${no.body.manageToken}`)).body;
    expect(refused).toMatchObject({ status: 'refused', refusal: { code: 'TABLE_TAKEN' } });
    expect(JSON.stringify(refused)).not.toContain('Someone Else');
    await settleOnlineBookings(cloud.db, tenant);
    const mail = (await cloud.db.query<{ kind: string; body_text: string }>("SELECT kind, body_text FROM notifications WHERE dedupe_key LIKE 'booking:' || $1 || ':%' OR dedupe_key LIKE 'booking:' || $2 || ':%' ORDER BY kind", [ok.body.id, no.body.id])).rows;
    expect(mail.map((m) => m.kind)).toEqual(['booking.confirmed', 'booking.received', 'booking.received', 'booking.refused']);
    expect(mail.every((m) => !m.body_text.includes('Someone Else'))).toBe(true);
  });

  it('rate limits: bookings and cancellations per address per minute, reads on the public budget — 429 RATE_LIMITED with Retry-After, counted before validation', async () => {
    const limited = await startTestCloud({ serve: true });
    try {
      // The limits are fixed windows of a minute on the real clock: start clear of a window's end, so
      // the count below is not cut in two by a fresh window.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoMinute + 200));
      process.env.CLOUD_BOOKING_RATE_PER_MINUTE = '5';
      process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = '8';
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await api(limited.url, 'POST', '/public/restaurants/nowhere-at-all/bookings', { body: { bad: true } })).status);
      expect(codes.slice(0, 5).every((s) => s === 400)).toBe(true);
      const over = await api(limited.url, 'POST', '/public/restaurants/nowhere-at-all/bookings', { body: valid() });
      expect([over.status, over.body.error.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await api(limited.url, 'POST', `/public/bookings/${'x'.repeat(43)}/cancel`)).status).toBe(429);
      const reads: number[] = [];
      for (let i = 0; i < 10; i++) reads.push((await api(limited.url, 'GET', `/public/bookings/${'y'.repeat(43)}`)).status);
      expect(reads.filter((s) => s === 404)).toHaveLength(8);
      expect(reads.slice(8)).toEqual([429, 429]);
    } finally {
      process.env.CLOUD_BOOKING_RATE_PER_MINUTE = '100000';
      process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = '100000';
      await limited.close();
    }
  }, 60_000);
});
