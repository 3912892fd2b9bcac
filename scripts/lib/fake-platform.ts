/**
 * Fake delivery platforms (issue 21) for the tests and the bench: a real HTTP server standing in
 * for a platform's API (records every status call; can be told to fail), and request builders that
 * sign the way each real platform does — written here from the platforms' documentation, apart
 * from the cloud's adapters, so a signing mistake in one is not mirrored in the other.
 */
import crypto from 'node:crypto';
import http from 'node:http';

export interface StatusCallSeen { method: string; path: string; body: any; authorization: string | undefined; at: number }

export interface FakePlatformApi {
  url: string;
  calls: StatusCallSeen[];
  /** Answer this status to the next `times` calls (e.g. 503: the platform is down). */
  failNext(times: number, status?: number): void;
  close(): Promise<void>;
}

export async function startFakePlatformApi(): Promise<FakePlatformApi> {
  const calls: StatusCallSeen[] = [];
  let failures = 0;
  let failStatus = 503;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        res.writeHead(failStatus).end('down');
        return;
      }
      calls.push({ method: req.method ?? '', path: req.url ?? '', body: body ? JSON.parse(body) : null, authorization: req.headers.authorization, at: Date.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`, calls,
    failNext(times, status = 503) { failures = times; failStatus = status; },
    close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

const hmac = (secret: string, text: string) => crypto.createHmac('sha256', secret).update(text).digest('hex');

export interface SignedPost { body: string; headers: Record<string, string> }

/** Uber Eats: X-Uber-Signature = hex HMAC-SHA256(body, client secret); freshness from event_time. */
export function uberRequest(secret: string, order: { id: string; displayId: string; items: Array<{ plu: string; title: string; quantity: number; price: number; modifiers?: Array<{ plu: string; title: string }> }>; subtotal: number; deliveryFee?: number; total?: number }, eventTime = Math.floor(Date.now() / 1000)): SignedPost {
  const body = JSON.stringify({
    event_id: crypto.randomUUID(), event_type: 'orders.notification', event_time: eventTime,
    meta: { resource_id: order.id, status: 'pos', user_id: 'store-1' }, resource_href: `https://api.uber.com/v2/eats/order/${order.id}`,
    order: {
      id: order.id, display_id: order.displayId, placed_at: new Date(eventTime * 1000).toISOString(), type: 'DELIVERY_BY_UBER',
      eater: { first_name: 'Camille', last_name: 'Dupont', phone: '+33 6 12 34 56 78' },
      cart: { special_instructions: 'No cutlery', items: order.items.map((i) => ({
        title: i.title, external_data: i.plu, quantity: i.quantity, price: { unit_price: { amount: i.price, currency_code: 'EUR' } },
        selected_modifier_groups: i.modifiers ? [{ title: 'Extras', selected_items: i.modifiers.map((m) => ({ title: m.title, external_data: m.plu, quantity: 1, price: { unit_price: { amount: 100 } } })) }] : [],
      })) },
      payment: { charges: { sub_total: { amount: order.subtotal, currency_code: 'EUR' }, total: { amount: order.total ?? order.subtotal + (order.deliveryFee ?? 0), currency_code: 'EUR' },
        delivery_fee: { amount: order.deliveryFee ?? 0 } } },
    },
  });
  return { body, headers: { 'content-type': 'application/json', 'x-uber-signature': hmac(secret, body), 'x-environment': 'sandbox' } };
}

