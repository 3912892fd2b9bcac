/**
 * The guest page through the cloud (issue 19): the same page, the same bundle and the same public
 * routes as the box's (src/guests/public-routes.ts), so a phone on mobile data orders without
 * knowing which server answered.
 *   GET  /t/{token}                                  the page's shell (the box's own)
 *   GET  /assets/guest-<hash>.js                      the guest bundle (only that one here)
 *   GET  /public/tables/{tableId}/menu               the synced menu
 *   POST /public/tables/{tableId}/requests           order, call the waiter, ask for the bill
 *   GET  /public/tables/{tableId}/requests/{id}      the request's state (long-poll with state= and wait=)
 * Order on every data route: a small body limit → the table token (401 TABLE_TOKEN_INVALID,
 * nothing read or written) → the public rate limit per address, then per table code (429 with Retry-After) → content
 * type → validation → handle.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodySizeLimit } from '../../src/http/body-limit.js';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { GuestRequestInput, TableParam, TableRequestParams, WatchQuery } from '../../src/guests/schemas.js';
import { TABLE_TOKEN_HEADER } from '../../src/guests/public-routes.js';
import { clientAssets } from '../../src/web/client-bundle.js';
import { guestPage, languageFromHeader } from '../../src/web/guest/guest-page.js';
import type { AuthEnv } from '../auth/middleware.js';
import { clientIp } from '../auth/http.js';
import type { CloudDb } from '../db.js';
import { PublicRateLimiter } from '../profiles/rate-limit.js';
import { Buckets, TOKEN_RULE } from '../../src/guests/rate-limit.js';
import { tokenClaimsUnverified } from '../../src/guests/token.js';
import { authenticateTableToken, type GuestPlace } from './codes.js';
import { cloudGuestMenu, readCatalog, readTable } from './catalog.js';
import { placeTenant, submitThroughCloud, watchThroughCloud } from './requests.js';
import { withTenant } from '../tenant.js';

/** A guest's order is a few kB at most (30 lines); anything much bigger is not a guest. */
export const GUEST_BODY_LIMIT = 64 * 1024;

type GuestEnv = AuthEnv & { Variables: { guestPlace: GuestPlace } };

const invalid = (error: z.ZodError) => new AppError('VALIDATION_FAILED', error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '), error.issues.slice(0, 20));

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw invalid(r.error);
  return r.data;
}

/** Requests a minute (and burst) per table code: CLOUD_GUEST_RATE_PER_TOKEN, a positive integer, else the box's rule. */
function tokenRuleFromEnv(): { capacity: number; perMinute: number } {
  const n = Number(process.env.CLOUD_GUEST_RATE_PER_TOKEN);
  return Number.isSafeInteger(n) && n > 0 ? { capacity: n, perMinute: n } : TOKEN_RULE;
}

export function createGuestRoutes(db: CloudDb): Hono<GuestEnv> {
  const app = new Hono<GuestEnv>();
  let limiter: PublicRateLimiter | null = null;
  let perCode: Buckets | null = null;

  /**
   * The token first (a forged one costs nothing and learns nothing), then the address's budget, then
   * the table code's: the phones of one table share a code, and one code cannot flood the cloud from
   * many addresses. The same rule as the box's (30 a minute, with a burst of 30), unless
   * CLOUD_GUEST_RATE_PER_TOKEN says otherwise.
   */
  const gate: MiddlewareHandler<GuestEnv> = async (c, next) => {
    const token = c.req.header(TABLE_TOKEN_HEADER);
    const place = await authenticateTableToken(db, token, c.req.param('tableId'));
    const deps = c.get('auth');
    limiter ??= PublicRateLimiter.fromEnv(deps.clock);
    limiter.hit(clientIp(c, deps));
    perCode ??= new Buckets(tokenRuleFromEnv());
    const code = `${place.locationId}.${place.tableId}.${tokenClaimsUnverified(token!)!.version}`;
    const seconds = perCode.wait(code, deps.clock.now());
    if (seconds > 0) {
      throw new AppError('RATE_LIMITED', `Too many requests from this table; try again in ${seconds} s.`,
        { scope: 'token', retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
    }
    perCode.take(code);
    c.set('guestPlace', place);
    c.header('Cache-Control', 'no-store');
    await next();
  };

  // The box's own refusal (the rest of a refused body is read and dropped, so the phone reads the 413).
  app.use('/public/tables/*', bodySizeLimit(GUEST_BODY_LIMIT) as MiddlewareHandler);

  app.get('/t/:token', async (c) => {
    const assets = await clientAssets();
    c.header('Cache-Control', 'no-cache');
    c.header('X-Frame-Options', 'DENY');
    return c.html(guestPage(assets.guest.url, languageFromHeader(c.req.header('accept-language'))));
  });

  app.get('/assets/:file', async (c) => {
    const asset = (await clientAssets()).guest;
    if (asset.url !== `/assets/${c.req.param('file')}`) throw new AppError('NOT_FOUND', 'No such asset.');
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.code);
  });

  app.get('/public/tables/:tableId/menu', gate, async (c) => {
    parse(TableParam, { tableId: c.req.param('tableId') });
    const place = c.get('guestPlace');
    const now = c.get('auth').clock.now();
    return c.json(await withTenant(db, placeTenant(place), async (q) => {
      const table = await readTable(q, place.locationId, place.tableId);
      if (!table) throw new AppError('TABLE_TOKEN_INVALID', 'This table no longer exists here; ask the staff.');
      return cloudGuestMenu(await readCatalog(q, place.locationId), table, now);
    }));
  });

  app.post('/public/tables/:tableId/requests', gate, async (c) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json (got "${type || 'no content type'}").`);
    let body: unknown;
    try { body = JSON.parse(await c.req.text()); } catch { throw new AppError('MALFORMED_JSON', 'The body is not valid JSON.'); }
    // PostgreSQL cannot store U+0000 in text or jsonb: refused here, never a 500.
    if (JSON.stringify(body ?? null).includes('\\u0000')) throw new AppError('VALIDATION_FAILED', 'Text may not contain the NUL character.');
    const input = parse(GuestRequestInput, body);
    const result = await submitThroughCloud(db, c.get('guestPlace'), input, c.get('auth').clock.now());
    return c.json(result.request, result.created ? 201 : 200);
  });

  app.get('/public/tables/:tableId/requests/:requestId', gate, async (c) => {
    const { requestId } = parse(TableRequestParams, { tableId: c.req.param('tableId'), requestId: c.req.param('requestId') });
    const { state, wait } = parse(WatchQuery, { state: c.req.query('state'), wait: c.req.query('wait') });
    return c.json(await watchThroughCloud(db, c.get('guestPlace'), requestId, state, wait * 1000, c.req.raw.signal));
  });
  return app;
}
