/**
 * The per-location message log of the cloud → box channel (issue 17): append (inside the caller's
 * transaction, so the message commits with the change that caused it), read after a cursor, take
 * acknowledgements, prune past retention. Every statement runs as brigade_service with the
 * location set, so row-level security keeps each location's log to itself.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import type { AckEntry, ChannelMessage, MessagesAnswer } from '../../sync/channel-protocol.js';
import type { CloudDb, Queryable } from '../db.js';
import { SERVICE_ROLE, withTenant, type Tenant } from '../tenant.js';
import { notifierFor } from './notifier.js';

/**
 * Kinds whose latest message is the location's current state (a menu document replaces the one
 * before): retention never drops the latest of these, and a resync sends it.
 */
export const STATE_KINDS: readonly string[] = ['menu.publish', 'loyalty.programme'];

/**
 * Kinds a resync sends again whole (every one the log still holds after the box's cursor): a
 * restore catch-up is not state, but a box restored from an old backup resyncs, and jumping its
 * cursor to the head must not skip the catch-up sent for that very restore. Applying one twice
 * inserts nothing twice (src/inbox/restore-catchup.ts). A platform order likewise: a resync must not
 * skip an order the box never saw (nor its cancellation), and the box knows each by its platform order id (issue 21). An
 * online booking and its cancellation likewise (issue 20): the box knows each booking by its id.
 */
export const REPLAY_ON_RESYNC_KINDS: readonly string[] = ['restore.catchup', 'delivery.order', 'delivery.cancel', 'reservation.online', 'reservation.online_cancel'];

export interface Place { locationId: string; organisationId: string }
export interface NewMessage { kind: string; schemaVersion: number; payload: unknown; id?: string }

const MS = `(extract(epoch from created_at) * 1000)::bigint`;
const COLUMNS = `id, seq, kind, schema_version AS "schemaVersion", ${MS} AS "createdAt", payload`;

/** Puts the open transaction in `place`'s tenant scope (RLS) for what follows. */
async function scope(q: Queryable, place: Place): Promise<void> {
  await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
  await q.query("SELECT set_config('app.location_id', $1, true)", [place.locationId]);
}

/**
 * Appends a message to `place`'s log inside the caller's transaction, and leaves that transaction
 * scoped to `place` (write the caller's own rows first). Returns the message's seq. Call
 * `notifyCommitted` after COMMIT to wake the box's poll at once.
 */
