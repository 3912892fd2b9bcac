import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { lineVoids } from '../db/schema.js';
import { canMoveLine, type LineState } from './status-rules.js';
import { assertOpen, loadOrder, refreshOrder, saveLine, totalsOf, withLines, type LineRow, type LoadedOrder } from './store.js';
import type { FireInput } from './schemas.js';
import { createFireTickets, createVoidTickets, emitOrderReady, syncTickets } from '../kitchen/tickets.js';
import { recordUsage, reverseUsage, type VoidStock } from '../stock/usage.js';
import { currentBusinessDay } from '../reports/current-day.js';
import { readyWhenKitchenDone } from '../delivery/ready.js';

function pickLines(loaded: LoadedOrder, lineIds: readonly string[]): LineRow[] {
  return lineIds.map((id) => {
    const line = loaded.lines.find((l) => l.id === id);
    if (!line) throw new AppError('NOT_FOUND', `Line ${id} is not on order #${loaded.order.number}.`, { entity: 'order line', id });
    return line;
  });
}

function illegalMove(line: LineRow, to: LineState): AppError {
  return new AppError('LINE_STATE_CONFLICT', `"${line.name}" is ${line.state} and cannot become ${to}.`, { lineId: line.id, from: line.state, to });
}

/**
 * Fires held lines: one course, chosen lines, or everything held. Already-fired lines are left as
 * they are, so a retried fire sends nothing twice. Fired lines go to the kitchen (event after commit).
 * Firing stays allowed on a paid (completed) takeaway: the kitchen still has to cook it.
 */
export function fireLines(ctx: CommandContext, orderId: string, input: FireInput): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  if (loaded.order.status === 'canceled') assertOpen(loaded.order);
  const candidates = input.lineIds ? pickLines(loaded, input.lineIds) : loaded.lines;
  const toFire = candidates.filter((l) => l.state === 'held' && (input.course === undefined || l.course === input.course));
  if (input.lineIds) {
    const voided = candidates.find((l) => l.state === 'voided');
    if (voided) throw illegalMove(voided, 'fired');
  }
  const fired = toFire.map((l) => saveLine(ctx, l, { state: 'fired', firedAt: ctx.now }));
  if (fired.length === 0) return loaded;
  // In the same transaction: a fire is never acknowledged without its tickets (architecture §1.4).
  createFireTickets(ctx, loaded.order, fired, loaded.options);
  // Stock moves with the fire, in the same transaction: never refused, never counted twice (stock/usage.ts).
  recordUsage(ctx, fired, loaded.options);
  const result = refreshOrder(ctx, orderId, {}, withLines(loaded, fired));
  ctx.emit({ type: 'order.lines_fired', data: { orderId, number: loaded.order.number, tableId: loaded.order.tableId, staffId: ctx.actor.staffId, lineIds: fired.map((l) => l.id), firedAt: ctx.now } });
  return result;
}

/**
 * Kitchen bumps lines: fired → ready (already ready lines are left as they are). The waiter hears
 * "order ready" per station, and kitchen tickets whose lines are all done are bumped.
 */
export function markReady(ctx: CommandContext, orderId: string, lineIds: readonly string[]): LoadedOrder {
  const { result, moved } = moveLines(ctx, orderId, lineIds, 'ready', { readyAt: ctx.now }, 'order.lines_ready');
  emitOrderReady(ctx, result.order, moved);
  syncTickets(ctx, moved.map((l) => l.id));
  // A platform order the kitchen has finished: "ready for pickup" to the platform, in this same command.
  if (moved.length > 0) readyWhenKitchenDone(ctx, orderId, result.lines);
  return result;
}

/** The waiter took the plates out: fired or ready → served (their kitchen tickets follow). */
export function markServed(ctx: CommandContext, orderId: string, lineIds: readonly string[]): LoadedOrder {
  const { result, moved } = moveLines(ctx, orderId, lineIds, 'served', { servedAt: ctx.now }, 'order.lines_served');
  syncTickets(ctx, moved.map((l) => l.id));
  return result;
}

