/**
 * The organisation's customer record, made from what the boxes sync (issue 18). Runs inside the
 * ingest transaction, after the batch's rows are written, for each customer change of the batch:
 *
 * - an id the organisation does not know becomes a record, and
 * - a record that shares a phone or email with another live one is merged into it: the older
 *   (by when its box made it) survives, the other becomes an alias with merged_into set.
 *
 * A merge keeps both histories: the per-location rows and their orders stay as synced, the alias
 * says which record they belong to, and every location of the organisation gets a
 * `customer.merged` message (in this same transaction) so boxes re-point their orders to the
 * surviving id. A change for an erased record is anonymised again where it landed: a box that was
 * offline during the erasure cannot bring the person back.
 *
 * One advisory lock per organisation serialises this part of concurrent ingests, so two boxes
 * syncing the same new person at once make one record, not two.
 */
import type { Queryable } from '../db.js';
import type { Tenant } from '../tenant.js';
import { appendMessage } from '../channel/log.js';
import { CUSTOMER_MERGED, type MergedCustomer } from '../../sync/customer-messages.js';

interface Image {
  id: string; name: string; phone: string | null; email: string | null; birthday: string | null; allergies: string | null; notes: string | null;
  tags: string[]; addresses: MergedCustomer['addresses']; marketingConsent: boolean; consentAt: number | null; consentSource: string | null;
  blockedReason: string | null; blockedAt: number | null; mergedInto: string | null; erasedAt: number | null; createdAt: number; updatedAt: number;
}

interface OrgRow {
  id: string; name: string; phone: string | null; email: string | null; birthday: string | null; allergies: string | null; notes: string | null;
  tags: string[]; addresses: MergedCustomer['addresses']; marketing_consent: boolean; consent_at: number | null; consent_source: string | null;
  blocked_reason: string | null; blocked_at: number | null; created_at: number; updated_at: number; merged_into: string | null; erased_at: Date | null;
}

const ORG_COLUMNS = `id, name, phone, email, birthday, allergies, notes, tags, addresses, marketing_consent, consent_at::float8 AS consent_at, consent_source,
  blocked_reason, blocked_at::float8 AS blocked_at, created_at::float8 AS created_at, updated_at::float8 AS updated_at, merged_into, erased_at`;

/** The surviving record as the `customer.merged` message carries it. */
export function mergedPayload(r: OrgRow): MergedCustomer {
  return {
    id: r.id, name: r.name, phone: r.phone, email: r.email, birthday: r.birthday, allergies: r.allergies, notes: r.notes, tags: r.tags,
    addresses: r.addresses, marketingConsent: r.marketing_consent, consentAt: r.consent_at, consentSource: r.consent_source,
    blockedReason: r.blocked_reason, blockedAt: r.blocked_at, createdAt: r.created_at,
  };
}

async function orgScope(q: Queryable, tenant: Pick<Tenant, 'organisationId'>): Promise<void> {
  await q.query("SELECT set_config('app.organisation_id', $1, true)", [tenant.organisationId]);
}

async function load(q: Queryable, id: string): Promise<OrgRow | undefined> {
  return (await q.query<OrgRow>(`SELECT ${ORG_COLUMNS} FROM org_customers WHERE organisation_id = current_setting('app.organisation_id', true) AND id = $1`, [id])).rows[0];
}

async function aliasOf(q: Queryable, id: string): Promise<string> {
  const { rows } = await q.query<{ customer_id: string }>(`SELECT customer_id FROM customer_aliases WHERE organisation_id = current_setting('app.organisation_id', true) AND alias_id = $1`, [id]);
  return rows[0]?.customer_id ?? id;
}

/** Another live record with this phone or email (the oldest first), or undefined. */
async function twinOf(q: Queryable, id: string, phone: string | null, email: string | null): Promise<OrgRow | undefined> {
  if (!phone && !email) return undefined;
  const { rows } = await q.query<OrgRow>(`SELECT ${ORG_COLUMNS} FROM org_customers WHERE organisation_id = current_setting('app.organisation_id', true)
    AND id <> $1 AND merged_into IS NULL AND erased_at IS NULL AND ((phone IS NOT NULL AND phone = $2) OR (email IS NOT NULL AND email = $3))
    ORDER BY created_at, id LIMIT 1`, [id, phone, email]);
  return rows[0];
}

