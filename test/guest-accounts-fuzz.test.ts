/**
 * Bad input on every guest-account route (issue 20): wrong types, unknown keys, malformed JSON, the
 * wrong content type, oversized bodies, NUL bytes and random JSON from fast-check — each a 4xx with a
 * stable code, never a 500, and nothing written (accounts, sessions, links, joins, mails, channel).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/lib/clock.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api } from './helpers/cloud-accounts.js';
import { verifiedGuest } from './helpers/guest-accounts.js';

const clock = manualClock(Date.UTC(2026, 11, 5, 12, 0));
let cloud: TestCloud;
let guest: string;
let sent = 0;

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true, auth: { clock } });
  guest = await verifiedGuest(cloud.url, cloud.db, 'fuzz@example.com', { name: 'Fuzz' });
}, 120_000);
afterAll(async () => { await cloud?.close(); });

/**
 * What bad input must never write. Left out: the sign-in throttle (a well-formed sign-in with a wrong
 * password is counted: that is its job) and the mail worker's send status (it moves on its own).
 */
const TABLES = ['guest_accounts', 'guest_sessions', 'guest_tokens', 'guest_waitlist_joins', 'channel_messages'];
async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES) parts.push(`${t}: ${JSON.stringify((await cloud.db.query(`SELECT * FROM ${t} ORDER BY 1`)).rows)}`);
  parts.push(`notifications: ${JSON.stringify((await cloud.db.query('SELECT id, kind, recipient FROM notifications ORDER BY id')).rows)}`);
  return parts.join('\n');
}

/** Sends one request, a fresh rate-limit minute every 100 (the limits are tested elsewhere). */
async function send(method: string, path: string, options: Parameters<typeof api>[3]) {
  if (++sent % 100 === 0) clock.advance(60_000);
  return api(cloud.url, method, path, options);
}

const BODY_ROUTES: Array<{ path: string; session: boolean }> = [
  { path: '/public/accounts/register', session: false }, { path: '/public/accounts/verify', session: false },
  { path: '/public/accounts/login', session: false }, { path: '/public/accounts/password/forgot', session: false },
  { path: '/public/accounts/password/reset', session: false }, { path: '/public/me/waitlist', session: true },
];

function expectRefusal(res: { status: number; body: any }, context: string): void {
  expect(res.status, `${context}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, context).toBeLessThan(500);
  expect(typeof res.body?.error?.code, context).toBe('string');
}

describe('fuzzing the guest-account routes', () => {
  it('hand-made bad bodies: each a 4xx with a code, nothing written', async () => {
    const before = await snapshot();
    const bad: unknown[] = [
      {}, [], null, 'text', 42, { email: 1 }, { email: 'not-an-email', password: 'long enough password' }, { email: 'a@b.co', password: 'short' },
      { email: 'a@b.co', password: 'x'.repeat(201) }, { email: `${'a'.repeat(250)}@b.co`, password: 'long enough password' },
      { email: 'a@b.co', password: 'long enough password', admin: true }, { email: 'a@b.co\u0000', password: 'long enough password' },
      { token: '' }, { token: 'x'.repeat(201) }, { token: 'bgl_unknown', password: 'long enough password' },
      { id: 'not-a-uuid', restaurant: 'x', partySize: 2 }, { id: crypto.randomUUID(), restaurant: 'UPPER', partySize: 2 },
      { id: crypto.randomUUID(), restaurant: 'no-such-place', partySize: 0 }, { id: crypto.randomUUID(), restaurant: 'no-such-place', partySize: 2.5 },
      { id: crypto.randomUUID(), restaurant: 'no-such-place', partySize: 2, phone: '+33 6 12 34 56 78' },
      { email: 'fuzz@example.com', password: 'long enough password', phone: 'call me' },
    ];
    for (const route of BODY_ROUTES) {
      const token = route.session ? guest : undefined;
      for (const body of bad) {
        const res = await send('POST', route.path, { token, body: JSON.stringify(body) });
        // A body naming an unknown link or a wrong password may pass validation: still a 4xx.
        expectRefusal(res, `${route.path} ${JSON.stringify(body)}`);
      }
      expectRefusal(await send('POST', route.path, { token, body: '{"email":', headers: { 'content-type': 'application/json' } }), `${route.path} malformed`);
      const wrongType = await send('POST', route.path, { token, body: 'email=a@b.co', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect([wrongType.status, wrongType.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const huge = await send('POST', route.path, { token, body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(40_000) }) });
      expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    }
    // The session routes refuse anyone without one before reading the body.
    for (const [method, path] of [['GET', '/public/me'], ['POST', '/public/me/waitlist'], ['GET', '/public/me/waitlist'], ['POST', '/public/accounts/verify/resend'],
      ['GET', `/public/me/waitlist/${crypto.randomUUID()}`], ['GET', `/public/me/waitlist/${crypto.randomUUID()}/live`],
      ['GET', '/public/me/bookings'], ['POST', '/public/me/bookings/x/cancel'], ['GET', '/public/me/bookings/x/live']] as const) {
      for (const token of [undefined, 'bgs_forged', 'x'.repeat(500), `${guest}x`]) {
        const res = await send(method, path, { token, body: method === 'POST' ? { junk: true } : undefined });
        expect([res.status, res.body.error.code], `${method} ${path}`).toEqual([401, 'UNAUTHENTICATED']);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('random JSON (fast-check) on every body route: never a 500, nothing written', async () => {
    const before = await snapshot();
    await fc.assert(fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), fc.oneof(
      fc.jsonValue(),
      fc.record({ email: fc.oneof(fc.string(), fc.integer()), password: fc.oneof(fc.string(), fc.constant(null)) }, { requiredKeys: [] }),
      fc.record({ id: fc.oneof(fc.uuid(), fc.string()), restaurant: fc.string(), partySize: fc.oneof(fc.integer(), fc.double(), fc.string()), phone: fc.string() }, { requiredKeys: [] }),
      fc.record({ token: fc.string(), password: fc.string() }, { requiredKeys: [] }),
    ), async (route, body) => {
      const res = await send('POST', route.path, { token: route.session ? guest : undefined, body: JSON.stringify(body) });
      // No generated email is a valid address (no fc.emailAddress): a valid sign-up or "forgot" would
      // rightly answer 202 and queue a mail.
      expectRefusal(res, `${route.path} ${JSON.stringify(body)}`);
    }), { numRuns: 300, seed: 20_2026 });
    expect(await snapshot()).toBe(before);
  });
});
