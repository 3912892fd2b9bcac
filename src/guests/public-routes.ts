/**
 * The public routes (issue 19): what a guest's phone calls, with the table's token in
 * `X-Table-Token`. Order for every one of them (architecture §9, docs/api.md): body limit → set-up
 * (app-wide) → the token (401 TABLE_TOKEN_INVALID, nothing read or written) → the rate limits per
 * token and per address (429 RATE_LIMITED with Retry-After, in memory) → content type → validate →
 * handle. The cloud's page (later) will send the same requests down the channel.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { newRouter } from '../http/router.js';
import { jsonBody, jsonContent, standardErrors } from '../http/schemas.js';
import { requireKnownContentType } from '../http/body-checks.js';
import { refuseUnstorableText } from '../http/unstorable-text.js';
import type { RouteDeps } from '../http/route-deps.js';
import type { AppEnv } from '../http/env.js';
import type { GuestOrderingService } from './service.js';
import { GuestMenu, GuestRequestInput, GuestRequestView, TableParam, TableRequestParams, WatchQuery } from './schemas.js';

export const TABLE_TOKEN_HEADER = 'x-table-token';

/** The table's token first, then the limits: a forged token never costs a bucket, a flood never reaches the database. */
function tableGate(guests: GuestOrderingService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const claims = guests.authenticate(c.req.header(TABLE_TOKEN_HEADER), c.req.param('tableId'));
    let address = 'unknown';
    try { address = getConnInfo(c).remote.address ?? 'unknown'; } catch { /* not a node socket (app.request in-process) */ }
    guests.limiter.admit(`${claims.tableId}.${claims.version}`, address);
    await next();
  };
}

const errorResponse = (description: string) => ({ ...standardErrors[400], description });

function definePublicRoute<const R extends RouteConfig>(gate: MiddlewareHandler<AppEnv>, config: R) {
  return createRoute({
    ...config,
    tags: ['public (guests)'],
    security: [{ tableToken: [] }],
    middleware: [gate, requireKnownContentType, refuseUnstorableText] as const,
    'x-permission': 'public',
    responses: {
      400: standardErrors[400], 401: errorResponse('TABLE_TOKEN_INVALID: forged, replaced, or for another table'), 404: standardErrors[404], 409: standardErrors[409],
      429: errorResponse('RATE_LIMITED or GUEST_ORDER_LIMIT, with Retry-After'), ...config.responses,
    },
  });
}

export function publicGuestRoutes({ services }: RouteDeps) {
  const guests = services.guests;
  const gate = tableGate(guests);
  const menu = definePublicRoute(gate, { method: 'get', path: '/public/tables/{tableId}/menu', summary: "The table's page: restaurant, table, whether ordering is open, the live menu (86'd items unavailable)", request: { params: TableParam }, responses: { 200: jsonContent(GuestMenu) } });
  const send = definePublicRoute(gate, { method: 'post', path: '/public/tables/{tableId}/requests', summary: 'A guest orders, calls the waiter or asks for the bill (client-made id: a replay answers the first, 200)', request: { params: TableParam, ...jsonBody(GuestRequestInput) }, responses: { 201: jsonContent(GuestRequestView, 'Sent'), 200: jsonContent(GuestRequestView, 'The same request, sent earlier (or the call already waiting)') } });
  const watch = definePublicRoute(gate, { method: 'get', path: '/public/tables/{tableId}/requests/{requestId}', summary: "The request's state for its guest; with state= and wait=, answers when it changes (long-poll, up to 25 s)", request: { params: TableRequestParams, query: WatchQuery }, responses: { 200: jsonContent(GuestRequestView) } });

  const router = newRouter()
    .openapi(menu, (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(guests.menuFor(c.req.valid('param').tableId), 200);
    })
    .openapi(send, async (c) => {
      const result = await guests.submit(c.req.valid('param').tableId, c.req.valid('json'));
      return result.created ? c.json(result.request, 201) : c.json(result.request, 200);
    })
    .openapi(watch, async (c) => {
      const { tableId, requestId } = c.req.valid('param');
      const { state, wait } = c.req.valid('query');
      c.header('Cache-Control', 'no-store');
      return c.json(await guests.watchRequest(tableId, requestId, state, wait * 1000, c.req.raw.signal), 200);
    });
  router.openAPIRegistry.registerComponent('securitySchemes', 'tableToken', { type: 'apiKey', in: 'header', name: 'X-Table-Token', description: "A table's QR token (the part of the QR code's URL after /t/)" });
  return router;
}
