/**
 * `delivery.order` v1 on the box (issue 21), applied in the message's own transaction with the
 * channel cursor (src/inbox/apply.ts): the delivery record, the till's order and — when the
 * location auto-accepts — the fire to the kitchen and the `accepted` status commit together, so a
 * crash or a replay never makes half an order or two.
 *
 * Decisions, in order: already known (platform + platform order id) → nothing; past `respondBy` →
 * kept as `expired` (the cloud refused it already); kitchen paused or an item 86'd → `rejected`
 * with the reason, no order; otherwise an order (held) and, unless a person must look (manual
 * accept, or a line the menu does not know), accepted and fired at once.
 */
import { deliveryOrderV1, type DeliveryLine, type DeliveryOrderV1 } from '../../sync/delivery-messages.js';
import type { CommandContext } from '../db/command.js';
import { createOrder } from '../orders/create.js';
import { lookUpItems } from '../orders/menu-lookup.js';
import { checkOptions } from '../orders/option-rules.js';
import type { LineInputT } from '../orders/schemas.js';
import type { MessageHandler } from '../inbox/handlers.js';
import { acceptDelivery } from './decisions.js';
import { findDelivery, houseStaffId, kitchenStateOf, saveDelivery, writeStatus, type DeliveryRow } from './store.js';

interface Sorted { mapped: Array<{ line: DeliveryLine; input: LineInputT }>; unmapped: DeliveryLine[]; unavailable: DeliveryLine[] }

/** Each platform line: orderable here, unknown to this menu (a person decides), or 86'd (the order is refused). */
function sortLines(ctx: CommandContext, lines: readonly DeliveryLine[]): Sorted {
  const catalog = lookUpItems(ctx.tx, lines.flatMap((l) => (l.itemId ? [l.itemId] : [])));
  const out: Sorted = { mapped: [], unmapped: [], unavailable: [] };
  for (const line of lines) {
    const found = line.itemId ? catalog.get(line.itemId) : undefined;
    if (!found || line.options.some((o) => o.optionId === null)) {
      out.unmapped.push(line);
      continue;
    }
    // Our options are a set: "2 × extra cheese" keeps one, and the line says so for the cook.
    const optionIds = [...new Set(line.options.map((o) => o.optionId!))];
    const check = checkOptions(found.item.name, found.groups, optionIds);
    if (!found.item.available || (!check.ok && check.violations.some((v) => v.rule === 'unavailable'))) out.unavailable.push(line);
    else if (!check.ok) out.unmapped.push(line);
    else {
      const doubled = line.options.filter((o) => o.quantity > 1).map((o) => `${o.quantity}× ${o.name}`);
      const notes = [line.notes, ...doubled].filter(Boolean).join(' · ').slice(0, 200) || null;
      out.mapped.push({ line, input: { id: ctx.newId(), itemId: found.item.id, quantity: line.quantity, optionIds, course: 1, notes } });
    }
  }
  return out;
}

/** The order's note: the platform's, and what the menu did not recognise (so a printed ticket never hides it). */
function orderNotes(p: DeliveryOrderV1, unmapped: readonly DeliveryLine[]): string | null {
  const parts = [p.notes, ...unmapped.map((l) => `NOT ON MENU: ${l.quantity}× ${l.name}`)].filter(Boolean) as string[];
  return parts.length ? parts.join(' | ').slice(0, 500) : null;
}

function recordOf(ctx: CommandContext, p: DeliveryOrderV1, prepMinutes: number): DeliveryRow {
  return {
    id: p.id, platform: p.platform, platformOrderId: p.platformOrderId, displayRef: p.displayRef, orderId: null, state: 'pending', rejectReason: null,
    cancelledBy: null, cancelReason: null, cancelledAt: null, cancelledWhen: null,
    unmapped: [], lines: p.lines, customerName: p.customer.name, customerPhone: p.customer.phone, deliveryMode: p.delivery.mode,
    deliveryAddress: p.delivery.address, deliveryNotes: p.delivery.notes, totals: p.totals, autoAccept: p.autoAccept, prepMinutes,
    placedAt: p.placedAt, respondBy: p.respondBy, version: 1, createdAt: ctx.now, updatedAt: ctx.now,
  };
}

export const applyDeliveryOrder: MessageHandler = (ctx: CommandContext, payload: unknown) => {
  const p = deliveryOrderV1.parse(payload);
  if (findDelivery(ctx.tx, p.platform, p.platformOrderId)) return;
  const kitchen = kitchenStateOf(ctx.tx);
  const base = recordOf(ctx, p, kitchen.prepMinutes ?? p.prepMinutes);
  if (ctx.now > p.respondBy) {
    // The cloud told the platform "no" when this deadline passed; cooking it now would feed nobody.
    saveDelivery(ctx, { ...base, state: 'expired', rejectReason: 'not_accepted_in_time' }, true);
    return;
  }
  const sorted = sortLines(ctx, p.lines);
  const reason = kitchen.paused ? 'kitchen_paused' : sorted.unavailable.length > 0 ? 'item_unavailable' : null;
  if (reason) {
    const row = saveDelivery(ctx, { ...base, state: 'rejected', rejectReason: reason }, true);
    writeStatus(ctx, row, 'rejected', reason);
    return;
  }
  const house = { ...ctx, actor: { ...ctx.actor, staffId: houseStaffId(ctx.tx) } };
  const { order } = createOrder(house, {
    id: ctx.newId(), type: p.delivery.mode === 'pickup' ? 'takeaway' : 'delivery', source: 'delivery_partner', guestCount: 1,
    customerName: p.customer.name.slice(0, 80) || null, notes: orderNotes(p, sorted.unmapped), serviceChargeBp: 0, lines: sorted.mapped.map((m) => m.input),
  }, { platform: p.platform, platformRef: p.displayRef });
  const row = saveDelivery(ctx, { ...base, orderId: order.order.id, unmapped: sorted.unmapped }, true);
  // An unknown line always waits for a person, whatever the location chose: it must not be cooked half-read.
  if (p.autoAccept && sorted.unmapped.length === 0) acceptDelivery(house, row, row.prepMinutes);
};
