import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../helpers/cloud.js';
import { api, OWNER_PASSWORD, signInOwner } from '../helpers/cloud-accounts.js';
import { artifact, launchChromium } from './chromium.js';

let browser: Browser;
let cloud: TestCloud;
beforeAll(async () => { browser = await launchChromium(); cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await browser?.close(); await cloud?.close(); });

describe('signing in to the cloud from a browser', () => {
  it('shows a wrong password as a message, then signs in and lands on the dashboard, with nothing fetched from elsewhere', async () => {
    await signInOwner(cloud);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).host));

    await page.goto(`${cloud.url}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#email', cloud.ownerEmail);
    await page.fill('#password', 'not my password');
    await page.click('#submit');
    await page.waitForSelector('#error', { state: 'visible' });
    expect(await page.textContent('#error')).toContain('do not match an account');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.screenshot({ path: artifact('cloud-login-1-wrong-password.png') });

    await page.fill('#password', OWNER_PASSWORD);
    await page.click('#submit');
    await page.waitForURL(`${cloud.url}/`);
    expect(await page.textContent('h1')).toBe('Test group');
    expect(await page.textContent('#who')).toContain('Olive');
    const cookie = (await context.cookies()).find((c) => c.name === 'brigade_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await page.screenshot({ path: artifact('cloud-login-2-signed-in.png') });

    await page.click('#logout');
    await page.waitForURL(`${cloud.url}/login`);
    expect((await api(cloud.url, 'GET', '/api/me', { token: cookie.value })).status).toBe(401);
    expect([...hosts]).toEqual([new URL(cloud.url).host]);
    await context.close();
  });

  it('accepts an invitation on its page and signs the new member in', async () => {
    const owner = await signInOwner(cloud);
    const invited = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: 'nina@example.com', role: 'manager', locationIds: [cloud.a.locationId] } });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${cloud.url}${invited.body.path}`);
    expect(await page.textContent('h1')).toBe('Join Test group');
    await page.fill('#name', 'Nina');
    await page.fill('#password', 'nina has a long password');
    await page.fill('#passwordAgain', 'nina has a long passwort');
    await page.click('#submit');
    await page.waitForSelector('#error', { state: 'visible' });
    expect(await page.textContent('#error')).toBe('The two passwords are different.');
    await page.screenshot({ path: artifact('cloud-invite-1-mismatch.png') });
    await page.fill('#passwordAgain', 'nina has a long password');
    await page.click('#submit');
    await page.waitForURL(`${cloud.url}/`);
    expect(await page.textContent('#who')).toContain('Nina (nina@example.com), manager');
    await page.goto(`${cloud.url}${invited.body.path}`);
    expect(await page.textContent('h1')).toBe('This link has expired');
    await page.screenshot({ path: artifact('cloud-invite-2-used.png') });
    await context.close();
  });
});
