import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCloudServer } from '../cloud/server.js';
import { manualClock } from '../src/lib/clock.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, inviteMember, OWNER_PASSWORD, signInOwner } from './helpers/cloud-accounts.js';

const DAY = 24 * 60 * 60 * 1000;
const clock = manualClock();
let cloud: TestCloud;
let owner: string;
let n = 0;
const email = (name: string) => `${name}-${++n}@example.com`;

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true, auth: { clock, trustProxy: true } });
  owner = await signInOwner(cloud);
});
afterAll(async () => { await cloud.close(); });

/** A fresh owner session (the clock moves in some tests, and old sessions expire with it). */
const freshOwner = async () => (await api(cloud.url, 'POST', '/api/auth/login', { body: { email: cloud.ownerEmail, password: OWNER_PASSWORD } })).body.token as string;
const login = (mail: string, password: string, ip = '198.51.100.1') =>
  api(cloud.url, 'POST', '/api/auth/login', { body: { email: mail, password }, headers: { 'x-forwarded-for': ip } });
const count = async (sql: string) => (await cloud.db.query<{ n: number }>(sql)).rows[0]!.n;

describe('signing in and out', () => {
  it('signs the owner in with the email in any case, sets an HttpOnly SameSite=Lax cookie, and /api/me lists every location by name', async () => {
    const res = await login(cloud.ownerEmail.toUpperCase(), OWNER_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^brigade_session=bcs_[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Max-Age=1209600');
    expect(cookie).not.toContain('Secure');
    const me = await api(cloud.url, 'GET', '/api/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'owner', account: { email: cloud.ownerEmail, name: 'Olive' }, organisation: { id: cloud.orgId, name: 'Test group' } });
    expect(me.body.locations).toEqual([{ id: cloud.a.locationId, name: 'A' }, { id: cloud.b.locationId, name: 'B' }]);
    // The same token works as a Bearer token for scripts.
    expect((await api(cloud.url, 'GET', '/api/me', { token: res.body.token })).status).toBe(200);
  });

  it('marks the cookie Secure when the service is configured for https', async () => {
    const https = await startCloudServer({ db: cloud.db, logger: pino({ level: 'silent' }), port: 0, auth: { clock, secureCookies: true } });
    try {
      const res = await api(https.url, 'POST', '/api/auth/login', { body: { email: cloud.ownerEmail, password: OWNER_PASSWORD } });
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await https.stop();
    }
  });

  it('stores only a hash of the session token', async () => {
    const res = await login(cloud.ownerEmail, OWNER_PASSWORD);
    const stored = (await cloud.db.query<{ token_hash: string }>('SELECT token_hash FROM account_sessions')).rows.map((r) => r.token_hash);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).not.toContain(res.body.token);
    expect(stored.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });

  it('answers a wrong password and an unknown email alike: 401 BAD_CREDENTIALS with the same message', async () => {
    const wrong = await login(cloud.ownerEmail, 'not the password', '198.51.100.2');
    const unknown = await login('nobody@example.com', 'not the password', '198.51.100.2');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('signing out ends the session: neither the cookie nor the token work afterwards', async () => {
    const { token } = (await login(cloud.ownerEmail, OWNER_PASSWORD)).body;
    const out = await api(cloud.url, 'POST', '/api/auth/logout', { cookie: `brigade_session=${token}` });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/brigade_session=;.*Max-Age=0/);
    const me = await api(cloud.url, 'GET', '/api/me', { token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('UNAUTHENTICATED');
    expect((await api(cloud.url, 'GET', '/api/me')).status).toBe(401);
  });

  it('a session unused for 14 days expires, while one in use keeps sliding forward', async () => {
    const idle = (await login(cloud.ownerEmail, OWNER_PASSWORD)).body.token;
    const busy = (await login(cloud.ownerEmail, OWNER_PASSWORD)).body.token;
    clock.advance(10 * DAY);
    const renewed = await api(cloud.url, 'GET', '/api/me', { cookie: `brigade_session=${busy}` });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get('set-cookie')).toContain('Max-Age=1209600');
    clock.advance(5 * DAY);
    expect((await api(cloud.url, 'GET', '/api/me', { token: idle })).status).toBe(401);
    expect((await api(cloud.url, 'GET', '/api/me', { token: busy })).status).toBe(200);
    clock.advance(15 * DAY);
    expect((await api(cloud.url, 'GET', '/api/me', { token: busy })).status).toBe(401);
    owner = await freshOwner();
  });

  it('locks an email from one address after 5 wrong passwords for 15 minutes, even with the right one, but not from another address', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 5; i++) expect((await login(cloud.ownerEmail, `wrong ${i}`, ip)).body.error.code).toBe('BAD_CREDENTIALS');
    const locked = await login(cloud.ownerEmail, OWNER_PASSWORD, ip);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('LOGIN_THROTTLED');
    expect(Number(locked.headers.get('retry-after'))).toBe(900);
    expect((await login(cloud.ownerEmail, OWNER_PASSWORD, '203.0.113.8')).status).toBe(200);
    // An unknown email is counted the same way, so the lock does not tell which emails exist.
    for (let i = 0; i < 5; i++) await login('ghost@example.com', `wrong ${i}`, ip);
    expect((await login('ghost@example.com', 'wrong', ip)).body.error.code).toBe('LOGIN_THROTTLED');
    clock.advance(15 * 60 * 1000 + 1000);
    expect((await login(cloud.ownerEmail, OWNER_PASSWORD, ip)).status).toBe(200);
    owner = await freshOwner();
  });
});

describe('invitations', () => {
  it('an invitation is accepted once: it creates the account and a session, and a second use is refused', async () => {
    const mail = email('manon');
    const invited = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: mail.toUpperCase(), role: 'manager', locationIds: [cloud.a.locationId] } });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: mail, role: 'manager', locationIds: [cloud.a.locationId], status: 'pending', path: `/invite/${invited.body.token}` });
    expect(invited.body.expiresAt - invited.body.createdAt).toBe(7 * DAY);
    const accept = { token: invited.body.token, name: 'Manon', password: 'a long enough secret' };
    const first = await api(cloud.url, 'POST', '/api/invitations/accept', { body: accept });
    expect(first.status).toBe(201);
    expect(first.headers.get('set-cookie')).toContain('HttpOnly');
    const me = await api(cloud.url, 'GET', '/api/me', { token: first.body.token });
    expect(me.body).toMatchObject({ role: 'manager', account: { email: mail, name: 'Manon' } });
    expect(me.body.locations).toEqual([{ id: cloud.a.locationId, name: 'A' }]);
    const second = await api(cloud.url, 'POST', '/api/invitations/accept', { body: { ...accept, name: 'Someone else' } });
    expect(second.status).toBe(410);
    expect(second.body.error.code).toBe('INVITATION_INVALID');
    expect(await count(`SELECT count(*)::int AS n FROM accounts WHERE email = '${mail}'`)).toBe(1);
    expect((await login(mail, 'a long enough secret')).status).toBe(200);
    const list = await api(cloud.url, 'GET', '/api/invitations', { token: owner });
    expect(list.body.invitations.find((i: { email: string }) => i.email === mail).status).toBe('accepted');
    expect(JSON.stringify(list.body)).not.toContain(invited.body.token);
  });

  it('two people racing to accept one invitation end with one account', async () => {
    const mail = email('race');
    const invited = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: mail, role: 'viewer', locationIds: [cloud.a.locationId] } });
    const accept = (name: string) => api(cloud.url, 'POST', '/api/invitations/accept', { body: { token: invited.body.token, name, password: 'a long enough secret' } });
    const results = await Promise.all([accept('One'), accept('Two'), accept('Three')]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 410, 410]);
    expect(await count(`SELECT count(*)::int AS n FROM accounts WHERE email = '${mail}'`)).toBe(1);
  });

  it('a revoked invitation and one older than 7 days cannot be used', async () => {
    const revoked = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: email('rev'), role: 'viewer', locationIds: [cloud.b.locationId] } });
    const del = await api(cloud.url, 'DELETE', `/api/invitations/${revoked.body.id}`, { token: owner });
    expect(del.status).toBe(200);
    expect(del.body.status).toBe('revoked');
    const useRevoked = await api(cloud.url, 'POST', '/api/invitations/accept', { body: { token: revoked.body.token, name: 'R', password: 'a long enough secret' } });
    expect(useRevoked.body.error.code).toBe('INVITATION_INVALID');
    const page = await api(cloud.url, 'GET', `/invite/${revoked.body.token}`);
    expect(page.status).toBe(410);
    expect(page.body).toContain('This link has expired');

    const old = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: email('old'), role: 'viewer', locationIds: [cloud.b.locationId] } });
    clock.advance(7 * DAY + 1);
    owner = await freshOwner();
    const useOld = await api(cloud.url, 'POST', '/api/invitations/accept', { body: { token: old.body.token, name: 'O', password: 'a long enough secret' } });
    expect(useOld.status).toBe(410);
    const list = await api(cloud.url, 'GET', '/api/invitations', { token: owner });
    expect(list.body.invitations.find((i: { id: string }) => i.id === old.body.id).status).toBe('expired');
    expect(await count(`SELECT count(*)::int AS n FROM accounts WHERE email LIKE 'rev-%' OR email LIKE 'old-%'`)).toBe(0);
  });

  it('a manager invites viewers for their own locations only, and a viewer invites no one', async () => {
    const manager = await inviteMember(cloud.url, owner, { email: email('mgr'), role: 'manager', locationIds: [cloud.a.locationId] });
    const ok = await api(cloud.url, 'POST', '/api/invitations', { token: manager.token, body: { email: email('v'), role: 'viewer', locationIds: [cloud.a.locationId] } });
    expect(ok.status).toBe(201);
    const otherLocation = await api(cloud.url, 'POST', '/api/invitations', { token: manager.token, body: { email: email('v'), role: 'viewer', locationIds: [cloud.b.locationId] } });
    expect(otherLocation.status).toBe(403);
    expect(otherLocation.body.error.code).toBe('LOCATION_FORBIDDEN');
    const aManager = await api(cloud.url, 'POST', '/api/invitations', { token: manager.token, body: { email: email('m'), role: 'manager', locationIds: [cloud.a.locationId] } });
    expect(aManager.status).toBe(403);
    expect(aManager.body.error.code).toBe('FORBIDDEN');
    // A manager sees only the invitations they sent.
    const mine = await api(cloud.url, 'GET', '/api/invitations', { token: manager.token });
    expect(mine.body.invitations.map((i: { id: string }) => i.id)).toEqual([ok.body.id]);

    const viewer = await inviteMember(cloud.url, owner, { email: email('viewer'), role: 'viewer', locationIds: [cloud.b.locationId] });
    for (const [method, path, body] of [['POST', '/api/invitations', { email: email('x'), role: 'viewer', locationIds: [cloud.b.locationId] }],
      ['GET', '/api/invitations', undefined], ['GET', '/api/members', undefined], ['PATCH', `/api/members/${manager.accountId}`, { role: 'viewer' }],
      ['DELETE', `/api/members/${manager.accountId}`, undefined]] as const) {
      const res = await api(cloud.url, method, path, { token: viewer.token, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await api(cloud.url, 'GET', '/api/me', { token: manager.token })).body.role).toBe('manager');
  });

  it('refuses to invite an email that already has an account, whatever its case', async () => {
    const res = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: cloud.ownerEmail.toUpperCase(), role: 'viewer', locationIds: [cloud.a.locationId] } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DUPLICATE');
  });
});

