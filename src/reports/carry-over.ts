/**
 * Carrying open orders over (the automatic Z, AUTO_Z=on): a table still sitting at the day-start
 * hour does not stop the night's close. Its order moves to the business day that has begun, with
 * that day's next number (numbers are per day, so keeping the old one could clash with an order
 * of the new day), in the Z's own transaction — a crash leaves either both or neither.
 *
 * Money rule (docs/reports.md): payments keep the day they were taken, so a part payment made
 * before the close stays in the closed day's takings; the order's sales count on the day it is
 * completed. The Z lists what it carried (old and new number, total, already paid), so the
 * difference between its takings and its sales is explained on paper.
 */
import type { CommandContext } from '../db/command.js';
import { nextOrderNumber } from '../orders/create.js';
import { refreshOrder } from '../orders/store.js';
import type { OpenOrder } from './store.js';

export interface CarriedOrder {
  orderId: string;
  fromNumber: number;
  toNumber: number;
  toDay: string;
  total: number;
  paid: number;
}

export function carryOpenOrdersOver(ctx: CommandContext, open: OpenOrder[], toDay: string): CarriedOrder[] {
  return open.map((o) => {
    const toNumber = nextOrderNumber(ctx, toDay);
    refreshOrder(ctx, o.id, { businessDay: toDay, number: toNumber });
    ctx.audit({ action: 'order.carried_over', entity: 'order', entityId: o.id,
      details: { fromDay: o.businessDay, fromNumber: o.number, toDay, toNumber } });
    return { orderId: o.id, fromNumber: o.number, toNumber, toDay, total: o.total, paid: o.paid };
  });
}
