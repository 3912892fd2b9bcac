/**
 * Uber Eats (Marketplace APIs, developer.uber.com/docs/eats).
 *
 * Webhooks: `X-Uber-Signature` is the lower-case hex HMAC-SHA256 of the raw body keyed with the
 * app's client secret. Uber's signature covers no header timestamp, so the replay check uses the
 * signed body's `event_time` (unix seconds): more than 5 minutes from now is refused (Uber's own
 * retries — 1 s, 2 s, 4 s… seven in all — fit well inside).
 *
 * `orders.notification` carries `meta.resource_id` and a `resource_href` to GET the order with an
 * OAuth token. This adapter takes that order document (the shape of GET /v2/eats/order/{id}:
 * `display_id`, `eater`, `cart.items[].external_data`, `selected_modifier_groups`, `payment.charges`,
 * amounts in minor units) inline under `order` — a fetch step belongs with the OAuth client, not
 * built yet. `orders.cancel` (and `orders.failure`, its name on API 1.0.0 stores) cancels the order
 * `meta.resource_id`; Uber's webhook carries no reason, so an optional `reason` string in the body
 * is taken when present. Other event types are acknowledged and ignored.
 *
 * Statuses: accept → POST /v1/eats/orders/{id}/accept_pos_order {reason, pickup_time}; refuse →
 * POST …/deny_pos_order {reason: {explanation, code}}; ready → POST …/ready; the restaurant
 * cancelling after accepting → POST …/cancel {reason: OUT_OF_ITEMS | KITCHEN_CLOSED | … | OTHER,
 * details}. Pickup is reported by Uber's courier app, not by the restaurant: nothing is sent.
 */
import { z } from 'zod';
import { assertFresh, hmacHex, sameDigest, SignatureRefused, type PlatformAdapter } from './types.js';
import type { RejectReason } from '../../sync/delivery-messages.js';

const TOLERANCE_MS = 5 * 60_000;
const Amount = z.object({ amount: z.number().int().min(0).max(100_000_000), currency_code: z.string().length(3).optional() });
const Str = (n: number) => z.string().max(n);

const Modifier = z.object({
  id: Str(200).optional(), title: Str(200), external_data: z.string().min(1).max(100), quantity: z.number().int().min(1).max(99).default(1),
  price: z.object({ unit_price: Amount }).optional(),
});

const Order = z.object({
  id: z.string().min(1).max(200),
  display_id: z.string().min(1).max(64),
  placed_at: z.string().datetime({ offset: true }),
  type: z.enum(['DELIVERY_BY_UBER', 'DELIVERY_BY_RESTAURANT', 'PICK_UP', 'DINE_IN']).default('DELIVERY_BY_UBER'),
  eater: z.object({ first_name: Str(60), last_name: Str(60).optional(), phone: Str(40).optional() }),
  delivery_address: Str(500).optional(),
  cart: z.object({
    special_instructions: Str(500).optional(),
    items: z.array(z.object({
      id: Str(200).optional(), title: Str(200), external_data: z.string().min(1).max(100), quantity: z.number().int().min(1).max(99),
      price: z.object({ unit_price: Amount }), special_instructions: Str(200).optional(),
      selected_modifier_groups: z.array(z.object({ title: Str(200).optional(), selected_items: z.array(Modifier).max(30) })).max(30).default([]),
    })).min(1).max(200),
  }),
  payment: z.object({ charges: z.object({ sub_total: Amount, total: Amount, delivery_fee: Amount.optional(), commission: Amount.optional() }) }),
});

const Envelope = z.object({ event_type: z.string().min(1).max(64), event_time: z.number().int() });
const Cancel = z.object({ meta: z.object({ resource_id: z.string().min(1).max(200) }), reason: Str(300).optional() });
const CANCEL_EVENTS = new Set(['orders.cancel', 'orders.failure']);

const DENY_CODES: Record<RejectReason, string> = {
  item_unavailable: 'ITEM_AVAILABILITY', kitchen_paused: 'KITCHEN_CLOSED', closed: 'STORE_CLOSED',
  box_offline: 'OTHER', not_accepted_in_time: 'OTHER', other: 'OTHER',
};

