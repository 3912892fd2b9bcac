import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestBox, type TestBox } from '../helpers/box.js';
import { artifact, launchChromium } from './chromium.js';

let browser: Browser;
let t: TestBox;
beforeAll(async () => { browser = await launchChromium(); t = await startTestBox(); });
afterAll(async () => { await browser?.close(); await t?.close(); });

describe('the API docs page', () => {
  // Swagger UI (5.3x) virtualises a long document: only the route groups near the viewport are in the
  // page at a time, as the models list is. So the test does what a reader does — scrolls to the end —
  // and collects every group it passes.
  it('renders every route group from the box alone, with no request leaving the LAN', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const hosts = new Set<string>();
    page.on('request', (req) => hosts.add(new URL(req.url()).host));
    await page.goto(`${t.url}/docs`);
    await page.waitForSelector('.opblock-tag', { timeout: 15_000 });
    await page.screenshot({ path: artifact('docs-1280x800.png') });
    const seen = new Set<string>();
    for (let step = 0; step < 400; step++) {
      for (const tag of await page.$$eval('.opblock-tag', (els) => els.map((e) => e.getAttribute('data-tag') ?? ''))) seen.add(tag);
      const atEnd = await page.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2);
      if (atEnd) break;
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(50);
    }
    const tags = [...seen];
    expect(tags).toEqual(expect.arrayContaining(['orders', 'payments', 'menu', 'tables', 'staff', 'auth', 'devices', 'setup']));
    // Every group the document has, not only those: a group Swagger UI cannot draw would be missing here.
    const doc = await (await fetch(`${t.url}/openapi.json`)).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    const documented = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? [])));
    expect(new Set(tags)).toEqual(documented);
    expect([...hosts]).toEqual([new URL(t.url).host]);
    await page.close();
  });
});
