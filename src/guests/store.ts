/** Reading and writing guest requests, settings and table QR versions; the views both sides see. */
import { eq } from 'drizzle-orm';
import { diningTables, guestRequests, guestSettings, tableQr, type GuestLine } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import { insertRow, selectIn, updateRow } from '../db/raw.js';
import { GUEST_REQUEST_ENTITY, GUEST_SETTINGS_ENTITY, GUEST_SETTINGS_ID } from '../../sync/guest-messages.js';
import { notFound } from '../errors.js';
import type { Db } from '../db/open.js';
import { DEFAULT_GUEST_SETTINGS, guestState, type GuestSettingsValues, type GuestState } from './rules.js';
import type { GuestRequestViewT, StaffGuestRequestT } from './schemas.js';

export type GuestRequestRow = typeof guestRequests.$inferSelect;
type SettingsRow = typeof guestSettings.$inferSelect;

export function loadSettings(db: DbLike): GuestSettingsValues & { version: number } {
  const row = db.select().from(guestSettings).where(eq(guestSettings.id, 1)).get();
  if (!row) return { ...DEFAULT_GUEST_SETTINGS, version: 0 };
  const { id: _id, updatedAt: _u, ...values } = row;
  return values;
}

export function saveSettings(ctx: CommandContext, values: GuestSettingsValues, version: number): void {
  const row: SettingsRow = { id: 1, ...values, version, updatedAt: ctx.now };
  ctx.tx.insert(guestSettings).values(row).onConflictDoUpdate({ target: guestSettings.id, set: row }).run();
  // Up to the cloud, whose page says whether ordering is open and refuses what the box would.
  ctx.change(GUEST_SETTINGS_ENTITY, { ...row, id: GUEST_SETTINGS_ID });
}

/** A new request, queued for the cloud with it (the cloud's page shows its guest the state from it). */
export function insertRequest(ctx: CommandContext, row: GuestRequestRow): void {
  insertRow(ctx.tx, 'guest_requests', row);
  ctx.change(GUEST_REQUEST_ENTITY, syncImage(row));
}

/** What the cloud gets of a request: all but the hash of the guest's body. */
const syncImage = ({ requestHash: _h, ...rest }: GuestRequestRow) => rest;

/** The table's QR version (1 until the first rotation). */
export function qrVersion(db: DbLike, tableId: string): number {
  return db.select({ v: tableQr.version }).from(tableQr).where(eq(tableQr.tableId, tableId)).get()?.v ?? 1;
}

export function findRequest(db: DbLike, id: string): GuestRequestRow | undefined {
  return db.select().from(guestRequests).where(eq(guestRequests.id, id)).get();
}

export function loadRequest(db: DbLike, id: string): GuestRequestRow {
  const row = findRequest(db, id);
  if (!row) throw notFound('guest request', id);
  return row;
}

export function saveRequest(ctx: CommandContext, current: GuestRequestRow, patch: Partial<GuestRequestRow>): GuestRequestRow {
  const next = { ...current, ...patch, version: current.version + 1, updatedAt: ctx.now };
  updateRow(ctx.tx, 'guest_requests', next);
  ctx.change(GUEST_REQUEST_ENTITY, syncImage(next));
  return next;
}

/** What the guest sees: the request's state, derived from its order's lines once accepted. */
export function stateOf(db: Db, row: GuestRequestRow): GuestState {
  const lineIds = row.lines.map((l) => l.lineId).filter((id): id is string => id !== null);
  const states = selectIn<{ state: string }>(db, 'select state from order_lines where id', lineIds).map((l) => l.state);
  return guestState(row.status, states);
}

const guestLine = (l: GuestLine) => ({ name: l.name, quantity: l.quantity, options: l.options, notes: l.notes, price: l.price });

export function guestView(db: Db, row: GuestRequestRow, currency: string): GuestRequestViewT {
  return {
    id: row.id, kind: row.kind, state: stateOf(db, row), lines: row.lines.map(guestLine), notes: row.notes, total: row.total, currency,
    refusedReason: row.refusedReason, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

export function staffView(db: Db, row: GuestRequestRow, tableLabel: string, currency: string): StaffGuestRequestT {
  const { requestHash: _h, ...rest } = row;
  return { ...rest, placedAt: row.placedAt ?? row.createdAt, tableLabel, currency, state: stateOf(db, row), lines: row.lines.map((l) => ({ ...l, lineId: l.lineId ?? null })) };
}

export function staffViewOf(db: Db, row: GuestRequestRow): StaffGuestRequestT {
  const label = db.select({ label: diningTables.label }).from(diningTables).where(eq(diningTables.id, row.tableId)).get()?.label ?? '?';
  return staffView(db, row, label, loadRestaurant(db).currency);
}

/** The staff's view, sent to the waiters' screens with the change (`guest.request` on `orders`). */
export function announceRequest(ctx: CommandContext, row: GuestRequestRow): StaffGuestRequestT {
  const view = staffViewOf(ctx.tx, row);
  ctx.emit({ type: 'guest.request', data: view });
  return view;
}
