import { and, asc, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { kitchenTickets, menuItems, orderLines } from '../db/schema.js';
import { runCommand, type Actor, type CommandContext, type CommandDeps, type DbLike } from '../db/command.js';
import { AppError, notFound } from '../errors.js';
import { markReady, recallLines } from '../orders/kitchen-flow.js';
import { saveTicket, ticketView, ticketViews, type TicketRow } from './tickets.js';
import type { ListTicketsQueryT, TicketViewT } from './schemas.js';

/**
 * The kitchen's side of orders: tickets per station, bump (lines → ready through the orders
 * rules, so the order status follows), recall, and the all-day counts. Tickets themselves are
 * written by the orders commands that fire and void lines (see tickets.ts).
 */
export class KitchenService {
  constructor(private readonly deps: CommandDeps) {}

  /** Every station on the menu, with how many tickets are open there. */
  stations(): Array<{ station: string; openTickets: number }> {
    const db = this.deps.db;
    const names = db.selectDistinct({ station: menuItems.station }).from(menuItems).all().map((r) => r.station);
    const open = new Map(db.select({ station: kitchenTickets.station, n: count() }).from(kitchenTickets)
      .where(eq(kitchenTickets.status, 'open')).groupBy(kitchenTickets.station).all().map((r) => [r.station, r.n]));
    // A station renamed on the menu keeps showing while it still has tickets.
    const all = [...new Set([...names, ...open.keys()])].sort();
    return all.map((station) => ({ station, openTickets: open.get(station) ?? 0 }));
  }

  /** Tickets in fire order (oldest first); bumped-only lists show the most recently fired `limit`. */
  list(query: ListTicketsQueryT): TicketViewT[] {
    const where: SQL[] = [];
    if (query.station) where.push(eq(kitchenTickets.station, query.station));
    if (query.status !== 'all') where.push(eq(kitchenTickets.status, query.status));
    const newestFirst = query.status !== 'open';
    const rows = this.deps.db.select().from(kitchenTickets).where(and(...where))
      .orderBy(newestFirst ? desc(kitchenTickets.firedAt) : asc(kitchenTickets.firedAt), newestFirst ? desc(kitchenTickets.id) : asc(kitchenTickets.id))
      .limit(query.limit).all();
    if (newestFirst) rows.reverse();
    return ticketViews(this.deps.db, rows);
  }

  get(id: string): TicketViewT {
    return ticketView(this.deps.db, this.load(this.deps.db, id));
  }

  /** Fired-not-ready quantities per menu item (what the station still has to make). */
  allDay(station: string | undefined): Array<{ itemId: string; name: string; quantity: number }> {
    const where: SQL[] = [eq(orderLines.state, 'fired')];
    if (station) where.push(eq(orderLines.station, station));
    const rows = this.deps.db.select({ itemId: orderLines.itemId, name: menuItems.name, quantity: orderLines.quantity })
      .from(orderLines).innerJoin(menuItems, eq(menuItems.id, orderLines.itemId)).where(and(...where)).all();
    const totals = new Map<string, { itemId: string; name: string; quantity: number }>();
    for (const r of rows) {
      const entry = totals.get(r.itemId) ?? { itemId: r.itemId, name: r.name, quantity: 0 };
      entry.quantity += r.quantity;
      totals.set(r.itemId, entry);
    }
    return [...totals.values()].sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
  }

  /**
   * Bumps a whole ticket: its fired lines become ready (order.ready to the waiter) and the ticket is
   * bumped. A VOID ticket, or one whose lines were all voided, is bumped as acknowledged. Bumping a
   * bumped ticket changes nothing.
   */
  bump(actor: Actor, id: string): Promise<TicketViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const ticket = this.load(ctx.tx, id);
      if (ticket.status === 'bumped') return ticketView(ctx.tx, ticket);
      if (ticket.kind !== 'void') this.readyLines(ctx, ticketView(ctx.tx, ticket).lines.filter((l) => l.state === 'fired').map((l) => l.lineId));
      const now = this.load(ctx.tx, id);
      if (now.status === 'bumped') return ticketView(ctx.tx, now);
      // Nothing left to cook (void ticket, all lines voided, or already ready): the kitchen acknowledges it.
      const bumped = saveTicket(ctx, now, { status: 'bumped', bumpedAt: ctx.now });
      return this.emitUpdated(ctx, bumped);
    });
  }

  /** Bumps one line of a cooking ticket; the ticket is bumped when its last live line is done. Repeats are no-ops. */
  bumpLine(actor: Actor, id: string, lineId: string): Promise<TicketViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const ticket = this.load(ctx.tx, id);
      const line = ticketView(ctx.tx, ticket).lines.find((l) => l.lineId === lineId);
      if (!line) throw new AppError('NOT_FOUND', `Line ${lineId} is not on ticket #${ticket.orderNumber} (${ticket.station}).`, { entity: 'ticket line', id: lineId });
      if (ticket.kind === 'void') throw new AppError('ILLEGAL_TRANSITION', 'A VOID ticket has nothing to cook: bump the whole ticket to acknowledge it.', { kind: 'void', from: 'void', to: 'ready' });
      if (line.state === 'voided') throw new AppError('LINE_STATE_CONFLICT', `"${line.name}" was voided and cannot become ready.`, { lineId, from: 'voided', to: 'ready' });
      if (line.state === 'fired') this.readyLines(ctx, [lineId]);
      return ticketView(ctx.tx, this.load(ctx.tx, id));
    });
  }

  /**
   * Brings a bumped ticket back to the screen: open again, recalled_at set (bump and fire times
   * kept), its ready lines back to fired. Recalling an open ticket is a 409 ILLEGAL_TRANSITION.
   */
  recall(actor: Actor, id: string): Promise<TicketViewT> {
    return runCommand(this.deps, actor, (ctx) => {
      const ticket = this.load(ctx.tx, id);
      if (ticket.status === 'open') {
        throw new AppError('ILLEGAL_TRANSITION', `Ticket #${ticket.orderNumber} (${ticket.station}) is already on the screen.`, { from: 'open', to: 'open' });
      }
      const recalled = saveTicket(ctx, ticket, { status: 'open', recalledAt: ctx.now });
      if (recalled.kind !== 'void') {
        const ready = ticketView(ctx.tx, recalled).lines.filter((l) => l.state === 'ready').map((l) => l.lineId);
        for (const [orderId, ids] of this.byOrder(ctx, ready)) recallLines(ctx, orderId, ids);
      }
      return this.emitUpdated(ctx, recalled);
    });
  }

  /** Lines → ready through the orders rules, per order (a merged order's lines live on another order now). */
  private readyLines(ctx: CommandContext, lineIds: readonly string[]): void {
    for (const [orderId, ids] of this.byOrder(ctx, lineIds)) markReady(ctx, orderId, ids);
  }

  private byOrder(ctx: CommandContext, lineIds: readonly string[]): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    if (lineIds.length === 0) return groups;
    const rows = ctx.tx.select({ id: orderLines.id, orderId: orderLines.orderId }).from(orderLines).where(inArray(orderLines.id, [...lineIds])).all();
    for (const r of rows) groups.set(r.orderId, [...(groups.get(r.orderId) ?? []), r.id]);
    return groups;
  }

  private emitUpdated(ctx: CommandContext, ticket: TicketRow): TicketViewT {
    const view = ticketView(ctx.tx, ticket);
    ctx.emit({ type: 'ticket.updated', data: view });
    return view;
  }

  private load(tx: DbLike, id: string): TicketRow {
    const row = tx.select().from(kitchenTickets).where(eq(kitchenTickets.id, id)).get();
    if (!row) throw notFound('kitchen ticket', id);
    return row;
  }
}