export async function appendMessage(q: Queryable, place: Place, message: NewMessage): Promise<{ id: string; seq: number }> {
  await scope(q, place);
  await q.query('INSERT INTO channel_heads (location_id, organisation_id) VALUES ($1, $2) ON CONFLICT (location_id) DO NOTHING',
    [place.locationId, place.organisationId]);
  // The row lock taken here is held to COMMIT: one location's messages commit in seq order.
  const { rows } = await q.query<{ last_seq: number }>(
    'UPDATE channel_heads SET last_seq = last_seq + 1, updated_at = now() WHERE location_id = $1 RETURNING last_seq', [place.locationId]);
  const seq = rows[0]!.last_seq;
  const id = message.id ?? uuidV7Ids.next();
  await q.query(`INSERT INTO channel_messages (location_id, organisation_id, seq, id, kind, schema_version, payload)
    VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
  [place.locationId, place.organisationId, seq, id, message.kind, message.schemaVersion, JSON.stringify(message.payload)]);
  return { id, seq };
}

/** Wakes the polls of these locations (after the transaction that appended to them committed). */
export function notifyCommitted(db: CloudDb, locationIds: Iterable<string>): void {
  notifierFor(db).notify(locationIds);
}

/** Appends messages in one transaction and wakes the boxes once it committed. */
export async function publishMessages(db: CloudDb, items: ReadonlyArray<{ place: Place; message: NewMessage }>): Promise<Array<{ id: string; seq: number }>> {
  const out = await db.transaction(async (q) => {
    const done: Array<{ id: string; seq: number }> = [];
    for (const item of items) done.push(await appendMessage(q, item.place, item.message));
    return done;
  });
  notifyCommitted(db, new Set(items.map((i) => i.place.locationId)));
  return out;
}

interface HeadRow { last_seq: number; pruned_through: number }

/**
 * What the box gets after its cursor: the next messages in order, or — when the cursor is below
 * what retention kept, or ahead of the log (the cloud was restored) — a resync: the location's
 * current state and the head to move the cursor to.
 */
export async function readMessages(db: CloudDb, tenant: Tenant, after: number, limit: number): Promise<MessagesAnswer> {
  return withTenant(db, tenant, async (q) => {
    const head = (await q.query<HeadRow>('SELECT last_seq, pruned_through FROM channel_heads WHERE location_id = $1', [tenant.locationId])).rows[0]
      ?? { last_seq: 0, pruned_through: 0 };
    if (after < head.pruned_through || after > head.last_seq) {
      const { rows } = await q.query<ChannelMessage>(`SELECT ${COLUMNS} FROM channel_messages m WHERE location_id = $1 AND (
          (kind = ANY($2::text[]) AND seq = (SELECT max(seq) FROM channel_messages k WHERE k.location_id = m.location_id AND k.kind = m.kind))
          OR (kind = ANY($3::text[]) AND seq > $4)) ORDER BY seq`,
      [tenant.locationId, STATE_KINDS, REPLAY_ON_RESYNC_KINDS, Math.min(after, head.last_seq)]);
      return { resync: true, head: head.last_seq, messages: rows };
    }
    const { rows } = await q.query<ChannelMessage>(`SELECT ${COLUMNS} FROM channel_messages WHERE location_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [tenant.locationId, after, limit]);
    return { resync: false, head: head.last_seq, messages: rows };
  });
}

/** Records the box's outcomes. A seq that is not this location's changes nothing. The box's latest word wins (a restored box re-applies). */
export async function ackMessages(db: CloudDb, tenant: Tenant, acks: readonly AckEntry[]): Promise<number> {
  return withTenant(db, tenant, async (q) => {
    const r = await q.query(`UPDATE channel_messages m SET status = a.status, applied_at = to_timestamp(a.at / 1000.0), acked_by = $3,
        error_code = a.code, error_message = a.message
      FROM jsonb_to_recordset($1::jsonb) AS a(seq bigint, status text, at bigint, code text, message text)
      WHERE m.location_id = $2 AND m.seq = a.seq`,
    [JSON.stringify(acks.map((a) => ({ ...a, code: a.code ?? null, message: a.message ?? null }))), tenant.locationId, tenant.deviceId]);
    return r.rowCount;
  });
}

/**
 * Drops messages older than `before` (epoch ms) — except each location's latest message of a
 * state kind, which a resync still needs — and raises each location's pruned_through. Run by the
 * service's retention timer.
 */
export async function pruneMessages(db: CloudDb, before: number): Promise<number> {
  const { rows: places } = await db.query<{ location_id: string; organisation_id: string }>('SELECT id AS location_id, organisation_id FROM locations');
  let dropped = 0;
  for (const p of places) {
    dropped += await db.transaction(async (q) => {
      await scope(q, { locationId: p.location_id, organisationId: p.organisation_id });
      const { rows } = await q.query<{ n: number; max_seq: number | null }>(`WITH gone AS (
          DELETE FROM channel_messages m WHERE location_id = $1 AND created_at < to_timestamp($2 / 1000.0)
            AND NOT (kind = ANY($3::text[]) AND seq = (SELECT max(seq) FROM channel_messages k WHERE k.location_id = m.location_id AND k.kind = m.kind))
          RETURNING seq)
        SELECT count(*)::int AS n, max(seq) AS max_seq FROM gone`, [p.location_id, before, STATE_KINDS]);
      const r = rows[0]!;
      if (r.max_seq !== null) {
        await q.query('UPDATE channel_heads SET pruned_through = GREATEST(pruned_through, $2), updated_at = now() WHERE location_id = $1', [p.location_id, r.max_seq]);
      }
      return r.n;
    });
  }
  return dropped;
}
