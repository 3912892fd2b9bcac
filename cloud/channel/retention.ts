/**
 * Retention of the channel's log: messages older than CHANNEL_RETENTION_DAYS (default 30) are
 * dropped hourly; a box whose cursor falls behind that gets a resync answer instead of a gap.
 */
import type { Logger } from 'pino';
import type { CloudDb } from '../db.js';
import { pruneMessages } from './log.js';
import { startPeriodic } from '../periodic.js';

const HOUR = 3_600_000;

export function retentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const days = Number(env.CHANNEL_RETENTION_DAYS ?? 30);
  return Number.isFinite(days) && days > 0 ? days : 30;
}

/** Prunes 10 s after start, then every hour; returns the stop function. */
export function startChannelRetention(db: CloudDb, logger: Logger, days = retentionDays()): () => void {
  return startPeriodic(() => pruneMessages(db, Date.now() - days * 24 * HOUR)
    .then((n) => { if (n > 0) logger.info({ dropped: n, days }, 'channel: pruned messages past retention'); })
    .catch((err: unknown) => logger.warn({ err }, 'channel: pruning failed; retrying in an hour')), { firstAfterMs: 10_000, everyMs: HOUR });
}
