/** The delivery log of a subscription (issue 21): each delivery, its status and every attempt with its response code and timing. */
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { withOrganisation } from '../tenant.js';

export interface AttemptView {
  number: number;
  trigger: 'auto' | 'replay' | 'test';
  attemptedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseExcerpt: string | null;
}

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  createdAt: number;
  nextAttemptAt: number | null;
  deliveredAt: number | null;
  deadAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  log: AttemptView[];
}

interface Row {
  id: string; subscription_id: string; event_id: string; type: string; status: DeliveryView['status']; attempts: number; created_at: number;
  next_attempt_at: number; delivered_at: number | null; dead_at: number | null; last_status_code: number | null; last_error: string | null;
}

async function attemptsOf(q: Queryable, ids: string[]): Promise<Map<string, AttemptView[]>> {
  const { rows } = await q.query<AttemptView & { delivery_id: string }>(`SELECT delivery_id, number, trigger, attempted_at AS "attemptedAt", duration_ms AS "durationMs",
      status_code AS "statusCode", error, response_excerpt AS "responseExcerpt"
    FROM webhook_attempts WHERE organisation_id = current_setting('app.organisation_id', true) AND delivery_id = ANY ($1::text[]) ORDER BY id`, [ids]);
  const out = new Map<string, AttemptView[]>();
  for (const { delivery_id: id, ...a } of rows) {
    let list = out.get(id);
    if (!list) out.set(id, list = []);
    list.push(a);
  }
  return out;
}

const SELECT = `SELECT d.id, d.subscription_id, d.event_id, e.type, d.status, d.attempts, d.created_at, d.next_attempt_at, d.delivered_at, d.dead_at,
    d.last_status_code, d.last_error
  FROM webhook_deliveries d JOIN webhook_events e ON e.organisation_id = d.organisation_id AND e.id = d.event_id
  WHERE d.organisation_id = current_setting('app.organisation_id', true)`;

function views(rows: Row[], log: Map<string, AttemptView[]>): DeliveryView[] {
  return rows.map((r) => ({
    id: r.id, subscriptionId: r.subscription_id, eventId: r.event_id, type: r.type, status: r.status, attempts: r.attempts, createdAt: r.created_at,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null, deliveredAt: r.delivered_at, deadAt: r.dead_at,
    lastStatusCode: r.last_status_code, lastError: r.last_error, log: log.get(r.id) ?? [],
  }));
}

/** The subscription's newest deliveries (optionally of one status), each with its attempts. */
export async function listDeliveries(db: CloudDb, organisationId: string, subscriptionId: string, query: { status?: string; limit: number }): Promise<DeliveryView[]> {
  return withOrganisation(db, organisationId, async (q) => {
    const exists = await q.query('SELECT 1 FROM webhook_subscriptions WHERE organisation_id = $1 AND id = $2', [organisationId, subscriptionId]);
    if (exists.rowCount === 0) throw new AppError('NOT_FOUND', `No webhook subscription ${subscriptionId} in your organisation.`, { id: subscriptionId });
    const { rows } = await q.query<Row>(`${SELECT} AND d.subscription_id = $1 AND ($2::text IS NULL OR d.status = $2) ORDER BY d.created_at DESC, d.id DESC LIMIT $3`,
      [subscriptionId, query.status ?? null, query.limit]);
    return views(rows, await attemptsOf(q, rows.map((r) => r.id)));
  });
}

export async function getDelivery(db: CloudDb, organisationId: string, id: string): Promise<DeliveryView> {
  return withOrganisation(db, organisationId, async (q) => {
    const { rows } = await q.query<Row>(`${SELECT} AND d.id = $1`, [id]);
    if (!rows[0]) throw new AppError('NOT_FOUND', `No webhook delivery ${id} in your organisation.`, { id });
    return views(rows, await attemptsOf(q, [id]))[0]!;
  });
}
