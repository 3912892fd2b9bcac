import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { api, signInOwner } from '../helpers/cloud-accounts.js';
import { GUEST_PASSWORD, lastMail, linkToken, verifiedGuest } from '../helpers/guest-accounts.js';
import { profileBody } from '../helpers/profiles.js';
import { ackMessages } from '../../cloud/channel/log.js';
import { BOX_ID_HEADER } from '../../sync/protocol.js';
import { ALLOTMENT_PATH } from '../../sync/booking-messages.js';
import { addDays, localParts, localToUtc } from '../../src/reservations/zoned-time.js';
import { afternoonTimeZone } from '../helpers/time-zones.js';
import { artifact, launchChromium } from './chromium.js';

/**
 * The guests' pages (issue 20) on a 390×844 phone in Chromium: sign up, confirm by the mailed link
 * (read from the outbox), sign in, see my place in line; a wrong password shows as a message; my
 * bookings, coming and earlier, confirmed live and cancelled from the page; nothing is wider than the
 * screen and nothing is fetched from elsewhere.
 */
process.env.CLOUD_GUEST_LIVE_POLL_MS = '200';
let browser: Browser;
let cloud: TestCloud;
const profile = profileBody();
beforeAll(async () => {
  browser = await launchChromium();
  cloud = await startTestCloud({ serve: true });
  expect((await api(cloud.url, 'PUT', `/api/locations/${cloud.a.locationId}/profile`, { token: await signInOwner(cloud), body: profile })).status).toBe(200);
}, 120_000);
afterAll(async () => { await browser?.close(); await cloud?.close(); });

