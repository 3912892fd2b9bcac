import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBox, setUpRestaurant, type TestBox } from '../helpers/box.js';
import { CLIENT_APPS, GZIP_BUDGET_BYTES, clientAssets } from '../../src/web/client-bundle.js';
import { artifact, ARTIFACTS } from './chromium.js';

let t: TestBox;
beforeAll(async () => { t = await startTestBox(); });
afterAll(async () => { await t?.close(); });

describe('the browser bundles', () => {
  it('keeps each app within 150 KB of gzipped JavaScript, and records the sizes', async () => {
    const assets = await clientAssets();
    const sizes = Object.fromEntries(CLIENT_APPS.map((a) => [a, { bytes: assets[a].bytes, gzipBytes: assets[a].gzipBytes }]));
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(artifact('bundle-sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
    console.log('gzipped bundle sizes (bytes):', CLIENT_APPS.map((a) => `${a} ${assets[a].gzipBytes}`).join(', '));
    for (const a of CLIENT_APPS) expect(assets[a].gzipBytes, a).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });

  it('serves each page with its script under a content-hashed name that may be cached for a year', async () => {
    const first = await fetch(`${t.url}/`);
    const setupHtml = await first.text();
    await setUpRestaurant(t);
    const pages = { setup: setupHtml, app: await (await fetch(`${t.url}/app/`)).text(), kds: await (await fetch(`${t.url}/kds`)).text() };
    for (const [app, html] of Object.entries(pages)) {
      const src = /<script src="(\/assets\/[a-z]+-[0-9a-f]{12}\.js)"><\/script>/.exec(html)?.[1];
      expect(src, app).toMatch(new RegExp(`^/assets/${app}-`));
      const res = await fetch(`${t.url}${src}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('javascript');
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await res.text()).length).toBeGreaterThan(1000);
    }
    expect((await fetch(`${t.url}/assets/app-000000000000.js`)).status).toBe(404);
  });
});