async function insertRecord(q: Queryable, image: Image, locationId: string): Promise<void> {
  await q.query(`INSERT INTO org_customers (organisation_id, id, name, phone, email, birthday, allergies, notes, tags, addresses, marketing_consent,
      consent_at, consent_source, blocked_reason, blocked_at, first_location_id, created_at, updated_at)
    VALUES (current_setting('app.organisation_id', true), $1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14, $15, $16, $17)
    ON CONFLICT DO NOTHING`,
  [image.id, image.name, image.phone, image.email, image.birthday, image.allergies, image.notes, JSON.stringify(image.tags ?? []),
    JSON.stringify(image.addresses ?? []), image.marketingConsent ?? false, image.consentAt, image.consentSource, image.blockedReason, image.blockedAt,
    locationId, image.createdAt, image.updatedAt]);
}

/** The newer of the two wins each field; empty fields are filled from the other; tags and addresses are united. */
async function fold(q: Queryable, into: OrgRow, from: Pick<Image, 'name' | 'phone' | 'email' | 'birthday' | 'allergies' | 'notes' | 'tags' | 'addresses' | 'marketingConsent' | 'consentAt' | 'consentSource' | 'blockedReason' | 'blockedAt' | 'updatedAt'>): Promise<OrgRow> {
  const newer = from.updatedAt >= into.updated_at;
  const pick = <T>(a: T | null, b: T | null): T | null => (newer ? (b ?? a) : (a ?? b));
  const addresses = [...into.addresses];
  for (const a of from.addresses ?? []) if (!addresses.some((x) => x.label === a.label && x.street === a.street)) addresses.push(a);
  const next: OrgRow = {
    ...into,
    name: newer ? from.name : into.name,
    phone: pick(into.phone, from.phone), email: pick(into.email, from.email), birthday: pick(into.birthday, from.birthday),
    allergies: pick(into.allergies, from.allergies), notes: pick(into.notes, from.notes),
    tags: [...new Set([...into.tags, ...(from.tags ?? [])])].slice(0, 40), addresses: addresses.slice(0, 20),
    marketing_consent: newer ? from.marketingConsent : into.marketing_consent, consent_at: newer ? from.consentAt : into.consent_at,
    consent_source: newer ? from.consentSource : into.consent_source,
    blocked_reason: newer ? from.blockedReason : into.blocked_reason, blocked_at: newer ? from.blockedAt : into.blocked_at,
    updated_at: Math.max(into.updated_at, from.updatedAt),
  };
  await q.query(`UPDATE org_customers SET name = $2, phone = $3, email = $4, birthday = $5, allergies = $6, notes = $7, tags = $8::jsonb, addresses = $9::jsonb,
      marketing_consent = $10, consent_at = $11, consent_source = $12, blocked_reason = $13, blocked_at = $14, updated_at = $15
    WHERE organisation_id = current_setting('app.organisation_id', true) AND id = $1`,
  [next.id, next.name, next.phone, next.email, next.birthday, next.allergies, next.notes, JSON.stringify(next.tags), JSON.stringify(next.addresses),
    next.marketing_consent, next.consent_at, next.consent_source, next.blocked_reason, next.blocked_at, next.updated_at]);
  return next;
}

const imageOf = (r: OrgRow) => ({
  name: r.name, phone: r.phone, email: r.email, birthday: r.birthday, allergies: r.allergies, notes: r.notes, tags: r.tags, addresses: r.addresses,
  marketingConsent: r.marketing_consent, consentAt: r.consent_at, consentSource: r.consent_source, blockedReason: r.blocked_reason, blockedAt: r.blocked_at,
  updatedAt: r.updated_at,
});

