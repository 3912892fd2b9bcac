import { and, eq } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema.js';
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';

/**
 * Stored results for commands keyed by an `Idempotency-Key` header. Looked up and written inside the
 * command's own transaction, so two racing requests with one key produce one row and one answer.
 */
export function replayed<T>(ctx: CommandContext, scope: string, key: string, hash: string): T | undefined {
  const row = ctx.tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))).get();
  if (!row) return undefined;
  if (row.requestHash !== hash) {
    throw new AppError('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used with a different request. Use a new key for a new payment.', { key });
  }
  return JSON.parse(row.response) as T;
}

export function remember(ctx: CommandContext, scope: string, key: string, hash: string, status: number, response: unknown): void {
  ctx.tx.insert(idempotencyKeys).values({ scope, key, requestHash: hash, status, response: JSON.stringify(response), createdAt: ctx.now }).run();
}
