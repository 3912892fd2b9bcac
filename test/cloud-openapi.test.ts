import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

describe('the cloud\'s own API document', () => {
  it('publishes /openapi.json covering every channel, central-menu, off-box copy and webhook route, and a docs page at /docs that loads it', async () => {
    const doc = await (await fetch(`${cloud.url}/openapi.json`)).json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(routes).toEqual([
      'DELETE /api/locations/{locationId}/platforms/{platform}', 'DELETE /api/webhooks/subscriptions/{id}',
      'GET /api/customers', 'GET /api/customers/{id}', 'GET /api/customers/{id}/export',
      'GET /api/locations/{id}/profile', 'GET /api/locations/{locationId}/platform-orders',
      'GET /api/locations/{locationId}/platforms', 'GET /api/loyalty/programme', 'GET /api/menus',
      'GET /api/menus/status', 'GET /api/menus/{id}', 'GET /api/reports/loyalty', 'GET /api/reports/sources',
      'GET /api/webhooks/deliveries/{id}', 'GET /api/webhooks/events', 'GET /api/webhooks/subscriptions',
      'GET /api/webhooks/subscriptions/{id}', 'GET /api/webhooks/subscriptions/{id}/deliveries', 'GET /b/{token}',
      'GET /public/bookings/{token}', 'GET /public/me', 'GET /public/me/bookings', 'GET /public/me/bookings/{id}/live',
      'GET /public/me/waitlist', 'GET /public/me/waitlist/{id}', 'GET /public/me/waitlist/{id}/live',
      'GET /public/restaurants', 'GET /public/restaurants/{slug}/availability', 'GET /public/tables/{tableId}/menu',
      'GET /public/tables/{tableId}/requests/{requestId}', 'GET /r/{slug}', 'GET /sync/messages',
      'GET /sync/offbox/copies/{id}', 'GET /sync/offbox/copies/{id}/chunks/{index}', 'GET /sync/offbox/latest',
      'GET /t/{token}', 'PATCH /api/webhooks/subscriptions/{id}', 'POST /api/customers/{id}/erase',
      'POST /api/locations/{locationId}/platforms',
      'POST /api/locations/{locationId}/platforms/{platform}/rotate-secret', 'POST /api/menus',
      'POST /api/menus/{id}/publish', 'POST /api/webhooks/deliveries/{id}/replay', 'POST /api/webhooks/subscriptions',
      'POST /api/webhooks/subscriptions/{id}/rotate-secret', 'POST /api/webhooks/subscriptions/{id}/test',
      'POST /b/{token}/cancel', 'POST /platforms/{platform}/{locationId}/orders', 'POST /public/accounts/login',
      'POST /public/accounts/logout', 'POST /public/accounts/password/forgot', 'POST /public/accounts/password/reset',
      'POST /public/accounts/register', 'POST /public/accounts/verify', 'POST /public/accounts/verify/resend',
      'POST /public/bookings/{token}/cancel', 'POST /public/me/bookings/{id}/cancel', 'POST /public/me/waitlist',
      'POST /public/restaurants/{slug}/bookings', 'POST /public/tables/{tableId}/requests', 'POST /r/{slug}/book',
      'POST /sync/allotment', 'POST /sync/messages/ack', 'POST /sync/offbox/copies',
      'POST /sync/offbox/copies/{id}/complete', 'PUT /api/locations/{id}/profile',
      'PUT /api/locations/{locationId}/platforms/{platform}', 'PUT /api/loyalty/programme',
      'PUT /api/menus/locations/{locationId}', 'PUT /api/menus/{id}', 'PUT /sync/offbox/copies/{id}/chunks/{index}',
    ]);
    expect(Object.keys(doc.paths['/api/menus/locations/{locationId}']!.put!.requestBody!.content['application/json']!.schema.properties!)).toEqual(['mode', 'overrides']);
    expect(Object.keys(doc.paths['/api/locations/{id}/profile']!.put!.requestBody!.content['application/json']!.schema.properties!)).toContain('hours');
    expect(Object.keys(doc.paths['/api/webhooks/subscriptions']!.post!.requestBody!.content['application/json']!.schema.properties!))
      .toEqual(['id', 'url', 'events', 'format', 'description', 'locationIds', 'active']);
    const guestTags = ['/t/{token}', '/public/tables/{tableId}/menu', '/public/tables/{tableId}/requests', '/public/tables/{tableId}/requests/{requestId}']
      .flatMap((p) => Object.values(doc.paths[p]!).map((op) => (op as { tags: string[] }).tags));
    expect(guestTags.every((t) => t.length === 1 && t[0] === 'public (guests)')).toBe(true);
    const page = await fetch(`${cloud.url}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('Brigade cloud API');
    expect(html).toContain("url: '/openapi.json'");
    expect((await fetch(`${cloud.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
