/**
 * Loading the menu tree as tablets do: a full GET without Accept-Encoding (every byte of the JSON),
 * the same as a browser asks for it (gzip), and a revalidation with If-None-Match (304, no body).
 */
import { runLoad } from './load.js';
import { progress } from './progress.js';
import type { Scenario } from './types.js';

const CONNECTIONS = 16;

export const menuScenario: Scenario = {
  name: 'menu',
  async run(ctx) {
    const { box } = ctx;
    const auth = { authorization: `Bearer ${box.waiterToken}` };
    const first = await fetch(`${box.url}/menu`, { headers: auth });
    const etag = first.headers.get('etag');
    const tree = await first.json() as { categories: Array<{ items: unknown[] }> };
    const itemCount = tree.categories.reduce((n, c) => n + c.items.length, 0);
    if (!first.ok || !etag) throw new Error(`GET /menu → ${first.status}, ETag ${etag}`);
    progress(`menu: ${itemCount} items, ETag ${etag}; full GET for ${ctx.readSeconds} s`);
    const full = await runLoad({
      name: 'menu GET', url: box.url, method: 'GET', path: '/menu', connections: CONNECTIONS,
      durationSeconds: ctx.readSeconds, expectedStatus: 200, headers: auth, boxPid: box.process.pid,
    });
    progress(`menu: full GET with Accept-Encoding: gzip for ${ctx.readSeconds} s`);
    const gzip = await runLoad({
      name: 'menu GET gzip', url: box.url, method: 'GET', path: '/menu', connections: CONNECTIONS,
      durationSeconds: ctx.readSeconds, expectedStatus: 200, headers: { ...auth, 'accept-encoding': 'gzip, deflate, br' }, boxPid: box.process.pid,
    });
    progress(`menu: If-None-Match for ${ctx.readSeconds} s`);
    const revalidate = await runLoad({
      name: 'menu GET If-None-Match', url: box.url, method: 'GET', path: '/menu', connections: CONNECTIONS,
      durationSeconds: ctx.readSeconds, expectedStatus: 304, headers: { ...auth, 'if-none-match': etag }, boxPid: box.process.pid,
    });
    const note = `${itemCount} items in ${tree.categories.length} categories`;
    return [{ ...full, note }, { ...gzip, note }, { ...revalidate, note }];
  },
};
