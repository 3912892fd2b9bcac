/**
 * QR ordering on the box (issue 19): table tokens, the guest's menu and requests, and the staff's
 * answers. Each write is one command (architecture §5); events go to the waiters' `orders` topic
 * (`guest.request`) and unanswered requests to `alerts` (`guest.alert`).
 */
import { and, asc, desc, eq, isNull, lte } from 'drizzle-orm';
import { diningTables, guestRequests } from '../db/schema.js';
import { pushTableCode, tablesWithoutDigest } from './codes.js';
import { runCommand, SYSTEM_ACTOR, type Actor, type CommandContext, type CommandDeps } from '../db/command.js';
import type { Db } from '../db/open.js';
import { AppError, notFound } from '../errors.js';
import { loadRestaurant } from '../setup/service.js';
import type { MenuService } from '../menu/service.js';
import { acceptRequest, refuseRequest } from './answer.js';
import { closedReason, localMinutes, type GuestSettingsValues, type GuestState } from './rules.js';
import { ensureQrSecret } from './secret.js';
import { announceRequest, loadRequest, loadSettings, qrVersion, saveRequest, saveSettings, stateOf, guestView, staffViewOf, findRequest, type GuestRequestRow } from './store.js';
import { submitRequest } from './submit.js';
import { readTableToken, signTableToken } from './token.js';
import { RequestWatch } from './watch.js';
import { GuestRateLimiter } from './rate-limit.js';
import { guestMenu } from './menu.js';
import type { AcceptRequestT, GuestMenuT, GuestRequestInputT, GuestRequestViewT, GuestSettingsPatchT, StaffGuestRequestT } from './schemas.js';

/** Who a guest is to the write path: nobody on the staff (audit rows and orders say "system"). */
export const GUEST_ACTOR: Actor = { staffId: null, role: 'system', deviceId: null };

export class GuestOrderingService {
  private secret: Buffer | null = null;
  readonly watch: RequestWatch;
  /** The public routes' limits per table code and per address (in memory: a refusal touches no disk). */
  readonly limiter: GuestRateLimiter;

  constructor(private readonly deps: CommandDeps, private readonly menu: MenuService, rates?: { perToken: number; perAddress: number }) {
    this.watch = new RequestWatch(deps.bus);
    this.limiter = new GuestRateLimiter(() => deps.clock.now(), rates && {
      token: { capacity: rates.perToken, perMinute: rates.perToken }, address: { capacity: rates.perAddress, perMinute: rates.perAddress },
    });
  }

  /** Makes the signing key if this is the box's first start (main.ts calls it at start). */
  start(): void {
    this.secret = ensureQrSecret(this.deps.db, this.deps.clock.now());
  }

  /**
   * Gives every table without one its current code's digest, queued for the cloud (codes.ts). Run
   * at start and on the 10-second guest timer; reads one query when there is nothing to do.
   */
  async publishMissingCodes(): Promise<number> {
    if (tablesWithoutDigest(this.deps.db).length === 0) return 0;
    return runCommand(this.deps, SYSTEM_ACTOR, (ctx) => {
      const missing = tablesWithoutDigest(ctx.tx);
      for (const t of missing) pushTableCode(ctx, this.key(), t.tableId, t.version);
      return missing.length;
    });
  }

  private key(): Buffer {
    this.secret ??= ensureQrSecret(this.deps.db, this.deps.clock.now());
    return this.secret;
  }

  // ---------- tokens ----------

  tokenFor(tableId: string): { tableId: string; label: string; version: number; token: string } {
    const table = this.deps.db.select({ label: diningTables.label }).from(diningTables).where(eq(diningTables.id, tableId)).get();
    if (!table) throw notFound('table', tableId);
    const version = qrVersion(this.deps.db, tableId);
    return { tableId, label: table.label, version, token: signTableToken(this.key(), tableId, version) };
  }

  /** A new code for the table; every older one stops working with this commit. */
  async rotate(actor: Actor, tableId: string) {
    await runCommand(this.deps, actor, (ctx) => {
      if (!ctx.tx.select({ id: diningTables.id }).from(diningTables).where(eq(diningTables.id, tableId)).get()) throw notFound('table', tableId);
      const version = qrVersion(ctx.tx, tableId) + 1;
      // The new digest goes up with the rotation itself: the cloud refuses the old code after the next push.
      pushTableCode(ctx, this.key(), tableId, version, { by: ctx.actor.staffId });
      ctx.audit({ action: 'table.qr_rotated', entity: 'table', entityId: tableId, details: { version } });
    });
    return this.tokenFor(tableId);
  }

  /**
   * The table a token opens, if it is genuine, current, and for `tableId`; else 401. Reads one
   * row (the table's QR version): cheap enough to run before any rate limit.
   */
  authenticate(token: string | undefined, tableId: string | undefined): { tableId: string; version: number } {
    const claims = token ? readTableToken(this.key(), token) : null;
    if (!claims || claims.tableId !== tableId || claims.version !== qrVersion(this.deps.db, claims.tableId)
      || !this.deps.db.select({ id: diningTables.id }).from(diningTables).where(eq(diningTables.id, claims.tableId)).get()) {
      throw new AppError('TABLE_TOKEN_INVALID', 'This table code is not valid any more: scan the QR code on your table again.');
    }
    return claims;
  }

  // ---------- settings ----------

  settings(): GuestSettingsValues & { version: number } {
    return loadSettings(this.deps.db);
  }

