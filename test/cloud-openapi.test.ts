import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

describe('the cloud\'s own API document', () => {
  it('publishes /openapi.json covering every channel and central-menu route, and a docs page at /docs that loads it', async () => {
    const doc = await (await fetch(`${cloud.url}/openapi.json`)).json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(routes).toEqual([
      'GET /api/menus', 'GET /api/menus/status', 'GET /api/menus/{id}', 'GET /sync/messages',
      'POST /api/menus', 'POST /api/menus/{id}/publish', 'POST /sync/messages/ack',
      'PUT /api/menus/locations/{locationId}', 'PUT /api/menus/{id}',
    ]);
    expect(Object.keys(doc.paths['/api/menus/locations/{locationId}']!.put!.requestBody!.content['application/json']!.schema.properties!)).toEqual(['mode', 'overrides']);
    const page = await fetch(`${cloud.url}/docs`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('Brigade cloud API');
    expect(html).toContain("url: '/openapi.json'");
    expect((await fetch(`${cloud.url}/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });
});
