/**
 * Retry safety for owners' writes to the central menu (`Idempotency-Key`). The key, a hash of the
 * request and the answer are stored in the SAME transaction as the write, so a cloud killed after
 * COMMIT but before answering gives the first answer to the retry instead of writing again.
 * The key row is inserted first: a second request with the same key waits on it (unique index)
 * until the first commits, then reads its answer — two racing requests make one write.
 * Everything runs in the organisation's RLS scope (migration 0009): one organisation's key can
 * never find another's answer, even with the same key text.
 */
import crypto from 'node:crypto';
import type { Context } from 'hono';
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { withOrganisation } from '../tenant.js';

const KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;

/** The request's `Idempotency-Key`; 400 IDEMPOTENCY_KEY_REQUIRED when `required` and absent, or when malformed. */
export function idempotencyKey(c: Context, required: boolean): string | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined && !required) return undefined;
  if (key === undefined || !KEY.test(key)) {
    throw new AppError('IDEMPOTENCY_KEY_REQUIRED', `Send an Idempotency-Key header (8–128 characters: letters, digits, _ - : .), new for each ${required ? 'publish' : 'change'} and the same on a retry.`);
  }
  return key;
}

export interface Answer<T> { status: number; body: T }

/**
 * Runs `write` in one transaction, remembering its answer under `key` (when given) for the
 * organisation. The same key and request again → the first answer, nothing written; the same key
 * with another request → 422 IDEMPOTENCY_KEY_REUSED. A write that throws stores nothing.
 */
export async function idempotent<T>(db: CloudDb, scope: { organisationId: string; accountId: string; key: string | undefined; request: unknown },
  write: (q: Queryable) => Promise<Answer<T>>): Promise<Answer<T> & { replayed: boolean }> {
  const { key } = scope;
  if (key === undefined) return { ...(await withOrganisation(db, scope.organisationId, write)), replayed: false };
  const hash = crypto.createHash('sha256').update(JSON.stringify(scope.request)).digest('hex');
  return withOrganisation(db, scope.organisationId, async (q) => {
    const claimed = await q.query(`INSERT INTO menu_idempotency_keys (organisation_id, key, request_hash, account_id) VALUES ($1, $2, $3, $4)
      ON CONFLICT (organisation_id, key) DO NOTHING RETURNING key`, [scope.organisationId, key, hash, scope.accountId]);
    if (claimed.rows.length === 0) {
      const first = (await q.query<{ request_hash: string; status: number; response: T }>(
        'SELECT request_hash, status, response FROM menu_idempotency_keys WHERE organisation_id = $1 AND key = $2', [scope.organisationId, key])).rows[0]!;
      if (first.request_hash !== hash) {
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; send a new key for a new change.', { key });
      }
      return { status: first.status, body: first.response, replayed: true };
    }
    const answer = await write(q);
    // The write may have added a location's scope (appendMessage); the organisation's stays set.
    await q.query('UPDATE menu_idempotency_keys SET status = $3, response = $4::jsonb WHERE organisation_id = $1 AND key = $2',
      [scope.organisationId, key, answer.status, JSON.stringify(answer.body)]);
    return { ...answer, replayed: false };
  });
}

/**
 * Retention of the keys (cloud/webhooks/retention.ts runs it, per organisation, in batches): a key is
 * only useful while its request may still be retried. $1 organisation, $2 cutoff (epoch ms), $3 batch.
 */
export const PRUNE_IDEMPOTENCY_KEYS = `DELETE FROM menu_idempotency_keys WHERE organisation_id = $1 AND key IN (
  SELECT key FROM menu_idempotency_keys WHERE organisation_id = $1 AND created_at < to_timestamp($2::bigint / 1000.0) ORDER BY created_at LIMIT $3)`;
