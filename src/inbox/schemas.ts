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
}).openapi('ChannelStatus');
