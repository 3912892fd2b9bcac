import { expect } from 'vitest';
import type { Restaurant } from './box.js';
import { newId } from './fixtures.js';

/** Small API verbs for report tests, as the owner unless a token is given; each asserts success. */
export function reportApi(r: Restaurant, token = r.ownerToken) {
  const call = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await r.t.api(method, path, { token, body, headers });
    expect(res.status, `${method} ${path} → ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  };
  return {
    t: r.t,
    token,
    call,
    order: (body: Record<string, unknown>) => call('POST', '/orders', { id: newId(), ...body }),
    pay: (orderId: string, body: Record<string, unknown>) => call('POST', `/orders/${orderId}/payments`, body, { 'idempotency-key': `pay-${newId()}` }),
    refund: (paymentId: string, amount: number, reason: string) =>
      call('POST', `/payments/${paymentId}/refunds`, { amount, reason }, { 'idempotency-key': `refund-${newId()}` }),
    x: () => call('GET', '/reports/x'),
    z: (key = `z-${newId()}`) => call('POST', '/reports/z', undefined, { 'idempotency-key': key }),
  };
}