/** Makes `loser` (and every id that meant it) an alias of `survivor`. Returns every id now meaning survivor, besides itself. */
async function mergeRecords(q: Queryable, survivor: OrgRow, loser: OrgRow): Promise<{ survivor: OrgRow; fromIds: string[] }> {
  const folded = await fold(q, survivor, imageOf(loser));
  await q.query(`UPDATE org_customers SET merged_into = $2 WHERE organisation_id = current_setting('app.organisation_id', true) AND id = $1`, [loser.id, survivor.id]);
  await q.query(`UPDATE customer_aliases SET customer_id = $2, merged_at = now() WHERE organisation_id = current_setting('app.organisation_id', true) AND customer_id = $1`, [loser.id, survivor.id]);
  await q.query(`INSERT INTO customer_aliases (organisation_id, alias_id, customer_id) VALUES (current_setting('app.organisation_id', true), $1, $2)
    ON CONFLICT (organisation_id, alias_id) DO UPDATE SET customer_id = excluded.customer_id, merged_at = now()`, [loser.id, survivor.id]);
  const { rows } = await q.query<{ alias_id: string }>(`SELECT alias_id FROM customer_aliases WHERE organisation_id = current_setting('app.organisation_id', true) AND customer_id = $1 ORDER BY alias_id`, [survivor.id]);
  return { survivor: folded, fromIds: rows.map((r) => r.alias_id) };
}

export interface ResolveContext {
  tenant: Tenant;
  /** Every location of the organisation (read before the transaction: the service role cannot read locations). */
  organisationLocations: readonly string[];
}

/**
 * Folds the batch's customer images into the organisation's records. Returns the locations whose
 * channel got a message (wake their polls after COMMIT). Leaves the transaction scoped to the
 * tenant's location, as it found it.
 */
export async function resolveCustomers(q: Queryable, ctx: ResolveContext, images: readonly Image[]): Promise<string[]> {
  if (images.length === 0) return [];
  const { tenant } = ctx;
  await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`customers:${tenant.organisationId}`]);
  await orgScope(q, tenant);
  const merges: Array<{ intoId: string; fromIds: string[]; customer: MergedCustomer }> = [];
  const erasedHere: string[] = [];
  for (const image of images) {
    if (image.mergedInto) continue; // the box already follows a merge the cloud made
    const target = await aliasOf(q, image.id);
    let record = await load(q, target);
    if (record?.erased_at || image.erasedAt) { if (record?.erased_at && !image.erasedAt) erasedHere.push(image.id); continue; }
    const twin = await twinOf(q, target, image.phone, image.email);
    if (!record) {
      // Every id a box made gets its row, so whichever synced first, the older record survives the merge below.
      await insertRecord(q, image, tenant.locationId);
      record = (await load(q, target))!;
    } else record = await fold(q, record, image);
    if (twin) {
      const [survivor, loser] = twin.created_at < record.created_at || (twin.created_at === record.created_at && twin.id < record.id) ? [twin, record] : [record, twin];
      const merged = await mergeRecords(q, survivor, loser);
      merges.push({ intoId: merged.survivor.id, fromIds: merged.fromIds, customer: mergedPayload(merged.survivor) });
    }
  }
  // A box that was offline during an erasure sent the person back: their row here is anonymised again
  // (the box anonymises its own when the customer.erased message reaches it).
  if (erasedHere.length > 0) {
    await q.query(`UPDATE customers SET name = 'Erased customer', phone = NULL, email = NULL,
        row = jsonb_build_object('id', id, 'name', 'Erased customer', 'erasedAt', (extract(epoch from now()) * 1000)::bigint, 'version', version)
      WHERE location_id = $1 AND id = ANY($2::text[])`, [tenant.locationId, erasedHere]);
  }
  if (merges.length === 0) return [];
  const place = (locationId: string) => ({ locationId, organisationId: tenant.organisationId });
  for (const locationId of ctx.organisationLocations) {
    for (const m of merges) await appendMessage(q, place(locationId), { kind: CUSTOMER_MERGED, schemaVersion: 1, payload: m });
  }
  // appendMessage left the transaction scoped to the last location: back to the box's own, for the watermark.
  await q.query("SELECT set_config('app.location_id', $1, true)", [tenant.locationId]);
  return [...ctx.organisationLocations];
}

export type { Image as CustomerImage };
