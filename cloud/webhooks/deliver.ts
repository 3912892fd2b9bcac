/**
 * Deliveries (issue 21): fan an organisation's new events out to its subscriptions, claim the due
 * ones, and record what each attempt got. Every statement runs as brigade_service inside
 * withOrganisation, so row-level security keeps each organisation's events, subscriptions and log
 * to itself.
 *
 * At least once, with a stable id: a claim sets a lease (and counts the attempt) and commits before
 * the request leaves; the outcome is recorded after. A worker that dies in between leaves the lease
 * to expire, and the next claim sends the same delivery — same id, same body — again. A receiver
 * that de-duplicates on the id (`Brigade-Delivery`, and `id` in the body) sees it once.
 */
import { uuidV7Ids } from '../../src/lib/clock.js';
import type { CloudDb, Queryable } from '../db.js';
import { withOrganisation } from '../tenant.js';
import { nextAttemptAt } from './backoff.js';
import { jsonBody, slackBody, type StoredEvent } from './format.js';
import { sendWebhook, type SendResult } from './send.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';

export type Trigger = 'auto' | 'replay' | 'test';

/** A delivery claimed for sending, with all it needs to be sent. */
export interface Claim {
  organisationId: string;
  id: string;
  subscriptionId: string;
  attempt: number;
  createdAt: number;
  url: string;
  format: 'json' | 'slack';
  secrets: string[];
  event: StoredEvent;
}

export interface DeliverySettings {
  timeoutMs: number;
  allowPrivate: boolean;
  /** How long past the send's deadline a claim stays leased before another worker may send it again. */
  leaseMarginMs: number;
}

interface ClaimRow {
  id: string; subscription_id: string; attempts: number; created_at: number; url: string; format: 'json' | 'slack';
  secret: string; previous_secret: string | null; previous_secret_expires_at: number | null;
  event_id: string; location_id: string | null; type: string; recorded_at: number; payload: StoredEvent['payload'];
}

const CLAIM_COLUMNS = `d.id, d.subscription_id, d.attempts, d.created_at, s.url, s.format, s.secret, s.previous_secret, s.previous_secret_expires_at,
  e.id AS event_id, e.location_id, e.type, e.recorded_at, e.payload`;
const CLAIM_JOIN = `FROM webhook_deliveries d
  JOIN webhook_subscriptions s ON s.organisation_id = d.organisation_id AND s.id = d.subscription_id
  JOIN webhook_events e ON e.organisation_id = d.organisation_id AND e.id = d.event_id`;

function toClaim(organisationId: string, r: ClaimRow, now: number): Claim {
  const secrets = [r.secret];
  if (r.previous_secret && (r.previous_secret_expires_at ?? 0) > now) secrets.push(r.previous_secret);
  return {
    organisationId, id: r.id, subscriptionId: r.subscription_id, attempt: r.attempts, createdAt: r.created_at, url: r.url, format: r.format, secrets,
    event: { id: r.event_id, organisationId, locationId: r.location_id, type: r.type, recordedAt: r.recorded_at, payload: r.payload },
  };
}

interface SubscriptionRow {
  id: string; url: string; format: 'json' | 'slack'; active: boolean; events: string[]; location_ids: string[] | null; starts_after_event: number;
  secret: string; previous_secret: string | null; previous_secret_expires_at: number | null;
}
interface DueRow { id: string; subscription_id: string; event_id: string; attempts: number; created_at: number; next_attempt_at: number }
interface EventRow { seq: number; id: string; location_id: string | null; type: string; recorded_at: number; payload: StoredEvent['payload'] }

/** What one pass may take: free slots, and each subscription's share. */
export interface ClaimLimits {
  /** How many deliveries may be leased now (the worker's free slots for this organisation). */
  budget: number;
  /** Sends this worker has in flight per subscription. */
  busy: ReadonlyMap<string, number>;
  /** In flight at most for any one subscription, so one slow receiver cannot take every slot. */
  perSubscription: number;
  /** Undispatched events fanned out in one pass at most (fewer when the free slots are fewer). */
  fanOutLimit: number;
}

