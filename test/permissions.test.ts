import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { PERMISSIONS, isAllowed, type Permission, type Principal } from '../src/auth/permissions.js';
import { DEFAULT_SETUP, setUpRestaurant, startTestBox, type ApiResponse, type Restaurant, type TestBox } from './helpers/box.js';
import { newId, seedBistro, type Bistro } from './helpers/fixtures.js';
import { dumpDatabase } from './helpers/db-dump.js';

/** Everyone who may knock on a route, and who each one is to the permission table (null: nobody). */
const CALLERS = {
  'no token': null, 'unknown token': null, 'revoked tablet': null, 'signed-out waiter': null, 'tablet device': 'device', 'kitchen device': 'kitchen_screen',
  owner: 'owner', manager: 'manager', waiter: 'waiter', host: 'host', kitchen: 'kitchen',
} as const satisfies Record<string, Principal | null>;
type Caller = keyof typeof CALLERS;

/** One box, set up and seeded, with spare records for the destructive routes, and the caller's credential. */
interface World {
  t: TestBox; r: Restaurant; b: Bistro;
  token?: string; pin: string; staffId: string | null;
  ids: Record<string, string>;
  pairCode: string; menuDoc: string;
}

interface Call { path: string; body?: unknown; raw?: string; headers?: Record<string, string> }

/**
 * A syntactically valid request for every operation, in walking order: destructive ones (revoke a
 * device, sign out) come last so they cannot break the calls after them. The permission check runs
 * first (test/auth-first.test.ts); valid requests show that allowed callers then get past validation.
 */
