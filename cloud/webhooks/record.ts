/**
 * Records webhook events inside the ingest transaction (issue 21; architecture §6): the events
 * commit with the synced facts that caused them, or not at all (an outbox — no dual write), and a
 * replayed batch records nothing twice (each event has a dedupe key). Recording is all the ingest
 * does: fan-out and delivery belong to the worker (worker.ts), so a slow receiver never touches a
 * push.
 *
 * Cost: one indexed read of the organisation's subscriptions per batch; nothing more unless some
 * active subscription of this location wants an event this batch can cause. Then, per entity
 * concerned, one read of the stored rows before the batch is applied (which ids are new, what their
 * status was) and one after (what they are now), and one insert of the events.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import type { ApplyRow } from '../apply.js';
import type { EntityMapping } from '../entities.js';
import type { Queryable } from '../db.js';
import type { Tenant } from '../tenant.js';
import type { WebhookEventType } from './events.js';

/** What makes an event of a synced row: the row is new to the cloud, or its status became one of these. */
interface Rule {
  type: WebhookEventType;
  entity: string;
  when: 'new' | { statusBecomes: readonly string[] };
}

const RULES: readonly Rule[] = [
  { type: 'order.created', entity: 'order', when: 'new' },
  { type: 'order.closed', entity: 'order', when: { statusBecomes: ['completed', 'canceled'] } },
  { type: 'payment.received', entity: 'payment', when: 'new' },
  { type: 'refund.issued', entity: 'refund', when: 'new' },
  { type: 'line.voided', entity: 'line_void', when: 'new' },
  { type: 'stock.alert', entity: 'stock_alert', when: { statusBecomes: ['open'] } },
  { type: 'z_report.closed', entity: 'z_report', when: 'new' },
  // Reservations as boxes sync them (the `reservation` entity, issue 20), online bookings included
  // once their box applied them. Both spellings of cancelled are accepted.
  { type: 'reservation.made', entity: 'reservation', when: 'new' },
  { type: 'reservation.cancelled', entity: 'reservation', when: { statusBecomes: ['cancelled', 'canceled'] } },
];

export interface NewEvent {
  type: string;
  dedupeKey: string;
  payload: unknown;
  locationId: string | null;
}

/** Inserts events for one organisation in the open transaction (scoped to it); returns how many were new. */
export async function insertEvents(q: Queryable, organisationId: string, events: readonly NewEvent[], now: number): Promise<number> {
  if (events.length === 0) return 0;
  const rows = events.map((e) => ({ id: uuidV7Ids.next(), type: e.type, key: e.dedupeKey, location: e.locationId, payload: e.payload }));
  const r = await q.query(`INSERT INTO webhook_events (organisation_id, id, location_id, type, dedupe_key, payload, recorded_at)
    SELECT $1, x.id, x.location, x.type, x.key, x.payload, $2 FROM jsonb_to_recordset($3::jsonb) AS x(id text, location text, type text, key text, payload jsonb)
    ORDER BY x.id
    ON CONFLICT (organisation_id, dedupe_key) DO NOTHING`, [organisationId, now, JSON.stringify(rows)]);
  return r.rowCount;
}

/** Puts the open transaction in the organisation's scope too (the location's stays). */
async function organisationScope(q: Queryable, organisationId: string): Promise<void> {
  await q.query("SELECT set_config('app.organisation_id', $1, true)", [organisationId]);
}

/** The event types some active subscription wants from this location. */
async function wantedTypes(q: Queryable, tenant: Tenant): Promise<Set<string>> {
  const { rows } = await q.query<{ type: string }>(`SELECT DISTINCT unnest(events) AS type FROM webhook_subscriptions
    WHERE organisation_id = $1 AND active AND (location_ids IS NULL OR $2 = ANY (location_ids))`, [tenant.organisationId, tenant.locationId]);
  return new Set(rows.map((r) => r.type));
}

interface Watch { mapping: EntityMapping; rules: Rule[]; ids: string[]; before: Map<string, string | null> }

