/**
 * A guest's request through the cloud (issue 19): checked against what the cloud knows of the
 * restaurant (the synced table, rules, menu and the guest attached to the table), priced from the
 * synced menu, stored once per client-made id and sent down the channel as `guest.request` v1 in
 * the SAME transaction (architecture §12: no dual write). The box applies it with its cursor and
 * decides again; the cloud shows the guest what the box did.
 */
import { AppError } from '../../src/errors.js';
import { requestHash } from '../../src/lib/request-hash.js';
import { closedReason, guestState, localMinutes } from '../../src/guests/rules.js';
import type { GuestRequestInputT, GuestRequestViewT } from '../../src/guests/schemas.js';
import { GUEST_REQUEST, type GuestRequestV1 } from '../../sync/guest-messages.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import { notifierFor } from '../channel/notifier.js';
import type { CloudDb, Queryable } from '../db.js';
import { withTenant } from '../tenant.js';
import { readCatalog, readTable, type GuestCatalog } from './catalog.js';
import type { GuestPlace } from './codes.js';
import { priceFromCatalog } from './pricing.js';

const TEN_MINUTES = 10 * 60_000;
const CLOSED_ORDER = ['completed', 'canceled'];
/** The device id the cloud's guest page writes as (tenant scope only; it owns no synced rows). */
const GUEST_PAGE_DEVICE = 'cloud-guest-page';

export const placeTenant = (p: GuestPlace) => ({ deviceId: GUEST_PAGE_DEVICE, locationId: p.locationId, organisationId: p.organisationId });

const tokenGone = () => new AppError('TABLE_TOKEN_INVALID', 'This table no longer exists here; ask the staff.');

interface StoredRow { request_hash: string; table_id: string; view: GuestRequestViewT }

/** A blocked guest: the customer attached to the table's open order (as the box last pushed them) is blocked. */
async function assertNotBlocked(q: Queryable, p: GuestPlace): Promise<void> {
  const { rows } = await q.query(`SELECT 1 FROM orders o
      JOIN order_customers oc ON oc.location_id = o.location_id AND oc.id = o.id AND NOT oc.deleted
      JOIN customers c ON c.location_id = o.location_id AND c.id = oc.customer_id
    WHERE o.location_id = $1 AND o.table_id = $2 AND NOT o.deleted AND o.status <> ALL($3::text[])
      AND o.row->>'mergedInto' IS NULL AND c.row->>'blockedReason' IS NOT NULL LIMIT 1`, [p.locationId, p.tableId, CLOSED_ORDER]);
  if (rows.length > 0) throw new AppError('GUEST_BLOCKED', 'Ordering from the phone is not available for this table; please ask the waiter.');
}

async function assertUnderOrderLimit(q: Queryable, p: GuestPlace, catalog: GuestCatalog, now: number): Promise<void> {
  const max = catalog.settings.maxOrdersPer10Min;
  const { rows } = await q.query<{ at: string }>(`SELECT placed_at AS at FROM cloud_guest_requests WHERE location_id = $1 AND table_id = $2 AND kind = 'order'
    AND placed_at > $3 ORDER BY placed_at DESC`, [p.locationId, p.tableId, now - TEN_MINUTES]);
  if (rows.length >= max) {
    const seconds = Math.max(1, Math.ceil((Number(rows[max - 1]!.at) + TEN_MINUTES - now) / 1000));
    throw new AppError('GUEST_ORDER_LIMIT', `This table sent ${rows.length} orders in 10 minutes; try again in ${Math.ceil(seconds / 60)} min or ask the waiter.`,
      { max, retryAfterSeconds: seconds }, { 'Retry-After': String(seconds) });
  }
}

