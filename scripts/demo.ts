/**
 * `npm run demo`: starts the box with a demo restaurant (DATA_DIR defaults to ./data-demo) and
 * prints its URL, the demo PINs and a pairing code for a tablet. The restaurant is seeded through
 * the real HTTP API with the owner's session, exactly as a person's tools would do it.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { startBox, type Box } from '../src/main.js';
import { DEMO_AREAS, DEMO_INGREDIENTS, DEMO_MENU, DEMO_RECIPES, DEMO_SETUP, DEMO_STAFF } from './demo-data.js';
import { startDemoPrinters } from './demo-printers.js';

// API answers are read field by field below; `any` keeps that short.
type Json = any;

/** One JSON call to the box; anything but 2xx stops the demo with the API's own error code and message. */
async function call(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<Json> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json: Json = await res.json();
  if (!res.ok) {
    const details = json?.error?.details ? ` ${JSON.stringify(json.error.details)}` : '';
    throw new Error(`${method} ${path} → ${res.status} ${json?.error?.code}: ${json?.error?.message}${details}`);
  }
  return json;
}

export interface DemoSeed {
  /** False when the box was already set up: nothing was changed. */
  seeded: boolean;
  ownerToken?: string;
  deviceToken?: string;
}

/** Seeds the demo restaurant into the box at `baseUrl`, unless it is already set up. */
export async function seedDemo(baseUrl: string): Promise<DemoSeed> {
  if ((await call(baseUrl, 'GET', '/setup')).initialized) return { seeded: false };
  const setup = await call(baseUrl, 'POST', '/setup', DEMO_SETUP);
  const owner: string = setup.session.token;
  for (const member of DEMO_STAFF) await call(baseUrl, 'POST', '/staff', member, owner);
  await call(baseUrl, 'POST', '/menu/import', DEMO_MENU, owner);
  for (const [a, area] of DEMO_AREAS.entries()) {
    const created = await call(baseUrl, 'POST', '/areas', { name: area.name, sortOrder: a }, owner);
    for (const [i, table] of area.tables.entries()) {
      // A simple grid on the floor map: five tables to a row.
      await call(baseUrl, 'POST', '/tables', { areaId: created.id, ...table, x: 60 + (i % 5) * 160, y: 60 + Math.floor(i / 5) * 160 }, owner);
    }
  }
  await seedStock(baseUrl, owner);
  return { seeded: true, ownerToken: owner, deviceToken: setup.device.token };
}

/** Ingredients, what is on the shelf, prep sauces and recipes (items and options found by name in the menu tree). */
async function seedStock(baseUrl: string, owner: string): Promise<void> {
  const ids = new Map<string, string>();
  for (const { prep, onHand, ...ing } of DEMO_INGREDIENTS) {
    const created = await call(baseUrl, 'POST', '/stock/ingredients', { ...ing, ...(prep ? { kind: 'prep', batchQuantity: prep.batch } : {}) }, owner);
    ids.set(ing.name, created.id);
    if (onHand > 0) await call(baseUrl, 'POST', '/stock/receipts', { ingredientId: created.id, quantity: onHand, unit: ing.unit, reason: 'opening stock' }, owner);
  }
  const lines = (list: Array<[string, number, string]>) => list.map(([name, quantity, unit]) => ({ ingredientId: ids.get(name)!, quantity, unit }));
  for (const { name, prep } of DEMO_INGREDIENTS) if (prep) await call(baseUrl, 'PUT', `/stock/recipes/preps/${ids.get(name)}`, { lines: lines(prep.lines) }, owner);
  const menu = await call(baseUrl, 'GET', '/menu', undefined, owner);
  const items = new Map<string, string>(menu.categories.flatMap((c: Json) => c.items).map((i: Json) => [i.name, i.id]));
  const options = new Map<string, string>(menu.optionGroups.flatMap((g: Json) => g.options.map((o: Json) => [`${g.name}/${o.name}`, o.id])));
  for (const [name, list] of DEMO_RECIPES.items) await call(baseUrl, 'PUT', `/stock/recipes/items/${items.get(name)}`, { lines: lines(list) }, owner);
  for (const [group, name, list] of DEMO_RECIPES.options) await call(baseUrl, 'PUT', `/stock/recipes/options/${options.get(`${group}/${name}`)}`, { lines: lines(list) }, owner);
}

/** A pairing code for "Tablet 1": through the API when we hold the owner's session, else as the owner from the box itself. */
async function pairingCode(box: Box, seed: DemoSeed): Promise<string> {
  if (seed.ownerToken) return (await call(box.url, 'POST', '/devices/pairing-codes', { name: 'Tablet 1', kind: 'tablet' }, seed.ownerToken)).code;
  const owner = box.services.staff.list().find((s) => s.role === 'owner' && s.active);
  if (!owner) return '(no active owner on this box)';
  return (await box.services.auth.createPairingCode({ staffId: owner.id, role: 'owner', deviceId: null }, 'Tablet 1', 'tablet')).code;
}

/** Addresses a tablet on the same network can use. */
function lanUrls(port: number): string[] {
  return Object.values(os.networkInterfaces()).flat()
    .filter((i): i is os.NetworkInterfaceInfo => Boolean(i) && i!.family === 'IPv4' && !i!.internal)
    .map((i) => `http://${i.address}:${port}`);
}

async function main(): Promise<void> {
  const env = { ...process.env, DATA_DIR: process.env.DATA_DIR ?? './data-demo', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const box = await startBox({ config, logger: pino({ level: config.logLevel }) });
  const seed = await seedDemo(box.url);
  const code = await pairingCode(box, seed);
  const printers = await startDemoPrinters(box, Number(process.env.DEMO_PRINTER_PORT ?? 9101));
  const restaurant = box.services.setup.get();
  const pins = [{ name: DEMO_SETUP.ownerName, role: 'owner', pin: DEMO_SETUP.ownerPin }, ...DEMO_STAFF];
  console.log([
    '',
    `  Brigade demo — ${restaurant.name}${seed.seeded ? ' (just created)' : ` (already set up in ${config.dataDir})`}`,
    '',
    `  Open:          ${box.url}/   (API docs: ${box.url}/docs)`,
    ...lanUrls(box.port).map((u) => `  On the LAN:    ${u}/`),
    ...(box.https ? [`  Tablets:       ${box.url}/certificate once each, then https on port ${box.https.state.port} (offline reloads)`] : []),
    `  Data:          ${config.dataDir}`,
    '',
    `  Demo PINs${seed.seeded ? '' : ' (as first seeded)'}:`,
    ...pins.map((p) => `    ${p.role.padEnd(8)} ${p.name.padEnd(16)} ${p.pin}`),
    '',
    `  Pairing code for "Tablet 1": ${code}  (valid ${config.pairingCodeMinutes} minutes; POST /devices/pair)`,
    '',
    '  Emulated printers (tickets are drawn below when you fire an order):',
    ...printers.lines,
    '',
    '  Ctrl+C stops the box. Delete the data folder to start the demo afresh.',
    '',
  ].join('\n'));
  const stop = () => { box.stop().then(() => printers.close()).then(() => process.exit(0), () => process.exit(1)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(`The demo could not start: ${(err as Error).message}`);
    process.exit(1);
  });
}
