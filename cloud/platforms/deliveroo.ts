/**
 * Deliveroo (Order API, api-docs.deliveroo.com).
 *
 * Webhooks carry `X-Deliveroo-Sequence-Guid` and `X-Deliveroo-Hmac-Sha256`: the hex HMAC-SHA256,
 * keyed with the webhook secret, of "<sequence guid> <raw body>" (a space between; the legacy
 * new_order webhook used " \n " — not accepted here). Deliveroo signs no timestamp, so the replay
 * check uses the signed order's `created_at`: an order.new older than 15 minutes (or from the
 * future) is refused — Deliveroo cancels unaccepted orders well before that.
 *
 * `order.new` → an order (`items[].pos_item_id` are the PLUs, `modifiers[]` likewise; money in
 * `{ fractional, currency_code }`); `order.status_update` with `status: "canceled"` cancels the
 * order (Deliveroo's customer service cancels at the guest's request; the payload gives no reason,
 * so `cancel_reason` is taken when present). Other events are acknowledged and ignored.
 *
 * Statuses: accept / refuse → PATCH /order/v1/orders/{id} {status, reject_reason}; ready →
 * POST …/prep_stage {stage: "ready_for_collection"}; picked up → {stage: "collected"}. Deliveroo's
 * Order API has no call for a restaurant to cancel an accepted order (the site calls Deliveroo's
 * support): a cancellation at the till is not sent, and an alert says to phone them.
 */
import { z } from 'zod';
import { assertFresh, hmacHex, sameDigest, SignatureRefused, type PlatformAdapter } from './types.js';
import type { RejectReason } from '../../sync/delivery-messages.js';

const TOLERANCE_MS = 15 * 60_000;
const Money = z.object({ fractional: z.number().int().min(0).max(100_000_000), currency_code: z.string().length(3) });
const Str = (n: number) => z.string().max(n);

const Modifier = z.object({ pos_item_id: z.string().min(1).max(100), name: Str(200), quantity: z.number().int().min(1).max(99).default(1), unit_price: Money.optional() });

const Order = z.object({
  id: z.string().min(1).max(200),
  display_id: z.string().min(1).max(64),
  created_at: z.string().datetime({ offset: true }),
  fulfillment_type: z.enum(['deliveroo', 'restaurant', 'customer_collection', 'table_service']).default('deliveroo'),
  order_notes: Str(500).nullish(),
  customer: z.object({ first_name: Str(60).nullish(), contact_number: Str(40).nullish() }).default({}),
  delivery: z.object({ address: z.object({ street: Str(200).nullish(), city: Str(100).nullish(), postcode: Str(20).nullish() }).nullish(), delivery_fee: Money.nullish() }).nullish(),
  items: z.array(z.object({
    pos_item_id: z.string().min(1).max(100), name: Str(200), quantity: z.number().int().min(1).max(99), unit_price: Money,
    modifiers: z.array(Modifier).max(30).default([]),
  })).min(1).max(200),
  subtotal: Money,
  total_price: Money,
  commission: Money.nullish(),
});

const Envelope = z.object({ event: z.string().min(1).max(64) });
const StatusUpdate = z.object({ id: z.string().min(1).max(200), status: z.string().min(1).max(40), cancel_reason: Str(300).nullish() });

const REJECT: Record<RejectReason, string> = {
  item_unavailable: 'ingredient_unavailable', kitchen_paused: 'busy', closed: 'closing_early', box_offline: 'other', not_accepted_in_time: 'other', other: 'other',
};

export const deliveroo: PlatformAdapter = {
  name: 'deliveroo',
  verify(request, secret, now) {
    const guid = request.header('x-deliveroo-sequence-guid');
    const sig = request.header('x-deliveroo-hmac-sha256');
    if (!guid || !sig) throw new SignatureRefused('unsigned', 'Send X-Deliveroo-Sequence-Guid and X-Deliveroo-Hmac-Sha256.');
    if (!sameDigest(hmacHex(secret, `${guid} ${request.rawBody}`), sig)) throw new SignatureRefused('bad_signature', 'X-Deliveroo-Hmac-Sha256 does not match the sequence guid, the body and the webhook secret.');
    let createdAt = Number.NaN;
    try {
      const body = JSON.parse(request.rawBody) as { event?: unknown; body?: { order?: { created_at?: unknown } } };
      // Only a new order is checked for age: status events about old orders are legitimately old.
      if (body.event !== 'order.new') return;
      const c = body.body?.order?.created_at;
      if (typeof c === 'string') createdAt = Date.parse(c);
    } catch { /* refused below, as having no time */ }
    assertFresh(createdAt, now, TOLERANCE_MS, 'order.created_at');
  },
  parse(body) {
    const { event } = Envelope.parse(body);
    if (event === 'order.status_update') {
      const u = StatusUpdate.parse((body as { body?: { order?: unknown } }).body?.order);
      if (u.status === 'canceled') return { kind: 'cancel', cancel: { platformOrderId: u.id, reason: u.cancel_reason ?? null } };
      return { kind: 'ignored', event: `${event}:${u.status}` };
    }
    if (event !== 'order.new') return { kind: 'ignored', event };
    const o = Order.parse((body as { body?: { order?: unknown } }).body?.order);
    const a = o.delivery?.address;
    return {
      kind: 'order',
      order: {
        platformOrderId: o.id, displayRef: o.display_id, placedAt: Date.parse(o.created_at),
        customer: { name: o.customer.first_name ?? 'Deliveroo guest', phone: o.customer.contact_number ?? null },
        delivery: {
          mode: o.fulfillment_type === 'customer_collection' ? 'pickup' : o.fulfillment_type === 'restaurant' ? 'restaurant' : 'platform',
          address: a ? [a.street, a.postcode, a.city].filter(Boolean).join(', ') || null : null, notes: null,
        },
        lines: o.items.map((i) => ({
          externalId: i.pos_item_id, name: i.name, quantity: i.quantity, unitPrice: i.unit_price.fractional, notes: null,
          options: i.modifiers.map((m) => ({ externalId: m.pos_item_id, name: m.name, quantity: m.quantity, unitPrice: m.unit_price?.fractional ?? 0 })),
        })),
        currency: o.total_price.currency_code, subtotal: o.subtotal.fractional, deliveryFee: o.delivery?.delivery_fee?.fractional ?? 0,
        commission: o.commission?.fractional ?? null, total: o.total_price.fractional, notes: o.order_notes ?? null,
      },
    };
  },
  statusCall(s) {
    const path = `/order/v1/orders/${encodeURIComponent(s.platformOrderId)}`;
    switch (s.status) {
      case 'accepted':
        return { method: 'PATCH', path, body: { status: 'accepted' } };
      case 'rejected':
        return { method: 'PATCH', path, body: { status: 'rejected', reject_reason: REJECT[s.reason ?? 'other'] } };
      case 'ready':
        return { method: 'POST', path: `${path}/prep_stage`, body: { stage: 'ready_for_collection' } };
      case 'picked_up':
        return { method: 'POST', path: `${path}/prep_stage`, body: { stage: 'collected' } };
      case 'cancelled':
        return null;
    }
  },
};
