/** Small HTTP helpers of the account routes: JSON bodies, the client address, the session cookie. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { z } from 'zod';
import { AppError } from '../../src/errors.js';
import type { AuthDeps } from './deps.js';

/** Account requests are a few hundred bytes; the app-wide limit is sized for sync batches. */
export const smallBody = bodyLimit({ maxSize: 16 * 1024, onError: () => { throw new AppError('PAYLOAD_TOO_LARGE', 'An account request may be at most 16 KB.'); } });

export const SESSION_COOKIE = 'brigade_session';
/** The guests' session cookie: another name, so a guest's session never reaches a staff route and the reverse. */
export const GUEST_SESSION_COOKIE = 'brigade_guest';

/**
 * Parses a JSON body against `schema`. JSON is required (415 otherwise): a cross-site form cannot
 * send it without a CORS preflight, which this service never grants — one more wall against CSRF.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new AppError('MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? 'The request is not valid.',
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })));
  }
  return parsed.data;
}

/** The caller's address: the socket's, or the first X-Forwarded-For hop when behind a trusted proxy. */
export function clientIp(c: Context, deps: AuthDeps): string {
  if (deps.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by @hono/node-server (app.request in a script)
  }
}

/** The session token from `Authorization: Bearer` (scripts) or the cookie (browsers). */
export function sessionToken(c: Context, cookie = SESSION_COOKIE): string | undefined {
  const h = c.req.header('authorization') ?? '';
  if (h.startsWith('Bearer ')) return h.slice(7).trim() || undefined;
  return getCookie(c, cookie) || undefined;
}

export function setSessionCookie(c: Context, deps: AuthDeps, token: string, expiresAt: number, cookie = SESSION_COOKIE): void {
  setCookie(c, cookie, token, {
    httpOnly: true, sameSite: 'Lax', secure: deps.secureCookies, path: '/',
    maxAge: Math.max(0, Math.floor((expiresAt - deps.clock.now()) / 1000)),
  });
}

export function clearSessionCookie(c: Context, deps: AuthDeps, cookie = SESSION_COOKIE): void {
  deleteCookie(c, cookie, { path: '/', secure: deps.secureCookies, httpOnly: true, sameSite: 'Lax' });
}
