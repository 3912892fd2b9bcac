/**
 * The organisation's webhook subscriptions and their delivery log (issue 21). Every statement runs
 * inside withOrganisation (brigade_service, app.organisation_id), so another organisation's rows
 * are neither seen nor written, whatever id is asked for.
 */
import { AppError } from '../../src/errors.js';
import type { Viewer } from '../auth/reader.js';
import { assertLocations } from '../auth/reader.js';
import type { CloudDb, Queryable } from '../db.js';
import { withOrganisation } from '../tenant.js';
import { WEBHOOK_EVENT_TYPES, isWebhookEvent } from './events.js';
import type { CreateSubscriptionInput, UpdateSubscriptionInput } from './schemas.js';
import { newSecret } from './signature.js';
import { urlProblem } from './url-policy.js';

/** A retried create (same id, same request) answers the first, secret included, within this time. */
const RETRY_WINDOW_MS = 60 * 60_000;

export interface SubscriptionView {
  id: string;
  url: string;
  description: string;
  events: string[];
  locationIds: string[] | null;
  format: 'json' | 'slack';
  active: boolean;
  createdAt: number;
  updatedAt: number;
  previousSecretExpiresAt: number | null;
  deliveries: { pending: number; delivered: number; dead: number };
}

interface Row {
  id: string; url: string; description: string; events: string[]; location_ids: string[] | null; format: 'json' | 'slack'; active: boolean;
  created_at: number; updated_at: number; previous_secret_expires_at: number | null; secret: string;
  pending: number | null; delivered: number | null; dead: number | null;
}

const SELECT = `SELECT s.id, s.url, s.description, s.events, s.location_ids, s.format, s.active, s.created_at, s.updated_at, s.previous_secret_expires_at, s.secret,
    c.pending, c.delivered, c.dead
  FROM webhook_subscriptions s
  LEFT JOIN (SELECT subscription_id, count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
      count(*) FILTER (WHERE status = 'dead')::int AS dead FROM webhook_deliveries WHERE organisation_id = current_setting('app.organisation_id', true) GROUP BY subscription_id) c
    ON c.subscription_id = s.id
  WHERE s.organisation_id = current_setting('app.organisation_id', true)`;

function view(r: Row, now: number): SubscriptionView {
  return {
    id: r.id, url: r.url, description: r.description, events: r.events, locationIds: r.location_ids, format: r.format, active: r.active,
    createdAt: r.created_at, updatedAt: r.updated_at,
    previousSecretExpiresAt: r.previous_secret_expires_at !== null && r.previous_secret_expires_at > now ? r.previous_secret_expires_at : null,
    deliveries: { pending: r.pending ?? 0, delivered: r.delivered ?? 0, dead: r.dead ?? 0 },
  };
}

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/** 400 for an event name that is not in the catalogue, naming the known ones. */
function checkEvents(events: readonly string[]): void {
  const i = events.findIndex((e) => !isWebhookEvent(e));
  if (i >= 0) throw invalid(`events.${i}`, `There is no event "${events[i]}". Known events: ${WEBHOOK_EVENT_TYPES.join(', ')}.`);
}

function checkUrl(url: string, allowPrivate: boolean): void {
  const problem = urlProblem(url, allowPrivate);
  if (problem) throw invalid('url', problem);
}

async function readRow(q: Queryable, id: string): Promise<Row | undefined> {
  return (await q.query<Row>(`${SELECT} AND s.id = $1`, [id])).rows[0];
}

const notFound = (id: string) => new AppError('NOT_FOUND', `No webhook subscription ${id} in your organisation.`, { id });

export interface Settings { allowPrivate: boolean }

