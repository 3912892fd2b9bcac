/**
 * The box's side of the channel on the cloud: a long-poll for messages after a cursor and the
 * acknowledgements of what it applied or refused. Both authenticate with the device credential
 * (the same as ingest) before reading anything; the location comes from the credential only, so a
 * location id in the query is never read.
 */
import fs from 'node:fs';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { ACK_PATH, MAX_MESSAGES_PER_ANSWER, MAX_WAIT_SECONDS, MESSAGES_PATH, ackRequest } from '../../sync/channel-protocol.js';
import type { CloudDb } from '../db.js';
import { authenticateBox } from '../box-identity.js';
import { BOX_ID_HEADER } from '../../sync/protocol.js';
import type { Logger } from 'pino';
import { ackMessages, readMessages } from './log.js';
import { notifierFor } from './notifier.js';
import { settleOnlineBookings } from '../booking/settle.js';

/** A poll re-reads the log at least this often, for messages written by another process. */
const RECHECK_MS = 1000;

/**
 * Test hook (fault tests only): CLOUD_TEST_PAUSE_AT=after-ack makes the ack route write
 * CLOUD_TEST_PAUSE_FILE once the acknowledgements are committed and never answer, so a test can
 * SIGKILL the cloud between its commit and its answer.
 */
async function pauseAfterAck(): Promise<void> {
  const file = process.env.CLOUD_TEST_PAUSE_FILE;
  if (process.env.CLOUD_TEST_PAUSE_AT !== 'after-ack' || !file) return;
  fs.writeFileSync(file, 'after-ack');
  await new Promise<void>(() => {});
}

const bearer = (c: Context) => {
  const h = c.req.header('authorization') ?? '';
  return h.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

const pollQuery = z.object({
  after: z.coerce.number().int().min(0),
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_MESSAGES_PER_ANSWER).default(MAX_MESSAGES_PER_ANSWER),
});

function invalid(error: z.ZodError): AppError {
  return new AppError('VALIDATION_FAILED', 'The request is not valid; see details.',
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

export function createChannelRoutes(db: CloudDb, logger: Logger): Hono {
  const app = new Hono();
  const notifier = notifierFor(db);

  app.get(MESSAGES_PATH, async (c) => {
    const tenant = await authenticateBox(db, bearer(c), c.req.header(BOX_ID_HEADER), logger);
    const parsed = pollQuery.safeParse({ after: c.req.query('after'), wait: c.req.query('wait') ?? undefined, limit: c.req.query('limit') ?? undefined });
    if (!parsed.success) throw invalid(parsed.error);
    const { after, wait, limit } = parsed.data;
    const deadline = Date.now() + wait * 1000;
    const signal = c.req.raw.signal;
    notifier.heard(tenant.locationId);
    for (;;) {
      // Subscribed before reading: a message that commits between the read and the wait still wakes us.
      const waiter = notifier.subscribe(tenant.locationId);
      const answer = await readMessages(db, tenant, after, limit);
      const left = deadline - Date.now();
      if (answer.messages.length > 0 || answer.resync || left <= 0 || signal.aborted) {
        waiter.cancel();
        if (!signal.aborted) notifier.heard(tenant.locationId);
        return c.json(answer);
      }
      await waiter.wait(Math.min(left, RECHECK_MS), signal);
    }
  });

  app.post(ACK_PATH, async (c) => {
    const tenant = await authenticateBox(db, bearer(c), c.req.header(BOX_ID_HEADER), logger);
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new AppError('MALFORMED_JSON', 'The acknowledgements are not valid JSON.');
    }
    const parsed = ackRequest.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error);
    const updated = await ackMessages(db, tenant, parsed.data.acks);
    // Online bookings are confirmed (or refused) by these very acknowledgements (issue 20).
    await settleOnlineBookings(db, tenant);
    await pauseAfterAck();
    return c.json({ updated });
  });

  return app;
}
