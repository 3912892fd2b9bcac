/**
 * The organisation's customers for the owners' pages (issue 18): a search by name, phone or email
 * with keyset paging, and one customer's card — the locations that know them, visits and spend at
 * each, merged ids, consent, blocked.
 *
 * Two walls, as for the export: org_customers is read under the organisation's RLS, and the
 * locations' rows (customers, orders) under the reader's (`app.reader_locations`). A person with
 * access to some locations only finds the customers those locations know, and sees only those
 * locations' figures.
 */
import { AppError } from '../../src/errors.js';
import type { CloudDb, Queryable } from '../db.js';
import { enterReader, type Viewer } from '../auth/reader.js';
import { customerIds } from './erase.js';

/** One READ ONLY transaction that sees the viewer's organisation's records and their locations' rows. */
export function withCustomerReader<T>(db: CloudDb, viewer: Viewer, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (q) => {
    await q.query('SET TRANSACTION READ ONLY');
    await enterReader(q, viewer.locationIds);
    await q.query("SELECT set_config('app.organisation_id', $1, true)", [viewer.organisationId]);
    return fn(q);
  });
}

export const PAGE_MAX = 100;

export interface CustomerQuery { q: string; cursor: string | null; limit: number }

const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

/** Reads `q`, `cursor` and `limit` from the query string, or 400 with what to change. */
export function parseCustomerQuery(input: { q?: string; cursor?: string; limit?: string }): CustomerQuery {
  const q = (input.q ?? '').trim();
  if (q.length > 80) throw bad('q', 'Search for at most 80 characters: a name, a phone number or an email.');
  const limit = input.limit === undefined || input.limit === '' ? 25 : Number(input.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX) throw bad('limit', `limit is a whole number from 1 to ${PAGE_MAX}.`);
  const cursor = input.cursor ? input.cursor : null;
  if (cursor !== null) decodeCursor(cursor);
  return { q, cursor, limit };
}

/** The cursor is the last row's sort key (lower-cased name, id), opaque to the caller. */
function decodeCursor(cursor: string): [string, string] {
  try {
    if (cursor.length > 400) throw new Error('long');
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch { /* said below */ }
  throw bad('cursor', 'This cursor was not made by this list: start again from the first page.');
}

const encodeCursor = (name: string, id: string) => Buffer.from(JSON.stringify([name, id])).toString('base64url');

const likeOf = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export interface CustomerHit { id: string; name: string; phone: string | null; email: string | null; blockedReason: string | null }

/**
 * Live (not merged, not erased) records a location of the viewer knows, sorted by name. A query of
 * digits finds phones however they were typed: "06 12 34" matches +33612 34… through its national
 * form (the leading trunk 0 dropped); other text matches a part of the name or the email.
 */
export async function listCustomers(db: CloudDb, viewer: Viewer, query: CustomerQuery): Promise<{ customers: CustomerHit[]; nextCursor: string | null }> {
  const digits = query.q.replace(/[\s().\-/+]/g, '');
  const phoneQuery = /^\d{3,}$/.test(digits);
  const params: unknown[] = [];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  const where: string[] = [];
  if (phoneQuery) {
    const national = digits.startsWith('0') ? digits.slice(1) : digits;
    where.push(`(phone LIKE ${p(likeOf(digits))} OR phone LIKE ${p(likeOf(national))})`);
  } else if (query.q) {
    const like = p(likeOf(query.q));
    where.push(`(name ILIKE ${like} OR email ILIKE ${like})`);
  }
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor);
    where.push(`(lower(name), id) > (${p(name)}, ${p(id)})`);
  }
  const limit = p(query.limit + 1);
  return withCustomerReader(db, viewer, async (q) => {
    const { rows } = await q.query<CustomerHit & { sort: string }>(`SELECT id, name, phone, email, blocked_reason AS "blockedReason", lower(name) AS sort
      FROM org_customers r
      WHERE organisation_id = current_setting('app.organisation_id', true) AND merged_into IS NULL AND erased_at IS NULL
        AND EXISTS (SELECT 1 FROM customers c WHERE c.id = r.id OR c.id IN (SELECT alias_id FROM customer_aliases a
          WHERE a.organisation_id = r.organisation_id AND a.customer_id = r.id))
        ${where.map((w) => `AND ${w}`).join(' ')}
      ORDER BY lower(name), id LIMIT ${limit}`, params);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      customers: page.map(({ sort: _sort, ...hit }) => hit),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.sort, last.id) : null,
    };
  });
}

