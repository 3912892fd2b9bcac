import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { platformLabel, platformsOfOrders } from '../delivery/labels.js';
import { diningTables, kitchenTicketLines, kitchenTickets, orderLines, staff } from '../db/schema.js';
import type { CommandContext, DbLike } from '../db/command.js';
import { insertRow, updateRow } from '../db/raw.js';
import { preparedPerConnection } from '../db/prepared.js';
import type { LineOptionRow, LineRow, OrderRow } from '../orders/store.js';
import type { OrderReadyEvent, TicketViewT } from './schemas.js';
import { enqueueTicket } from '../printing/enqueue.js';
import { allergiesOfOrders } from '../customers/kitchen.js';

export type TicketRow = typeof kitchenTickets.$inferSelect;
export type TicketLineRow = typeof kitchenTicketLines.$inferSelect;

/** The live state of each line a set of tickets lists (state and ready time come from the order line). */
function lineStates(tx: DbLike, lineIds: readonly string[]) {
  if (lineIds.length === 0) return new Map<string, { state: LineRow['state']; readyAt: number | null; orderId: string }>();
  const rows = tx.select({ id: orderLines.id, state: orderLines.state, readyAt: orderLines.readyAt, orderId: orderLines.orderId })
    .from(orderLines).where(inArray(orderLines.id, [...new Set(lineIds)])).all();
  return new Map(rows.map((r) => [r.id, r]));
}

/** TicketViews for ticket rows, in the order given. */
export function ticketViews(tx: DbLike, tickets: readonly TicketRow[]): TicketViewT[] {
  if (tickets.length === 0) return [];
  const lines = tx.select().from(kitchenTicketLines).where(inArray(kitchenTicketLines.ticketId, tickets.map((t) => t.id)))
    .orderBy(asc(kitchenTicketLines.sortOrder)).all();
  const states = lineStates(tx, lines.map((l) => l.lineId));
  const allergies = allergiesOfOrders(tx, tickets.map((t) => t.orderId));
  const platforms = platformsOfOrders(tx, tickets.map((t) => t.orderId));
  return tickets.map((t) => viewOf(t, lines.filter((l) => l.ticketId === t.id), (lineId) => states.get(lineId), allergies.get(t.orderId) ?? null, platforms.get(t.orderId) ?? null));
}

/** A ticket as screens see it: its own rows, with each line's live state from the order line. */
function viewOf(t: TicketRow, lines: readonly TicketLineRow[], live: (lineId: string) => Pick<LineRow, 'state' | 'readyAt'> | undefined, allergies: string | null, platform: string | null): TicketViewT {
  return {
    id: t.id, orderId: t.orderId, orderNumber: t.orderNumber, station: t.station, kind: t.kind, tableLabel: t.tableLabel, platform, allergies,
    serverName: t.serverName, course: t.course, firedAt: t.firedAt, bumpedAt: t.bumpedAt, recalledAt: t.recalledAt, status: t.status,
    lines: lines.map((l) => {
      const line = live(l.lineId);
      // A ticket line never shows `held`: a line is held only before it is fired.
      const state = !line || line.state === 'held' ? 'fired' : line.state;
      return { lineId: l.lineId, name: l.name, quantity: l.quantity, seat: l.seat, course: l.course, notes: l.notes, options: l.options, state, readyAt: line?.readyAt ?? null };
    }),
    version: t.version,
  };
}

export function ticketView(tx: DbLike, ticket: TicketRow): TicketViewT {
  return ticketViews(tx, [ticket])[0]!;
}

/** Writes a changed ticket: bumps its version and records it for the cloud. */
export function saveTicket(ctx: CommandContext, ticket: TicketRow, patch: Partial<TicketRow>): TicketRow {
  const next: TicketRow = { ...ticket, ...patch, version: ticket.version + 1, updatedAt: ctx.now };
  updateRow(ctx.tx, 'kitchen_tickets', next);
  ctx.change('kitchen_ticket', next);
  return next;
}