export interface ClaimedWork {
  claims: Claim[];
  /** Events fanned out in this pass. */
  events: number;
  /** Deliveries made in this pass. */
  deliveries: number;
  /** Something is left that this pass could not take (slots, a subscription's share, more events): pass again when a send ends. */
  more: boolean;
}

const MAX_INT = 2_147_483_647;

/**
 * One pass for an organisation, in ONE transaction: lease the deliveries that are due (retries, and
 * whatever an earlier pass had no slot for), then fan the new events out into deliveries — leasing
 * at once those the free slots and each subscription's share allow, the rest left pending and due.
 * A fresh event therefore goes from the outbox to the wire in one transaction; each event's payload
 * and each subscription's secrets are read once per pass, not once per delivery.
 */
export async function claimWork(db: CloudDb, organisationId: string, now: number, limits: ClaimLimits, settings: DeliverySettings): Promise<ClaimedWork> {
  const leaseUntil = now + settings.timeoutMs + settings.leaseMarginMs;
  const perSubscription = Math.min(MAX_INT, limits.perSubscription);
  return withOrganisation(db, organisationId, async (q) => {
    const busyIds = [...limits.busy.keys()];
    const busyCounts = busyIds.map((id) => limits.busy.get(id)!);
    // One statement, one round trip: due ones first (oldest first, each subscription up to its share;
    // SKIP LOCKED so two workers never wait on each other, and the lease checked again on the locked
    // row), the new events marked dispatched as they are read, the due ones' events, and — when there
    // is anything to send — the subscriptions with their secrets.
    const { rows: [read] } = await q.query<{ fan_limit: number; due: DueRow[]; fresh: EventRow[]; due_events: EventRow[]; subs: SubscriptionRow[] | null }>(
      `WITH due AS (
        UPDATE webhook_deliveries d SET leased_until = $3, attempts = d.attempts + 1
        FROM (
          SELECT r.id, r.next_attempt_at FROM (
            SELECT w.id, w.subscription_id, w.next_attempt_at, row_number() OVER (PARTITION BY w.subscription_id ORDER BY w.next_attempt_at, w.id) AS rank
            FROM (
              SELECT d2.id, d2.subscription_id, d2.next_attempt_at FROM webhook_deliveries d2
              JOIN webhook_subscriptions s ON s.organisation_id = d2.organisation_id AND s.id = d2.subscription_id AND s.active
              WHERE d2.organisation_id = $1 AND d2.status = 'pending' AND d2.next_attempt_at <= $2 AND (d2.leased_until IS NULL OR d2.leased_until <= $2)
                AND NOT EXISTS (SELECT 1 FROM unnest($5::text[], $6::int[]) AS b(sub, n) WHERE b.sub = d2.subscription_id AND b.n >= $7)
              ORDER BY d2.next_attempt_at LIMIT $8 FOR UPDATE OF d2 SKIP LOCKED
            ) w
          ) r
          LEFT JOIN unnest($5::text[], $6::int[]) AS b(sub, n) ON b.sub = r.subscription_id
          WHERE r.rank <= $7 - COALESCE(b.n, 0)
          ORDER BY r.next_attempt_at LIMIT $4
        ) pick
        WHERE d.organisation_id = $1 AND d.id = pick.id AND d.status = 'pending' AND (d.leased_until IS NULL OR d.leased_until <= $2)
        RETURNING d.id, d.subscription_id, d.event_id, d.attempts, d.created_at, pick.next_attempt_at
      ), fan AS (
        -- As many new events as the free slots can send now (at least one while any slot is free): the
        -- rest wait in the outbox, whose index stays small, rather than as thousands of due deliveries
        -- that every later pass would scan past.
        SELECT CASE WHEN $4 - (SELECT count(*) FROM due) <= 0 THEN 0
          ELSE LEAST($9, GREATEST(1, ($4 - (SELECT count(*) FROM due)) / GREATEST(1, (SELECT count(*) FROM webhook_subscriptions WHERE organisation_id = $1 AND active)))) END AS lim
      ), fresh AS (
        UPDATE webhook_events e SET dispatched = true
        WHERE e.organisation_id = $1 AND NOT e.dispatched AND e.id IN (
          SELECT id FROM webhook_events WHERE organisation_id = $1 AND NOT dispatched ORDER BY seq LIMIT (SELECT lim FROM fan) FOR UPDATE SKIP LOCKED)
        RETURNING e.seq, e.id, e.location_id, e.type, e.recorded_at, e.payload
      )
      SELECT (SELECT lim FROM fan)::int AS fan_limit, (SELECT COALESCE(json_agg(due), '[]') FROM due) AS due,
        (SELECT COALESCE(json_agg(fresh), '[]') FROM fresh) AS fresh,
        (SELECT COALESCE(json_agg(e), '[]') FROM (SELECT seq, id, location_id, type, recorded_at, payload FROM webhook_events
          WHERE organisation_id = $1 AND id IN (SELECT event_id FROM due)) e) AS due_events,
        CASE WHEN EXISTS (SELECT 1 FROM due) OR EXISTS (SELECT 1 FROM fresh) THEN (SELECT json_agg(s) FROM (
          SELECT id, url, format, active, events, location_ids, starts_after_event, secret, previous_secret, previous_secret_expires_at
          FROM webhook_subscriptions WHERE organisation_id = $1) s) END AS subs`,
      [organisationId, now, leaseUntil, Math.max(0, limits.budget), busyIds, busyCounts, perSubscription, Math.max(0, limits.budget) * 4, limits.fanOutLimit]);
    const due = read!.due;
    const fresh = read!.fresh.sort((a, b) => a.seq - b.seq);
    // Took as many events as it might: more may be waiting in the outbox.
    const outboxLeft = fresh.length >= read!.fan_limit;
    if (due.length === 0 && fresh.length === 0) return { claims: [], events: 0, deliveries: 0, more: outboxLeft && read!.fan_limit === 0 };
    const subs = new Map((read!.subs ?? []).map((s) => [s.id, s]));
    const events = new Map([...read!.due_events, ...fresh].map((e) => [e.id, e]));

    // One StoredEvent per event, shared by its deliveries (format.ts serialises its payload once).
    const stored = new Map<string, StoredEvent>();
    const storedEvent = (e: EventRow): StoredEvent => {
      let s = stored.get(e.id);
      if (!s) stored.set(e.id, s = { id: e.id, organisationId, locationId: e.location_id, type: e.type, recordedAt: e.recorded_at, payload: e.payload });
      return s;
    };
    const claimOf = (id: string, sub: SubscriptionRow, event: EventRow, attempt: number, createdAt: number): Claim => {
      const secrets = [sub.secret];
      if (sub.previous_secret && (sub.previous_secret_expires_at ?? 0) > now) secrets.push(sub.previous_secret);
      return { organisationId, id, subscriptionId: sub.id, attempt, createdAt, url: sub.url, format: sub.format, secrets, event: storedEvent(event) };
    };

    const claims: Claim[] = [];
    const taken = new Map(limits.busy);
    for (const d of due.sort((a, b) => a.next_attempt_at - b.next_attempt_at)) {
      const sub = subs.get(d.subscription_id);
      const event = events.get(d.event_id);
      // Paused or deleted since: its lease runs out and it waits (paused) or is gone (deleted).
      if (!sub?.active || !event) continue;
      taken.set(sub.id, (taken.get(sub.id) ?? 0) + 1);
      claims.push(claimOf(d.id, sub, event, d.attempts, d.created_at));
    }

    // Fan out: a delivery per (matching active subscription, event); leased now while slots and shares last.
    let room = limits.budget - due.length;
    let leftPending = false;
    const made: Array<{ id: string; sub: string; event: string; attempts: number; leased: number | null }> = [];
    const toSend = new Map<string, Claim>();
    const active = [...subs.values()].filter((s) => s.active);
    for (const e of fresh) {
      for (const s of active) {
        if (e.seq <= s.starts_after_event || !s.events.includes(e.type)) continue;
        if (s.location_ids && (!e.location_id || !s.location_ids.includes(e.location_id))) continue;
        const id = uuidV7Ids.next();
        const share = taken.get(s.id) ?? 0;
        if (room > 0 && share < perSubscription) {
          room--;
          taken.set(s.id, share + 1);
          made.push({ id, sub: s.id, event: e.id, attempts: 1, leased: leaseUntil });
          toSend.set(id, claimOf(id, s, e, 1, now));
        } else {
          leftPending = true;
          made.push({ id, sub: s.id, event: e.id, attempts: 0, leased: null });
        }
      }
    }
    let deliveries = 0;
    if (made.length > 0) {
      const { rows } = await q.query<{ id: string }>(`INSERT INTO webhook_deliveries (organisation_id, id, subscription_id, event_id, created_at, next_attempt_at, attempts, leased_until)
        SELECT $1, x.id, x.sub, x.event, $2, $2, x.attempts, x.leased FROM jsonb_to_recordset($3::jsonb) AS x(id text, sub text, event text, attempts integer, leased bigint)
        ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`, [organisationId, now, JSON.stringify(made)]);
      deliveries = rows.length;
      for (const r of rows) {
        const claim = toSend.get(r.id);
        if (claim) claims.push(claim);
      }
    }
    const capped = [...taken.values()].some((n) => n >= perSubscription);
    return { claims, events: fresh.length, deliveries, more: leftPending || outboxLeft || due.length >= limits.budget || capped };
  });
}