describe('members', () => {
  it('an owner changes a member\'s locations and role, effective on their next request, and removing them ends their session and their pending invitations', async () => {
    const member = await inviteMember(cloud.url, owner, { email: email('mem'), role: 'viewer', locationIds: [cloud.a.locationId] });
    const changed = await api(cloud.url, 'PATCH', `/api/members/${member.accountId}`, { token: owner, body: { role: 'manager', locationIds: [cloud.b.locationId] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ role: 'manager', locations: [{ id: cloud.b.locationId, name: 'B' }] });
    const me = await api(cloud.url, 'GET', '/api/me', { token: member.token });
    expect(me.body.role).toBe('manager');
    expect(me.body.locations.map((l: { id: string }) => l.id)).toEqual([cloud.b.locationId]);
    const members = await api(cloud.url, 'GET', '/api/members', { token: owner });
    expect(members.body.members.find((m: { id: string }) => m.id === member.accountId)).toMatchObject({ role: 'manager', hasPassword: true });

    const sent = await api(cloud.url, 'POST', '/api/invitations', { token: member.token, body: { email: email('sent'), role: 'viewer', locationIds: [cloud.b.locationId] } });
    expect(sent.status).toBe(201);

    expect((await api(cloud.url, 'DELETE', `/api/members/${member.accountId}`, { token: owner })).status).toBe(200);
    expect((await api(cloud.url, 'GET', '/api/me', { token: member.token })).status).toBe(401);
    const orphan = await api(cloud.url, 'POST', '/api/invitations/accept', { body: { token: sent.body.token, name: 'Late', password: 'a long enough secret' } });
    expect(orphan.body.error.code).toBe('INVITATION_INVALID');
    expect(await count(`SELECT count(*)::int AS n FROM account_locations WHERE account_id = '${member.accountId}'`)).toBe(0);
  });

  it('never leaves the organisation without an owner', async () => {
    const me = await api(cloud.url, 'GET', '/api/me', { token: owner });
    const demote = await api(cloud.url, 'PATCH', `/api/members/${me.body.account.id}`, { token: owner, body: { role: 'manager', locationIds: [cloud.a.locationId] } });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('LAST_OWNER');
    const remove = await api(cloud.url, 'DELETE', `/api/members/${me.body.account.id}`, { token: owner });
    expect(remove.body.error.code).toBe('LAST_OWNER');
    expect((await api(cloud.url, 'GET', '/api/me', { token: owner })).body.role).toBe('owner');
  });
});

describe('bad input', () => {
  it('answers 400 with a code and the field for a short password, a malformed email or an unknown role, and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM invitations');
    const badEmail = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: 'not-an-email', role: 'viewer', locationIds: [cloud.a.locationId] } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'email' }] });
    expect(badEmail.body.error.message).toContain('email address');
    const badRole = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: email('r'), role: 'admin', locationIds: [cloud.a.locationId] } });
    expect(badRole.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'role' }] });
    const noLocations = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: email('r'), role: 'manager' } });
    expect(noLocations.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'locationIds' }] });
    const notJson = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: 'email=a@b.c', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notJson.status).toBe(415);
    expect(notJson.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const broken = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: '{"email":', headers: { 'content-type': 'application/json' } });
    expect(broken.body.error.code).toBe('MALFORMED_JSON');
    expect(await count('SELECT count(*)::int AS n FROM invitations')).toBe(before);

    const invited = await api(cloud.url, 'POST', '/api/invitations', { token: owner, body: { email: email('short'), role: 'viewer', locationIds: [cloud.a.locationId] } });
    const short = await api(cloud.url, 'POST', '/api/invitations/accept', { body: { token: invited.body.token, name: 'S', password: 'short' } });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'password' }] });
    expect(short.body.error.message).toContain('at least 10 characters');
    expect((await api(cloud.url, 'GET', '/api/invitations', { token: owner })).body.invitations.find((i: { id: string }) => i.id === invited.body.id).status).toBe('pending');
    const badLogin = await api(cloud.url, 'POST', '/api/auth/login', { body: { email: 'nope', password: 'x' } });
    expect(badLogin.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'email' }] });
    const huge = await api(cloud.url, 'POST', '/api/auth/login', { body: { email: cloud.ownerEmail, password: 'x'.repeat(20_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses member changes for an unknown member, an unknown role or an empty patch', async () => {
    expect((await api(cloud.url, 'PATCH', '/api/members/nobody', { token: owner, body: { role: 'viewer', locationIds: [cloud.a.locationId] } })).body.error.code).toBe('NOT_FOUND');
    const me = (await api(cloud.url, 'GET', '/api/me', { token: owner })).body;
    expect((await api(cloud.url, 'PATCH', `/api/members/${me.account.id}`, { token: owner, body: { role: 'boss' } })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await api(cloud.url, 'PATCH', `/api/members/${me.account.id}`, { token: owner, body: {} })).body.error.code).toBe('VALIDATION_FAILED');
  });
});