describe('the guests\' pages on a phone', () => {
  it('sign up → confirm → sign in → my place in line', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).host));
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

    await page.goto(`${cloud.url}/guest/register`);
    await page.fill('#name', 'Noé');
    await page.fill('#email', 'noe@example.com');
    await page.fill('#password', GUEST_PASSWORD);
    await page.fill('#phone', '+33 6 11 22 33 44');
    await page.screenshot({ path: artifact('cloud-guest-register-390.png') });
    expect(await overflow()).toBe(0);
    await page.click('#submit');
    await page.waitForSelector('#done');
    expect(await page.textContent('#done')).toContain('open the link we just mailed you');

    const token = linkToken((await lastMail(cloud.db, 'noe@example.com', 'account.verify'))!.body_text);
    await page.goto(`${cloud.url}/guest/verify#${token}`);
    await page.click('#submit');
    await page.waitForSelector('#done');
    expect(await page.textContent('#done')).toContain('confirmed');

    await page.goto(`${cloud.url}/guest/login`);
    await page.fill('#email', 'noe@example.com');
    await page.fill('#password', 'not my password');
    await page.click('#submit');
    await page.waitForSelector('#error', { state: 'visible' });
    expect(await page.textContent('#error')).toContain('do not match');
    await page.fill('#password', GUEST_PASSWORD);
    await page.click('#submit');
    await page.waitForURL(`${cloud.url}/guest/me`);
    const cookie = (await context.cookies()).find((c) => c.name === 'brigade_guest')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await page.waitForSelector('#places li');
    expect(await page.textContent('#places')).toContain('No places in line yet');

    // Joined (through the API, as the restaurant's page will): the box has not taken it yet.
    const join = await page.evaluate(async (slug) => (await fetch('/public/me/waitlist', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID(), restaurant: slug, partySize: 2 }) })).status, profile.slug as string);
    expect(join).toBe(201);
    await page.reload();
    await page.waitForSelector('#places li .status');
    expect(await page.textContent('#places')).toContain('Chez Olive');
    expect(await page.textContent('#places .status')).toBe('Sent to the restaurant');
    expect(await overflow()).toBe(0);
    await page.screenshot({ path: artifact('cloud-guest-me-390.png') });
    expect([...hosts]).toEqual([new URL(cloud.url).host]);

    await page.click('#logout');
    await page.waitForURL(`${cloud.url}/guest/login`);
    await context.close();
  });

  it('my bookings: coming ones in time order with Cancel, a pending one confirmed live, cancelled ones below; an unconfirmed account is told to confirm first', async () => {
    // The box's times, posted as a box would: tomorrow from noon in Paris (one day whatever the hour the test runs).
    const start = localToUtc(addDays(localParts(Date.now(), 'Europe/Paris').date, 1), 12 * 60, 'Europe/Paris');
    const slots = [0, 1, 2, 3].map((i) => { const at = start + i * 15 * 60_000; const l = localParts(at, 'Europe/Paris'); return { date: l.date, time: l.time, startsAt: at, covers: 8, maxParty: 4 }; });
    expect((await api(cloud.url, 'POST', ALLOTMENT_PATH, { headers: { authorization: `Bearer ${cloud.a.credential}`, [BOX_ID_HEADER]: 'box-guest-pages' },
      body: { appliedThrough: 0, computedAt: Date.now(), onlineAllotment: 8, timeZone: 'Europe/Paris', slots } })).status).toBe(200);
    const email = 'lea@example.com';
    const token = await verifiedGuest(cloud.url, cloud.db, email, { name: 'Léa' });
    const book = async (slot: number, party: number) => {
      const res = await api(cloud.url, 'POST', `/public/restaurants/${profile.slug as string}/bookings`, { body: { partySize: party, startsAt: slots[slot]!.startsAt, name: 'Léa', email } });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return res.body as { id: string; manageToken: string };
    };
    const later = await book(3, 2);
    const sooner = await book(1, 4);
    const dropped = await book(2, 2);
    expect((await api(cloud.url, 'POST', `/public/bookings/${dropped.manageToken}/cancel`, {})).status).toBe(200);
    // The box applies `later` (its acknowledgement, as the ack route commits it); `sooner` waits.
    const tenant = { locationId: cloud.a.locationId, organisationId: cloud.orgId, deviceId: cloud.a.deviceId };
    const seqOf = async (id: string) => Number((await cloud.db.query<{ message_seq: string }>('SELECT message_seq FROM online_bookings WHERE id = $1', [id])).rows[0]!.message_seq);
    await ackMessages(cloud.db, tenant, [{ seq: await seqOf(later.id), status: 'applied', at: Date.now() }]);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await context.addCookies([{ name: 'brigade_guest', value: token, url: cloud.url }]);
    const page = await context.newPage();
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).host));
    await page.goto(`${cloud.url}/guest/me`);
    await page.waitForSelector('#bookings li[data-status]');
    expect(await page.locator('#bookings li').evaluateAll((els) => els.map((e) => e.id))).toEqual([`b-${sooner.id}`, `b-${later.id}`]);
    const first = page.locator(`#b-${sooner.id}`);
    expect(await first.locator('.status').textContent()).toBe('Waiting for the restaurant to confirm');
    expect(await first.textContent()).toContain(`${slots[1]!.time} · 4 guests · BK-`);
    expect(await page.locator(`#b-${later.id} .status`).textContent()).toBe('Confirmed');
    expect(await page.locator('#bookings button.cancel').count()).toBe(2);
    expect(await page.isVisible('#past-title')).toBe(true);
    expect(await page.locator(`#past #b-${dropped.id} .status`).textContent()).toBe('Cancelled');
    expect(await page.locator('#past button.cancel').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await page.screenshot({ path: artifact('cloud-guest-bookings-390.png'), fullPage: true });

    // The box applies `sooner`: the open page follows by itself.
    await ackMessages(cloud.db, tenant, [{ seq: await seqOf(sooner.id), status: 'applied', at: Date.now() }]);
    await page.waitForSelector(`#b-${sooner.id}[data-status=confirmed]`, { timeout: 15_000 });

    // Cancel `later` from the page, after saying yes to the question.
    page.once('dialog', (d) => { expect(d.message()).toContain(`at ${slots[3]!.time}?`); void d.accept(); });
    await page.click(`#b-${later.id} button.cancel`);
    await page.waitForSelector(`#b-${later.id}[data-status=cancelled]`);
    expect(await page.locator(`#b-${later.id} button`).count()).toBe(0);
    expect((await cloud.db.query<{ status: string }>('SELECT status FROM online_bookings WHERE id = $1', [later.id])).rows[0]!.status).toBe('cancelled');
    // Saying no changes nothing.
    page.once('dialog', (d) => void d.dismiss());
    await page.click(`#b-${sooner.id} button.cancel`);
    expect((await cloud.db.query<{ status: string }>('SELECT status FROM online_bookings WHERE id = $1', [sooner.id])).rows[0]!.status).toBe('confirmed');
    expect([...hosts]).toEqual([new URL(cloud.url).host]);

    // An account whose address is not confirmed sees no bookings, and is told why.
    expect((await api(cloud.url, 'POST', '/public/accounts/register', { body: { email: 'sam@example.com', password: GUEST_PASSWORD } })).status).toBe(202);
    const unconfirmed = await api(cloud.url, 'POST', '/public/accounts/login', { body: { email: 'sam@example.com', password: GUEST_PASSWORD } });
    expect(unconfirmed.status).toBe(200);
    await context.clearCookies();
    await context.addCookies([{ name: 'brigade_guest', value: unconfirmed.body.token as string, url: cloud.url }]);
    await page.goto(`${cloud.url}/guest/me`);
    await page.waitForSelector('#bookings li.sub');
    expect(await page.textContent('#bookings')).toContain('once your email is confirmed');
    await context.close();
  });

  it('joins the line from the restaurant\'s page while it is open: sign in (and back), name and phone prefilled, a double tap joins once', async () => {
    const owner = await signInOwner(cloud);
    const publish = async (name: string, hours: Record<string, unknown>) => {
      const place = await cloud.place(name);
      const body = profileBody({ name, hours, timeZone: afternoonTimeZone() });
      expect((await api(cloud.url, 'PUT', `/api/locations/${place.locationId}/profile`, { token: owner, body })).status).toBe(200);
      return { ...place, slug: body.slug as string };
    };
    const day = [{ open: '10:00', close: '22:00' }];
    const open = await publish('Le Comptoir', { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day });
    const closed = await publish('Fermé', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
    await verifiedGuest(cloud.url, cloud.db, 'max@example.com', { name: 'Max', phone: '+33 6 55 44 33 22' });

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${cloud.url}/r/${closed.slug}`);
    expect(await page.locator('#waitlist').count()).toBe(0);
    await page.goto(`${cloud.url}/r/${open.slug}`);
    await page.locator('#waitlist').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('cloud-public-waitlist-390.png'), fullPage: true });
    expect(await overflow()).toBe(0);
    await page.selectOption('#waitlist-party', '3');
    await page.click('#join-line');
    await page.waitForURL(`${cloud.url}/guest/join?restaurant=${open.slug}&party=3`);
    await page.click('#signin');
    await page.waitForURL(/\/guest\/login\?next=/);
    await page.fill('#email', 'max@example.com');
    await page.fill('#password', GUEST_PASSWORD);
    await page.click('#submit');
    await page.waitForURL(`${cloud.url}/guest/join?restaurant=${open.slug}&party=3`);
    await page.waitForSelector('#join:not([hidden])');
    expect(await page.inputValue('#name')).toBe('Max');
    expect(await page.inputValue('#phone')).toBe('+33655443322');
    expect(await page.inputValue('#party')).toBe('3');
    expect(await overflow()).toBe(0);
    await page.screenshot({ path: artifact('cloud-guest-join-390.png'), fullPage: true });
    await page.dblclick('#submit');
    await page.waitForURL(`${cloud.url}/guest/me`);
    await page.waitForSelector('#places li .status');
    expect(await page.textContent('#places')).toContain('Le Comptoir');
    expect(await page.textContent('#places .status')).toBe('Sent to the restaurant');
    const joins = (await cloud.db.query<{ party_size: number; name: string }>('SELECT party_size, name FROM guest_waitlist_joins WHERE location_id = $1', [open.locationId])).rows;
    expect(joins).toEqual([{ party_size: 3, name: 'Max' }]);
    expect((await cloud.db.query("SELECT 1 FROM channel_messages WHERE location_id = $1 AND kind = 'waitlist.join'", [open.locationId])).rows).toHaveLength(1);

    // A link without a restaurant says so; a sign-in never sends the guest to another site.
    await page.goto(`${cloud.url}/guest/join?party=two`);
    expect(await page.textContent('#out')).toContain('does not name a restaurant');
    expect(await page.isHidden('#join')).toBe(true);
    await context.clearCookies();
    await page.goto(`${cloud.url}/guest/login?next=${encodeURIComponent('//evil.example/guest/')}`);
    await page.fill('#email', 'max@example.com');
    await page.fill('#password', GUEST_PASSWORD);
    await page.click('#submit');
    await page.waitForURL(`${cloud.url}/guest/me`);
    await context.close();
  });
});
