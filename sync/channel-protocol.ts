/**
 * The cloud → box channel (issue 17), shared by both ends. The box long-polls
 * `GET /sync/messages?after=<cursor>&wait=<seconds>` with its device credential and acknowledges
 * with `POST /sync/messages/ack`.
 *
 * A message is `{ id, seq, kind, schemaVersion, createdAt, payload }`: `seq` counts from 1 per
 * location with no holes, `kind` names what the box should do (`menu.publish`…), and
 * `schemaVersion` is the version of that kind's payload. A box refuses (and acknowledges as
 * refused, with a code) a kind or version it does not know — the channel never jams.
 */
import { z } from 'zod';

export const MESSAGES_PATH = '/sync/messages';
export const ACK_PATH = '/sync/messages/ack';

/** Longest wait a box may ask for; proxies commonly cut idle requests at 60 s. */
export const MAX_WAIT_SECONDS = 55;
export const MAX_MESSAGES_PER_ANSWER = 500;
export const MAX_ACKS = 1000;

export const channelMessage = z.object({
  id: z.string().min(1).max(100),
  seq: z.number().int().positive(),
  kind: z.string().min(1).max(64),
  schemaVersion: z.number().int().positive(),
  /** When the cloud committed it (UTC epoch ms). */
  createdAt: z.number().int(),
  payload: z.unknown(),
});
export type ChannelMessage = z.infer<typeof channelMessage>;

/**
 * The answer to a poll. Normally `messages` are those after the cursor, in seq order (empty when
 * the wait ran out). With `resync: true` the cursor was older than the cloud keeps: `messages`
 * then hold the current state (e.g. the latest menu), and the box applies them and moves its
 * cursor to `head` in one transaction.
 */
export const messagesAnswer = z.object({
  resync: z.boolean(),
  /** The location's last seq when the answer was made. */
  head: z.number().int().min(0),
  messages: z.array(channelMessage),
});
export type MessagesAnswer = z.infer<typeof messagesAnswer>;

export const ackEntry = z.object({
  seq: z.number().int().positive(),
  status: z.enum(['applied', 'refused']),
  /** When the box applied or refused it (UTC epoch ms). */
  at: z.number().int(),
  code: z.string().max(64).nullish(),
  message: z.string().max(1000).nullish(),
});
export type AckEntry = z.infer<typeof ackEntry>;

export const ackRequest = z.object({ acks: z.array(ackEntry).min(1).max(MAX_ACKS) }).strict();
export const ackAnswer = z.object({ updated: z.number().int() });
