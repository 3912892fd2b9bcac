/**
 * The cloud service's HTTP API: ingest for boxes, their watermark, and a device's read of its
 * own rows. Every error is `{ error: { code, message, details } }` with a code from src/errors.ts.
 */
import fs from 'node:fs';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { AppError } from '../src/errors.js';
import { ENTITY_BY_NAME } from './entities.js';
import { BOX_ID_HEADER, INGEST_PATH, MAX_EPOCH, ORDER_NUMBERS_PATH, WATERMARK_PATH } from '../sync/protocol.js';
import { createAuth, type AuthOptions } from './auth/index.js';
import { createReportRoutes } from './reports/routes.js';
import { createDashboardPages } from './dashboard/routes.js';
import type { CloudDb } from './db.js';
import { highestEpoch, ingestBatch, readWatermark } from './ingest.js';
import { withTenant } from './tenant.js';
import { authenticateBox } from './box-identity.js';
import { createRestoreLossRoutes } from './restore-losses.js';
import { getConnInfo } from '@hono/node-server/conninfo';
import { CloudMetrics } from './metrics.js';
import { mayReadMetrics } from '../src/metrics/access.js';
import { createChannelRoutes } from './channel/routes.js';
import { createMenuRoutes } from './menus/routes.js';
import { createCustomerRoutes } from './customers/routes.js';
import { createProfileRoutes } from './profiles/routes.js';
import { createPublicRoutes } from './profiles/public-routes.js';
import { createGuestRoutes } from './guest-accounts/index.js';
import { createBookingRoutes } from './booking/routes.js';
import { createGuestRoutes as createTableGuestRoutes } from './guests/routes.js';
import { createProfilePages } from './profiles/edit-page.js';
import { createLoyaltyRoutes } from './loyalty/routes.js';
import { createDeliveryRoutes } from './delivery/routes.js';
import { createPlatformPages } from './delivery/page.js';
import { createMenuPages } from './menus/page.js';
import { createCustomerPages } from './customers/page.js';
import { createOffboxRoutes } from './offbox/routes.js';
import { createWebhookRoutes } from './webhooks/routes.js';
import { createWebhookPages } from './webhooks/page.js';
import { webhookSettingsFromEnv } from './webhooks/worker.js';
import { systemClock, type Clock } from '../src/lib/clock.js';
import { cloudOpenApi } from './openapi.js';
import { docsRoutes } from '../src/http/docs.js';

/** Batches are capped by the box at a few MB; leave room above that. */
export const MAX_BATCH_BYTES = 32 * 1024 * 1024;

