import { z } from '@hono/zod-openapi';

const ms = z.number().int().nullable();

/** The "down" half of GET /sync/status: the cloud → box channel. */
export const ChannelStatusSchema = z.object({
  configured: z.boolean(),
  cursor: z.number().int(),
  head: z.number().int(),
  lag: z.number().int(),
  lastPollAt: ms,
  lastAppliedAt: ms,
  lastMessageAgeSeconds: z.number().int().nullable(),
  unacked: z.number().int(),
  refused: z.number().int(),
  lastRefused: z.object({
    seq: z.number().int(), messageId: z.string(), kind: z.string(), outcome: z.enum(['applied', 'refused']),
    code: z.string().nullable(), message: z.string().nullable(), at: z.number().int(),
  }).nullable(),
  resyncs: z.number().int(),
  lastResyncAt: ms,
  lastError: z.string().nullable(),
  lastErrorAt: ms,
  consecutiveFailures: z.number().int(),
  centralMenu: z.object({
    publicationId: z.string().nullable(), menuVersion: z.number().int().nullable(), appliedAt: ms, managedFields: z.array(z.string()),
  }).nullable(),
  restoreCatchup: z.object({
    epoch: z.number().int(),
    forkedFrom: z.object({ epoch: z.number().int(), seq: z.number().int() }),
    state: z.enum(['pending', 'applied']),
    parts: z.number().int().nullable(),
    partsApplied: z.number().int(),
    orders: z.number().int(),
    inserted: z.number().int(),
    replaced: z.number().int(),
    present: z.number().int(),
    keptBox: z.number().int(),
    unresolved: z.array(z.object({ orderId: z.string().nullable(), reason: z.string() })),
    appliedAt: ms,
  }).nullable().openapi({ description: 'After a restore: the catch-up of what the box lost, pending until the cloud\'s parts for this epoch are applied (null: never restored)' }),
}).openapi('ChannelStatus');
