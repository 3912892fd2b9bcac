import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The box's side of cloud sync (issue 6, architecture §6): one row (id = 1). `epoch` is this box's
 * current epoch; `ackSeq`/`ackTxId` are the last change the cloud acknowledged (the change log
 * holds only what comes after). A restore from backup brings back an old ack, which the push
 * worker notices against the cloud's watermark and answers with a new epoch. `cloudUrl` and
 * `credential` are set by `npm run cli -- sync configure` (the CLOUD_* settings override them).
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
  updatedAt: integer('updated_at').notNull(),
});
