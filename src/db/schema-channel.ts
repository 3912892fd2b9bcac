import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The box's end of the cloud → box channel (issue 17), one row (id = 1). `cursor` is the seq of
 * the last message applied (or refused): it lives in the same file and moves in the same
 * transaction as what the message changed, so a restored backup re-applies exactly what it lost.
 * `head` is the cloud's last seq as last seen (the lag is head − cursor).
 */
export const channelState = sqliteTable('channel_state', {
  id: integer('id').primaryKey(),
  cursor: integer('cursor').notNull().default(0),
  head: integer('head').notNull().default(0),
  lastPollAt: integer('last_poll_at'),
  lastAppliedAt: integer('last_applied_at'),
  /** When the cloud committed the last message applied (UTC ms): now − this is the delivery delay. */
  lastMessageCreatedAt: integer('last_message_created_at'),
  lastErrorAt: integer('last_error_at'),
  lastError: text('last_error'),
  resyncs: integer('resyncs').notNull().default(0),
  lastResyncAt: integer('last_resync_at'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * What the box did with each message: applied or refused (with the code and reason), written in
 * the message's own transaction. `ackedAt` is set once the cloud took the acknowledgement; rows
 * without it are sent again (acks are idempotent).
 */
export const channelInbox = sqliteTable('channel_inbox', {
  seq: integer('seq').primaryKey(),
  messageId: text('message_id').notNull(),
  kind: text('kind').notNull(),
  schemaVersion: integer('schema_version').notNull(),
  outcome: text('outcome', { enum: ['applied', 'refused'] }).notNull(),
  code: text('code'),
  message: text('message'),
  at: integer('at').notNull(),
  ackedAt: integer('acked_at'),
}, (t) => [index('channel_inbox_unacked').on(t.ackedAt)]);

/**
 * The menu managed in the cloud (issue 17), one row (id = 1) once a publish landed. `managedFields`
 * lists the item fields the cloud owns here (edits on the box answer CENTRALLY_MANAGED). A location
 * set to "local menu" in the cloud gets no publishes and a `menu.release`, which empties the list.
 */
export const centralMenu = sqliteTable('central_menu', {
  id: integer('id').primaryKey(),
  publicationId: text('publication_id'),
  menuVersion: integer('menu_version'),
  appliedAt: integer('applied_at'),
  managedFields: text('managed_fields', { mode: 'json' }).$type<string[]>().notNull(),
  updatedAt: integer('updated_at').notNull(),
});
