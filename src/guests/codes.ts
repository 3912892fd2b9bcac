/**
 * The table codes the cloud checks (issue 19, cloud path): for each table, the digest of its
 * current token, kept in `table_qr.digest` and pushed up as the `table_qr` sync entity. The box
 * keeps the key; the cloud gets only digests, so it can recognise a genuine current code but
 * never make one. A rotation writes the new digest in its own command (so the cloud refuses the
 * old code from the next push); a table made since gets its digest from `pushMissing`, run at start
 * and on the box's 10-second guest timer.
 */
import { and, eq, isNull, or } from 'drizzle-orm';
import { diningTables, tableQr } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { TABLE_QR_ENTITY, tableTokenDigest } from '../../sync/guest-messages.js';
import { signTableToken } from './token.js';

/** Writes the table's current digest at `version` and queues it for the cloud. */
export function pushTableCode(ctx: CommandContext, key: Buffer, tableId: string, version: number, rotated?: { by: string | null }): void {
  const digest = tableTokenDigest(signTableToken(key, tableId, version));
  const set = rotated ? { version, digest, rotatedAt: ctx.now, rotatedBy: rotated.by } : { version, digest };
  ctx.tx.insert(tableQr).values({ tableId, version, digest, rotatedAt: ctx.now, rotatedBy: rotated?.by ?? null })
    .onConflictDoUpdate({ target: tableQr.tableId, set }).run();
  ctx.change(TABLE_QR_ENTITY, { id: tableId, tableId, version, digest });
}

/** Tables whose current digest the cloud has not been sent: no row yet (version 1), or a row from before the cloud path. */
export function tablesWithoutDigest(db: DbLike): Array<{ tableId: string; version: number }> {
  return db.select({ tableId: diningTables.id, version: tableQr.version }).from(diningTables)
    .leftJoin(tableQr, eq(tableQr.tableId, diningTables.id))
    .where(or(isNull(tableQr.tableId), and(eq(tableQr.tableId, diningTables.id), isNull(tableQr.digest)))).all()
    .map((r) => ({ tableId: r.tableId, version: r.version ?? 1 }));
}
