/**
 * `sync.stalled` and `sync.resumed` (issue 21). A box pushes only when it has changes, but it
 * long-polls the channel all day, so "the cloud has not heard from the box" is the silence worth
 * telling an owner about: the internet is down at the restaurant, or the box is off. Every box
 * request that authenticates notes the contact (at most every 30 s per location, in memory first);
 * the worker's stall check raises `sync.stalled` once per silence longer than WEBHOOK_STALL_MINUTES,
 * and `sync.resumed` when the box is heard again. Events are recorded in the same transaction as
 * the mark on `sync_contacts`, so each is raised once.
 */
import type { CloudDb } from '../db.js';
import { enterOrganisation, type Tenant } from '../tenant.js';
import { insertEvents } from './record.js';

const WRITE_EVERY_MS = 30_000;
const lastWritten = new WeakMap<CloudDb, Map<string, number>>();

function written(db: CloudDb): Map<string, number> {
  let m = lastWritten.get(db);
  if (!m) lastWritten.set(db, m = new Map());
  return m;
}

/** Notes that the location's box reached the cloud. Never fails the request it rides on. */
export async function noteContact(db: CloudDb, tenant: Tenant, now = Date.now()): Promise<void> {
  const m = written(db);
  if (now - (m.get(tenant.locationId) ?? -Infinity) < WRITE_EVERY_MS) return;
  m.set(tenant.locationId, now);
  await db.query(`INSERT INTO sync_contacts (location_id, organisation_id, last_contact_at) VALUES ($1, $2, $3)
    ON CONFLICT (location_id) DO UPDATE SET last_contact_at = GREATEST(sync_contacts.last_contact_at, excluded.last_contact_at)`,
  [tenant.locationId, tenant.organisationId, now]).catch(() => { m.delete(tenant.locationId); });
}

interface ContactRow { location_id: string; organisation_id: string; last_contact_at: number; stalled_at: number | null; name: string }

/** Raises the stall and resume events that are due; returns the organisations that got one. */
export async function checkStalls(db: CloudDb, now: number, stallAfterMs: number): Promise<string[]> {
  const { rows } = await db.query<ContactRow>(`SELECT c.location_id, c.organisation_id, c.last_contact_at, c.stalled_at, l.name FROM sync_contacts c
    JOIN locations l ON l.id = c.location_id
    WHERE (c.stalled_at IS NULL AND c.last_contact_at < $1) OR (c.stalled_at IS NOT NULL AND c.last_contact_at > c.stalled_at)`, [now - stallAfterMs]);
  const orgs = new Set<string>();
  for (const r of rows) {
    const stalling = r.stalled_at === null;
    await db.transaction(async (q) => {
      // As the connecting role (sync_contacts is directory data), guarded so two checkers raise it once.
      const marked = stalling
        ? await q.query('UPDATE sync_contacts SET stalled_at = $2 WHERE location_id = $1 AND stalled_at IS NULL AND last_contact_at = $3', [r.location_id, now, r.last_contact_at])
        : await q.query('UPDATE sync_contacts SET stalled_at = NULL WHERE location_id = $1 AND stalled_at = $2', [r.location_id, r.stalled_at]);
      if (marked.rowCount === 0) return;
      await enterOrganisation(q, r.organisation_id);
      const location = { id: r.location_id, name: r.name, currency: null };
      await insertEvents(q, r.organisation_id, [stalling
        ? { type: 'sync.stalled', dedupeKey: `sync.stalled:${r.location_id}:${r.last_contact_at}`, locationId: r.location_id,
          payload: { location, lastContactAt: r.last_contact_at, silentForMinutes: Math.floor((now - r.last_contact_at) / 60_000) } }
        : { type: 'sync.resumed', dedupeKey: `sync.resumed:${r.location_id}:${r.stalled_at}`, locationId: r.location_id,
          payload: { location, stalledAt: r.stalled_at, lastContactAt: r.last_contact_at } }], now);
      orgs.add(r.organisation_id);
    });
    // The box's next request must be noted at once, so that its return is seen without the 30 s wait.
    if (stalling) written(db).delete(r.location_id);
  }
  return [...orgs];
}
