import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The box's side of cloud sync (issue 6, architecture §6): one row (id = 1). `epoch` is this box's
 * current epoch; `ackSeq`/`ackTxId` are the last change the cloud acknowledged (the change log
 * holds only what comes after). A restore from backup brings back an old ack, which the push
 * worker notices against the cloud's watermark and answers with a new epoch. `cloudUrl` and
 * `credential` are set by `npm run cli -- sync configure` (the CLOUD_* settings override them).
 *
 * Issue 15: `boxId` is this box's identity, minted at first start and sent with every request, so
 * the cloud can tell a second box on the same credential from this one (a restored backup keeps
 * it: it is the same box). `epoch` values are time-based (see Outbox.startNewEpoch) so a new one
 * is one the cloud has never seen. `forkEpoch`/`forkSeq` say where the current epoch's history
 * branched off (the epoch and last seq the file held when the new epoch started): the cloud lists
 * what it holds after that point as lost by the restore. `epochStartedAt`/`epochReason` are for
 * the status page. After a restore the box raises its daily order counters above the numbers the
 * cloud holds (`orderNumbersEpoch` records that it did, for the current epoch), so a number the
 * lost orders had is not given again.
 */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  cloudUrl: text('cloud_url'),
  credential: text('credential'),
  epoch: integer('epoch').notNull().default(1),
  ackSeq: integer('ack_seq').notNull().default(0),
  ackTxId: text('ack_tx_id'),
  lastSuccessAt: integer('last_success_at'),
  lastErrorAt: integer('last_error_at'),
  lastError: text('last_error'),
  lastErrorCode: text('last_error_code'),
  boxId: text('box_id'),
  forkEpoch: integer('fork_epoch'),
  forkSeq: integer('fork_seq'),
  /**
   * The box whose epoch `forkEpoch` is (issue 22): this box's own identity after a restore on it,
   * the dead box's after a replacement restored its backup (and took an identity of its own). The
   * cloud finds the epoch the history continues by it, across the location's devices.
   */
  forkBoxId: text('fork_box_id'),
  epochStartedAt: integer('epoch_started_at'),
  epochReason: text('epoch_reason'),
  /** The epoch for which the order counters were raised above the cloud's numbers (after a restore). */
  orderNumbersEpoch: integer('order_numbers_epoch'),
  updatedAt: integer('updated_at').notNull(),
});
