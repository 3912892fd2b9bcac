import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';

let t: TestBox;
beforeEach(async () => { t = await startTestBox(); });
afterEach(async () => { await t.close(); });

async function getPage(path = '/'): Promise<{ status: number; type: string; html: string; cache: string | null }> {
  const res = await fetch(`${t.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text(), cache: res.headers.get('cache-control') };
}

describe('the page at / on a new box', () => {
  it('is the set-up form with every field the owner fills in, and posts to /setup', async () => {
    const page = await getPage();
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.cache).toBe('no-store');
    for (const id of ['restaurantName', 'currency', 'timeZone', 'dayStartHour', 'serviceChargePercent', 'discountLimitPercent', 'ownerName', 'ownerPin', 'ownerPinConfirm']) {
      expect(page.html).toContain(`id="${id}"`);
    }
    expect(page.html).toContain('name="taxMode" value="inclusive"');
    expect(page.html).toContain('name="taxMode" value="exclusive"');
    expect(page.html).toContain('<option value="Europe/Paris">');
    expect(page.html).toContain('<option value="EUR">');
    // The form's script is the content-hashed set-up bundle, which posts the form to /setup.
    const bundle = /<script[^>]+src="(\/assets\/setup-[0-9a-f]+\.js)"/.exec(page.html)?.[1];
    expect(bundle).toBeDefined();
    const script = await fetch(`${t.url}${bundle}`);
    expect(script.status).toBe(200);
    expect(await script.text()).toMatch(/fetch\(["']\/setup["']/);
  });

  it('needs nothing from the internet: no external scripts, styles or fonts', async () => {
    const { html } = await getPage();
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
  });
});

describe('the pages at / and /status once the box is set up', () => {
  it('sends / to the waiter app', async () => {
    await setUpRestaurant(t);
    const res = await fetch(`${t.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/');
  });

  it('/status is a status page naming the restaurant, with links to the docs and health check', async () => {
    await setUpRestaurant(t, { restaurantName: 'Le Petit <Bistro> & Café' });
    const page = await getPage('/status');
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('id="setup-form"');
    expect(page.html).toContain('Le Petit &lt;Bistro&gt; &amp; Café');
    expect(page.html).toContain('href="/docs"');
    expect(page.html).toContain('href="/healthz"');
  });
});