export interface LocationFigures { locationId: string; name: string; currency: string | null; visits: number; spend: number; lastVisitAt: number | null }

/**
 * One customer as the owners' page shows them: the record, the ids merged into it, and per
 * location of the viewer that knows them their visits (orders not canceled) and spend (paid net of
 * refunds, tips left out — as the box counts it, src/customers/history.ts).
 */
export interface CustomerCard {
  id: string; name: string; phone: string | null; email: string | null; birthday: string | null; allergies: string | null; notes: string | null; tags: string[];
  marketingConsent: { given: boolean; at: number | null; source: string | null }; blocked: { reason: string; at: number | null } | null;
  erasedAt: Date | null; firstLocationId: string; createdAt: number; mergedIds: string[]; locations: LocationFigures[];
}

interface RecordRow extends Omit<CustomerCard, 'marketingConsent' | 'blocked' | 'mergedIds' | 'locations'> {
  blockedReason: string | null; blockedAt: number | null; consentGiven: boolean; consentAt: number | null; consentSource: string | null;
}

export async function customerCard(db: CloudDb, viewer: Viewer, id: string): Promise<CustomerCard> {
  // Location names are the organisation's own (the service role reads no directory tables).
  const names = new Map((await db.query<{ id: string; name: string }>('SELECT id, name FROM locations WHERE organisation_id = $1', [viewer.organisationId])).rows.map((l) => [l.id, l.name]));
  return withCustomerReader(db, viewer, async (q) => {
    const { customerId, ids } = await customerIds(q, id);
    const record = (await q.query<RecordRow>(`SELECT id, name, phone, email, birthday, allergies, notes, tags, blocked_reason AS "blockedReason", blocked_at::float8 AS "blockedAt",
        marketing_consent AS "consentGiven", consent_at::float8 AS "consentAt", consent_source AS "consentSource", erased_at AS "erasedAt",
        first_location_id AS "firstLocationId", created_at::float8 AS "createdAt"
      FROM org_customers WHERE organisation_id = current_setting('app.organisation_id', true) AND id = $1`, [customerId])).rows[0]!;
    const { rows } = await q.query<{ locationId: string; currency: string | null; visits: number; spend: number; lastVisitAt: number | null }>(`
      WITH knows AS (
        SELECT location_id FROM customers WHERE id = ANY($1::text[])
        UNION SELECT location_id FROM order_customers WHERE customer_id = ANY($1::text[])
      ), visits AS (
        SELECT o.location_id, count(*)::int AS visits, coalesce(sum(coalesce(o.paid, 0) - coalesce(o.refunded, 0)), 0)::float8 AS spend, max(o.created_at)::float8 AS last
        FROM order_customers oc JOIN orders o ON o.location_id = oc.location_id AND o.id = oc.id
        WHERE oc.customer_id = ANY($1::text[]) AND o.status IS DISTINCT FROM 'canceled' GROUP BY o.location_id
      )
      SELECT k.location_id AS "locationId", r.currency, coalesce(v.visits, 0) AS visits, coalesce(v.spend, 0) AS spend, v.last AS "lastVisitAt"
      FROM knows k LEFT JOIN visits v ON v.location_id = k.location_id LEFT JOIN restaurants r ON r.location_id = k.location_id`, [ids]);
    const { consentGiven, consentAt, consentSource, blockedReason, blockedAt, ...rest } = record;
    return {
      ...rest,
      marketingConsent: { given: consentGiven, at: consentAt, source: consentSource },
      blocked: blockedReason ? { reason: blockedReason, at: blockedAt } : null,
      mergedIds: ids.filter((x) => x !== customerId),
      locations: rows.map((r): LocationFigures => ({ ...r, name: names.get(r.locationId) ?? r.locationId })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  });
}