async function lease(q: Queryable, organisationId: string, ids: string[], now: number, settings: DeliverySettings): Promise<Claim[]> {
  if (ids.length === 0) return [];
  await q.query(`UPDATE webhook_deliveries SET leased_until = $3, attempts = attempts + 1 WHERE organisation_id = $1 AND id = ANY ($2::text[])`,
    [organisationId, ids, now + settings.timeoutMs + settings.leaseMarginMs]);
  const { rows } = await q.query<ClaimRow>(`SELECT ${CLAIM_COLUMNS} ${CLAIM_JOIN} WHERE d.organisation_id = $1 AND d.id = ANY ($2::text[]) ORDER BY d.next_attempt_at`, [organisationId, ids]);
  return rows.map((r) => toClaim(organisationId, r, now));
}

/** Leases one delivery now, whatever its status (a replay or a test); null when it does not exist, 'busy' when a send is under way. */
export async function claimOne(db: CloudDb, organisationId: string, deliveryId: string, now: number, settings: DeliverySettings): Promise<Claim | null | 'busy'> {
  return withOrganisation(db, organisationId, async (q) => {
    const { rows } = await q.query<{ leased_until: number | null }>('SELECT leased_until FROM webhook_deliveries WHERE organisation_id = $1 AND id = $2 FOR UPDATE', [organisationId, deliveryId]);
    if (!rows[0]) return null;
    if (rows[0].leased_until !== null && rows[0].leased_until > now) return 'busy';
    return (await lease(q, organisationId, [deliveryId], now, settings))[0] ?? null;
  });
}

