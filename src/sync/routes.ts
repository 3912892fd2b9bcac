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
  /**
   * The online-booking times this box sends the cloud (issue 20): when the cloud last took them and
   * the last refusal. While they are refused, the public page sells from the last times it took.
   */
  onlineBooking: z.object({
    offered: z.boolean(),
    lastSentAt: z.number().int().nullable(),
    consecutiveFailures: z.number().int(),
    lastError: z.string().nullable(),
    lastErrorCode: z.string().nullable(),
    lastErrorAt: z.number().int().nullable(),
  }),
  /** The encrypted off-box copy of the backups (issue 22). */
  offbox: z.object({
    keyed: z.boolean(),
    last: z.object({ backupName: z.string(), takenAt: z.number().int(), completedAt: z.number().int(), bytes: z.number().int() }).nullable(),
    ageSeconds: z.number().int().nullable(),
    uploading: z.object({ backupName: z.string(), chunksDone: z.number().int(), chunkCount: z.number().int() }).nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.number().int().nullable(),
  }),
}).openapi('SyncStatus');

const status = defineRoute('sync.read', { method: 'get', path: '/sync/status', tags: ['sync'], summary: 'Cloud sync both ways: the push (queue depth, oldest unsent change, last success and error), under `down` the channel (cursor, lag, refusals, last error), under `onlineBooking` the times sent for online booking (last taken, last refusal), and under `offbox` the encrypted off-box copy of the backups (last copy, age, upload under way)', responses: { 200: jsonContent(SyncStatus) } });

export function syncRoutes({ services, authorize }: RouteDeps) {
  return newRouter().openapi(status, (c) => {
    authorize(c, status);
    return c.json({ ...services.sync.status(), down: services.inbox.status(), onlineBooking: services.allotment.status(), offbox: services.sync.offbox() }, 200);
  });
}
