import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/lib/box-process.js';
import { publishMessages } from '../cloud/channel/log.js';
import { revokeDevice } from '../cloud/admin.js';
import { ONLINE_BOOKING } from '../sync/booking-messages.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { call, restartGuestBox, startGuestBox, synced, type GuestBox } from './helpers/guest-boxes.js';
import { newId } from './helpers/fixtures.js';
import { until } from './helpers/wait.js';
import { hello } from './helpers/ws-client.js';
import { book, cloudRows, grantOf, grantWhere, guest, openDoor, publishProfile, putDoorSettings, settled } from './helpers/online-booking.js';

/**
 * Online booking without double booking (issue 20), with a box process, a cloud serving real HTTP
 * and PostgreSQL: the box grants the cloud covers per slot; the cloud takes bookings within them,
 * online or not; the box confirms each by applying it with its own table rules — so a booking taken
 * online and a walk-in seated on the box at the same moment never get the same table, and a
 * confirmed booking is never lost.
 */
process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = '100000';
process.env.CLOUD_BOOKING_RATE_PER_MINUTE = '100000';

const TABLES = 6;
const ALLOTMENT = 12;
const cleanups: Array<() => Promise<void>> = [];
let cloud: TestCloud;
let box: GuestBox;
let slug: string;
let tables: string[];
let port: number;

