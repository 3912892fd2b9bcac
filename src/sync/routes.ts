import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { ChannelStatusSchema } from '../inbox/schemas.js';

const SyncStatus = z.object({
  configured: z.boolean(),
  cloudUrl: z.string().nullable(),
  epoch: z.number().int(),
  lastSuccessAt: z.number().int().nullable(),
  queueDepth: z.number().int(),
  oldestUnsentAt: z.number().int().nullable(),
  oldestUnsentAgeSeconds: z.number().int().nullable(),
  behind: z.boolean(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().int().nullable(),
  consecutiveFailures: z.number().int(),
  lastErrorCode: z.string().nullable(),
  boxId: z.string(),
  newEpoch: z.object({
    epoch: z.number().int(), startedAt: z.number().int().nullable(), reason: z.string().nullable(),
    forkedFrom: z.object({ epoch: z.number().int(), seq: z.number().int() }).nullable(),
  }).nullable(),
  /** The cloud → box channel (issue 17); the fields above are the push (box → cloud). */
  down: ChannelStatusSchema,
}).openapi('SyncStatus');

const status = defineRoute('sync.read', { method: 'get', path: '/sync/status', tags: ['sync'], summary: 'Cloud sync both ways: the push (queue depth, oldest unsent change, last success and error) and, under `down`, the channel (cursor, lag, refusals, last error)', responses: { 200: jsonContent(SyncStatus) } });

export function syncRoutes({ services, authorize }: RouteDeps) {
  return newRouter().openapi(status, (c) => {
    authorize(c, status);
    return c.json({ ...services.sync.status(), down: services.inbox.status() }, 200);
  });
}