/** Queries on the fire path, built once per connection (drizzle's builder costs more than the query). */
function prepareTicketQueries(db: DbLike) {
  const id = sql.placeholder('id');
  return {
    tableLabel: db.select({ label: diningTables.label }).from(diningTables).where(eq(diningTables.id, id)).prepare(),
    serverName: db.select({ name: staff.name }).from(staff).where(eq(staff.id, id)).prepare(),
    /** The courses of this order the kitchen already had a (non-void) ticket for. */
    firedCoursesOf: db.selectDistinct({ course: kitchenTicketLines.course }).from(kitchenTicketLines)
      .innerJoin(kitchenTickets, eq(kitchenTickets.id, kitchenTicketLines.ticketId))
      .where(and(eq(kitchenTickets.orderId, id), inArray(kitchenTickets.kind, ['new', 'add']))).prepare(),
  };
}
const ticketQueries = preparedPerConnection(prepareTicketQueries);

/** Table label and server name as they are now: a ticket keeps them even if they change later. */
function snapshotOf(tx: DbLike, order: OrderRow) {
  const queries = ticketQueries(tx);
  const table = order.tableId ? queries.tableLabel.get({ id: order.tableId }) : undefined;
  const server = queries.serverName.get({ id: order.staffId });
  return { tableLabel: table?.label ?? null, serverName: server?.name ?? null };
}

function byStation(lines: readonly LineRow[]): Map<string, LineRow[]> {
  const groups = new Map<string, LineRow[]>();
  for (const line of lines) groups.set(line.station, [...(groups.get(line.station) ?? []), line]);
  return groups;
}

/**
 * Writes one ticket per station for `lines` (with their lines, change-log rows and a
 * ticket.created event after commit). Returns the new tickets.
 */
function writeTickets(ctx: CommandContext, order: OrderRow, lines: readonly LineRow[], options: ReadonlyMap<string, LineOptionRow[]>, kindFor: (group: readonly LineRow[]) => TicketRow['kind']): TicketRow[] {
  const snapshot = snapshotOf(ctx.tx, order);
  const allergies = allergiesOfOrders(ctx.tx, [order.id]).get(order.id) ?? null;
  // A platform order is marked on the printed header and the KDS card (issue 21).
  const platform = order.platform ? platformLabel(order.platform, order.platformRef) : null;
  const created: TicketRow[] = [];
  const views: TicketViewT[] = [];
  for (const [station, group] of byStation(lines)) {
    const courses = new Set(group.map((l) => l.course));
    const ticket: TicketRow = {
      id: ctx.newId(), orderId: order.id, station, kind: kindFor(group), status: 'open', orderNumber: order.number, ...snapshot,
      course: courses.size === 1 ? group[0]!.course : null, firedAt: ctx.now, bumpedAt: null, recalledAt: null,
      version: 1, createdAt: ctx.now, updatedAt: ctx.now,
    };
    insertRow(ctx.tx, 'kitchen_tickets', ticket);
    ctx.change('kitchen_ticket', ticket);
    const rows = group.map((line, sortOrder): TicketLineRow => ({ ticketId: ticket.id, lineId: line.id, name: line.name, quantity: line.quantity,
      seat: line.seat, course: line.course, notes: line.notes, options: (options.get(line.id) ?? []).map((o) => o.name), sortOrder }));
    for (const row of rows) {
      insertRow(ctx.tx, 'kitchen_ticket_lines', row);
      ctx.change('kitchen_ticket_line', row, { op: 'insert', entityId: `${row.ticketId}:${row.lineId}` });
    }
    // Same transaction as the ticket: a fire is never acknowledged without its print job (architecture §8).
    enqueueTicket(ctx, { ticketId: ticket.id, orderId: order.id, kind: ticket.kind, orderNumber: ticket.orderNumber, station, tableLabel: ticket.tableLabel,
      serverName: ticket.serverName, course: ticket.course, firedAt: ticket.firedAt, allergies, platform, lines: rows.map(({ name, quantity, seat, course, notes, options }) => ({ name, quantity, seat, course, notes, options })) });
    created.push(ticket);
    // The view from what was just written (as ticketViews would read it back), without reading it back.
    const states = new Map(group.map((l) => [l.id, l]));
    views.push(viewOf(ticket, rows, (lineId) => states.get(lineId), allergies, platform));
  }
  for (const view of views) ctx.emit({ type: 'ticket.created', data: view });
  return created;
}