const WALK: Array<[string, (w: World) => Call]> = [
  ['GET /setup', () => ({ path: '/setup' })],
  ['GET /tls', () => ({ path: '/tls' })],
  ['GET /menu/availability-changes', () => ({ path: '/menu/availability-changes' })],
  ['GET /menu/items/{id}/availability-history', (w) => ({ path: `/menu/items/${w.b.items.burger}/availability-history` })],
  ['POST /customers', () => ({ path: '/customers', body: { id: newId(), name: 'Walk-in Guest', phone: '+33612345678' } })],
  ['GET /customers', () => ({ path: '/customers?q=Walk' })],
  ['GET /reservations/availability', (w) => ({ path: `/reservations/availability?date=${w.ids.tomorrow}&party=2` })],
  ['GET /reservations', (w) => ({ path: `/reservations?date=${w.ids.tomorrow}` })],
  ['GET /reservations/{id}', (w) => ({ path: `/reservations/${w.ids.reservation}` })],
  ['POST /reservations', (w) => ({ path: '/reservations', body: { id: newId(), name: 'Phone Guest', partySize: 2, startsAt: Number(w.ids.slot) } })],
  ['PATCH /reservations/{id}', (w) => ({ path: `/reservations/${w.ids.reservation}`, body: { notes: 'High chair', expectedVersion: 1 } })],
  ['POST /reservations/{id}/status', (w) => ({ path: `/reservations/${w.ids.reservation}/status`, body: { status: 'confirmed' } })],
  ['POST /reservations/{id}/seat', (w) => ({ path: `/reservations/${w.ids.reservation}/seat`, body: { orderId: newId(), tableIds: [w.ids.spareTable] } })],
  ['GET /reservations/settings', () => ({ path: '/reservations/settings' })],
  ['PUT /reservations/settings', (w) => ({ path: '/reservations/settings', body: { hours: { 5: [{ open: '19:00', close: '23:00' }] }, durations: [{ upTo: 100, minutes: 90 }], pacingCovers: null, bufferMinutes: 10, lastSeatingMinutes: 30, holdMinutes: 15, combinations: [[w.ids.spareTable, w.ids.statusTable]], onlineAllotment: null } })],
  ['GET /reservations/exceptions', () => ({ path: '/reservations/exceptions' })],
  ['POST /reservations/exceptions', () => ({ path: '/reservations/exceptions', body: { date: '2099-12-25', kind: 'closed', note: 'Christmas' } })],
  ['DELETE /reservations/exceptions/{id}', (w) => ({ path: `/reservations/exceptions/${w.ids.exception}` })],
  ['GET /waitlist', () => ({ path: '/waitlist' })],
  ['POST /waitlist', () => ({ path: '/waitlist', body: { id: newId(), partySize: 2, name: 'Walk-in', phone: '+33611223344' } })],
  ['POST /waitlist/{id}/notify', (w) => ({ path: `/waitlist/${w.ids.waiting}/notify`, body: {} })],
  ['POST /waitlist/{id}/seat', (w) => ({ path: `/waitlist/${w.ids.waiting}/seat`, body: { orderId: newId(), tableIds: [w.ids.spareTable] } })],
  ['POST /waitlist/{id}/leave', (w) => ({ path: `/waitlist/${w.ids.waiting}/leave`, body: { status: 'left' } })],
  ['GET /customers/{id}', (w) => ({ path: `/customers/${w.ids.customer}` })],
  ['PATCH /customers/{id}', (w) => ({ path: `/customers/${w.ids.customer}`, body: { notes: 'Likes the window table' } })],
  ['GET /customers/{id}/loyalty', (w) => ({ path: `/customers/${w.ids.customer}/loyalty` })],
  ['POST /customers/{id}/loyalty/adjustments', (w) => ({ path: `/customers/${w.ids.customer}/loyalty/adjustments`, body: { id: newId(), points: 10, reason: 'welcome gift' } })],
  ['GET /loyalty/programme', () => ({ path: '/loyalty/programme' })],
  ['POST /orders/{id}/loyalty/redemptions', (w) => ({ path: `/orders/${w.ids.orderD}/loyalty/redemptions`, headers: { 'idempotency-key': `walk-${newId()}` }, body: { rewardId: 'five-off' } })],
  ['PUT /orders/{id}/customer', (w) => ({ path: `/orders/${w.ids.orderA}/customer`, body: { customerId: w.ids.customer } })],
  ['GET /orders/{id}/customer', (w) => ({ path: `/orders/${w.ids.orderA}/customer` })],
  ['DELETE /orders/{id}/customer', (w) => ({ path: `/orders/${w.ids.orderA}/customer` })],
  // Delivery platforms (issue 21): no platform order exists in this world, so a decision meets 404 (a rule, not a gate).
  ['GET /delivery/orders', () => ({ path: '/delivery/orders?state=all' })],
  ['GET /delivery/orders/{id}', () => ({ path: `/delivery/orders/${newId()}` })],
  ['POST /delivery/orders/{id}/accept', () => ({ path: `/delivery/orders/${newId()}/accept`, body: { prepMinutes: 20 } })],
  ['POST /delivery/orders/{id}/reject', () => ({ path: `/delivery/orders/${newId()}/reject`, body: { reason: 'kitchen_paused' } })],
  ['POST /delivery/orders/{id}/ready', () => ({ path: `/delivery/orders/${newId()}/ready` })],
  ['POST /delivery/orders/{id}/picked-up', () => ({ path: `/delivery/orders/${newId()}/picked-up` })],
  ['GET /kitchen/state', () => ({ path: '/kitchen/state' })],
  ['PUT /kitchen/state', () => ({ path: '/kitchen/state', body: { prepMinutes: 20 } })],
  ['GET /public/tables/{tableId}/menu', (w) => ({ path: `/public/tables/${w.b.tables.t1}/menu`, headers: { 'x-table-token': w.ids.qrToken! } })],
  ['POST /public/tables/{tableId}/requests', (w) => ({ path: `/public/tables/${w.b.tables.t1}/requests`, headers: { 'x-table-token': w.ids.qrToken! }, body: { id: newId(), kind: 'call' } })],
  ['GET /public/tables/{tableId}/requests/{requestId}', (w) => ({ path: `/public/tables/${w.b.tables.t1}/requests/${w.ids.guestOrder}`, headers: { 'x-table-token': w.ids.qrToken! } })],
  ['GET /guest-requests', () => ({ path: '/guest-requests?status=all' })],
  ['GET /guest-requests/{id}', (w) => ({ path: `/guest-requests/${w.ids.guestOrder}` })],
  ['POST /guest-requests/{id}/accept', (w) => ({ path: `/guest-requests/${w.ids.guestOrder}/accept`, body: {} })],
  ['POST /guest-requests/{id}/refuse', (w) => ({ path: `/guest-requests/${w.ids.guestBill}/refuse`, body: { reason: 'Already brought' } })],
  ['GET /guest-ordering/settings', () => ({ path: '/guest-ordering/settings' })],
  ['PATCH /guest-ordering/settings', () => ({ path: '/guest-ordering/settings', body: { alertAfterMinutes: 4 } })],
  ['GET /tables/{id}/qr', (w) => ({ path: `/tables/${w.b.tables.t2}/qr` })],
  ['POST /tables/{id}/qr', (w) => ({ path: `/tables/${w.b.tables.t4}/qr` })],
  ['GET /tables/qr-sheet', (w) => ({ path: `/tables/qr-sheet?area=${w.ids.area}` })],
  ['POST /tables/{id}/qr/print', (w) => ({ path: `/tables/${w.b.tables.t2}/qr/print` })],
  ['POST /setup', () => ({ path: '/setup', body: DEFAULT_SETUP })],
  ['GET /settings', () => ({ path: '/settings' })],
  ['PATCH /settings', () => ({ path: '/settings', body: { name: 'Chez Brigade' } })],
  ['GET /auth/roster', () => ({ path: '/auth/roster' })],
  ['GET /auth/me', () => ({ path: '/auth/me' })],
  ['POST /auth/sign-in', (w) => ({ path: '/auth/sign-in', body: { staffId: w.ids.spareStaff, pin: '4444' } })],
  ['POST /auth/pin', (w) => ({ path: '/auth/pin', body: { currentPin: w.pin, newPin: w.pin } })],
  ['POST /devices/pairing-codes', () => ({ path: '/devices/pairing-codes', body: { name: 'Bar tablet', kind: 'tablet' } })],
  ['POST /devices/pair', (w) => ({ path: '/devices/pair', body: { code: w.pairCode } })],
  ['GET /devices', () => ({ path: '/devices' })],
  ['GET /staff', () => ({ path: '/staff' })],
  ['POST /staff', () => ({ path: '/staff', body: { name: 'New Nina', role: 'waiter', pin: '5678' } })],
  ['PATCH /staff/{id}', (w) => ({ path: `/staff/${w.ids.spareStaff}`, body: { name: 'Spare Samuel' } })],
  ['GET /menu', () => ({ path: '/menu' })],
  ['GET /menu/export', () => ({ path: '/menu/export?format=json' })],
  ['POST /menu/import', (w) => ({ path: '/menu/import', raw: w.menuDoc, headers: { 'content-type': 'application/json' } })],
  ['POST /menu/categories', () => ({ path: '/menu/categories', body: { name: 'Soups' } })],
  ['PATCH /menu/categories/{id}', (w) => ({ path: `/menu/categories/${w.ids.spareCat}`, body: { name: 'Spare shelf' } })],
  ['DELETE /menu/categories/{id}', (w) => ({ path: `/menu/categories/${w.ids.spareCat}` })],
  ['POST /menu/items', (w) => ({ path: '/menu/items', body: { categoryId: w.ids.specials, name: 'Onion soup', price: 700, taxRateBp: 1000, station: 'cold' } })],
  ['PATCH /menu/items/{id}', (w) => ({ path: `/menu/items/${w.b.items.burger}`, body: { description: 'Juicy' } })],
  ['POST /menu/items/{id}/availability', (w) => ({ path: `/menu/items/${w.ids.spareItem}/availability`, body: { available: false } })],
  ['PUT /menu/items/{id}/option-groups', (w) => ({ path: `/menu/items/${w.ids.spareItem}/option-groups`, body: { groupIds: [w.b.groups.extras] } })],
  ['DELETE /menu/items/{id}', (w) => ({ path: `/menu/items/${w.ids.spareItem}` })],
  ['POST /menu/option-groups', () => ({ path: '/menu/option-groups', body: { name: 'Dressing', selection: 'single' } })],
  ['PATCH /menu/option-groups/{id}', (w) => ({ path: `/menu/option-groups/${w.ids.spareGroup}`, body: { name: 'Sauces' } })],
  ['POST /menu/option-groups/{id}/options', (w) => ({ path: `/menu/option-groups/${w.ids.spareGroup}/options`, body: { name: 'Aioli' } })],
  ['PATCH /menu/options/{id}', (w) => ({ path: `/menu/options/${w.b.options.egg}`, body: { priceDelta: 120 } })],
  ['POST /menu/options/{id}/availability', (w) => ({ path: `/menu/options/${w.ids.spareOption}/availability`, body: { available: false } })],
  ['DELETE /menu/options/{id}', (w) => ({ path: `/menu/options/${w.ids.spareOption}` })],
  ['DELETE /menu/option-groups/{id}', (w) => ({ path: `/menu/option-groups/${w.ids.spareGroup}` })],
  ['GET /tables', () => ({ path: '/tables' })],
  ['GET /tables/{id}', (w) => ({ path: `/tables/${w.b.tables.t1}` })],
  ['POST /tables', (w) => ({ path: '/tables', body: { areaId: w.ids.area, label: 'P1', capacity: 2, shape: 'round' } })],
  ['PATCH /tables/{id}', (w) => ({ path: `/tables/${w.b.tables.t4}`, body: { capacity: 8 } })],
  ['PUT /tables/layout', (w) => ({ path: '/tables/layout', body: [{ id: w.b.tables.t4, x: 100, y: 100 }] })],
  ['POST /tables/{id}/status', (w) => ({ path: `/tables/${w.ids.statusTable}/status`, body: { status: 'reserved', reason: 'VIP at 8' } })],
  ['DELETE /tables/{id}', (w) => ({ path: `/tables/${w.ids.spareTable}` })],
  ['GET /areas', () => ({ path: '/areas' })],
  ['POST /areas', () => ({ path: '/areas', body: { name: 'Garden' } })],
  ['PATCH /areas/{id}', (w) => ({ path: `/areas/${w.ids.spareArea}`, body: { name: 'Patio' } })],
  ['DELETE /areas/{id}', (w) => ({ path: `/areas/${w.ids.spareArea}` })],
  ['POST /orders', (w) => ({ path: '/orders', body: { id: newId(), type: 'takeaway', lines: [{ itemId: w.b.items.soda, quantity: 1 }] } })],
  ['GET /orders', () => ({ path: '/orders' })],
  ['GET /orders/{id}', (w) => ({ path: `/orders/${w.ids.orderA}` })],
  ['PATCH /orders/{id}', (w) => ({ path: `/orders/${w.ids.orderA}`, body: { guestCount: 3 } })],
  ['POST /orders/{id}/lines', (w) => ({ path: `/orders/${w.ids.orderA}/lines`, body: { lines: [{ id: newId(), itemId: w.b.items.soda, quantity: 1 }] } })],
  ['PATCH /orders/{id}/lines/{lineId}', (w) => ({ path: `/orders/${w.ids.orderA}/lines/${w.ids.heldLine}`, body: { quantity: 2 } })],
  ['POST /orders/{id}/fire', (w) => ({ path: `/orders/${w.ids.orderA}/fire`, body: { lineIds: [w.ids.fireLine] } })],
  ['POST /orders/{id}/lines/ready', (w) => ({ path: `/orders/${w.ids.orderA}/lines/ready`, body: { lineIds: [w.ids.readyLine] } })],
  ['POST /orders/{id}/lines/served', (w) => ({ path: `/orders/${w.ids.orderA}/lines/served`, body: { lineIds: [w.ids.servedLine] } })],
  ['POST /orders/{id}/lines/{lineId}/void', (w) => ({ path: `/orders/${w.ids.orderA}/lines/${w.ids.voidLine}/void`, body: { reason: 'keyed twice' } })],
  ['POST /orders/{id}/discount', (w) => ({ path: `/orders/${w.ids.orderA}/discount`, body: { kind: 'percent', value: 500, reason: 'regular' } })],
  ['POST /orders/{id}/discount/remove', (w) => ({ path: `/orders/${w.ids.orderA}/discount/remove`, body: { reason: 'wrong guest' } })],
  ['POST /orders/{id}/split', (w) => ({ path: `/orders/${w.ids.orderA}/split`, body: { newOrderId: newId(), lineIds: [w.ids.splitLine] } })],
  ['POST /orders/{id}/merge', (w) => ({ path: `/orders/${w.ids.orderA}/merge`, body: { sourceOrderId: w.ids.orderB } })],
  ['POST /orders/{id}/move', (w) => ({ path: `/orders/${w.ids.orderG}/move`, body: { tableId: w.b.tables.t4 } })],
  ['POST /orders/{id}/cancel', (w) => ({ path: `/orders/${w.ids.orderC}/cancel`, body: { reason: 'guest left' } })],
  ['POST /orders/{id}/close', (w) => ({ path: `/orders/${w.ids.orderE}/close` })],
  ['POST /orders/{id}/payments', (w) => ({ path: `/orders/${w.ids.orderD}/payments`, headers: { 'idempotency-key': `walk-${newId()}` }, body: { method: 'card', amount: 100 } })],
  ['GET /orders/{id}/payments', (w) => ({ path: `/orders/${w.ids.orderF}/payments` })],
  ['GET /orders/{id}/check', (w) => ({ path: `/orders/${w.ids.orderF}/check` })],
  ['GET /kitchen/stations', () => ({ path: '/kitchen/stations' })],
  ['GET /kitchen/tickets', () => ({ path: '/kitchen/tickets?station=pastry&status=all' })],
  ['GET /kitchen/all-day', () => ({ path: '/kitchen/all-day?station=pastry' })],
  ['GET /sync/status', () => ({ path: '/sync/status' })],
  ['POST /kitchen/tickets/{id}/lines/{lineId}/bump', (w) => ({ path: `/kitchen/tickets/${w.ids.ticket}/lines/${w.ids.readyLine}/bump` })],
  ['POST /kitchen/tickets/{id}/bump', (w) => ({ path: `/kitchen/tickets/${w.ids.ticket}/bump` })],
  ['POST /kitchen/tickets/{id}/recall', (w) => ({ path: `/kitchen/tickets/${w.ids.ticket}/recall` })],
  ['GET /printers', () => ({ path: '/printers' })],
  ['POST /printers', () => ({ path: '/printers', body: { name: 'Walk printer', address: '127.0.0.1:9' } })],
  ['POST /printers/discover', () => ({ path: '/printers/discover', body: { probe: false, browseMs: 0 } })],
  ['GET /printers/{id}', (w) => ({ path: `/printers/${w.ids.printer}` })],
  ['PATCH /printers/{id}', (w) => ({ path: `/printers/${w.ids.printer}`, body: { columns: 42 } })],
  ['POST /printers/{id}/test', (w) => ({ path: `/printers/${w.ids.printer}/test` })],
  ['GET /printer-routes', () => ({ path: '/printer-routes' })],
  ['PUT /printer-routes', (w) => ({ path: '/printer-routes', body: { kind: 'station', key: 'cold', printerId: w.ids.printer } })],
  ['DELETE /printer-routes/{kind}/{key}', () => ({ path: '/printer-routes/station/spare' })],
  ['GET /print-jobs', () => ({ path: '/print-jobs' })],
  ['GET /print-jobs/{id}', (w) => ({ path: `/print-jobs/${w.ids.printJob}` })],
  ['POST /print-jobs/{id}/reprint', (w) => ({ path: `/print-jobs/${w.ids.printJob}/reprint` })],
  ['POST /orders/{id}/print/guest-check', (w) => ({ path: `/orders/${w.ids.orderF}/print/guest-check` })],
  ['POST /orders/{id}/print/receipt', (w) => ({ path: `/orders/${w.ids.orderF}/print/receipt` })],
  ['POST /payments/{id}/refunds', (w) => ({ path: `/payments/${w.ids.payment}/refunds`, headers: { 'idempotency-key': `walk-${newId()}` }, body: { amount: 50, reason: 'cold' } })],
  ['GET /stock/ingredients', () => ({ path: '/stock/ingredients' })],
  ['POST /stock/ingredients', () => ({ path: '/stock/ingredients', body: { name: 'Sugar', unit: 'kg' } })],
  ['GET /stock/ingredients/{id}', (w) => ({ path: `/stock/ingredients/${w.ids.flour}` })],
  ['PATCH /stock/ingredients/{id}', (w) => ({ path: `/stock/ingredients/${w.ids.flour}`, body: { supplier: 'Moulin Bleu' } })],
  ['POST /stock/receipts', (w) => ({ path: '/stock/receipts', body: { ingredientId: w.ids.flour, quantity: 1, unit: 'kg' } })],
  ['POST /stock/waste', (w) => ({ path: '/stock/waste', body: { ingredientId: w.ids.flour, quantity: 50, unit: 'g', reason: 'spilled' } })],
  ['POST /stock/counts', (w) => ({ path: '/stock/counts', body: { ingredientId: w.ids.flour, counted: 2, unit: 'kg', expectedVersion: 1 } })],
  ['POST /stock/transfers', (w) => ({ path: '/stock/transfers', body: { ingredientId: w.ids.flour, quantity: 100, unit: 'g', direction: 'out', location: 'Nord' } })],
  ['POST /stock/adjustments', (w) => ({ path: '/stock/adjustments', body: { ingredientId: w.ids.flour, quantity: 10, unit: 'g', reason: 'found a bag' } })],
  ['GET /stock/movements', () => ({ path: '/stock/movements' })],
  ['GET /stock/recipes', () => ({ path: '/stock/recipes' })],
  ['PUT /stock/recipes/items/{id}', (w) => ({ path: `/stock/recipes/items/${w.ids.spareItem}`, body: { lines: [{ ingredientId: w.ids.flour, quantity: 20, unit: 'g' }] } })],
  ['PUT /stock/recipes/options/{id}', (w) => ({ path: `/stock/recipes/options/${w.b.options.egg}`, body: { lines: [{ ingredientId: w.ids.flour, quantity: 5, unit: 'g' }] } })],
  ['PUT /stock/recipes/preps/{id}', (w) => ({ path: `/stock/recipes/preps/${w.ids.dough}`, body: { lines: [{ ingredientId: w.ids.flour, quantity: 600, unit: 'g' }] } })],
  ['GET /stock/alerts', () => ({ path: '/stock/alerts?status=all' })],
  ['GET /stock/reports/usage', () => ({ path: '/stock/reports/usage?from=2026-01-01&to=2026-12-31' })],
  ['GET /stock/reports/waste', () => ({ path: '/stock/reports/waste?from=2026-01-01&to=2026-12-31' })],
  ['GET /stock/reports/variance', () => ({ path: '/stock/reports/variance?from=2026-01-01&to=2026-12-31' })],
  ['GET /stock/reports/theoretical', () => ({ path: '/stock/reports/theoretical?from=2026-01-01&to=2026-12-31' })],
  ['GET /reports/x', () => ({ path: '/reports/x' })],
  ['POST /reports/x/print', () => ({ path: '/reports/x/print' })],
  ['POST /reports/z', () => ({ path: '/reports/z', headers: { 'idempotency-key': `walk-${newId()}` } })],
  ['GET /reports/z', () => ({ path: '/reports/z' })],
  ['GET /reports/z/{number}', () => ({ path: '/reports/z/1' })],
  ['POST /reports/z/{number}/print', () => ({ path: '/reports/z/1/print' })],
  ['POST /devices/{id}/revoke', (w) => ({ path: `/devices/${w.ids.spareDevice}/revoke`, body: { reason: 'lost' } })],
  ['POST /auth/sign-out', () => ({ path: '/auth/sign-out' })],
];

