/**
 * A guest joins a restaurant's waitlist from afar (issue 20), and reads where they stand.
 *
 * Joining writes the guest's join and the `waitlist.join` message (same id) in one transaction, so
 * the box learns of every join the guest was told about, and of no other. The box adds the party
 * through the host's own code and pushes its state up like every row (`waitlist_entry`) with its
 * live estimate (`waitlist_estimate`); the guest's view is read from those, so it says what the
 * box says, or that the box has not heard yet (`sent`) or refused (`refused`, with the reason).
 */
import { AppError } from '../../src/errors.js';
import { parsePhone } from '../../src/customers/rules.js';
import { requestHash } from '../../src/lib/request-hash.js';
import { WAITLIST_JOIN, type WaitlistJoinV1 } from '../../sync/waitlist-messages.js';
import type { AuthDeps } from '../auth/deps.js';
import { appendMessage, notifyCommitted } from '../channel/log.js';
import type { CloudDb, Queryable } from '../db.js';
import { withPublic } from '../profiles/public-db.js';
import { withTenant } from '../tenant.js';
import type { JoinWaitlistInput } from './schemas.js';
import { assertVerified } from './session.js';
import type { GuestRow } from './store.js';

const MINUTE = 60_000;

export type JoinStatus = 'sent' | 'refused' | 'waiting' | 'notified' | 'seated' | 'left' | 'cancelled';
/** The states after which nothing changes any more (the live feed closes). */
export const FINAL_STATUSES: readonly JoinStatus[] = ['refused', 'seated', 'left', 'cancelled'];

export interface GuestWaitlistView {
  id: string;
  restaurant: { slug: string; name: string | null };
  partySize: number;
  name: string;
  phone: string;
  notes: string | null;
  joinedAt: number;
  /** `sent`: the restaurant's box has not taken it yet (it may be offline); then the box's own status. */
  status: JoinStatus;
  /** 1 = next in line; null when not waiting. */
  position: number | null;
  /** Minutes from now, the box's last estimate less the time since it made it; null when not waiting. */
  estimatedMinutes: number | null;
  /** What the box quoted when they joined. */
  quotedMinutes: number | null;
  /** When the box made its last estimate. */
  estimatedAt: number | null;
  refusal: { code: string | null; message: string | null } | null;
}

interface JoinRow {
  id: string; guest_id: string; location_id: string; organisation_id: string; restaurant_slug: string;
  party_size: number; name: string; phone: string; notes: string | null; request_hash: string; created_at: number;
}

const JOIN_COLUMNS = 'id, guest_id, location_id, organisation_id, restaurant_slug, party_size, name, phone, notes, request_hash, created_at';

interface Restaurant { location_id: string; name: string; country: string | null; min_party: number; max_party: number }

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ path, message }]);
}

/** Joins once per id: the same id with the same details answers the first join (200), with others 409. */
export async function joinWaitlist(deps: AuthDeps, guest: GuestRow, input: JoinWaitlistInput): Promise<{ view: GuestWaitlistView; created: boolean }> {
  assertVerified(guest);
  const restaurant = await withPublic(deps.db, async (q) => (await q.query<Restaurant>(
    "SELECT location_id, name, address->>'country' AS country, min_party, max_party FROM public_restaurants WHERE slug = $1", [input.restaurant])).rows[0]);
  if (!restaurant) throw new AppError('NOT_FOUND', `No published restaurant at /r/${input.restaurant}.`, { entity: 'restaurant', id: input.restaurant });
  if (input.partySize < restaurant.min_party || input.partySize > restaurant.max_party) {
    throw invalid('partySize', `${restaurant.name} takes parties of ${restaurant.min_party} to ${restaurant.max_party}.`);
  }
  const typedPhone = input.phone ?? guest.phone;
  if (!typedPhone) throw invalid('phone', 'Give a phone number: the restaurant calls or texts it when your table is ready.');
  const phone = parsePhone(typedPhone, restaurant.country);
  if (!phone.ok) throw invalid('phone', phone.message);
  const name = input.name ?? guest.name;
  if (!name) throw invalid('name', 'Give the name the host will call.');
  const notes = input.notes || null;
  const hash = requestHash({ restaurant: input.restaurant, partySize: input.partySize, phone: phone.e164, name, notes });

  const { row, created } = await deps.db.transaction(async (q) => {
    const place = (await q.query<{ organisation_id: string }>('SELECT organisation_id FROM locations WHERE id = $1', [restaurant.location_id])).rows[0]!;
    const inserted = (await q.query<JoinRow>(`INSERT INTO guest_waitlist_joins (id, guest_id, location_id, organisation_id, restaurant_slug, party_size, name, phone, notes, request_hash, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO NOTHING RETURNING ${JOIN_COLUMNS}`,
    [input.id, guest.id, restaurant.location_id, place.organisation_id, input.restaurant, input.partySize, name, phone.e164, notes, hash, deps.clock.now()])).rows[0];
    if (!inserted) {
      const existing = (await q.query<JoinRow>(`SELECT ${JOIN_COLUMNS} FROM guest_waitlist_joins WHERE id = $1`, [input.id])).rows[0]!;
      if (existing.guest_id !== guest.id || existing.request_hash !== hash) {
        throw new AppError('IDEMPOTENCY_CONFLICT', 'This id was already used to join with other details; make a new id for a new join.', { id: input.id });
      }
      return { row: existing, created: false };
    }
    const payload: WaitlistJoinV1 = { id: input.id, partySize: input.partySize, name, phone: phone.e164, notes, guestAccountId: guest.id, requestedAt: deps.clock.now() };
    await appendMessage(q, { locationId: restaurant.location_id, organisationId: place.organisation_id }, { kind: WAITLIST_JOIN, schemaVersion: 1, payload, id: input.id });
    return { row: inserted, created: true };
  });
  if (created) notifyCommitted(deps.db, [row.location_id]);
  return { view: (await viewJoins(deps.db, deps.clock.now(), [row]))[0]!, created };
}