const CANCEL_REASONS: Record<RejectReason, string> = {
  item_unavailable: 'OUT_OF_ITEMS', kitchen_paused: 'RESTAURANT_TOO_BUSY', closed: 'KITCHEN_CLOSED', box_offline: 'OTHER', not_accepted_in_time: 'OTHER', other: 'OTHER',
};

export const uberEats: PlatformAdapter = {
  name: 'uber_eats',
  verify(request, secret, now) {
    const sig = request.header('x-uber-signature');
    if (!sig) throw new SignatureRefused('unsigned', 'Send X-Uber-Signature: the hex HMAC-SHA256 of the body with the client secret.');
    if (!sameDigest(hmacHex(secret, request.rawBody), sig)) throw new SignatureRefused('bad_signature', 'X-Uber-Signature does not match the body and the client secret.');
    let eventTime = Number.NaN;
    try {
      const t = (JSON.parse(request.rawBody) as { event_time?: unknown }).event_time;
      if (typeof t === 'number') eventTime = t * 1000;
    } catch { /* a signed body that is not JSON is refused below, as having no time */ }
    assertFresh(eventTime, now, TOLERANCE_MS, 'event_time');
  },
  parse(body) {
    const { event_type } = Envelope.parse(body);
    if (CANCEL_EVENTS.has(event_type)) {
      const c = Cancel.parse(body);
      return { kind: 'cancel', cancel: { platformOrderId: c.meta.resource_id, reason: c.reason ?? null } };
    }
    if (event_type !== 'orders.notification') return { kind: 'ignored', event: event_type };
    const o = Order.parse((body as { order?: unknown }).order);
    const charges = o.payment.charges;
    return {
      kind: 'order',
      order: {
        platformOrderId: o.id, displayRef: o.display_id, placedAt: Date.parse(o.placed_at),
        customer: { name: [o.eater.first_name, o.eater.last_name?.slice(0, 1)].filter(Boolean).join(' '), phone: o.eater.phone ?? null },
        delivery: { mode: o.type === 'PICK_UP' ? 'pickup' : o.type === 'DELIVERY_BY_RESTAURANT' ? 'restaurant' : 'platform', address: o.delivery_address ?? null, notes: null },
        lines: o.cart.items.map((i) => ({
          externalId: i.external_data, name: i.title, quantity: i.quantity, unitPrice: i.price.unit_price.amount, notes: i.special_instructions ?? null,
          options: i.selected_modifier_groups.flatMap((g) => g.selected_items).map((m) => ({ externalId: m.external_data, name: m.title, quantity: m.quantity, unitPrice: m.price?.unit_price.amount ?? 0 })),
        })),
        currency: charges.total.currency_code ?? charges.sub_total.currency_code ?? 'XXX',
        subtotal: charges.sub_total.amount, deliveryFee: charges.delivery_fee?.amount ?? 0, commission: charges.commission?.amount ?? null, total: charges.total.amount,
        notes: o.cart.special_instructions ?? null,
      },
    };
  },
  statusCall(s) {
    const path = `/v1/eats/orders/${encodeURIComponent(s.platformOrderId)}`;
    switch (s.status) {
      case 'accepted':
        return { method: 'POST', path: `${path}/accept_pos_order`, body: { reason: 'accepted', ...(s.prepMinutes ? { pickup_time: Math.floor(Date.now() / 1000) + s.prepMinutes * 60 } : {}) } };
      case 'rejected':
        return { method: 'POST', path: `${path}/deny_pos_order`, body: { reason: { explanation: s.reason ?? 'other', code: DENY_CODES[s.reason ?? 'other'] } } };
      case 'ready':
        return { method: 'POST', path: `${path}/ready`, body: {} };
      case 'picked_up':
        return null;
      case 'cancelled':
        return { method: 'POST', path: `${path}/cancel`, body: { reason: CANCEL_REASONS[s.reason ?? 'other'], ...(s.note ? { details: s.note.slice(0, 200) } : {}) } };
    }
  },
};
