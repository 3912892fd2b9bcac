/**
 * Delivery platforms in the cloud (issue 21).
 *
 * Public, for the platforms (signed, never a session):
 *   POST /platforms/:platform/:locationId/orders   a platform's webhook: body limit → rate limit →
 *        signature and freshness (401 PLATFORM_SIGNATURE, logged, nothing applied) → JSON → the
 *        platform's shape → stored once and sent down the channel. 200 {status: received |
 *        duplicate | ignored, id?, flagged?} — the platforms' own rule is "answer 200 fast".
 *
 *        A platform's cancellation (Uber `orders.cancel`, Deliveroo `order.status_update` canceled,
 *        generic `order.cancelled`) the same way: 200 {status: cancelled | duplicate | unknown_order}.
 *
 * For signed-in people of the location (connections: ./connection-routes.ts, owners change them):
 *   GET  /api/locations/:locationId/platform-orders       the latest orders with their state and the outbox
 *   GET  /api/reports/sources?from&to&locations          sales by source (dine-in, takeaway, QR, each platform), commission apart
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getConnInfo } from '@hono/node-server/conninfo';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { AppError } from '../../src/errors.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import type { CloudDb } from '../db.js';
import { withTenant } from '../tenant.js';
import { PLATFORMS } from '../platforms/index.js';
import { SignatureRefused } from '../platforms/types.js';
import { findConnection, touchConnection } from './connections.js';
import { receiveCancel } from './cancel.js';
import { connectionRoutes } from './connection-routes.js';
import { WindowLimiter } from './rate-limit.js';
import { receiveOrder } from './receive.js';
import { salesBySourceReport } from './report.js';
import { parseReportQuery } from '../reports/query.js';
import { withReader } from '../auth/reader.js';
import { placeOf } from './place.js';

/** A platform order is a few KB; 256 KB leaves room for a party's order and refuses a flood. */
export const MAX_PLATFORM_BODY = 256 * 1024;
const LOCATION_ID = /^[A-Za-z0-9_-]{1,100}$/;

function remoteOf(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const validation = (error: ZodError, what: string) => new AppError('VALIDATION_FAILED', `${what}; see details.`,
  error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })));

export function createDeliveryRoutes(db: CloudDb, logger: Logger): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  // Per connection (a platform sends a few orders a minute at a busy dinner), and per address for
  // refused requests (someone guessing signatures).
  const perConnection = new WindowLimiter(300, 60_000);
  const refusedPerAddress = new WindowLimiter(30, 60_000);

  const refuse = async (c: Context, platform: string, locationId: string | null, raw: string, code: string, reason: string): Promise<never> => {
    const remote = remoteOf(c);
    await db.query(`INSERT INTO platform_request_log (location_id, platform, code, reason, remote, body_sha256, body_bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [locationId, platform, code, reason.slice(0, 500), remote, crypto.createHash('sha256').update(raw).digest('hex'), Buffer.byteLength(raw)]);
    logger.warn({ platform, locationId, code, remote }, 'platform request refused');
    const wait = refusedPerAddress.hit(remote, Date.now());
    if (wait > 0) throw new AppError('PLATFORM_RATE_LIMITED', `Too many refused requests from this address; try again in ${wait} s.`, { retryAfterSeconds: wait }, { 'Retry-After': String(wait) });
    throw new AppError('PLATFORM_SIGNATURE', reason, { reason: code });
  };

  app.post('/platforms/:platform/:locationId/orders',
    bodyLimit({ maxSize: MAX_PLATFORM_BODY, onError: () => { throw new AppError('PAYLOAD_TOO_LARGE', `A platform request may be at most ${MAX_PLATFORM_BODY} bytes.`); } }),
    async (c) => {
      const platform = c.req.param('platform');
      const locationId = c.req.param('locationId');
      const adapter = PLATFORMS.get(platform);
      if (!adapter) throw new AppError('ROUTE_NOT_FOUND', `No platform ${platform.slice(0, 40)}; the platforms are ${[...PLATFORMS.keys()].join(', ')}.`);
      const raw = await c.req.text();
      const connection = LOCATION_ID.test(locationId) ? await findConnection(db, locationId, platform) : null;
      // The same answer whether the location exists or not: a stranger learns nothing from it.
      if (!connection || !connection.enabled) return refuse(c, platform, null, raw, 'unknown_connection', 'This location does not take orders from this platform (or the signature is wrong).');
      try {
        adapter.verify({ rawBody: raw, header: (n) => c.req.header(n) }, connection.secret, Date.now());
      } catch (error) {
        if (error instanceof SignatureRefused) return refuse(c, platform, locationId, raw, error.code, error.message);
        throw error;
      }
      await touchConnection(db, locationId, platform);
      const wait = perConnection.hit(`${locationId}:${platform}`, Date.now());
      if (wait > 0) throw new AppError('PLATFORM_RATE_LIMITED', `Too many requests for this location; try again in ${wait} s.`, { retryAfterSeconds: wait }, { 'Retry-After': String(wait) });
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new AppError('MALFORMED_JSON', 'The body is not valid JSON.');
      }
      let event;
      try {
        event = adapter.parse(body);
      } catch (error) {
        if (error instanceof ZodError) throw validation(error, `This is not a ${platform} order`);
        throw error;
      }
      if (event.kind === 'ignored') return c.json({ status: 'ignored', event: event.event });
      if (event.kind === 'cancel') return c.json(await receiveCancel(db, connection, event.cancel, Date.now()));
      return c.json(await receiveOrder(db, connection, event.order, Date.now()));
    });

  app.use('/api/locations/:locationId/platform-orders', requireViewer);
  app.route('/', connectionRoutes(db));
  app.get('/api/locations/:locationId/platform-orders', async (c) => {
    const p = placeOf(c, false);
    const limit = Math.min(500, Math.max(1, Number(c.req.query('limit') ?? 100) || 100));
    const orders = await withTenant(db, { ...p, deviceId: `account:${p.viewer.accountId}` }, async (q) => (await q.query(`SELECT o.id, o.platform,
        o.platform_order_id AS "platformOrderId", o.display_ref AS "displayRef", o.state, o.reason, o.flagged, o.cancelled_by AS "cancelledBy", o.cancel_reason AS "cancelReason", o.currency, o.subtotal::int, o.delivery_fee::int AS "deliveryFee",
        o.commission::int, o.total::int, (extract(epoch from o.received_at) * 1000)::bigint AS "receivedAt", (extract(epoch from o.respond_by) * 1000)::bigint AS "respondBy",
        m.status AS "channelStatus",
        COALESCE((SELECT jsonb_agg(jsonb_build_object('status', x.status, 'state', x.state, 'attempts', x.attempts, 'lastStatus', x.last_status, 'lastError', x.last_error) ORDER BY x.created_at)
          FROM platform_outbox x WHERE x.location_id = o.location_id AND x.platform_order_ref = o.id), '[]') AS outbox
      FROM platform_orders o LEFT JOIN channel_messages m ON m.location_id = o.location_id AND m.seq = o.message_seq
      WHERE o.location_id = $1 ORDER BY o.received_at DESC LIMIT $2`, [p.locationId, limit])).rows);
    return c.json({ orders });
  });
  // Sales by source (issue 21), under the signed-in person's reader wall like every report.
  app.get('/api/reports/sources', requireViewer, async (c) => {
    const query = parseReportQuery(c.req.query(), c.var.viewer.locationIds);
    return c.json({ query, sources: await withReader(db, c.var.viewer, query.locationIds, (q) => salesBySourceReport(q, query)) });
  });
  return app;
}