const bearer = (c: Context) => {
  const h = c.req.header('authorization') ?? '';
  return h.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

/**
 * Test hook (fault tests only): CLOUD_TEST_PAUSE_AT=after-commit makes ingest write
 * CLOUD_TEST_PAUSE_FILE once a batch is committed and never answer, so a test can SIGKILL the
 * cloud service between its commit and its answer.
 */
async function pauseAfterCommit(): Promise<void> {
  const file = process.env.CLOUD_TEST_PAUSE_FILE;
  if (process.env.CLOUD_TEST_PAUSE_AT !== 'after-commit' || !file) return;
  fs.writeFileSync(file, 'after-commit');
  await new Promise<void>(() => {});
}

/** Webhook settings for the routes (the worker takes the same; cloud/webhooks/worker.ts). Defaults from the environment. */
export interface WebhookAppOptions {
  clock?: Clock;
  timeoutMs?: number;
  allowPrivate?: boolean;
}

export function createCloudApp(db: CloudDb, logger: Logger, options: { auth?: AuthOptions; metricsToken?: string; webhooks?: WebhookAppOptions } = {}): Hono {
  const app = new Hono();
  // First: timing sees every request; /metrics has its own access rule (private network or METRICS_TOKEN).
  const metrics = new CloudMetrics();
  app.use('*', metrics.middleware());
  app.get('/metrics', async (c) => {
    if (!mayReadMetrics(getConnInfo(c).remote.address, c.req.header('authorization'), options.metricsToken)) {
      throw new AppError('FORBIDDEN', 'Metrics are for the private network, or send METRICS_TOKEN as a bearer token.', { permission: 'metrics' });
    }
    return c.body(await metrics.text(), 200, { 'content-type': metrics.registry.contentType });
  });
  app.use('*', bodyLimit({ maxSize: MAX_BATCH_BYTES, onError: () => { throw new AppError('PAYLOAD_TOO_LARGE', `A batch may be at most ${MAX_BATCH_BYTES} bytes.`); } }));
  // First, so that requireViewer works on every route mounted below, whoever mounts it.
  const auth = createAuth(db, logger, options.auth);
  app.use('*', auth.context);

  app.get('/healthz', async (c) => {
    await db.query('SELECT 1');
    return c.json({ status: 'ok', database: db.kind });
  });

  /** The calling box: a valid credential, sent by the box it is bound to (cloud/box-identity.ts). */
  const box = (c: Context) => authenticateBox(db, bearer(c), c.req.header(BOX_ID_HEADER), logger);

  app.post(INGEST_PATH, async (c) => {
    const tenant = await box(c);
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new AppError('MALFORMED_JSON', 'The batch is not valid JSON.');
    }
    let answer;
    try {
      answer = await ingestBatch(db, tenant, body, logger, { boxId: c.req.header(BOX_ID_HEADER) });
    } catch (error) {
      metrics.refused((error as { code?: string }).code);
      throw error;
    }
    metrics.ingested(answer);
    await pauseAfterCommit();
    return c.json(answer);
  });

  app.get(WATERMARK_PATH, async (c) => {
    const tenant = await box(c);
    const epoch = Number(c.req.query('epoch'));
    if (!Number.isSafeInteger(epoch) || epoch < 1 || epoch > MAX_EPOCH) throw new AppError('VALIDATION_FAILED', `Pass ?epoch=<integer from 1 to ${MAX_EPOCH}>.`);
    return c.json(await withTenant(db, tenant, async (q) => ({ watermark: await readWatermark(q, tenant, epoch), highestEpoch: await highestEpoch(q, tenant) })));
  });

  /**
   * A restored box asks for the highest order number of the location's two latest business days,
   * and numbers its next orders above them: a number the restore lost is not given again.
   */
  app.get(ORDER_NUMBERS_PATH, async (c) => {
    const tenant = await box(c);
    const rows = await withTenant(db, tenant, async (q) => (await q.query<{ business_day: string; n: number }>(
      `SELECT business_day, max(number)::int AS n FROM orders WHERE location_id = $1 AND business_day IS NOT NULL
       GROUP BY business_day ORDER BY business_day DESC LIMIT 2`, [tenant.locationId])).rows);
    return c.json({ days: rows.map((r) => ({ businessDay: r.business_day, lastNumber: r.n ?? 0 })) });
  });

  /** A device reads one of its location's rows (row-level security decides what exists). */
  app.get('/sync/rows/:entity/:id', async (c) => {
    const tenant = await box(c);
    const mapping = ENTITY_BY_NAME.get(c.req.param('entity'));
    if (!mapping) throw new AppError('NOT_FOUND', `No entity ${c.req.param('entity')}.`, { entity: c.req.param('entity') });
    const rows = await withTenant(db, tenant, async (q) => (await q.query<{ version: number; deleted: boolean; row: unknown }>(
      `SELECT version, deleted, row FROM ${mapping.table} WHERE id = $1`, [c.req.param('id')])).rows);
    if (!rows[0]) throw new AppError('NOT_FOUND', `No ${mapping.entity} with id ${c.req.param('id')}.`, { entity: mapping.entity, id: c.req.param('id') });
    return c.json(rows[0]);
  });

  const openApi = cloudOpenApi();
  app.get('/openapi.json', (c) => c.json(openApi));
  app.route('/', docsRoutes('Brigade cloud API'));
  app.route('/', createChannelRoutes(db, logger));
  app.route('/', createOffboxRoutes(db, logger));
  app.route('/', createMenuRoutes(db));
  app.route('/', createCustomerRoutes(db));
  app.route('/', createProfileRoutes(db));
  app.route('/', createPublicRoutes(db));
  app.route('/', createGuestRoutes(auth.deps));
  app.route('/', createBookingRoutes(db, logger));
  app.route('/', createTableGuestRoutes(db));
  app.route('/', createProfilePages(db));
  const hooks = { ...webhookSettingsFromEnv(), ...options.webhooks };
  app.route('/', createWebhookRoutes(db, { clock: hooks.clock ?? systemClock,
    settings: { timeoutMs: hooks.timeoutMs ?? 10_000, allowPrivate: hooks.allowPrivate ?? false, leaseMarginMs: 30_000 } }));
  app.route('/', createWebhookPages(db, hooks.clock ?? systemClock));
  app.route('/', createLoyaltyRoutes(db));
  app.route('/', createDeliveryRoutes(db, logger));
  app.route('/', createPlatformPages(db));
  app.route('/', createMenuPages(db));
  app.route('/', createCustomerPages(db));
  app.route('/', auth.routes);
  app.route('/', createReportRoutes(db, logger));
  app.route('/', createDashboardPages(db, logger));
  app.route('/', createRestoreLossRoutes(db));

  app.notFound((c) => c.json({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}.` } }, 404));
  app.onError((err, c) => {
    if (err instanceof AppError) {
      for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
      return c.json({ error: { code: err.code, message: err.message, details: err.details } }, err.status as 400);
    }
    logger.error({ err }, 'cloud request failed');
    return c.json({ error: { code: 'INTERNAL', message: 'Something broke in the cloud service; the batch was not applied. Retrying is safe.' } }, 500);
  });
  return app;
}