/** The exact bytes and headers of a claim's request, signed at `now`. */
export function request(claim: Claim, now: number): { body: string; headers: Record<string, string> } {
  const body = claim.format === 'slack' ? slackBody(claim.event) : jsonBody(claim.id, claim.event);
  return {
    body,
    headers: {
      [SIGNATURE_HEADER]: signatureHeader(claim.secrets, Math.floor(now / 1000), body),
      'brigade-delivery': claim.id,
      'brigade-event': claim.event.type,
      'brigade-attempt': String(claim.attempt),
    },
  };
}

export async function send(claim: Claim, now: number, settings: DeliverySettings): Promise<SendResult> {
  const { body, headers } = request(claim, now);
  return sendWebhook(claim.url, body, headers, settings);
}

export interface Outcome { claim: Claim; result: SendResult; at: number; random: number }

/**
 * The worker's own attempts, many at once (one transaction and one statement per organisation rather
 * than a transaction per delivery: at a fan-out to a hundred subscribers this is most of the
 * database's work). Delivered on
 * a 2xx; otherwise the next try (backoff), or dead after 24 h. A delivery whose subscription was
 * deleted meanwhile is skipped.
 */
export async function recordOutcomes(db: CloudDb, organisationId: string, outcomes: readonly Outcome[]): Promise<Array<'delivered' | 'pending' | 'dead'>> {
  const rows = outcomes.map(({ claim, result, at, random }) => {
    const nextAt = result.ok ? null : nextAttemptAt(claim.createdAt, at, claim.attempt, random);
    const status = result.ok ? 'delivered' : nextAt === null ? 'dead' : 'pending';
    return { id: claim.id, n: claim.attempt, at, ms: result.durationMs, code: result.statusCode, error: result.error,
      excerpt: result.excerpt?.replace(/\u0000/g, '') ?? null, status, next: nextAt };
  });
  // One statement: the deliveries moved on, and their attempts logged (only for deliveries that still exist).
  await withOrganisation(db, organisationId, (q) => q.query(`WITH x AS (
      SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(id text, n integer, at bigint, ms integer, code integer, error text, excerpt text, status text, next bigint)
    ), moved AS (
      UPDATE webhook_deliveries d SET status = x.status, leased_until = NULL, last_status_code = x.code, last_error = x.error,
        next_attempt_at = COALESCE(x.next, d.next_attempt_at),
        delivered_at = CASE WHEN x.status = 'delivered' THEN COALESCE(d.delivered_at, x.at) ELSE d.delivered_at END,
        dead_at = CASE WHEN x.status = 'dead' THEN COALESCE(d.dead_at, x.at) ELSE NULL END
      FROM x WHERE d.organisation_id = $1 AND d.id = x.id
      RETURNING d.id
    )
    INSERT INTO webhook_attempts (organisation_id, delivery_id, number, trigger, attempted_at, duration_ms, status_code, error, response_excerpt)
    SELECT $1, x.id, x.n, 'auto', x.at, x.ms, x.code, x.error, x.excerpt FROM x JOIN moved ON moved.id = x.id ORDER BY x.id`, [organisationId, JSON.stringify(rows)]));
  return rows.map((r) => r.status as 'delivered' | 'pending' | 'dead');
}