export async function createSubscription(db: CloudDb, viewer: Viewer, input: CreateSubscriptionInput, id: string, now: number, settings: Settings): Promise<{ subscription: SubscriptionView; secret: string; created: boolean }> {
  checkUrl(input.url, settings.allowPrivate);
  checkEvents(input.events);
  if (input.locationIds) assertLocations(viewer, input.locationIds);
  return withOrganisation(db, viewer.organisationId, async (q) => {
    const existing = await readRow(q, id);
    if (existing) {
      const same = existing.url === input.url && existing.format === input.format && existing.events.join() === input.events.join();
      if (!same || now - existing.created_at > RETRY_WINDOW_MS) throw new AppError('DUPLICATE', `A webhook subscription with id ${id} exists already; make a new id for a new subscription.`, { id });
      return { subscription: view(existing, now), secret: existing.secret, created: false };
    }
    const secret = newSecret();
    // No back-fill: the subscription receives events recorded from now on.
    await q.query(`INSERT INTO webhook_subscriptions (organisation_id, id, url, description, events, location_ids, format, active, secret, starts_after_event, created_by, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT COALESCE(max(seq), 0) FROM webhook_events WHERE organisation_id = $1), $10, $11, $11)
      ON CONFLICT DO NOTHING`,
    [viewer.organisationId, id, input.url, input.description, input.events, input.locationIds, input.format, input.active, secret, viewer.accountId, now]);
    const row = await readRow(q, id);
    if (!row || row.secret !== secret) throw new AppError('DUPLICATE', `The id ${id} is taken; make a new id for a new subscription.`, { id });
    return { subscription: view(row, now), secret, created: true };
  });
}

export async function listSubscriptions(db: CloudDb, organisationId: string, now: number): Promise<SubscriptionView[]> {
  return withOrganisation(db, organisationId, async (q) => (await q.query<Row>(`${SELECT} ORDER BY s.created_at, s.id`)).rows.map((r) => view(r, now)));
}

export async function getSubscription(db: CloudDb, organisationId: string, id: string, now: number): Promise<SubscriptionView> {
  return withOrganisation(db, organisationId, async (q) => {
    const row = await readRow(q, id);
    if (!row) throw notFound(id);
    return view(row, now);
  });
}

export async function updateSubscription(db: CloudDb, viewer: Viewer, id: string, input: UpdateSubscriptionInput, now: number, settings: Settings): Promise<SubscriptionView> {
  if (input.url !== undefined) checkUrl(input.url, settings.allowPrivate);
  if (input.events !== undefined) checkEvents(input.events);
  if (input.locationIds) assertLocations(viewer, input.locationIds);
  return withOrganisation(db, viewer.organisationId, async (q) => {
    const r = await q.query(`UPDATE webhook_subscriptions SET url = COALESCE($3, url), events = COALESCE($4, events), format = COALESCE($5, format),
        description = COALESCE($6, description), location_ids = CASE WHEN $7 THEN $8::text[] ELSE location_ids END, active = COALESCE($9, active), updated_at = $10
      WHERE organisation_id = $1 AND id = $2`,
    [viewer.organisationId, id, input.url ?? null, input.events ?? null, input.format ?? null, input.description ?? null,
      input.locationIds !== undefined, input.locationIds ?? null, input.active ?? null, now]);
    if (r.rowCount === 0) throw notFound(id);
    return view((await readRow(q, id))!, now);
  });
}

/** Deletes the subscription with its deliveries and their log; events already recorded stay for the others. */
export async function deleteSubscription(db: CloudDb, organisationId: string, id: string): Promise<void> {
  await withOrganisation(db, organisationId, async (q) => {
    const r = await q.query('DELETE FROM webhook_subscriptions WHERE organisation_id = $1 AND id = $2', [organisationId, id]);
    if (r.rowCount === 0) throw notFound(id);
  });
}

/** A new secret, shown once; the previous one keeps signing beside it for `overlapHours`. */
export async function rotateSecret(db: CloudDb, organisationId: string, id: string, overlapHours: number, now: number): Promise<{ secret: string; previousSecretExpiresAt: number | null }> {
  const secret = newSecret();
  const until = overlapHours > 0 ? now + overlapHours * 3_600_000 : null;
  await withOrganisation(db, organisationId, async (q) => {
    const r = await q.query(`UPDATE webhook_subscriptions SET previous_secret = CASE WHEN $4::bigint IS NULL THEN NULL ELSE secret END,
        previous_secret_expires_at = $4, secret = $3, updated_at = $5 WHERE organisation_id = $1 AND id = $2`, [organisationId, id, secret, until, now]);
    if (r.rowCount === 0) throw notFound(id);
  });
  return { secret, previousSecretExpiresAt: until };
}