/**
 * Newly fired lines → one ticket per station. ADD only for dishes added to a course the kitchen
 * already has (an add-on); firing the next course is NEW, with its course on the ticket, so a cook
 * never mistakes the mains for something forgotten from the starters.
 */
export function createFireTickets(ctx: CommandContext, order: OrderRow, fired: readonly LineRow[], options: ReadonlyMap<string, LineOptionRow[]>): TicketRow[] {
  const earlier = new Set(ticketQueries(ctx.tx).firedCoursesOf.all({ id: order.id }).map((r) => r.course));
  return writeTickets(ctx, order, fired, options, (group) => (group.some((l) => earlier.has(l.course)) ? 'add' : 'new'));
}

/** Lines voided after firing → a VOID ticket to each of their stations. */
export function createVoidTickets(ctx: CommandContext, order: OrderRow, voided: readonly LineRow[], options: ReadonlyMap<string, LineOptionRow[]>): TicketRow[] {
  return writeTickets(ctx, order, voided, options, () => 'void');
}

/** The cooking tickets (new/add) that list any of these lines. */
function cookingTicketsOf(tx: DbLike, lineIds: readonly string[]): TicketRow[] {
  if (lineIds.length === 0) return [];
  const ids = tx.selectDistinct({ id: kitchenTicketLines.ticketId }).from(kitchenTicketLines).where(inArray(kitchenTicketLines.lineId, [...lineIds])).all().map((r) => r.id);
  if (ids.length === 0) return [];
  return tx.select().from(kitchenTickets).where(and(inArray(kitchenTickets.id, ids), inArray(kitchenTickets.kind, ['new', 'add']))).orderBy(asc(kitchenTickets.firedAt)).all();
}

/** True when every live line is out of the kitchen's hands (ready or served) and at least one is live. */
export function isTicketDone(view: TicketViewT): boolean {
  const live = view.lines.filter((l) => l.state !== 'voided');
  return live.length > 0 && live.every((l) => l.state === 'ready' || l.state === 'served');
}

/**
 * After lines changed state (ready, served, voided, recalled): every cooking ticket listing them is
 * told to the screens, and an open one whose live lines are all done is bumped. A ticket whose
 * lines were all voided stays open until the kitchen acknowledges it (never silently disappears).
 * Returns the tickets as they are now.
 */
export function syncTickets(ctx: CommandContext, lineIds: readonly string[]): TicketRow[] {
  const result: TicketRow[] = [];
  for (let ticket of cookingTicketsOf(ctx.tx, lineIds)) {
    if (ticket.status === 'open' && isTicketDone(ticketView(ctx.tx, ticket))) {
      ticket = saveTicket(ctx, ticket, { status: 'bumped', bumpedAt: ctx.now });
    }
    ctx.emit({ type: 'ticket.updated', data: ticketView(ctx.tx, ticket) });
    result.push(ticket);
  }
  return result;
}

/** Tells the waiter's devices that food is ready: one event per station. */
export function emitOrderReady(ctx: CommandContext, order: OrderRow, ready: readonly LineRow[]): void {
  if (ready.length === 0) return;
  const { tableLabel } = snapshotOf(ctx.tx, order);
  for (const [station, group] of byStation(ready)) {
    const data: OrderReadyEvent = { orderId: order.id, number: order.number, tableId: order.tableId, tableLabel, staffId: order.staffId, lineIds: group.map((l) => l.id), station };
    ctx.emit({ type: 'order.ready', data });
  }
}