  updateSettings(actor: Actor, patch: GuestSettingsPatchT) {
    return runCommand(this.deps, actor, (ctx) => {
      const { version, ...current } = loadSettings(ctx.tx);
      const { expectedVersion, ...fields } = patch;
      if (expectedVersion !== undefined && expectedVersion !== version) {
        throw new AppError('VERSION_CONFLICT', 'The settings changed since you loaded them; reload and try again.', { currentVersion: version });
      }
      const next = { ...current, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) } as GuestSettingsValues;
      saveSettings(ctx, next, version + 1);
      ctx.audit({ action: 'guest.settings_changed', details: { changed: fields } });
      return { ...next, version: version + 1 };
    });
  }

  // ---------- the guest's side ----------

  menuFor(tableId: string): GuestMenuT {
    const db = this.deps.db;
    const table = db.select().from(diningTables).where(eq(diningTables.id, tableId)).get();
    if (!table) throw notFound('table', tableId);
    const restaurant = loadRestaurant(db);
    const settings = loadSettings(db);
    const reason = closedReason(settings, table, localMinutes(this.deps.clock.now(), restaurant.timeZone));
    return guestMenu(this.menu.tree(), { name: restaurant.name, currency: restaurant.currency }, table, { open: reason === null, reason, maxOrderTotal: settings.maxOrderTotal });
  }

  async submit(tableId: string, input: GuestRequestInputT): Promise<{ created: boolean; request: GuestRequestViewT }> {
    return runCommand(this.deps, GUEST_ACTOR, (ctx) => {
      const { created, row } = submitRequest(ctx, tableId, input, { via: 'lan' });
      if (created) this.announce(ctx, row);
      return { created, request: guestView(ctx.tx, row, loadRestaurant(ctx.tx).currency) };
    });
  }

  /** The guest's request (only from its own table: another table's id is unknown here). */
  guestRequest(tableId: string, requestId: string): GuestRequestViewT {
    const row = findRequest(this.deps.db, requestId);
    if (!row || row.tableId !== tableId) throw notFound('guest request', requestId);
    return guestView(this.deps.db, row, loadRestaurant(this.deps.db).currency);
  }

  /** Long-poll: the request once its state differs from `seen`, or as it is after `waitMs`. */
  async watchRequest(tableId: string, requestId: string, seen: GuestState | undefined, waitMs: number, signal?: AbortSignal): Promise<GuestRequestViewT> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const view = this.guestRequest(tableId, requestId);
      const left = deadline - Date.now();
      if (seen === undefined || view.state !== seen || left <= 0 || signal?.aborted) return view;
      const orderId = findRequest(this.deps.db, requestId)?.orderId;
      await this.watch.next(orderId ? [requestId, orderId] : [requestId], left, signal);
    }
  }

  // ---------- the staff's side ----------

  list(status: 'pending' | 'accepted' | 'refused' | 'all', limit: number): StaffGuestRequestT[] {
    const db = this.deps.db;
    const rows = db.select().from(guestRequests).where(status === 'all' ? undefined : eq(guestRequests.status, status))
      .orderBy(status === 'pending' ? asc(guestRequests.createdAt) : desc(guestRequests.createdAt)).limit(limit).all();
    return rows.map((row) => this.staffViewOf(db, row));
  }

  get(id: string): StaffGuestRequestT {
    return this.staffViewOf(this.deps.db, loadRequest(this.deps.db, id));
  }

  accept(actor: Actor, id: string, edits: AcceptRequestT) {
    return runCommand(this.deps, actor, (ctx) => {
      const row = acceptRequest(ctx, loadRequest(ctx.tx, id), edits);
      return this.announce(ctx, row);
    });
  }

  refuse(actor: Actor, id: string, reason: string) {
    return runCommand(this.deps, actor, (ctx) => this.announce(ctx, refuseRequest(ctx, loadRequest(ctx.tx, id), reason)));
  }

  /**
   * Requests nobody answered within the restaurant's minutes: each raises one `guest.alert` for the
   * managers (and is marked, so it alerts once). Run on a timer by main.ts; returns how many.
   */
  async raiseOverdue(): Promise<number> {
    const { alertAfterMinutes } = loadSettings(this.deps.db);
    const cutoff = this.deps.clock.now() - alertAfterMinutes * 60_000;
    const due = this.deps.db.select({ id: guestRequests.id }).from(guestRequests)
      .where(and(eq(guestRequests.status, 'pending'), isNull(guestRequests.alertedAt), lte(guestRequests.createdAt, cutoff))).all();
    if (due.length === 0) return 0;
    return runCommand(this.deps, GUEST_ACTOR, (ctx) => {
      let raised = 0;
      for (const { id } of due) {
        const row = loadRequest(ctx.tx, id);
        if (row.status !== 'pending' || row.alertedAt !== null) continue;
        const saved = saveRequest(ctx, row, { alertedAt: ctx.now });
        const view = this.announce(ctx, saved);
        ctx.emit({ type: 'guest.alert', data: { requestId: id, tableId: row.tableId, tableLabel: view.tableLabel, kind: row.kind,
          waitingMinutes: Math.floor((ctx.now - row.createdAt) / 60_000), message: `Table ${view.tableLabel}: a guest ${row.kind === 'order' ? 'order' : row.kind === 'bill' ? 'bill request' : 'call'} has waited ${Math.floor((ctx.now - row.createdAt) / 60_000)} min.` } });
        raised += 1;
      }
      return raised;
    });
  }

  private announce(ctx: CommandContext, row: GuestRequestRow): StaffGuestRequestT {
    return announceRequest(ctx, row);
  }

  private staffViewOf(db: Db, row: GuestRequestRow): StaffGuestRequestT {
    return staffViewOf(db, row);
  }
}

export { stateOf };