/**
 * Writes an attempt to the log and moves the delivery on: delivered on a 2xx; otherwise, for the
 * worker's own attempts, the next try (backoff) or dead after 24 h; a test ping is tried once; a
 * replay that fails leaves the delivery as it was.
 */
export async function recordOutcome(db: CloudDb, claim: Claim, result: SendResult, trigger: Trigger, now: number, random: number): Promise<'delivered' | 'pending' | 'dead' | 'gone'> {
  return withOrganisation(db, claim.organisationId, async (q) => {
    const exists = await q.query<{ status: string }>('SELECT status FROM webhook_deliveries WHERE organisation_id = $1 AND id = $2 FOR UPDATE', [claim.organisationId, claim.id]);
    if (!exists.rows[0]) return 'gone'; // its subscription was deleted meanwhile
    await q.query(`INSERT INTO webhook_attempts (organisation_id, delivery_id, number, trigger, attempted_at, duration_ms, status_code, error, response_excerpt)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [claim.organisationId, claim.id, claim.attempt, trigger, now, result.durationMs, result.statusCode, result.error, result.excerpt?.replace(/\u0000/g, '') ?? null]);
    const status = exists.rows[0].status;
    let next: 'delivered' | 'pending' | 'dead';
    let nextAt: number | null = null;
    if (result.ok) next = 'delivered';
    else if (trigger === 'test') next = 'dead';
    else if (trigger === 'replay') next = status as 'pending' | 'delivered' | 'dead';
    else {
      nextAt = nextAttemptAt(claim.createdAt, now, claim.attempt, random);
      next = nextAt === null ? 'dead' : 'pending';
    }
    await q.query(`UPDATE webhook_deliveries SET status = $3, leased_until = NULL, last_status_code = $4, last_error = $5,
        next_attempt_at = COALESCE($6, next_attempt_at), delivered_at = CASE WHEN $3 = 'delivered' THEN COALESCE(delivered_at, $7) ELSE delivered_at END,
        dead_at = CASE WHEN $3 = 'dead' THEN COALESCE(dead_at, $7) ELSE NULL END
      WHERE organisation_id = $1 AND id = $2`,
    [claim.organisationId, claim.id, next, result.statusCode, result.error, nextAt, now]);
    return next;
  });
}
