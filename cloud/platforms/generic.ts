/**
 * A generic platform, for the aggregators and white-label ordering sites that are neither Uber Eats
 * nor Deliveroo: the scheme most webhook senders use (Stripe-style).
 *
 *   X-Brigade-Timestamp: <unix seconds>
 *   X-Brigade-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret>
 *
 * A timestamp more than 5 minutes from the cloud's clock is refused (a replay). The body is
 * `{ event: "order.created", order: {...} }` with money in minor units; a cancellation is
 * `{ event: "order.cancelled", order: { id, reason? } }`; statuses go back as
 * `POST <api>/orders/<id>/status { status, reason, prepMinutes, note }` (status `cancelled` when the
 * restaurant cancels an accepted order).
 */
import { z } from 'zod';
import { assertFresh, hmacHex, sameDigest, SignatureRefused, type PlatformAdapter } from './types.js';

const TOLERANCE_MS = 5 * 60_000;
const Money = z.number().int().min(0).max(100_000_000);
const Str = (n: number) => z.string().max(n);

const Order = z.object({
  id: z.string().min(1).max(200),
  reference: z.string().min(1).max(64),
  placedAt: z.string().datetime({ offset: true }),
  customer: z.object({ name: Str(120), phone: Str(40).nullish() }),
  fulfilment: z.enum(['delivery', 'pickup', 'restaurant_delivery']).default('delivery'),
  address: Str(500).nullish(),
  deliveryNotes: Str(500).nullish(),
  notes: Str(500).nullish(),
  currency: z.string().length(3),
  items: z.array(z.object({
    plu: z.string().min(1).max(100), name: Str(200), quantity: z.number().int().min(1).max(99), unitPrice: Money, notes: Str(200).nullish(),
    modifiers: z.array(z.object({ plu: z.string().min(1).max(100), name: Str(200), quantity: z.number().int().min(1).max(99).default(1), unitPrice: Money.default(0) })).max(30).default([]),
  })).min(1).max(200),
  subtotal: Money,
  deliveryFee: Money.default(0),
  commission: Money.nullish(),
  total: Money,
});

const Envelope = z.object({ event: z.string().min(1).max(64) });
const Cancel = z.object({ id: z.string().min(1).max(200), reason: Str(300).nullish() });

export const generic: PlatformAdapter = {
  name: 'generic',
  verify(request, secret, now) {
    const ts = request.header('x-brigade-timestamp');
    const sig = request.header('x-brigade-signature');
    if (!ts || !sig) throw new SignatureRefused('unsigned', 'Send X-Brigade-Timestamp and X-Brigade-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">.');
    if (!/^\d{1,12}$/.test(ts)) throw new SignatureRefused('stale', 'X-Brigade-Timestamp is unix seconds.');
    const given = sig.split(',').map((p) => p.trim()).filter((p) => p.startsWith('v1=')).map((p) => p.slice(3));
    const expected = hmacHex(secret, `${ts}.${request.rawBody}`);
    if (!given.some((g) => sameDigest(expected, g))) throw new SignatureRefused('bad_signature', 'The signature does not match the body and the shared secret.');
    assertFresh(Number(ts) * 1000, now, TOLERANCE_MS, 'X-Brigade-Timestamp');
  },
  parse(body) {
    const { event } = Envelope.parse(body);
    if (event === 'order.cancelled') {
      const c = Cancel.parse((body as { order?: unknown }).order);
      return { kind: 'cancel', cancel: { platformOrderId: c.id, reason: c.reason ?? null } };
    }
    if (event !== 'order.created') return { kind: 'ignored', event };
    const o = Order.parse((body as { order?: unknown }).order);
    return {
      kind: 'order',
      order: {
        platformOrderId: o.id, displayRef: o.reference, placedAt: Date.parse(o.placedAt),
        customer: { name: o.customer.name, phone: o.customer.phone ?? null },
        delivery: { mode: o.fulfilment === 'pickup' ? 'pickup' : o.fulfilment === 'restaurant_delivery' ? 'restaurant' : 'platform', address: o.address ?? null, notes: o.deliveryNotes ?? null },
        lines: o.items.map((i) => ({ externalId: i.plu, name: i.name, quantity: i.quantity, unitPrice: i.unitPrice, notes: i.notes ?? null,
          options: i.modifiers.map((m) => ({ externalId: m.plu, name: m.name, quantity: m.quantity, unitPrice: m.unitPrice })) })),
        currency: o.currency, subtotal: o.subtotal, deliveryFee: o.deliveryFee, commission: o.commission ?? null, total: o.total, notes: o.notes ?? null,
      },
    };
  },
  statusCall(s) {
    return { method: 'POST', path: `/orders/${encodeURIComponent(s.platformOrderId)}/status`, body: { status: s.status, reason: s.reason, prepMinutes: s.prepMinutes, ...(s.note ? { note: s.note } : {}) } };
  },
};