/** A recalled kitchen ticket: its ready lines go back to fired (the caller updates the ticket). */
export function recallLines(ctx: CommandContext, orderId: string, lineIds: readonly string[]): LoadedOrder {
  return moveLines(ctx, orderId, lineIds, 'fired', { readyAt: null }, 'order.lines_recalled').result;
}

function moveLines(ctx: CommandContext, orderId: string, lineIds: readonly string[], to: LineState, stamp: Partial<LineRow>, eventType: string): { result: LoadedOrder; moved: LineRow[] } {
  const loaded = loadOrder(ctx.tx, orderId);
  if (loaded.order.status === 'canceled') assertOpen(loaded.order);
  const lines = pickLines(loaded, lineIds).filter((l) => l.state !== to);
  for (const line of lines) if (!canMoveLine(line.state, to)) throw illegalMove(line, to);
  if (lines.length === 0) return { result: loaded, moved: [] };
  const moved = lines.map((line) => saveLine(ctx, line, { state: to, ...stamp }));
  const result = refreshOrder(ctx, orderId, {}, withLines(loaded, moved));
  ctx.emit({ type: eventType, data: { orderId, number: loaded.order.number, tableId: loaded.order.tableId, staffId: loaded.order.staffId, lineIds: lines.map((l) => l.id) } });
  return { result, moved };
}

/**
 * Voids a line. Before firing anyone who may change the order may do it; after firing it takes a
 * manager and a reason (the kitchen may already be cooking it). Every void is a ledger row and an
 * audit row; a fired void goes to the kitchen as an event so it can print a VOID ticket. A fired
 * line's ingredients go back to stock or are written off as waste (`stock`, default waste).
 */
export function voidLine(ctx: CommandContext, orderId: string, lineId: string, reason: string | undefined, approverId: string | null, stock: VoidStock = 'waste'): LoadedOrder {
  const loaded = loadOrder(ctx.tx, orderId);
  assertOpen(loaded.order);
  const [line] = pickLines(loaded, [lineId]);
  if (!line) throw new AppError('NOT_FOUND', `No line ${lineId}.`);
  if (line.state === 'voided') return loaded;
  const wasFired = line.state !== 'held';
  if (wasFired && !approverId) {
    throw new AppError('MANAGER_APPROVAL_REQUIRED', `"${line.name}" was already sent to the kitchen; a manager must approve the void.`, { lineId });
  }
  if (wasFired && !reason) throw new AppError('VALIDATION_FAILED', 'Say why a fired line is voided.', [{ path: 'reason', message: 'Required after firing.' }]);
  // The menu value of what was voided (price with options × quantity), on the same basis as a Z's
  // `gross`: not the line's share of discounts, service charge or exclusive tax, which depend on the
  // rest of the order and the tax mode, and are not what a manager reads a void as.
  const amount = totalsOf(loaded.order, loaded.lines).lines.find((l) => l.id === lineId)!.gross;
  const voidRow: typeof lineVoids.$inferSelect = { id: ctx.newId(), lineId, orderId, wasFired, amount, reason: reason ?? 'removed before firing', staffId: ctx.actor.staffId ?? 'system', approvedBy: approverId,
    businessDay: currentBusinessDay(ctx), createdAt: ctx.now };
  ctx.tx.insert(lineVoids).values(voidRow).run();
  ctx.change('line_void', voidRow, { op: 'insert' });
  const voided = saveLine(ctx, line, { state: 'voided', voidedAt: ctx.now });
  if (wasFired) {
    createVoidTickets(ctx, loaded.order, [voided], loaded.options);
    syncTickets(ctx, [lineId]);
    reverseUsage(ctx, lineId, stock, voidRow.reason);
  }
  ctx.audit({ action: wasFired ? 'order.line_voided_after_fire' : 'order.line_voided', entity: 'order_line', entityId: lineId, reason: voidRow.reason, approvedBy: approverId, details: { orderId, name: line.name, quantity: line.quantity, amount } });
  const result = refreshOrder(ctx, orderId);
  ctx.emit({ type: 'order.line_voided', data: { orderId, number: loaded.order.number, tableId: loaded.order.tableId, lineId, wasFired, station: line.station, reason: voidRow.reason } });
  return result;
}
