import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';

let t: TestBox;
beforeEach(async () => { t = await startTestBox(); });
afterEach(async () => { await t.close(); });

/** The JavaScript budget of the waiter app (issue 8): at most 150 KB gzipped, everything included. */
const JS_BUDGET_GZIP_BYTES = 150 * 1024;

const scriptSrcsOf = (html: string) => [...html.matchAll(/<script src="([^"]+)"><\/script>/g)].map((m) => m[1]!);

describe('the waiter app at /app/', () => {
  it('is where / sends a set-up box; /app goes to /app/', async () => {
    const before = await fetch(`${t.url}/`, { redirect: 'manual' });
    expect(before.status).toBe(200); // not set up: the set-up page stays at /
    await setUpRestaurant(t);
    const root = await fetch(`${t.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    const bare = await fetch(`${t.url}/app`, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/app/');
  });

  it('is one self-contained page (no CDN) with a manifest, an icon and a service worker', async () => {
    await setUpRestaurant(t);
    const res = await fetch(`${t.url}/app/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    expect(html).toContain('<link rel="manifest" href="/app/manifest.webmanifest">');

    const manifest = await fetch(`${t.url}/app/manifest.webmanifest`);
    expect(manifest.headers.get('content-type')).toContain('application/manifest+json');
    const m = await manifest.json();
    expect(m).toMatchObject({ start_url: '/app/', scope: '/app/', display: 'standalone' });
    const icon = await fetch(`${t.url}${m.icons[0].src}`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toContain('<svg');

    const sw = await fetch(`${t.url}/app/sw.js`);
    expect(sw.headers.get('content-type')).toContain('text/javascript');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const code = await sw.text();
    expect(code).toContain("'/app/'");
    expect(code).toContain("url.pathname === '/menu'");
  });

  it(`keeps its JavaScript within the budget: ≤ ${JS_BUDGET_GZIP_BYTES / 1024} KB gzipped (page bundle + service worker)`, async () => {
    await setUpRestaurant(t);
    const html = await (await fetch(`${t.url}/app/`)).text();
    const sw = await (await fetch(`${t.url}/app/sw.js`)).text();
    const scripts = await Promise.all(scriptSrcsOf(html).map(async (src) => (await fetch(`${t.url}${src}`)).text()));
    const js = scripts.join('\n') + sw;
    expect(js.length).toBeGreaterThan(10_000); // the app is really in there
    const gz = gzipSync(js).length;
    expect(gz).toBeLessThanOrEqual(JS_BUDGET_GZIP_BYTES);
    // The whole first load (HTML + CSS + JS) is what a cheap tablet downloads on the LAN.
    expect(gzipSync(html).length).toBeLessThanOrEqual(JS_BUDGET_GZIP_BYTES);
  });

  it('answers unknown app files with the usual 404 body', async () => {
    await setUpRestaurant(t);
    const res = await t.api('GET', '/app/nope.js');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});
