import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { limitBodySize } from './http/body-limit.js';
import { sql } from 'drizzle-orm';
import type { CommandDeps } from './db/command.js';
import { changeLog } from './db/schema.js';
import { AppError } from './errors.js';
import type { Services } from './services.js';
import type { AppEnv } from './http/env.js';
import { authenticate, makeAuthorize } from './http/auth.js';
import { toErrorResponse } from './http/error-mapper.js';
import { docsRoutes } from './http/docs.js';
import { newRouter } from './http/router.js';
import type { RouteDeps } from './http/route-deps.js';
import { setupRoutes } from './setup/routes.js';
import { authRoutes } from './auth/routes.js';
import { staffRoutes } from './staff/routes.js';
import { customerRoutes } from './customers/routes.js';
import { reservationRoutes } from './reservations/routes.js';
import { waitlistRoutes } from './reservations/waitlist-routes.js';
import { loyaltyRoutes } from './loyalty/routes.js';
import { deliveryRoutes } from './delivery/routes.js';
import { publicGuestRoutes } from './guests/public-routes.js';
import { guestStaffRoutes } from './guests/staff-routes.js';
import { menuRoutes } from './menu/routes.js';
import { tablesRoutes } from './tables/routes.js';
import { ordersRoutes } from './orders/routes.js';
import { paymentsRoutes } from './payments/routes.js';
import { kitchenRoutes } from './kitchen/routes.js';
import { stockRoutes } from './stock/routes.js';
import { webRoutes } from './web/routes.js';
import { printingRoutes } from './printing/routes.js';
import { syncRoutes } from './sync/routes.js';
import { reportsRoutes } from './reports/routes.js';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { BoxMetrics } from './metrics/box-metrics.js';
import { mayReadMetrics } from './metrics/access.js';
import { tlsRoutes, type TlsInfo } from './tls/routes.js';

export interface AppDeps {
  command: CommandDeps;
  services: Services;
  logger: Logger;
  version: string;
  startedAt: number;
  /** GET /metrics and request timing (issue 22); absent in apps built without them. */
  metrics?: { metrics: BoxMetrics; token: string | undefined };
  /** The box's HTTPS side, for /tls, /ca.crt and /certificate (issue 22); absent: HTTPS off. */
  tls?: TlsInfo;
}

/** Paths that work before set-up: the set-up page and API, health and docs, static assets, trusting the box's certificate. */
const BEFORE_SETUP = /^\/($|setup|healthz|openapi\.json|docs|assets\/|tls$|ca\.crt$|certificate$)/;

/** Builds the HTTP app: one error mapper, one not-found, one Hono sub-app per resource. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { services, logger } = deps;
  const app = newRouter();
  const authorize = makeAuthorize({ command: deps.command, logger });
  const routeDeps: RouteDeps = { services, authorize };
  // First: the timing sees every request, and /metrics has its own access rule (LAN or
  // METRICS_TOKEN), so it answers before set-up and staff authentication.
  if (deps.metrics) {
    const { metrics, token } = deps.metrics;
    app.use('*', metrics.middleware());
    app.get('/metrics', async (c) => {
      if (!mayReadMetrics(getConnInfo(c).remote.address, c.req.header('authorization'), token)) {
        throw new AppError('FORBIDDEN', 'Metrics are for the restaurant\'s LAN, or send METRICS_TOKEN as a bearer token.', { permission: 'metrics' });
      }
      return c.body(await metrics.text(), 200, { 'content-type': metrics.registry.contentType });
    });
  }

  app.use('*', limitBodySize);
  app.use('*', async (c, next) => {
    if (!BEFORE_SETUP.test(c.req.path) && !services.setup.isInitialized()) {
      throw new AppError('NOT_INITIALIZED', 'This box has not been set up yet. Open / in a browser or run `npm run cli -- init`.');
    }
    await next();
  });
  // Then each route (defineRoute): authorize → content type and unstorable-text checks → validate → handle.
  app.use('*', authenticate(services.auth, authorize));

  app.get('/healthz', (c) => {
    const pending = deps.command.db.select({ n: sql<number>`count(*)` }).from(changeLog).get()?.n ?? 0;
    const dbOk = deps.command.db.$client.prepare('select 1 as ok').get() !== undefined;
    return c.json({ status: dbOk ? 'ok' : 'degraded', database: dbOk ? 'ok' : 'error', version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000), initialized: services.setup.isInitialized(), pendingChanges: pending });
  });

  app.route('/', setupRoutes(routeDeps));
  app.route('/', webRoutes(routeDeps));
  app.route('/', tlsRoutes(deps.tls ?? { https: () => null, httpPort: () => 0 }));
  app.route('/', authRoutes(routeDeps));
  app.route('/', staffRoutes(routeDeps));
  app.route('/', menuRoutes(routeDeps));
  // Before the tables' routes: /tables/qr-sheet must not be read as /tables/{id}.
  app.route('/', guestStaffRoutes(routeDeps));
  app.route('/', publicGuestRoutes(routeDeps));
  app.route('/', tablesRoutes(routeDeps));
  app.route('/', ordersRoutes(routeDeps));
  app.route('/', paymentsRoutes(routeDeps));
  app.route('/', kitchenRoutes(routeDeps));
  app.route('/', stockRoutes(routeDeps));
  app.route('/', printingRoutes(routeDeps));
  app.route('/', syncRoutes(routeDeps));
  app.route('/', reportsRoutes(routeDeps));
  app.route('/', customerRoutes(routeDeps));
  app.route('/', reservationRoutes(routeDeps));
  app.route('/', waitlistRoutes(routeDeps));
  app.route('/', loyaltyRoutes(routeDeps));
  app.route('/', deliveryRoutes(routeDeps));

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    security: [{ bearer: [] }],
    info: { title: 'Brigade box API', version: deps.version, description: 'The restaurant box: menu, tables, orders, payments. Errors: { error: { code, message, details } }; codes in src/errors.ts.' },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'A staff session token (bss_…) or a device token (bdv_…)' });
  app.route('/', docsRoutes());

  app.notFound((c) => c.json({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}. See /docs.` } }, 404));
  app.onError((err, c) => toErrorResponse(err, c, logger));
  return app;
}
