/**
 * Retention (issue 21): what the webhook tables and the idempotency keys keep, and for how long.
 * Without it every delivery, its log and its event would stay for ever — at a hundred subscribers a
 * busy restaurant makes tens of thousands of rows a day.
 *
 * - Delivered deliveries (and their log) after WEBHOOK_KEEP_DAYS (30) from delivery; a dead letter
 *   after WEBHOOK_KEEP_DEAD_DAYS (90) from its death — unless replayed, which makes it delivered, and
 *   then it goes 30 days after the replay. Pending ones are never pruned (they die within 24 h).
 * - An event once dispatched, older than WEBHOOK_KEEP_DAYS and with no delivery left pointing at it.
 * - The central menu's Idempotency-Key answers after IDEMPOTENCY_KEY_KEEP_DAYS (7): a retry comes
 *   within minutes; a week covers a client that was offline over a weekend.
 *
 * Run by the worker (worker.ts prune), per organisation and inside its row-level security, in
 * batches of `batch` rows, each its own short transaction, so pruning never holds locks that ingest
 * or the worker's passes wait on for long; at most `maxBatches` per table and run, the rest next run.
 */
import type { CloudDb } from '../db.js';
import { PRUNE_IDEMPOTENCY_KEYS } from '../menus/idempotency.js';
import { withOrganisation } from '../tenant.js';

export interface RetentionSettings {
  keepDays: number;
  keepDeadDays: number;
  idempotencyKeyDays: number;
  /** Rows per batch (1,000). */
  batch?: number;
  /** Batches per table and run (50). */
  maxBatches?: number;
}

export const DEFAULT_RETENTION: RetentionSettings = { keepDays: 30, keepDeadDays: 90, idempotencyKeyDays: 7 };

const DAY_MS = 86_400_000;

/** From the environment (documented in docs/cloud.md#webhooks); a missing or unusable value keeps its default. */
export function retentionFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionSettings {
  const days = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return env[name] !== undefined && env[name] !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    keepDays: days('WEBHOOK_KEEP_DAYS', DEFAULT_RETENTION.keepDays),
    keepDeadDays: days('WEBHOOK_KEEP_DEAD_DAYS', DEFAULT_RETENTION.keepDeadDays),
    idempotencyKeyDays: days('IDEMPOTENCY_KEY_KEEP_DAYS', DEFAULT_RETENTION.idempotencyKeyDays),
  };
}

export interface Pruned { delivered: number; dead: number; events: number; idempotencyKeys: number }

/** Deletes in batches with `statement` ($1 organisation, $2 cutoff, $3 batch) until a batch comes back short. */
async function inBatches(db: CloudDb, organisationId: string, statement: string, cutoff: number, batch: number, maxBatches: number): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await withOrganisation(db, organisationId, async (q) => (await q.query(statement, [organisationId, cutoff, batch])).rowCount);
    total += n;
    if (n < batch) break;
  }
  return total;
}

const DELIVERED = `DELETE FROM webhook_deliveries WHERE organisation_id = $1 AND id IN (
  SELECT id FROM webhook_deliveries WHERE organisation_id = $1 AND status = 'delivered' AND delivered_at < $2 ORDER BY delivered_at LIMIT $3)`;
// A test ping whose send never came back has no dead_at: it counts from its creation.
const DEAD = `DELETE FROM webhook_deliveries WHERE organisation_id = $1 AND id IN (
  SELECT id FROM webhook_deliveries WHERE organisation_id = $1 AND status = 'dead' AND COALESCE(dead_at, created_at) < $2 ORDER BY COALESCE(dead_at, created_at) LIMIT $3)`;
const EVENTS = `DELETE FROM webhook_events WHERE organisation_id = $1 AND id IN (
  SELECT e.id FROM webhook_events e WHERE e.organisation_id = $1 AND e.dispatched AND e.recorded_at < $2
    AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.organisation_id = $1 AND d.event_id = e.id)
  ORDER BY e.recorded_at LIMIT $3)`;

/** One organisation's prune at `now`; deliveries before events, so that the events they free go in the same run. */
export async function pruneOrganisation(db: CloudDb, organisationId: string, now: number, settings: RetentionSettings): Promise<Pruned> {
  const batch = settings.batch ?? 1000;
  const maxBatches = settings.maxBatches ?? 50;
  const delivered = await inBatches(db, organisationId, DELIVERED, now - settings.keepDays * DAY_MS, batch, maxBatches);
  const dead = await inBatches(db, organisationId, DEAD, now - settings.keepDeadDays * DAY_MS, batch, maxBatches);
  const events = await inBatches(db, organisationId, EVENTS, now - settings.keepDays * DAY_MS, batch, maxBatches);
  const idempotencyKeys = await inBatches(db, organisationId, PRUNE_IDEMPOTENCY_KEYS, now - settings.idempotencyKeyDays * DAY_MS, batch, maxBatches);
  return { delivered, dead, events, idempotencyKeys };
}
