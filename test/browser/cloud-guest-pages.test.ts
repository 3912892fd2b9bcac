import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { api, signInOwner } from '../helpers/cloud-accounts.js';
import { GUEST_PASSWORD, lastMail, linkToken } from '../helpers/guest-accounts.js';
import { profileBody } from '../helpers/profiles.js';
import { artifact, launchChromium } from './chromium.js';

/**
 * The guests' pages (issue 20) on a 390×844 phone in Chromium: sign up, confirm by the mailed link
 * (read from the outbox), sign in, see my place in line; a wrong password shows as a message; nothing
 * is wider than the screen and nothing is fetched from elsewhere.
 */
let browser: Browser;
let cloud: TestCloud;
beforeAll(async () => { browser = await launchChromium(); cloud = await startTestCloud({ serve: true }); }, 120_000);
afterAll(async () => { await browser?.close(); await cloud?.close(); });

describe('the guests\' pages on a phone', () => {
  it('sign up → confirm → sign in → my place in line', async () => {
    const profile = profileBody();
    expect((await api(cloud.url, 'PUT', `/api/locations/${cloud.a.locationId}/profile`, { token: await signInOwner(cloud), body: profile })).status).toBe(200);
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
});
