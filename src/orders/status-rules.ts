/**
 * Order and line lifecycles, pure.
 *
 * Line: held → fired → ready → served; ready → fired (recall); any but voided → voided.
 * Order: created (nothing fired) → sent (fired, nothing ready) → in_progress (some ready or served)
 *        → served (every live line served); any open state → completed (paid in full) or canceled.
 * The open states follow the lines; completed and canceled are final.
 */

export type LineState = 'held' | 'fired' | 'ready' | 'served' | 'voided';
export type OrderStatus = 'created' | 'sent' | 'in_progress' | 'served' | 'completed' | 'canceled';

const LINE_MOVES: Record<LineState, readonly LineState[]> = {
  held: ['fired', 'voided'],
  fired: ['ready', 'served', 'voided'],
  ready: ['served', 'fired', 'voided'],
  served: ['voided'],
  voided: [],
};

export function canMoveLine(from: LineState, to: LineState): boolean {
  return LINE_MOVES[from].includes(to);
}

export function isOrderOpen(status: OrderStatus): boolean {
  return status !== 'completed' && status !== 'canceled';
}

/** The status an open order has, given its lines' states. Final states never change here. */
export function deriveOrderStatus(current: OrderStatus, lineStates: readonly LineState[]): OrderStatus {
  if (!isOrderOpen(current)) return current;
  const live = lineStates.filter((s) => s !== 'voided');
  if (!live.some((s) => s !== 'held')) return 'created';
  if (live.every((s) => s === 'served')) return 'served';
  if (live.some((s) => s === 'ready' || s === 'served')) return 'in_progress';
  return 'sent';
}