/** The guest's joins, newest first (at most 50). */
export async function listJoins(db: CloudDb, guestId: string): Promise<JoinRow[]> {
  return (await db.query<JoinRow>(`SELECT ${JOIN_COLUMNS} FROM guest_waitlist_joins WHERE guest_id = $1 ORDER BY created_at DESC, id DESC LIMIT 50`, [guestId])).rows;
}

/** One of the guest's joins; 404 for another guest's, the same as for none. */
export async function findJoin(db: CloudDb, guestId: string, id: string): Promise<JoinRow> {
  const row = (await db.query<JoinRow>(`SELECT ${JOIN_COLUMNS} FROM guest_waitlist_joins WHERE id = $1 AND guest_id = $2`, [id, guestId])).rows[0];
  if (!row) throw new AppError('NOT_FOUND', `You have no waitlist place with id ${id}.`, { entity: 'waitlist place', id });
  return row;
}

interface BoxState {
  entry?: { status: JoinStatus; quoted_minutes: number | null };
  estimate?: { minutes: number; position: number; at: number };
  message?: { status: string; error_code: string | null; error_message: string | null };
}

/** What the box says of one join, read under the location's row-level security. */
async function boxState(q: Queryable, id: string): Promise<BoxState> {
  const entry = (await q.query<BoxState['entry'] & object>('SELECT status, quoted_minutes FROM waitlist_entries WHERE id = $1 AND NOT deleted', [id])).rows[0];
  const estimate = (await q.query<BoxState['estimate'] & object>('SELECT minutes, position, at FROM waitlist_estimates WHERE id = $1 AND NOT deleted', [id])).rows[0];
  const message = (await q.query<BoxState['message'] & object>("SELECT status, error_code, error_message FROM channel_messages WHERE id = $1 AND kind = 'waitlist.join'", [id])).rows[0];
  return { entry, estimate, message };
}

function toView(row: JoinRow, name: string | null, s: BoxState, now: number): GuestWaitlistView {
  const refused = !s.entry && s.message?.status === 'refused';
  const status: JoinStatus = s.entry?.status ?? (refused ? 'refused' : 'sent');
  const live = status === 'waiting' || status === 'notified';
  const estimate = live ? s.estimate : undefined;
  return {
    id: row.id, restaurant: { slug: row.restaurant_slug, name }, partySize: row.party_size, name: row.name, phone: row.phone, notes: row.notes,
    joinedAt: Number(row.created_at), status,
    position: estimate ? estimate.position : null,
    estimatedMinutes: estimate ? Math.max(0, estimate.minutes - Math.floor((now - Number(estimate.at)) / MINUTE)) : null,
    quotedMinutes: s.entry?.quoted_minutes ?? null,
    estimatedAt: estimate ? Number(estimate.at) : null,
    refusal: refused ? { code: s.message!.error_code, message: s.message!.error_message } : null,
  };
}

/** The views of `rows`, one scoped read per location. */
export async function viewJoins(db: CloudDb, now: number, rows: readonly JoinRow[]): Promise<GuestWaitlistView[]> {
  const slugs = [...new Set(rows.map((r) => r.restaurant_slug))];
  const names = new Map(slugs.length === 0 ? [] : await withPublic(db, async (q) =>
    (await q.query<{ slug: string; name: string }>('SELECT slug, name FROM public_restaurants WHERE slug = ANY($1::text[])', [slugs])).rows.map((r) => [r.slug, r.name] as const)));
  const states = new Map<string, BoxState>();
  for (const locationId of new Set(rows.map((r) => r.location_id))) {
    const mine = rows.filter((r) => r.location_id === locationId);
    await withTenant(db, { deviceId: 'guest-read', locationId, organisationId: mine[0]!.organisation_id }, async (q) => {
      for (const r of mine) states.set(r.id, await boxState(q, r.id));
    });
  }
  return rows.map((r) => toView(r, names.get(r.restaurant_slug) ?? null, states.get(r.id)!, now));
}
