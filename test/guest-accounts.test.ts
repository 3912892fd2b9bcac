/**
 * Guest accounts in the cloud (issue 20), against a real cloud service and PostgreSQL: sign-up with
 * the verification mail read from the notification outbox, single-use expiring links, sign-in
 * throttled in the guests' own table, sessions that expire and end, new passwords by mail, the walls
 * between guest and staff sessions, and the rate limits with Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/lib/clock.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { GUEST_PASSWORD, lastMail, linkToken, verifiedGuest } from './helpers/guest-accounts.js';

const clock = manualClock(Date.UTC(2026, 11, 5, 12, 0));
const MINUTE = 60_000;
let cloud: TestCloud;
let ownerToken: string;

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true, auth: { clock } });
  ownerToken = await signInOwner(cloud);
}, 120_000);
afterAll(async () => { await cloud?.close(); });

/** A new minute: the in-memory rate limits start again (they count per clock minute). */
const nextMinute = () => clock.advance(MINUTE);
const call = (method: string, path: string, options: Parameters<typeof api>[3] = {}) => api(cloud.url, method, path, options);
const count = async (table: string) => (await cloud.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

describe('guest accounts', () => {
  it('register → the verification mail → verify → sign in with an httpOnly SameSite cookie; the link works once', async () => {
    nextMinute();
    const email = 'camille@example.com';
    const reg = await call('POST', '/public/accounts/register', { body: { email: 'Camille@Example.com', password: GUEST_PASSWORD, name: 'Camille', phone: '+33 6 12 34 56 78' } });
    expect(reg.status).toBe(202);
    expect(reg.body.status).toBe('mail_sent');
    const mail = await lastMail(cloud.db, email, 'account.verify');
    expect(mail?.subject).toBe('Confirm your email address');
    const token = linkToken(mail!.body_text);
    expect(mail!.body_text).toContain(`/guest/verify#${token}`);
    // Only the token's hash is kept.
    expect(JSON.stringify((await cloud.db.query('SELECT * FROM guest_tokens')).rows)).not.toContain(token);

    // Signed in before verifying: the account says so.
    const early = await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } });
    expect(early.status).toBe(200);
    expect(early.body.account).toMatchObject({ email, name: 'Camille', phone: '+33612345678', verified: false });

    const verified = await call('POST', '/public/accounts/verify', { body: { token } });
    expect(verified.status).toBe(200);
    expect(verified.body.account.verified).toBe(true);
    const again = await call('POST', '/public/accounts/verify', { body: { token } });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('GUEST_LINK_INVALID');

    const login = await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^brigade_guest=bgs_/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=1209600/);
    const me = await call('GET', '/public/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email, verified: true });
  });

  it('signing up again with a known email answers the same, writes no account and mails the owner of the address instead', async () => {
    nextMinute();
    const before = await count('guest_accounts');
    const res = await call('POST', '/public/accounts/register', { body: { email: 'camille@example.com', password: 'another password here' } });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('mail_sent');
    expect(await count('guest_accounts')).toBe(before);
    expect((await lastMail(cloud.db, 'camille@example.com', 'account.exists'))?.subject).toBe('You already have an account');
  });

  it('a verification link past 48 hours is refused; a new one replaces the old', async () => {
    nextMinute();
    const email = 'late@example.com';
    await call('POST', '/public/accounts/register', { body: { email, password: GUEST_PASSWORD } });
    const first = linkToken((await lastMail(cloud.db, email, 'account.verify'))!.body_text);
    const login = await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } });
    clock.advance(49 * 60 * MINUTE);
    expect((await call('POST', '/public/accounts/verify', { body: { token: first } })).body.error.code).toBe('GUEST_LINK_INVALID');
    // Session still alive (14 days): ask for a new link; the old one stays dead.
    nextMinute();
    const resent = await call('POST', '/public/accounts/verify/resend', { token: login.body.token });
    expect(resent.status).toBe(202);
    const second = linkToken((await lastMail(cloud.db, email, 'account.verify'))!.body_text);
    expect(second).not.toBe(first);
    expect((await call('POST', '/public/accounts/verify', { body: { token: second } })).status).toBe(200);
    expect((await call('POST', '/public/accounts/verify/resend', { token: login.body.token })).body.status).toBe('already_verified');
  });

  it('wrong passwords: 5 then locked even with the right one (429 with Retry-After), in the guests\' throttle only', async () => {
    nextMinute();
    const email = 'camille@example.com';
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', '/public/accounts/login', { body: { email, password: `wrong password ${i}` } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('BAD_CREDENTIALS');
    }
    const locked = await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await count('login_throttle')).toBe(0);
    // An unknown email answers the same as a wrong password.
    const unknown = await call('POST', '/public/accounts/login', { body: { email: 'nobody@example.com', password: GUEST_PASSWORD } });
    expect([unknown.status, unknown.body.error.code]).toEqual([401, 'BAD_CREDENTIALS']);
    clock.advance(16 * MINUTE);
    expect((await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } })).status).toBe(200);
  });

  it('sessions end at log-out and 14 days after their last use', async () => {
    nextMinute();
    const token = (await call('POST', '/public/accounts/login', { body: { email: 'camille@example.com', password: GUEST_PASSWORD } })).body.token;
    expect((await call('GET', '/public/me', { token })).status).toBe(200);
    clock.advance(13 * 24 * 60 * MINUTE);
    expect((await call('GET', '/public/me', { token })).status).toBe(200); // used: pushed forward
    clock.advance(13 * 24 * 60 * MINUTE);
    expect((await call('GET', '/public/me', { token })).status).toBe(200);
    clock.advance(15 * 24 * 60 * MINUTE);
    const expired = await call('GET', '/public/me', { token });
    expect([expired.status, expired.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);

    const other = (await call('POST', '/public/accounts/login', { body: { email: 'camille@example.com', password: GUEST_PASSWORD } })).body.token;
    const out = await call('POST', '/public/accounts/logout', { token: other });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/brigade_guest=;/);
    expect((await call('GET', '/public/me', { token: other })).status).toBe(401);
  });

  it('a new password by mail: the link works once within the hour, and signs out every session', async () => {
    nextMinute();
    const email = 'camille@example.com';
    const session = (await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } })).body.token;
    const mailsBefore = await count('notifications');
    expect((await call('POST', '/public/accounts/password/forgot', { body: { email: 'nobody@example.com' } })).status).toBe(202);
    expect(await count('notifications')).toBe(mailsBefore);
    expect((await call('POST', '/public/accounts/password/forgot', { body: { email } })).status).toBe(202);
    const token = linkToken((await lastMail(cloud.db, email, 'account.password_reset'))!.body_text);
    const short = await call('POST', '/public/accounts/password/reset', { body: { token, password: 'short' } });
    expect([short.status, short.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const reset = await call('POST', '/public/accounts/password/reset', { body: { token, password: 'a brand new secret' } });
    expect(reset.status).toBe(200);
    expect((await call('GET', '/public/me', { token: session })).status).toBe(401);
    expect((await call('POST', '/public/accounts/password/reset', { body: { token, password: 'yet another secret' } })).status).toBe(410);
    expect((await call('POST', '/public/accounts/login', { body: { email, password: GUEST_PASSWORD } })).status).toBe(401);
    expect((await call('POST', '/public/accounts/login', { body: { email, password: 'a brand new secret' } })).status).toBe(200);
    // An expired link: an hour and a minute later.
    nextMinute();
    await call('POST', '/public/accounts/password/forgot', { body: { email } });
    const late = linkToken((await lastMail(cloud.db, email, 'account.password_reset'))!.body_text);
    clock.advance(61 * MINUTE);
    expect((await call('POST', '/public/accounts/password/reset', { body: { token: late, password: 'too late a secret' } })).status).toBe(410);
  });

  it('guest and staff sessions never open each other\'s routes', async () => {
    nextMinute();
    const guest = await verifiedGuest(cloud.url, cloud.db, 'wall@example.com');
    expect((await call('GET', '/api/me', { token: guest })).status).toBe(401);
    expect((await call('GET', '/public/me', { token: ownerToken })).status).toBe(401);
    expect((await call('GET', '/public/me', { cookie: `brigade_session=${ownerToken}` })).status).toBe(401);
    expect((await call('GET', '/api/me', { cookie: `brigade_guest=${guest}` })).status).toBe(401);
  });
});

describe('rate limits', () => {
  it('120 requests a minute per address on the guest routes, then 429 RATE_LIMITED with Retry-After, nothing written', async () => {
    nextMinute();
    const before = await count('guest_accounts');
    let limited: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < 125 && !limited; i++) {
      const res = await call('GET', '/public/me');
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    expect(limited?.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    const reg = await call('POST', '/public/accounts/register', { body: { email: 'flood@example.com', password: GUEST_PASSWORD } });
    expect(reg.status).toBe(429);
    expect(await count('guest_accounts')).toBe(before);
  });

  it('5 mails a minute per recipient: the sixth "forgot my password" is 429 and queues nothing', async () => {
    nextMinute();
    const email = 'camille@example.com';
    const before = await count('notifications');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('POST', '/public/accounts/password/forgot', { body: { email } })).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(await count('notifications')).toBe(before + 5);
  });
});