/** Deliveroo: X-Deliveroo-Hmac-Sha256 = hex HMAC-SHA256("<sequence guid> <body>", webhook secret). */
export function deliverooRequest(secret: string, order: { id: string; displayId: string; items: Array<{ plu: string; name: string; quantity: number; price: number }>; subtotal: number; deliveryFee?: number; commission?: number }, createdAt = new Date()): SignedPost {
  const body = JSON.stringify({
    event: 'order.new',
    body: { order: {
      id: order.id, display_id: order.displayId, created_at: createdAt.toISOString(), fulfillment_type: 'deliveroo', order_notes: 'Ring twice',
      customer: { first_name: 'Noor', contact_number: '+44 20 7946 0958' },
      delivery: { address: { street: '1 High St', city: 'London', postcode: 'N1 1AA' }, delivery_fee: { fractional: order.deliveryFee ?? 0, currency_code: 'EUR' } },
      items: order.items.map((i) => ({ pos_item_id: i.plu, name: i.name, quantity: i.quantity, unit_price: { fractional: i.price, currency_code: 'EUR' }, modifiers: [] })),
      subtotal: { fractional: order.subtotal, currency_code: 'EUR' }, total_price: { fractional: order.subtotal + (order.deliveryFee ?? 0), currency_code: 'EUR' },
      ...(order.commission !== undefined ? { commission: { fractional: order.commission, currency_code: 'EUR' } } : {}),
    } },
  });
  const guid = crypto.randomUUID();
  return { body, headers: { 'content-type': 'application/json', 'x-deliveroo-sequence-guid': guid, 'x-deliveroo-hmac-sha256': hmac(secret, `${guid} ${body}`) } };
}

/** The generic scheme: X-Brigade-Signature = v1=hex HMAC-SHA256("<unix seconds>.<body>"). */
export function genericRequest(secret: string, order: { id: string; reference: string; items: Array<{ plu: string; name: string; quantity: number; unitPrice: number }>; subtotal: number; commission?: number; deliveryFee?: number }, at = Math.floor(Date.now() / 1000)): SignedPost {
  const body = JSON.stringify({
    event: 'order.created',
    order: {
      id: order.id, reference: order.reference, placedAt: new Date(at * 1000).toISOString(), customer: { name: 'Ana', phone: null }, fulfilment: 'delivery',
      address: '4 Rue de la Paix, Paris', currency: 'EUR', items: order.items, subtotal: order.subtotal, deliveryFee: order.deliveryFee ?? 0,
      ...(order.commission !== undefined ? { commission: order.commission } : {}), total: order.subtotal + (order.deliveryFee ?? 0),
    },
  });
  return { body, headers: { 'content-type': 'application/json', 'x-brigade-timestamp': String(at), 'x-brigade-signature': `v1=${hmac(secret, `${at}.${body}`)}` } };
}

/** Uber Eats' `orders.cancel` webhook (no reason in Uber's payload; `reason` is an optional extra the adapter reads). */
export function uberCancelRequest(secret: string, orderId: string, reason?: string, eventTime = Math.floor(Date.now() / 1000)): SignedPost {
  const body = JSON.stringify({ event_id: crypto.randomUUID(), event_type: 'orders.cancel', event_time: eventTime,
    meta: { resource_id: orderId, status: 'CANCELED', user_id: 'store-1' }, resource_href: `https://api.uber.com/v2/eats/order/${orderId}`, ...(reason ? { reason } : {}) });
  return { body, headers: { 'content-type': 'application/json', 'x-uber-signature': hmac(secret, body) } };
}

/** Deliveroo's `order.status_update` (Order Events webhook) with the order's new status, e.g. "canceled". */
export function deliverooStatusRequest(secret: string, orderId: string, status: string, at = new Date()): SignedPost {
  const body = JSON.stringify({ event: 'order.status_update', body: { order: { id: orderId, status, status_log: [{ at: at.toISOString(), status }] } } });
  const guid = crypto.randomUUID();
  return { body, headers: { 'content-type': 'application/json', 'x-deliveroo-sequence-guid': guid, 'x-deliveroo-hmac-sha256': hmac(secret, `${guid} ${body}`) } };
}

/** The generic scheme's `order.cancelled`. */
export function genericCancelRequest(secret: string, orderId: string, reason: string | null, at = Math.floor(Date.now() / 1000)): SignedPost {
  const body = JSON.stringify({ event: 'order.cancelled', order: { id: orderId, reason } });
  return { body, headers: { 'content-type': 'application/json', 'x-brigade-timestamp': String(at), 'x-brigade-signature': `v1=${hmac(secret, `${at}.${body}`)}` } };
}