afterAll(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

beforeAll(async () => {
  cloud = await startTestCloud();
  cleanups.push(() => cloud.close());
  port = await freePort();
  await cloud.startServer(port);
  const owner = await signInOwner(cloud);
  slug = await publishProfile(cloud, owner, cloud.a.locationId);
  box = await startGuestBox(`http://127.0.0.1:${port}`, cloud.a, 'online', cleanups);
  tables = await openDoor(box, TABLES, ALLOTMENT);
  await grantWhere(cloud, cloud.a.locationId, (g) => g.online_allotment === ALLOTMENT && g.slots.length > 0);
}, 150_000);

/**
 * Slots offered online for a party of `party` over the grant's first four dates (the restaurant's).
 * Four, not three: between midnight and 05:45 the first date is last night's service, still selling
 * its last quarter-hours, and a test wants a slot more than 50 hours ahead (CI at 04:03 Paris had
 * none within three dates).
 */
async function offered(party: number): Promise<Array<{ time: string; startsAt: number }>> {
  const grant = (await grantOf(cloud, cloud.a.locationId))!;
  const dates = [...new Set(grant.slots.map((s) => s.date))].sort();
  const out: Array<{ time: string; startsAt: number }> = [];
  for (const date of dates.slice(0, 4)) {
    const res = await api(cloud.url, 'GET', `/public/restaurants/${slug}/availability?date=${date}&party=${party}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    out.push(...res.body.slots);
  }
  return out;
}

/** The first slot for two more than `hours` ahead; a clear failure, before the test stops the box, if none is offered. */
async function slotAhead(hours: number): Promise<{ time: string; startsAt: number }> {
  const slot = (await offered(2)).find((s) => s.startsAt > Date.now() + hours * 3600_000);
  if (!slot) throw new Error(`no slot for two is offered more than ${hours} h ahead`);
  return slot;
}

const boxBooking = async (id: string) => {
  const res = await call(box, 'GET', `/reservations/${id}`);
  return res.status === 200 ? res.body : null;
};

describe('online booking', () => {
  it('a booking online is pending, then confirmed when the box applies it: the box picked a table; the manage link shows it; the guest got "received" and "confirmed"', async () => {
    const slot = await slotAhead(6);
    const res = await book(cloud, slug, { partySize: 2, startsAt: slot.startsAt, ...guest('a'), notes: 'Window seat please' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ status: 'pending', partySize: 2, startsAt: slot.startsAt, time: slot.time, restaurant: { slug } });
    expect(res.body.reference).toMatch(/^BK-[2-9A-Z]{8}$/);
    expect(res.body.manageToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const done = await settled(cloud, res.body.manageToken);
    expect(done).toMatchObject({ status: 'confirmed', refusal: null, reference: res.body.reference, restaurant: { slug } });
    const onBox = await boxBooking(res.body.id);
    expect(onBox).toMatchObject({ source: 'online', status: 'confirmed', partySize: 2, startsAt: slot.startsAt, name: 'Guest a', phone: '+33612345678' });
    expect(onBox.tableIds).toHaveLength(1);
    expect(onBox.notes).toContain(res.body.reference);
    // Confirmed means on the box: it syncs up like every booking.
    await until('the booking to reach the cloud\'s reservations', async () => (await cloud.db.query('SELECT 1 FROM reservations WHERE location_id = $1 AND id = $2', [cloud.a.locationId, res.body.id])).rows.length === 1);
    const mail = (await cloud.db.query<{ kind: string; recipient: string; subject: string }>("SELECT kind, recipient, subject FROM notifications WHERE dedupe_key LIKE $1 ORDER BY created_at", [`booking:${res.body.id}:%`])).rows;
    expect(mail.map((m) => m.kind).sort()).toEqual(['booking.confirmed', 'booking.received']);
    expect(mail.every((m) => m.recipient === 'guesta@example.com' && m.subject.includes(res.body.reference))).toBe(true);
  }, 60_000);

  it('the race: bookings online and walk-ins seated on the box at the same moment never share a table, and every confirmed booking is on the box', async () => {
    // The next slot: a walk-in seated now keeps a two-top 90 minutes, so every table is contested.
    const slot = (await offered(2)).find((s) => s.startsAt < Date.now() + 30 * 60_000);
    expect(slot, 'a slot in the next half hour (the door is open all day)').toBeTruthy();
    const free = [];
    for (const t of tables) {
      const floor = (await call(box, 'GET', '/tables')).body as Array<{ id: string; openOrderCount: number }>;
      if (floor.find((f) => f.id === t)?.openOrderCount === 0) free.push(t);
    }
    const waiting = await Promise.all(free.map(async (_, i) => {
      const id = newId();
      expect((await call(box, 'POST', '/waitlist', { id, partySize: 2, name: `Walk-in ${i}`, phone: '+33 6 98 76 54 32' })).status).toBe(201);
      return id;
    }));
    // All at once: one online booking per table and one walk-in per table.
    const [online, walkIns] = await Promise.all([
      Promise.all(free.map((_, i) => book(cloud, slug, { partySize: 2, startsAt: slot!.startsAt, ...guest(`race${i}`) }))),
      Promise.all(free.map((t, i) => call(box, 'POST', `/waitlist/${waiting[i]}/seat`, { tableIds: [t], orderId: newId() }))),
    ]);
    const accepted = online.filter((r) => r.status === 202);
    for (const r of online) expect([202, 409], JSON.stringify(r.body)).toContain(r.status);
    for (const r of online.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('ALLOTMENT_EXHAUSTED');
    const outcomes = await Promise.all(accepted.map((r) => settled(cloud, r.body.manageToken)));
    const confirmed = outcomes.filter((o) => o.status === 'confirmed');
    const refused = outcomes.filter((o) => o.status === 'refused');
    expect(confirmed.length + refused.length).toBe(accepted.length);
    for (const r of refused) expect(['NO_TABLE_FREE', 'TABLE_TAKEN', 'SLOT_FULL']).toContain(r.refusal.code);
    for (const w of walkIns) expect([200, 409], JSON.stringify(w.body)).toContain(w.status);
    for (const w of walkIns.filter((x) => x.status === 409)) expect(w.body.error.code).toBe('TABLE_TAKEN');

    // The box's own word: no table both seated now and booked in the slot; every confirmed booking is there, on a table.
    const floor = (await call(box, 'GET', '/tables')).body as Array<{ id: string; openOrderCount: number }>;
    const seatedNow = new Set(floor.filter((f) => f.openOrderCount > 0).map((f) => f.id));
    const bookedTables: string[] = [];
    for (const c of confirmed) {
      const b = await boxBooking(c.id);
      expect(b, `confirmed booking ${c.reference} is on the box`).not.toBeNull();
      expect(b.status).toBe('confirmed');
      bookedTables.push(...b.tableIds);
    }
    for (const t of bookedTables) expect(seatedNow.has(t), `table ${t} is both booked online and seated`).toBe(false);
    expect(new Set(bookedTables).size).toBe(bookedTables.length);
    for (const r of refused) expect(await boxBooking(r.id)).toBeNull();
    // Each contested table went to exactly one party.
    expect(confirmed.length + walkIns.filter((w) => w.status === 200).length).toBeLessThanOrEqual(free.length);
    // The race was real: both sides won some tables, or one side all of them, and nothing was left unanswered.
    console.info(`race over ${free.length} tables: ${confirmed.length} online confirmed, ${refused.length} refused, ${walkIns.filter((w) => w.status === 200).length} walk-ins seated, ${walkIns.filter((w) => w.status === 409).length} walk-ins refused`);
    // Nothing confirmed is lost: each reaches the cloud's copy of the book.
    await until('the box to sync', () => synced(box));
    const ids = confirmed.map((c) => c.id);
    await until('the confirmed bookings in the cloud', async () => (await cloud.db.query("SELECT 1 FROM reservations WHERE location_id = $1 AND id = ANY($2::text[]) AND status = 'confirmed'", [cloud.a.locationId, ids])).rows.length === ids.length);
  }, 90_000);

  it('beyond the allotment: 409 ALLOTMENT_EXHAUSTED, nothing written', async () => {
    const slot = await slotAhead(30);
    const before = await cloudRows(cloud.db, ['online_bookings', 'channel_messages', 'notifications']);
    const big = await book(cloud, slug, { partySize: 3, startsAt: slot.startsAt, ...guest('big') });
    // Two-tops only: no free table takes 3, whatever covers are left.
    expect(big.status).toBe(409);
    expect(big.body.error).toMatchObject({ code: 'ALLOTMENT_EXHAUSTED', details: { maxParty: 2 } });
    expect(await cloudRows(cloud.db, ['online_bookings', 'channel_messages', 'notifications'])).toEqual(before);
    // Fill the slot's covers (12, six two-tops), then one more is refused.
    const taken = [];
    for (let i = 0; i < ALLOTMENT / 2; i++) {
      const r = await book(cloud, slug, { partySize: 2, startsAt: slot.startsAt, ...guest(`fill${i}`) });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      taken.push(r.body.manageToken);
    }
    const over = await book(cloud, slug, { partySize: 2, startsAt: slot.startsAt, ...guest('over') });
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'ALLOTMENT_EXHAUSTED', details: { remaining: 0 } });
    for (const t of taken) expect((await settled(cloud, t)).status).toBe('confirmed');
    // The grant the box sends next counts them itself: still nothing left at that time.
    const grant = await grantWhere(cloud, cloud.a.locationId, (g) => g.slots.find((s) => s.startsAt === slot.startsAt)?.covers === 0);
    expect(grant.slots.find((s) => s.startsAt === slot.startsAt)).toMatchObject({ covers: 0 });
    expect((await offered(2)).some((s) => s.startsAt === slot.startsAt)).toBe(false);
  }, 90_000);

  it('the box offline: a booking is held within the allotment and confirmed when the box is back; a replayed message is one booking', async () => {
    const slot = await slotAhead(50);
    await box.proc.kill();
    const res = await book(cloud, slug, { partySize: 2, startsAt: slot.startsAt, ...guest('offline') });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await api(cloud.url, 'GET', `/public/bookings/${res.body.manageToken}`)).body.status).toBe('pending');
    // The same message sent again (a resync replays it): still one booking.
    const msg = (await cloud.db.query<{ payload: unknown }>('SELECT payload FROM channel_messages WHERE location_id = $1 AND id = $2', [cloud.a.locationId, res.body.id])).rows[0]!;
    await publishMessages(cloud.db, [{ place: { locationId: cloud.a.locationId, organisationId: cloud.orgId }, message: { kind: ONLINE_BOOKING, schemaVersion: 1, payload: msg.payload } }]);
    await restartGuestBox(box, cleanups);
    const done = await settled(cloud, res.body.manageToken, 40_000);
    expect(done.status).toBe('confirmed');
    const day = (await call(box, 'GET', `/reservations?date=${done.date}`)).body.reservations as Array<{ id: string; name: string }>;
    expect(day.filter((b) => b.name === 'Guest offline')).toHaveLength(1);
    const replay = (await cloud.db.query<{ status: string }>('SELECT status FROM channel_messages WHERE location_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1', [cloud.a.locationId, ONLINE_BOOKING])).rows[0]!;
    await until('the replay to be acknowledged', async () => (await cloud.db.query<{ status: string }>('SELECT status FROM channel_messages WHERE location_id = $1 AND kind = $2 ORDER BY seq DESC LIMIT 1', [cloud.a.locationId, ONLINE_BOOKING])).rows[0]!.status === 'applied');
    expect(replay).toBeTruthy();
  }, 90_000);

  it('cancelled from the guest side: the host\'s door screen hears it, the box lets the table go; cancelling again changes nothing', async () => {
    const slot = await slotAhead(26);
    const res = await book(cloud, slug, { partySize: 2, startsAt: slot.startsAt, ...guest('cancel') });
    expect((await settled(cloud, res.body.manageToken)).status).toBe('confirmed');
    const { socket } = await hello(box.proc.url, box.owner, ['reservations']);
    const cancel = await api(cloud.url, 'POST', `/public/bookings/${res.body.manageToken}/cancel`, { body: { reason: 'Plans changed' } });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    expect(cancel.body.status).toBe('cancelled');
    const frame = await socket.waitFor((f) => f.type === 'reservation.cancelled' && f.data.id === res.body.id, 20_000);
    expect(frame.data).toMatchObject({ status: 'cancelled', source: 'online', by: 'guest' });
    socket.close();
    expect((await boxBooking(res.body.id)).status).toBe('cancelled');
    const again = await api(cloud.url, 'POST', `/public/bookings/${res.body.manageToken}/cancel`, {});
    expect(again.status).toBe(200);
    expect((await cloud.db.query('SELECT 1 FROM channel_messages WHERE location_id = $1 AND kind = $2 AND payload->>\'id\' = $3', [cloud.a.locationId, 'reservation.online_cancel', res.body.id])).rows).toHaveLength(1);
    expect((await cloud.db.query("SELECT kind FROM notifications WHERE dedupe_key = $1", [`booking:${res.body.id}:cancelled`])).rows).toHaveLength(1);
  }, 60_000);

  it('a manager turning online booking off closes it online within seconds, not at the next refresh; on again, it reopens', async () => {
    const put = (onlineAllotment: number | null) => putDoorSettings(box, { onlineAllotment });
    const slot = await slotAhead(8);
    await put(null);
    await grantWhere(cloud, cloud.a.locationId, (g) => g.online_allotment === null);
    const closed = await book(cloud, slug, { partySize: 2, startsAt: slot.startsAt, ...guest('closed') });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe('ONLINE_BOOKING_CLOSED');
    await put(ALLOTMENT);
    await grantWhere(cloud, cloud.a.locationId, (g) => g.online_allotment === ALLOTMENT && g.slots.some((s) => s.startsAt === slot.startsAt));
  }, 60_000);

  // Last: it revokes the box's credential.
  it('the manager sees on the box when the cloud stops taking its times: when it last took them, and why it refuses', async () => {
    const before = (await call(box, 'GET', '/sync/status')).body.onlineBooking;
    expect(before).toMatchObject({ offered: true, lastError: null, lastErrorCode: null, consecutiveFailures: 0 });
    expect(before.lastSentAt).toBeGreaterThan(0);
    expect(await revokeDevice(cloud.db, cloud.a.deviceId)).toBe(true);
    // Anything on the book makes the box send its times again.
    const phoned = await call(box, 'POST', '/reservations', { id: newId(), partySize: 2, startsAt: (await slotAhead(3)).startsAt, name: 'Phone guest', source: 'phone' });
    expect(phoned.status, JSON.stringify(phoned.body)).toBe(201);
    let after: any = null;
    await until('the refusal to show in the sync status', async () => {
      after = (await call(box, 'GET', '/sync/status')).body.onlineBooking;
      return after.lastErrorCode !== null;
    }, 20_000);
    expect(after).toMatchObject({ offered: true, lastErrorCode: 'UNAUTHENTICATED' });
    expect(after.lastError).toMatch(/^the cloud refused the online-booking times \(401 UNAUTHENTICATED\): /);
    expect(after.consecutiveFailures).toBeGreaterThan(0);
    expect(after.lastErrorAt).toBeGreaterThanOrEqual(before.lastSentAt);
    // What the cloud took last is still what it took: the booking page sells from it.
    expect(after.lastSentAt).toBeLessThanOrEqual(after.lastErrorAt);
  }, 60_000);
});