/** A call or bill request of this table still waiting (at the box, or on its way down): pressing again answers it. */
async function waitingOfKind(q: Queryable, p: GuestPlace, kind: string): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM guest_requests WHERE location_id = $1 AND table_id = $2 AND kind = $3 AND status = 'pending' AND NOT deleted
    UNION ALL SELECT r.id FROM cloud_guest_requests r JOIN channel_messages m ON m.location_id = r.location_id AND m.seq = r.message_seq
      WHERE r.location_id = $1 AND r.table_id = $2 AND r.kind = $3 AND m.status = 'pending' LIMIT 1`, [p.locationId, p.tableId, kind]);
  return rows[0]?.id ?? null;
}

export async function submitThroughCloud(db: CloudDb, p: GuestPlace, input: GuestRequestInputT, now: number): Promise<{ created: boolean; request: GuestRequestViewT }> {
  const hash = requestHash({ tableId: p.tableId, ...input });
  const boxListening = notifierFor(db).listening(p.locationId);
  const result = await withTenant(db, placeTenant(p), async (q) => {
    const existing = (await q.query<StoredRow>('SELECT request_hash, table_id, view FROM cloud_guest_requests WHERE location_id = $1 AND id = $2', [p.locationId, input.id])).rows[0];
    if (existing) {
      if (existing.request_hash !== hash) throw new AppError('IDEMPOTENCY_CONFLICT', 'This request id was already used for another request.', { requestId: input.id });
      return { created: false, request: await viewIn(q, p, input.id) };
    }
    // Sent on the Wi-Fi first and retried here: the box already has it (its row came up with the push).
    const atBox = (await q.query<{ table_id: string }>('SELECT table_id FROM guest_requests WHERE location_id = $1 AND id = $2', [p.locationId, input.id])).rows[0];
    if (atBox) {
      if (atBox.table_id !== p.tableId) throw new AppError('IDEMPOTENCY_CONFLICT', 'This request id was already used for another request.', { requestId: input.id });
      return { created: false, request: await viewIn(q, p, input.id) };
    }
    const table = await readTable(q, p.locationId, p.tableId);
    if (!table) throw tokenGone();
    const catalog = await readCatalog(q, p.locationId);
    let priced: { lines: GuestRequestViewT['lines']; total: number } = { lines: [], total: 0 };
    if (input.kind !== 'order') {
      const waiting = await waitingOfKind(q, p, input.kind);
      if (waiting) return { created: false, request: await viewIn(q, p, waiting) };
    } else {
      const reason = closedReason(catalog.settings, table, localMinutes(now, catalog.restaurant.timeZone));
      if (reason) throw new AppError('GUEST_ORDERING_CLOSED', 'Ordering from the table is closed here now; call the waiter.', { reason });
      await assertNotBlocked(q, p);
      await assertUnderOrderLimit(q, p, catalog, now);
      priced = priceFromCatalog(catalog.items, input.lines);
      const max = catalog.settings.maxOrderTotal;
      if (max !== null && priced.total > max) {
        throw new AppError('GUEST_ORDER_TOO_LARGE', 'This order is bigger than the restaurant takes from a table; ask the waiter.', { max, total: priced.total });
      }
    }
    const view: GuestRequestViewT = { id: input.id, kind: input.kind, state: 'waiting', lines: priced.lines, notes: input.notes ?? null, total: priced.total,
      currency: catalog.restaurant.currency, refusedReason: null, createdAt: now, updatedAt: now };
    // A concurrent twin (the same id at the same moment) waits on the key, then inserts nothing: one request.
    const inserted = await q.query(`INSERT INTO cloud_guest_requests (location_id, organisation_id, id, table_id, kind, request_hash, view, placed_at, box_listening)
      VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9) ON CONFLICT (location_id, id) DO NOTHING`,
    [p.locationId, p.organisationId, input.id, p.tableId, input.kind, hash, JSON.stringify(view), now, boxListening]);
    if (inserted.rowCount === 0) return { created: false, request: await viewIn(q, p, input.id) };
    const payload: GuestRequestV1 = { tableId: p.tableId, request: input, placedAt: now, boxListening };
    const message = await appendMessage(q, p, { kind: GUEST_REQUEST, schemaVersion: 1, payload });
    await q.query('UPDATE cloud_guest_requests SET message_seq = $3 WHERE location_id = $1 AND id = $2', [p.locationId, input.id, message.seq]);
    return { created: true, request: view };
  });
  if (result.created) notifyCommitted(db, [p.locationId]);
  return result;
}

/** What the guest reads when the box refused the message (the box's own words for its rules, never a stack of details). */
const REFUSED_WORDS: Record<string, string> = {
  GUEST_ORDERING_CLOSED: 'Ordering from the table is closed now; please call the waiter.',
  GUEST_BLOCKED: 'Ordering from the phone is not available for this table; please ask the waiter.',
  GUEST_ORDER_LIMIT: 'This table sent too many orders just now; please ask the waiter.',
  GUEST_ORDER_TOO_LARGE: 'This order is bigger than the restaurant takes from a table; please ask the waiter.',
  ITEM_UNAVAILABLE: 'Something in this order is no longer available; please order again.',
  OPTION_UNAVAILABLE: 'An option in this order is no longer available; please order again.',
};

interface BoxRow { status: 'pending' | 'accepted' | 'refused'; lines: Array<{ name: string; quantity: number; options: string[]; notes: string | null; price: number; lineId: string | null }>;
  notes: string | null; total: number; refusedReason: string | null; createdAt: number; placedAt?: number | null; updatedAt: number; kind: GuestRequestViewT['kind'] }

/**
 * The request as its guest sees it: from the box's synced row once it has one (its state derived
 * from the synced order lines, as on the box), else refused with the box's reason if the message
 * was refused, else waiting. 404 for an id this table does not know.
 */
async function viewIn(q: Queryable, p: GuestPlace, requestId: string): Promise<GuestRequestViewT> {
  const box = (await q.query<{ row: BoxRow }>('SELECT row FROM guest_requests WHERE location_id = $1 AND id = $2 AND table_id = $3 AND NOT deleted',
    [p.locationId, requestId, p.tableId])).rows[0]?.row;
  const cloud = (await q.query<{ view: GuestRequestViewT; status: string | null; error_code: string | null }>(`SELECT r.view, m.status, m.error_code FROM cloud_guest_requests r
      LEFT JOIN channel_messages m ON m.location_id = r.location_id AND m.seq = r.message_seq WHERE r.location_id = $1 AND r.id = $2 AND r.table_id = $3`,
  [p.locationId, requestId, p.tableId])).rows[0];
  if (box) {
    const lineIds = box.lines.map((l) => l.lineId).filter((id): id is string => id !== null);
    const states = lineIds.length === 0 ? [] : (await q.query<{ state: string }>('SELECT state FROM order_lines WHERE location_id = $1 AND id = ANY($2::text[])',
      [p.locationId, lineIds])).rows.map((r) => r.state);
    const currency = cloud?.view.currency ?? (await q.query<{ currency: string }>('SELECT currency FROM restaurants WHERE location_id = $1 LIMIT 1', [p.locationId])).rows[0]?.currency ?? '';
    return { id: requestId, kind: box.kind, state: guestState(box.status, states), lines: box.lines.map(({ lineId: _l, ...l }) => l), notes: box.notes,
      total: box.total, currency, refusedReason: box.refusedReason, createdAt: box.placedAt ?? box.createdAt, updatedAt: box.updatedAt };
  }
  if (!cloud) throw new AppError('NOT_FOUND', `No guest request ${requestId} at this table.`, { entity: 'guest request', id: requestId });
  if (cloud.status === 'refused') {
    return { ...cloud.view, state: 'refused', refusedReason: REFUSED_WORDS[cloud.error_code ?? ''] ?? 'The restaurant could not take this request; please ask the waiter.' };
  }
  return cloud.view;
}

export function guestRequestView(db: CloudDb, p: GuestPlace, requestId: string): Promise<GuestRequestViewT> {
  return withTenant(db, placeTenant(p), (q) => viewIn(q, p, requestId));
}

/** Long-poll: the request once its state differs from `seen`, or as it is after `waitMs` (re-read every second: the box's row comes with its push). */
export async function watchThroughCloud(db: CloudDb, p: GuestPlace, requestId: string, seen: string | undefined, waitMs: number, signal?: AbortSignal): Promise<GuestRequestViewT> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const view = await guestRequestView(db, p, requestId);
    const left = deadline - Date.now();
    if (seen === undefined || view.state !== seen || left <= 0 || signal?.aborted) return view;
    await new Promise<void>((resolve) => {
      const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
      const timer = setTimeout(done, Math.min(left, 1000));
      signal?.addEventListener('abort', done);
    });
  }
}