async function statuses(q: Queryable, tenant: Tenant, m: EntityMapping, ids: string[]): Promise<Map<string, { status: string | null; version: number; row: Record<string, unknown>; deleted: boolean }>> {
  const { rows } = await q.query<{ id: string; status: string | null; version: number; row: Record<string, unknown>; deleted: boolean }>(
    `SELECT id, row->>'status' AS status, version, row, deleted FROM ${m.table} WHERE location_id = $1 AND id = ANY ($2::text[])`, [tenant.locationId, ids]);
  return new Map(rows.map((r) => [r.id, r]));
}

export interface EventRecorder {
  /** After the batch is applied: records its events. Returns how many. */
  record(): Promise<number>;
}

/**
 * Before the batch is applied: notes what the cloud holds of the rows that may cause events. Null
 * when no subscription of the organisation wants anything from this batch (the usual case).
 */
export async function prepareWebhookEvents(q: Queryable, tenant: Tenant, byEntity: ReadonlyMap<EntityMapping, readonly ApplyRow[]>): Promise<EventRecorder | null> {
  await organisationScope(q, tenant.organisationId);
  const wanted = await wantedTypes(q, tenant);
  if (wanted.size === 0) return null;
  const watches: Watch[] = [];
  for (const [mapping, rows] of byEntity) {
    const rules = RULES.filter((r) => r.entity === mapping.entity && wanted.has(r.type));
    if (rules.length === 0) continue;
    const ids = [...new Set(rows.filter((r) => !r.d).map((r) => r.id))];
    const held = await statuses(q, tenant, mapping, ids);
    watches.push({ mapping, rules, ids, before: new Map([...held].map(([id, r]) => [id, r.status])) });
  }
  if (watches.length === 0) return null;
  return {
    async record() {
      const place = await restaurantOf(q, tenant);
      const events: NewEvent[] = [];
      for (const w of watches) {
        const after = await statuses(q, tenant, w.mapping, w.ids);
        for (const id of w.ids) {
          const now = after.get(id);
          if (!now || now.deleted) continue;
          const existed = w.before.has(id);
          for (const rule of w.rules) {
            const key = rule.when === 'new' ? `${rule.type}:${tenant.locationId}:${id}` : `${rule.type}:${tenant.locationId}:${id}:${now.version}`;
            const fires = rule.when === 'new'
              ? !existed
              : rule.when.statusBecomes.includes(now.status ?? '') && !rule.when.statusBecomes.includes(w.before.get(id) ?? '');
            if (fires) events.push({ type: rule.type, dedupeKey: key, locationId: tenant.locationId, payload: { entity: w.mapping.entity, location: place, object: now.row } });
          }
        }
      }
      await nameIngredients(q, tenant, events);
      return insertEvents(q, tenant.organisationId, events, Date.now());
    },
  };
}

/** The location as a receiver reads it: its id, and the restaurant's name and currency as the box synced them. */
async function restaurantOf(q: Queryable, tenant: Tenant): Promise<{ id: string; name: string | null; currency: string | null }> {
  const { rows } = await q.query<{ name: string | null; currency: string | null }>('SELECT name, currency FROM restaurants WHERE location_id = $1 AND NOT deleted LIMIT 1', [tenant.locationId]);
  return { id: tenant.locationId, name: rows[0]?.name ?? null, currency: rows[0]?.currency ?? null };
}

/** A stock alert names its ingredient only by id: add the name, so a receiver (or a Slack line) can say what ran low. */
async function nameIngredients(q: Queryable, tenant: Tenant, events: NewEvent[]): Promise<void> {
  const alerts = events.filter((e) => e.type === 'stock.alert');
  if (alerts.length === 0) return;
  const objectOf = (e: NewEvent) => (e.payload as { object: Record<string, unknown> }).object;
  const ids = [...new Set(alerts.map((e) => String(objectOf(e).ingredientId)))];
  const { rows } = await q.query<{ id: string; name: string | null }>('SELECT id, name FROM ingredients WHERE location_id = $1 AND id = ANY ($2::text[])', [tenant.locationId, ids]);
  const names = new Map(rows.map((r) => [r.id, r.name]));
  for (const e of alerts) {
    const object = objectOf(e);
    object.ingredientName = names.get(String(object.ingredientId)) ?? null;
  }
}