async function ok(t: TestBox, token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<any> {
  const res = await t.api(method, path, { token, body, headers });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function pairDevice(t: TestBox, token: string, kind: 'tablet' | 'kitchen'): Promise<{ deviceId: string; token: string }> {
  const { code } = await ok(t, token, 'POST', '/devices/pairing-codes', { name: `${kind} ${newId().slice(-4)}`, kind });
  return ok(t, '', 'POST', '/devices/pair', { code });
}

async function buildWorld(caller: Caller): Promise<World> {
  const t = await startTestBox();
  const r = await setUpRestaurant(t);
  const b = await seedBistro(r);
  const own = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => ok(t, r.ownerToken, method, path, body, headers);
  const ids: Record<string, string> = {};
  ids.area = (await own('GET', '/areas'))[0].id;
  ids.specials = (await own('POST', '/menu/categories', { name: 'Specials' })).id;
  ids.spareCat = (await own('POST', '/menu/categories', { name: 'Spare' })).id;
  ids.spareItem = (await own('POST', '/menu/items', { categoryId: ids.specials, name: 'Soup', price: 600, taxRateBp: 1000, station: 'cold' })).id;
  ids.customer = (await own('POST', '/customers', { id: newId(), name: 'Regular Guest' })).id;
  ids.spareGroup = (await own('POST', '/menu/option-groups', { name: 'Sauce', selection: 'multi' })).id;
  ids.spareOption = (await own('POST', `/menu/option-groups/${ids.spareGroup}/options`, { name: 'Mayo' })).id;
  ids.spareArea = (await own('POST', '/areas', { name: 'Terrace' })).id;
  ids.spareTable = (await own('POST', '/tables', { areaId: ids.area, label: 'S1', capacity: 2, shape: 'round' })).id;
  ids.statusTable = (await own('POST', '/tables', { areaId: ids.area, label: 'S2', capacity: 2, shape: 'round' })).id;
  // The door (issue 20): tomorrow's first free time, a booking, a closed day, a party waiting.
  ids.tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' });
  ids.slot = String((await own('GET', `/reservations/availability?date=${ids.tomorrow}&party=2`)).slots[0].startsAt);
  ids.reservation = (await own('POST', '/reservations', { id: newId(), name: 'Booked Guest', partySize: 2, startsAt: Number(ids.slot) })).id;
  ids.exception = (await own('POST', '/reservations/exceptions', { date: '2099-01-01', kind: 'closed' })).id;
  ids.waiting = (await own('POST', '/waitlist', { id: newId(), partySize: 2, name: 'Waiting Guest', phone: '+33612345679' })).id;
  ids.spareStaff = (await own('POST', '/staff', { name: 'Spare Sam', role: 'waiter', pin: '4444' })).id;
  ids.spareDevice = (await pairDevice(t, r.ownerToken, 'tablet')).deviceId;
  const line = (itemId: string, key: string) => { ids[key] = newId(); return { id: ids[key], itemId, quantity: 1 }; };
  ids.orderA = newId();
  await own('POST', '/orders', { id: ids.orderA, type: 'dine_in', tableId: b.tables.t1, lines: [
    line(b.items.tart, 'heldLine'), line(b.items.soda, 'fireLine'), line(b.items.tart, 'readyLine'),
    line(b.items.tart, 'servedLine'), line(b.items.soda, 'voidLine'), line(b.items.soda, 'splitLine')] });
  await own('POST', `/orders/${ids.orderA}/fire`, { lineIds: [ids.readyLine, ids.servedLine] });
  ids.ticket = (await own('GET', '/kitchen/tickets?station=pastry'))[0].id;
  const takeaway = async (key: string, lines: unknown[]) => { ids[key] = newId(); await own('POST', '/orders', { id: ids[key], type: 'takeaway', lines }); };
  const soda = [{ itemId: b.items.soda, quantity: 1 }];
  await takeaway('orderB', soda); await takeaway('orderC', soda); await takeaway('orderD', soda); await takeaway('orderE', []); await takeaway('orderF', soda);
  // QR ordering (issue 19): T1 is seated (orderA); a guest order and a bill request wait there.
  ids.qrToken = (await own('GET', `/tables/${b.tables.t1}/qr`)).token;
  const guest = (body: unknown) => ok(t, '', 'POST', `/public/tables/${b.tables.t1}/requests`, body, { 'x-table-token': ids.qrToken! });
  ids.guestOrder = (await guest({ id: newId(), kind: 'order', lines: [{ itemId: b.items.soda, quantity: 1 }] })).id;
  ids.guestBill = (await guest({ id: newId(), kind: 'bill' })).id;
  ids.orderG = newId();
  await own('POST', '/orders', { id: ids.orderG, type: 'dine_in', tableId: b.tables.t3, lines: soda });
  ids.payment = (await own('POST', `/orders/${ids.orderF}/payments`, { method: 'card' }, { 'idempotency-key': `prep-${newId()}` })).payment.id;
  ids.flour = (await own('POST', '/stock/ingredients', { name: 'Flour', unit: 'kg' })).id;
  ids.dough = (await own('POST', '/stock/ingredients', { name: 'Dough', unit: 'kg', kind: 'prep', batchQuantity: 1 })).id;
  // Printing: a printer nothing listens on (jobs just wait in the queue), routes, and one job.
  ids.printer = (await own('POST', '/printers', { name: 'Pass', address: '127.0.0.1:9' })).id;
  await own('PUT', '/printer-routes', { kind: 'receipt', key: 'default', printerId: ids.printer });
  await own('PUT', '/printer-routes', { kind: 'station', key: 'spare', printerId: ids.printer });
  ids.printJob = (await own('POST', `/printers/${ids.printer}/test`)).id;
  // Then the printer is disabled and its one failed attempt settles, so no worker writes during the walk
  // (the walk compares whole databases); allowed print calls then meet PRINTER_DISABLED, a business rule.
  await own('PATCH', `/printers/${ids.printer}`, { enabled: false });
  for (let job = await own('GET', `/print-jobs/${ids.printJob}`); job.attempts === 0 || job.status !== 'queued'; job = await own('GET', `/print-jobs/${ids.printJob}`)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  const pairCode = (await own('POST', '/devices/pairing-codes', { name: 'Walk pairing', kind: 'tablet' })).code;
  const menuDoc = JSON.stringify(await own('GET', '/menu/export?format=json'));
  const world: World = { t, r, b, ids, pairCode, menuDoc, pin: '1111', staffId: null };
  if (caller === 'unknown token') world.token = `bss_${'x'.repeat(43)}`;
  else if (caller === 'revoked tablet') {
    const tablet = await pairDevice(t, r.ownerToken, 'tablet');
    await own('POST', `/devices/${tablet.deviceId}/revoke`, { reason: 'stolen' });
    world.token = tablet.token;
  } else if (caller === 'signed-out waiter') {
    world.token = (await r.signInAs('waiter')).token;
    await ok(t, world.token, 'POST', '/auth/sign-out');
  }
  else if (caller === 'tablet device') world.token = (await pairDevice(t, r.ownerToken, 'tablet')).token;
  else if (caller === 'kitchen device') world.token = (await pairDevice(t, r.ownerToken, 'kitchen')).token;
  else if (caller === 'owner') Object.assign(world, { token: r.ownerToken, staffId: r.ownerId });
  else if (caller !== 'no token') {
    const s = await r.signInAs(caller);
    Object.assign(world, { token: s.token, staffId: s.staffId, pin: s.pin });
  }
  return world;
}

const isDenial = (res: ApiResponse) => (res.status === 401 && res.body?.error?.code === 'UNAUTHENTICATED')
  || (res.status === 403 && res.body?.error?.code === 'FORBIDDEN');

/** The answers every caller got, route by route, printed once at the end for people to read. */
const matrix = new Map<string, Partial<Record<Caller, string>>>();
afterAll(() => {
  const callers = Object.keys(CALLERS) as Caller[];
  const rows = [...matrix].map(([route, answers]) => `${route.padEnd(42)} ${callers.map((c) => (answers[c] ?? '').padEnd(30)).join('')}`);
  console.log(`${'route'.padEnd(42)} ${callers.map((c) => c.padEnd(30)).join('')}\n${rows.join('\n')}`);
});

describe('one permission table decides every route', () => {
  it('every operation in the API document names a permission from the table, and the walk covers each one', async () => {
    const t = await startTestBox();
    try {
      const doc = (await t.api('GET', '/openapi.json')).body;
      const operations: string[] = [];
      for (const [path, ops] of Object.entries<Record<string, { 'x-permission'?: string }>>(doc.paths)) {
        for (const [method, op] of Object.entries(operationsOf(ops))) {
          operations.push(`${method.toUpperCase()} ${path}`);
          expect(Object.keys(PERMISSIONS), `${method.toUpperCase()} ${path} has x-permission ${op['x-permission']}`).toContain(op['x-permission']);
        }
      }
      expect(operations.length).toBeGreaterThan(50);
      expect([...operations].sort()).toEqual(WALK.map(([route]) => route).sort());
    } finally {
      await t.close();
    }
  });

  it.each(Object.keys(CALLERS) as Caller[])('the %s caller is let in exactly where the table says, on every route', async (caller) => {
    const w = await buildWorld(caller);
    try {
      const doc = (await w.t.api('GET', '/openapi.json')).body;
      const principal = CALLERS[caller];
      const mismatches: string[] = [];
      let denials = 0;
      for (const [route, build] of WALK) {
        const [method, path] = route.split(' ') as [string, string];
        const permission = doc.paths[path][method.toLowerCase()]['x-permission'] as Permission;
        const call = build(w);
        const allowed = isAllowed(permission, principal);
        // A denial changes nothing but the audit log (architecture §9: denials are logged).
        const before = allowed ? '' : dumpDatabase(w.t.dbFile, { exclude: ['audit_log'] });
        const res = await w.t.api(method, call.path, { token: w.token, body: call.body, raw: call.raw, headers: call.headers });
        const code: string = res.body?.error?.code ?? '';
        matrix.set(route, { ...matrix.get(route), [caller]: `${res.status}${code ? ` ${code}` : ''}` });
        const expectedDenial = principal === null ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        if (!allowed) {
          denials += 1;
          if (!isDenial(res) || code !== expectedDenial) mismatches.push(`${route} (${permission}): expected ${expectedDenial}, got ${res.status} ${code}`);
          if (dumpDatabase(w.t.dbFile, { exclude: ['audit_log'] }) !== before) mismatches.push(`${route} (${permission}): denied, but the database changed`);
        } else if (res.status === 401 || isDenial(res) || res.status === 400 || res.status >= 500) {
          // A valid request from an allowed caller may meet a business rule (404, 409, 422, MANAGER_APPROVAL_REQUIRED), never a gate.
          mismatches.push(`${route} (${permission}): allowed, but got ${res.status} ${code} ${res.body?.error?.message ?? ''}`);
        }
      }
      expect(mismatches).toEqual([]);
      if (w.staffId) {
        const db = new Database(w.t.dbFile, { readonly: true });
        const logged = db.prepare("select details from audit_log where action = 'auth.denied' and staff_id = ?").all(w.staffId) as Array<{ details: string }>;
        db.close();
        expect(logged.length).toBe(denials);
        for (const row of logged) expect(Object.keys(PERMISSIONS)).toContain(JSON.parse(row.details).permission);
      }
    } finally {
      await w.t.close();
    }
  }, 90_000);
});

function operationsOf<T>(ops: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(ops).filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method)));
}
