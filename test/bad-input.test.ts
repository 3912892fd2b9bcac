import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import Database from 'better-sqlite3';
import { DEFAULT_SETUP, setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { burgerLine, newId, seedBistro, type Bistro } from './helpers/fixtures.js';

/**
 * Promise 5: bad input gets a clear 4xx with a stable code and changes nothing. One box serves every
 * case; each case dumps the whole database before and after, so a case that writes anything fails.
 */
interface World {
  t: TestBox; r: Restaurant; b: Bistro;
  tokens: Record<'owner' | 'manager' | 'waiter', string>;
  ids: Record<IdName, string>;
}
type IdName = 'area' | 'mains' | 'soldOut' | 'inactiveTable' | 'open' | 'heldLine' | 'firedLine' | 'voidedLine' | 'toPay' | 'canceled' | 'otherWaiter';
type As = keyof World['tokens'] | 'nobody';
/** `ownConnection`: send on a fresh TCP connection (see the keep-alive test at the end for why). */
interface Req { method: string; path: string; body?: unknown; raw?: string; headers?: Record<string, string>; ownConnection?: boolean }
type Case = [name: string, as: As, build: (w: World) => Req, status: number, code?: string];

const json = { 'content-type': 'application/json' };
const key = () => ({ 'idempotency-key': `bad-${newId()}` });
/** A valid takeaway order with one soda, patched. */
const order = (w: World, patch: Record<string, unknown> = {}) => ({ id: newId(), type: 'takeaway', lines: [{ itemId: w.b.items.soda, quantity: 1 }], ...patch });
/** A valid takeaway order whose single line is patched. */
const withLine = (w: World, patch: Record<string, unknown>) => order(w, { lines: [{ itemId: w.b.items.soda, quantity: 1, ...patch }] });
const post = (path: string, body?: unknown, headers?: Record<string, string>): Req => ({ method: 'POST', path, body, headers });
const payOn = (orderId: string, body: unknown, headers: Record<string, string> = key()) => post(`/orders/${orderId}/payments`, body, headers);
/**
 * Raw JSON text of `body` with each `@` in its strings replaced by `escape` as written on the wire
 * (e.g. the six characters \ud800: JSON.parse keeps that as a lone surrogate).
 */
const rawWith = (method: string, path: string, body: unknown, escape: string): Req => ({ method, path, raw: JSON.stringify(body).replaceAll('@', escape), headers: json });
const fullMenuItem = (w: World, patch: Record<string, unknown>) => ({ categoryId: w.ids.mains, name: `Dish ${newId().slice(-6)}`, price: 1000, taxRateBp: 1000, station: 'grill', ...patch });

const CASES: Case[] = [
  // ---------- POST /orders ----------
  ['a truncated JSON body is refused as malformed JSON', 'waiter', () => ({ method: 'POST', path: '/orders', raw: '{"id": "', headers: json }), 400, 'MALFORMED_JSON'],
  ['an order note holding a NUL character is refused (the cloud could never store it)', 'waiter', (w) => post('/orders', order(w, { notes: `table 4${String.fromCharCode(0)}` })), 400, 'VALIDATION_FAILED'],
  ['a line note holding a NUL character is refused', 'waiter', (w) => post('/orders', withLine(w, { notes: `no ice${String.fromCharCode(0)}` })), 400, 'VALIDATION_FAILED'],
  ['an order note holding a lone high surrogate (\\ud800) is refused, not stored as U+FFFD', 'waiter', (w) => rawWith('POST', '/orders', order(w, { notes: 'table 4 @' }), '\\ud800'), 400, 'VALIDATION_FAILED'],
  ['a line note holding a high surrogate followed by a letter is refused', 'waiter', (w) => rawWith('POST', '/orders', withLine(w, { notes: 'no ice @' }), '\\ud83c\\u0041'), 400, 'VALIDATION_FAILED'],
  ['a lone surrogate right after an escaped backslash is refused', 'waiter', (w) => rawWith('POST', '/orders', order(w, { customerName: 'Ana @' }), '\\\\\\udc00'), 400, 'VALIDATION_FAILED'],
  ['a JSON array instead of an order is refused', 'waiter', () => post('/orders', [1, 2, 3]), 400, 'VALIDATION_FAILED'],
  ['a JSON null body is refused', 'waiter', () => ({ method: 'POST', path: '/orders', raw: 'null', headers: json }), 400, 'VALIDATION_FAILED'],
  ['an order type given as a number is refused', 'waiter', (w) => post('/orders', order(w, { type: 42 })), 400, 'VALIDATION_FAILED'],
  ['an order id that is not a UUID is refused', 'waiter', (w) => post('/orders', order(w, { id: 'order-1' })), 400, 'VALIDATION_FAILED'],
  ['an order without a type is refused', 'waiter', (w) => post('/orders', order(w, { type: undefined })), 400, 'VALIDATION_FAILED'],
  ['an order without an id is refused', 'waiter', (w) => post('/orders', order(w, { id: undefined })), 400, 'VALIDATION_FAILED'],
  ['a dine-in order without a table is refused', 'waiter', (w) => post('/orders', order(w, { type: 'dine_in' })), 400, 'VALIDATION_FAILED'],
  ['a takeaway order with a table is refused', 'waiter', (w) => post('/orders', order(w, { tableId: w.b.tables.t2 })), 400, 'VALIDATION_FAILED'],
  ['a quantity of zero is refused', 'waiter', (w) => post('/orders', withLine(w, { quantity: 0 })), 400, 'VALIDATION_FAILED'],
  ['a negative quantity is refused', 'waiter', (w) => post('/orders', withLine(w, { quantity: -1 })), 400, 'VALIDATION_FAILED'],
  ['a quantity of a billion is refused', 'waiter', (w) => post('/orders', withLine(w, { quantity: 1e9 })), 400, 'VALIDATION_FAILED'],
  ['a fractional quantity is refused', 'waiter', (w) => post('/orders', withLine(w, { quantity: 2.5 })), 400, 'VALIDATION_FAILED'],
  ['a quantity sent as a string is refused', 'waiter', (w) => post('/orders', withLine(w, { quantity: '2' })), 400, 'VALIDATION_FAILED'],
  ['an unknown menu item is not found', 'waiter', (w) => post('/orders', withLine(w, { itemId: newId() })), 404, 'NOT_FOUND'],
  ['a table id used as a menu item id is not found', 'waiter', (w) => post('/orders', withLine(w, { itemId: w.b.tables.t2 })), 404, 'NOT_FOUND'],
  ['an unknown table for a dine-in order is not found', 'waiter', (w) => post('/orders', order(w, { type: 'dine_in', tableId: newId() })), 404, 'NOT_FOUND'],
  ['a menu item id used as a table id is not found', 'waiter', (w) => post('/orders', order(w, { type: 'dine_in', tableId: w.b.items.soda })), 404, 'NOT_FOUND'],
  ['an inactive table cannot take an order', 'waiter', (w) => post('/orders', order(w, { type: 'dine_in', tableId: w.ids.inactiveTable })), 409, 'TABLE_INACTIVE'],
  ['an option the item does not offer is refused', 'waiter', (w) => post('/orders', withLine(w, { optionIds: [w.b.options.cheese] })), 422, 'OPTION_RULES_VIOLATED'],
  ['a burger without a cooking choice breaks the required group', 'waiter', (w) => post('/orders', order(w, { lines: [{ ...burgerLine(w.b), optionIds: [w.b.options.fries] }] })), 422, 'OPTION_RULES_VIOLATED'],
  ['two cooking choices in a single-choice group are refused', 'waiter', (w) => post('/orders', order(w, { lines: [{ ...burgerLine(w.b), optionIds: [w.b.options.rare, w.b.options.medium, w.b.options.fries] }] })), 422, 'OPTION_RULES_VIOLATED'],
  ['the same option chosen twice is refused', 'waiter', (w) => post('/orders', order(w, { lines: [{ ...burgerLine(w.b), optionIds: [w.b.options.rare, w.b.options.fries, w.b.options.fries] }] })), 422, 'OPTION_RULES_VIOLATED'],
  ["an 86'd item cannot be ordered", 'waiter', (w) => post('/orders', withLine(w, { itemId: w.ids.soldOut })), 409, 'ITEM_UNAVAILABLE'],
  ['an unexpected field on the order is refused', 'waiter', (w) => post('/orders', order(w, { total: 0 })), 400, 'VALIDATION_FAILED'],
  ['an unexpected price on a line is refused', 'waiter', (w) => post('/orders', withLine(w, { unitPrice: 1 })), 400, 'VALIDATION_FAILED'],
  ['zero guests is refused', 'waiter', (w) => post('/orders', order(w, { guestCount: 0 })), 400, 'VALIDATION_FAILED'],
  ['a customer name of only spaces is refused', 'waiter', (w) => post('/orders', order(w, { customerName: '   ' })), 400, 'VALIDATION_FAILED'],
  ['a customer name of 81 characters is refused', 'waiter', (w) => post('/orders', order(w, { customerName: 'x'.repeat(81) })), 400, 'VALIDATION_FAILED'],
  ['a service charge over 50 % is refused', 'waiter', (w) => post('/orders', order(w, { serviceChargeBp: 5001 })), 400, 'VALIDATION_FAILED'],
  ['two lines sharing one client id are refused', 'waiter', (w) => { const id = newId(); return post('/orders', order(w, { lines: [{ id, itemId: w.b.items.soda, quantity: 1 }, { id, itemId: w.b.items.tart, quantity: 1 }] })); }, 400, 'VALIDATION_FAILED'],
  ['201 lines in one order are refused', 'waiter', (w) => post('/orders', order(w, { lines: Array.from({ length: 201 }, () => ({ itemId: w.b.items.soda, quantity: 1 })) })), 400, 'VALIDATION_FAILED'],
  ['a 2 MB order body is refused as too large', 'waiter', (w) => ({ method: 'POST', path: '/orders', raw: JSON.stringify(order(w, { notes: 'x'.repeat(2 * 1024 * 1024) })), headers: json, ownConnection: true }), 413, 'PAYLOAD_TOO_LARGE'],
  ['an order sent as text/plain is refused', 'waiter', (w) => ({ method: 'POST', path: '/orders', raw: JSON.stringify(order(w)), headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
  ['an order path id that is not a UUID is refused', 'waiter', () => ({ method: 'PATCH', path: '/orders/42', body: { guestCount: 2 } }), 400, 'VALIDATION_FAILED'],
  // ---------- payments ----------
  ['a payment without an Idempotency-Key is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card' }, {}), 400, 'IDEMPOTENCY_KEY_REQUIRED'],
  ['a three-character Idempotency-Key is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card' }, { 'idempotency-key': 'abc' }), 400, 'IDEMPOTENCY_KEY_REQUIRED'],
  ['a payment of zero is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card', amount: 0 }), 400, 'VALIDATION_FAILED'],
  ['a negative payment is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card', amount: -500 }), 400, 'VALIDATION_FAILED'],
  ['a card payment over the balance is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card', amount: 99_999 }), 409, 'OVERPAYMENT'],
  ['cash tendered below the amount is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'cash', amount: 800, tendered: 500 }), 422, 'INSUFFICIENT_TENDER'],
  ['a payment on a canceled order is refused', 'waiter', (w) => payOn(w.ids.canceled, { method: 'card' }), 409, 'ORDER_CLOSED'],
  ['a payment with both an amount and a split is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card', amount: 100, split: { kind: 'equal', parts: 2 } }), 400, 'VALIDATION_FAILED'],
  ['a tendered amount on a card payment is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card', tendered: 5000 }), 400, 'VALIDATION_FAILED'],
  ['an unknown payment method is refused', 'waiter', (w) => payOn(w.ids.toPay, { method: 'bitcoin' }), 400, 'VALIDATION_FAILED'],
  ['paying for a line that is not on the order is not found', 'waiter', (w) => payOn(w.ids.toPay, { method: 'card', split: { kind: 'items', lineIds: [newId()] } }), 404, 'NOT_FOUND'],
  ['a payment on an unknown order is not found', 'waiter', () => payOn(newId(), { method: 'card' }), 404, 'NOT_FOUND'],
  ['refunding an order id as if it were a payment is not found', 'manager', (w) => post(`/payments/${w.ids.toPay}/refunds`, { amount: 100, reason: 'test' }, key()), 404, 'NOT_FOUND'],
  // ---------- kitchen flow, voids, lines ----------
  ['firing a line that is not on the order is not found', 'waiter', (w) => post(`/orders/${w.ids.open}/fire`, { lineIds: [newId()] }), 404, 'NOT_FOUND'],
  ['bumping a line that is not on the order is not found', 'manager', (w) => post(`/orders/${w.ids.open}/lines/ready`, { lineIds: [newId()] }), 404, 'NOT_FOUND'],
  ['serving a line that is not on the order is not found', 'waiter', (w) => post(`/orders/${w.ids.open}/lines/served`, { lineIds: [newId()] }), 404, 'NOT_FOUND'],
  ['bumping a line the kitchen never got is a state conflict', 'manager', (w) => post(`/orders/${w.ids.open}/lines/ready`, { lineIds: [w.ids.heldLine] }), 409, 'LINE_STATE_CONFLICT'],
  ['firing a voided line is a state conflict', 'waiter', (w) => post(`/orders/${w.ids.open}/fire`, { lineIds: [w.ids.voidedLine] }), 409, 'LINE_STATE_CONFLICT'],
  ['voiding a line that is already voided changes nothing and answers with the order', 'waiter', (w) => post(`/orders/${w.ids.open}/lines/${w.ids.voidedLine}/void`, { reason: 'again' }), 200],
  ['voiding an unknown line is not found', 'waiter', (w) => post(`/orders/${w.ids.open}/lines/${newId()}/void`, { reason: 'gone' }), 404, 'NOT_FOUND'],
  ['a waiter cannot approve another waiter\'s void of a fired line', 'waiter', (w) => post(`/orders/${w.ids.open}/lines/${w.ids.firedLine}/void`, { reason: 'cold', approval: { staffId: w.ids.otherWaiter, pin: '2468' } }), 403, 'MANAGER_APPROVAL_REQUIRED'],
  ['a void reason holding a lone low surrogate is refused', 'waiter', (w) => rawWith('POST', `/orders/${w.ids.open}/lines/${w.ids.heldLine}/void`, { reason: 'keyed @ twice' }, '\\udc00'), 400, 'VALIDATION_FAILED'],
  ['a cancel reason holding a lone surrogate is refused', 'waiter', (w) => rawWith('POST', `/orders/${w.ids.open}/cancel`, { reason: 'left @' }, '\\uDBFF'), 400, 'VALIDATION_FAILED'],
  ['canceling without a reason is refused', 'waiter', (w) => post(`/orders/${w.ids.open}/cancel`, {}), 400, 'VALIDATION_FAILED'],
  ['an order list limit of zero is refused', 'waiter', () => ({ method: 'GET', path: '/orders?limit=0' }), 400, 'VALIDATION_FAILED'],
  ['a waiter cannot void a fired line without a manager', 'waiter', (w) => post(`/orders/${w.ids.open}/lines/${w.ids.firedLine}/void`, { reason: 'cold' }), 403, 'MANAGER_APPROVAL_REQUIRED'],
  ['changing the quantity of a fired line is a state conflict', 'waiter', (w) => ({ method: 'PATCH', path: `/orders/${w.ids.open}/lines/${w.ids.firedLine}`, body: { quantity: 3 } }), 409, 'LINE_STATE_CONFLICT'],
  ['adding lines to a canceled order is refused', 'waiter', (w) => post(`/orders/${w.ids.canceled}/lines`, { lines: [{ itemId: w.b.items.soda, quantity: 1 }] }), 409, 'ORDER_CLOSED'],
  ['moving an order to an unknown table is not found', 'waiter', (w) => post(`/orders/${w.ids.open}/move`, { tableId: newId() }), 404, 'NOT_FOUND'],
  ['merging an order into itself is refused', 'waiter', (w) => post(`/orders/${w.ids.open}/merge`, { sourceOrderId: w.ids.open }), 400, 'VALIDATION_FAILED'],
  // ---------- discounts ----------
  ['a percent discount over 10000 basis points is refused', 'manager', (w) => post(`/orders/${w.ids.open}/discount`, { kind: 'percent', value: 10_001, reason: 'free' }), 400, 'VALIDATION_FAILED'],
  ['a discount of zero is refused', 'manager', (w) => post(`/orders/${w.ids.open}/discount`, { kind: 'amount', value: 0, reason: 'nothing' }), 400, 'VALIDATION_FAILED'],
  ['a discount without a reason is refused', 'manager', (w) => post(`/orders/${w.ids.open}/discount`, { kind: 'percent', value: 500 }), 400, 'VALIDATION_FAILED'],
  ['a waiter discount over the limit needs a manager', 'waiter', (w) => post(`/orders/${w.ids.open}/discount`, { kind: 'percent', value: 2000, reason: 'friend' }), 403, 'MANAGER_APPROVAL_REQUIRED'],
  ['discounting a voided line is a state conflict', 'manager', (w) => post(`/orders/${w.ids.open}/discount`, { lineId: w.ids.voidedLine, kind: 'percent', value: 500, reason: 'x' }), 409, 'LINE_STATE_CONFLICT'],
  // ---------- menu ----------
  ['a discount on an unknown order is not found', 'manager', () => post(`/orders/${newId()}/discount`, { kind: 'percent', value: 500, reason: 'x' }), 404, 'NOT_FOUND'],
  ['a negative menu price is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { price: -100 })), 400, 'VALIDATION_FAILED'],
  ['a fractional menu price is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { price: 12.5 })), 400, 'VALIDATION_FAILED'],
  ['a tax rate over 100 % is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { taxRateBp: 10_001 })), 400, 'VALIDATION_FAILED'],
  ['a second category named like an existing one, in other case, is a duplicate', 'manager', () => post('/menu/categories', { name: 'mAINS' }), 409, 'DUPLICATE'],
  ['a second item with an existing name is a duplicate', 'manager', (w) => post('/menu/items', fullMenuItem(w, { name: 'burger' })), 409, 'DUPLICATE'],
  ['an option group whose minimum exceeds its maximum is refused', 'manager', () => post('/menu/option-groups', { name: 'Toppings', selection: 'multi', required: true, minSelect: 4, maxSelect: 2 }), 400, 'VALIDATION_FAILED'],
  ['raising an existing group minimum above its maximum is refused', 'manager', (w) => ({ method: 'PATCH', path: `/menu/option-groups/${w.b.groups.extras}`, body: { required: true, minSelect: 5 } }), 400, 'VALIDATION_FAILED'],
  ['a javascript: image URL is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { imageUrl: 'javascript:alert(1)' })), 400, 'VALIDATION_FAILED'],
  ['an image URL that is not a URL is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { imageUrl: 'burger.jpg' })), 400, 'VALIDATION_FAILED'],
  ['an item in an unknown category is not found', 'manager', (w) => post('/menu/items', fullMenuItem(w, { categoryId: newId() })), 404, 'NOT_FOUND'],
  ['a station name with spaces and punctuation is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { station: 'the grill!' })), 400, 'VALIDATION_FAILED'],
  ['a menu item name holding a lone surrogate is refused', 'manager', (w) => rawWith('POST', '/menu/items', fullMenuItem(w, { name: 'Caf@' }), '\\ud800'), 400, 'VALIDATION_FAILED'],
  ['renaming a menu item with a lone surrogate is refused', 'manager', (w) => rawWith('PATCH', `/menu/items/${w.b.items.soda}`, { name: 'Soda @' }, '\\ud800'), 400, 'VALIDATION_FAILED'],
  ['a blank item name is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { name: '   ' })), 400, 'VALIDATION_FAILED'],
  ['a single-choice group allowing three choices is refused', 'manager', () => post('/menu/option-groups', { name: 'Bread', selection: 'single', maxSelect: 3 }), 400, 'VALIDATION_FAILED'],
  ['a tag containing a pipe is refused', 'manager', (w) => post('/menu/items', fullMenuItem(w, { tags: ['veg|an'] })), 400, 'VALIDATION_FAILED'],
  ['deleting a menu item that was ordered is refused', 'manager', (w) => ({ method: 'DELETE', path: `/menu/items/${w.b.items.soda}` }), 409, 'IN_USE'],
  ['deleting a category that still has items is refused', 'manager', (w) => ({ method: 'DELETE', path: `/menu/categories/${w.ids.mains}` }), 409, 'IN_USE'],
  ['a menu import that is not JSON is refused', 'manager', () => ({ method: 'POST', path: '/menu/import', raw: '{categories:', headers: json }), 400, 'MALFORMED_JSON'],
  // ---------- tables ----------
  ['a table label that differs only in case is a duplicate', 'manager', (w) => post('/tables', { areaId: w.ids.area, label: 't1', capacity: 2, shape: 'round' }), 409, 'DUPLICATE'],
  ['a table for zero guests is refused', 'manager', (w) => post('/tables', { areaId: w.ids.area, label: 'Z0', capacity: 0, shape: 'round' }), 400, 'VALIDATION_FAILED'],
  ['a table in an unknown area is not found', 'manager', () => post('/tables', { areaId: newId(), label: 'Z1', capacity: 2, shape: 'round' }), 404, 'NOT_FOUND'],
  ['a hexagonal table is refused', 'manager', (w) => post('/tables', { areaId: w.ids.area, label: 'Z2', capacity: 2, shape: 'hexagon' }), 400, 'VALIDATION_FAILED'],
  ['deleting a table with an open order is refused', 'manager', (w) => ({ method: 'DELETE', path: `/tables/${w.b.tables.t1}` }), 409, 'TABLE_HAS_OPEN_ORDERS'],
  ['a stale expectedVersion on a table is a version conflict', 'manager', (w) => ({ method: 'PATCH', path: `/tables/${w.b.tables.t2}`, body: { capacity: 6, expectedVersion: 999 } }), 409, 'VERSION_CONFLICT'],
  ['a floor-map save listing one table twice is refused', 'manager', (w) => ({ method: 'PUT', path: '/tables/layout', body: [{ id: w.b.tables.t2, x: 1, y: 1 }, { id: w.b.tables.t2, x: 2, y: 2 }] }), 400, 'VALIDATION_FAILED'],
  ['a floor-map save with one unknown table moves no table at all', 'manager', (w) => ({ method: 'PUT', path: '/tables/layout', body: [{ id: w.b.tables.t2, x: 5, y: 5 }, { id: newId(), x: 1, y: 1 }] }), 404, 'NOT_FOUND'],
  // ---------- staff, settings, devices ----------
  ['setting up the box a second time is refused', 'nobody', () => post('/setup', DEFAULT_SETUP), 409, 'ALREADY_INITIALIZED'],
  ['a three-digit PIN is refused', 'owner', () => post('/staff', { name: 'Tim', role: 'waiter', pin: '123' }), 400, 'VALIDATION_FAILED'],
  ['a PIN with letters is refused', 'owner', () => post('/staff', { name: 'Tim', role: 'waiter', pin: '12ab' }), 400, 'VALIDATION_FAILED'],
  ['an unknown staff role is refused', 'owner', () => post('/staff', { name: 'Tim', role: 'chef', pin: '1234' }), 400, 'VALIDATION_FAILED'],
  ['a currency that is not an ISO code is refused', 'owner', () => ({ method: 'PATCH', path: '/settings', body: { currency: 'euro' } }), 400, 'VALIDATION_FAILED'],
  ['an unknown time zone is refused', 'owner', () => ({ method: 'PATCH', path: '/settings', body: { timeZone: 'Mars/Olympus_Mons' } }), 400, 'VALIDATION_FAILED'],
  ['a day start at hour 24 is refused', 'owner', () => ({ method: 'PATCH', path: '/settings', body: { dayStartHour: 24 } }), 400, 'VALIDATION_FAILED'],
  ['an unknown pairing code is refused', 'nobody', () => post('/devices/pair', { code: 'ZZZZ-9999' }), 401, 'PAIRING_CODE_INVALID'],
  ['a SQL-looking pairing code is just an unknown code', 'nobody', () => post('/devices/pair', { code: "' OR '1'='1" }), 401, 'PAIRING_CODE_INVALID'],
  ['a two-character pairing code is refused', 'nobody', () => post('/devices/pair', { code: 'ab' }), 400, 'VALIDATION_FAILED'],
  ['an unknown route answers ROUTE_NOT_FOUND', 'waiter', () => post('/orders-v2', {}), 404, 'ROUTE_NOT_FOUND'],
];

let w: World;
beforeAll(async () => {
  const t = await startTestBox();
  const r = await setUpRestaurant(t);
  const b = await seedBistro(r);
  const manager = await r.signInAs('manager');
  const waiter = await r.signInAs('waiter');
  const own = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await t.api(method, path, { token: r.ownerToken, body, headers });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const ids = { area: (await own('GET', '/areas'))[0].id } as World['ids'];
  ids.mains = (await own('GET', '/menu')).categories.find((c: { name: string }) => c.name === 'Mains').id;
  ids.soldOut = (await own('POST', '/menu/items', fullMenuItem({ ids } as World, { name: 'Bouillabaisse' }))).id;
  await own('POST', `/menu/items/${ids.soldOut}/availability`, { available: false });
  ids.inactiveTable = (await own('POST', '/tables', { areaId: ids.area, label: 'Broken', capacity: 2, shape: 'round' })).id;
  await own('POST', `/tables/${ids.inactiveTable}/status`, { status: 'inactive', reason: 'wobbly leg' });
  [ids.open, ids.heldLine, ids.firedLine, ids.voidedLine, ids.toPay, ids.canceled] = [newId(), newId(), newId(), newId(), newId(), newId()];
  await own('POST', '/orders', { id: ids.open, type: 'dine_in', tableId: b.tables.t1, lines: [
    { id: ids.heldLine, itemId: b.items.tart, quantity: 1 }, { id: ids.firedLine, itemId: b.items.soda, quantity: 1 }, { id: ids.voidedLine, itemId: b.items.soda, quantity: 1 }] });
  await own('POST', `/orders/${ids.open}/fire`, { lineIds: [ids.firedLine] });
  await own('POST', `/orders/${ids.open}/lines/${ids.voidedLine}/void`, { reason: 'keyed twice' });
  await own('POST', '/orders', { id: ids.toPay, type: 'takeaway', lines: [{ itemId: b.items.tart, quantity: 1 }] });
  await own('POST', '/orders', { id: ids.canceled, type: 'takeaway', lines: [{ itemId: b.items.soda, quantity: 1 }] });
  await own('POST', `/orders/${ids.canceled}/cancel`, { reason: 'guest left' });
  ids.otherWaiter = (await own('POST', '/staff', { name: 'Walter', role: 'waiter', pin: '2468' })).id;
  w = { t, r, b, ids, tokens: { owner: r.ownerToken, manager: manager.token, waiter: waiter.token } };
});
afterAll(async () => { await w?.t.close(); });

/** Names of the tables whose rows differ between two dumps. */
function changedTables(before: string, after: string): string[] {
  const sections = (dump: string) => new Map(dump.split(/^## /m).filter(Boolean).map((s) => [s.slice(0, s.indexOf('\n')), s]));
  const a = sections(before);
  const b = sections(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((name) => a.get(name) !== b.get(name));
}

/** One request on its own TCP connection (no keep-alive pool), for bodies the box refuses before reading them. */
function sendOnOwnConnection(t: TestBox, req: Req, token?: string): Promise<{ status: number; body: any }> {
  const payload = req.raw ?? JSON.stringify(req.body);
  const headers = { ...req.headers, 'content-length': String(Buffer.byteLength(payload)), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return new Promise((resolve, reject) => {
    const sent = http.request(t.url + req.path, { method: req.method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; }).on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    sent.on('error', reject).end(payload);
  });
}

describe('bad input gets a clear error and changes nothing', () => {
  it('covers at least fifty cases', () => { expect(CASES.length).toBeGreaterThanOrEqual(50); });

  it.each(CASES)('%s', async (_name, as, build, status, code) => {
    const req = build(w);
    const before = dumpDatabase(w.t.dbFile);
    const token = as === 'nobody' ? undefined : w.tokens[as];
    const res = req.ownConnection ? await sendOnOwnConnection(w.t, req, token)
      : await w.t.api(req.method, req.path, { token, body: req.body, raw: req.raw, headers: req.headers });
    const after = dumpDatabase(w.t.dbFile);
    expect({ status: res.status, code: res.body?.error?.code }, JSON.stringify(res.body).slice(0, 300)).toEqual({ status, code });
    if (code) expect(res.body.error.message.length).toBeGreaterThan(0);
    expect(changedTables(before, after)).toEqual([]);
  });
});

describe('input that only looks dangerous is stored as typed', () => {
  it('stores SQL-looking order and line notes verbatim and the orders table survives', async () => {
    const sqlish = "'); DROP TABLE orders;--";
    const id = newId();
    const res = await w.t.api('POST', '/orders', { token: w.tokens.waiter, body: order(w, { id, notes: sqlish, lines: [{ itemId: w.b.items.soda, quantity: 1, notes: `${sqlish} /* x */` }] }) });
    expect(res.status).toBe(201);
    expect(res.body.notes).toBe(sqlish);
    expect(res.body.lines[0].notes).toBe(`${sqlish} /* x */`);
    const db = new Database(w.t.dbFile, { readonly: true });
    expect(db.prepare('select notes from orders where id = ?').get(id)).toEqual({ notes: sqlish });
    db.close();
    expect((await w.t.api('GET', `/orders/${id}`, { token: w.tokens.waiter })).body.notes).toBe(sqlish);
  });

  it('stores an emoji sent as an escaped surrogate pair, and a typed backslash-ud800, as sent', async () => {
    const raw = JSON.stringify(order(w, { notes: 'burger @ and code #' })).replace('@', '\\ud83c\\udf54').replace('#', '\\\\ud800');
    const res = await w.t.api('POST', '/orders', { token: w.tokens.waiter, raw, headers: json });
    expect(res.status).toBe(201);
    expect(res.body.notes).toBe('burger \u{1F354} and code \\ud800');
    const db = new Database(w.t.dbFile, { readonly: true });
    expect(db.prepare('select notes from orders where id = ?').get(res.body.id)).toEqual({ notes: 'burger \u{1F354} and code \\ud800' });
    db.close();
  });

  it('stores a note with a typed backslash-u0000 (not a NUL) as typed', async () => {
    const res = await w.t.api('POST', '/orders', { token: w.tokens.waiter, body: order(w, { notes: 'code \\u0000 on the door' }) });
    expect(res.status).toBe(201);
    expect(res.body.notes).toBe('code \\u0000 on the door');
  });

  it('accepts an emoji and accented customer name and returns it exactly', async () => {
    const name = 'Zoë 🍕 李 O\'Brien';
    const res = await w.t.api('POST', '/orders', { token: w.tokens.waiter, body: order(w, { customerName: name }) });
    expect(res.status).toBe(201);
    expect(res.body.customerName).toBe(name);
    expect((await w.t.api('GET', `/orders/${res.body.id}`, { token: w.tokens.waiter })).body.customerName).toBe(name);
  });
});

describe('the restaurant always keeps an active owner', () => {
  it('the only active owner cannot deactivate themselves while another owner is inactive', async () => {
    const t = await startTestBox();
    try {
      const r = await setUpRestaurant(t);
      const second = await t.api('POST', '/staff', { token: r.ownerToken, body: { name: 'Former Owner', role: 'owner', pin: '7777' } });
      await t.api('PATCH', `/staff/${second.body.id}`, { token: r.ownerToken, body: { active: false } });
      const before = dumpDatabase(t.dbFile);
      const res = await t.api('PATCH', `/staff/${r.ownerId}`, { token: r.ownerToken, body: { active: false } });
      expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status: 409, code: 'IN_USE' });
      expect(changedTables(before, dumpDatabase(t.dbFile))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('a refused body does not break the connection', () => {
  // A tablet's HTTP client keeps connections alive. The box answers 413 before reading a too-large
  // body; if it then drops the connection while saying `keep-alive`, the tablet's NEXT request fails.
  it('a tablet can keep using its connection after a 2 MB body was refused', async () => {
    const t = await startTestBox();
    try {
      const r = await setUpRestaurant(t);
      const big = await t.api('POST', '/orders', { token: r.ownerToken, raw: JSON.stringify({ notes: 'x'.repeat(2 * 1024 * 1024) }), headers: json });
      expect(big.status).toBe(413);
      const after: number[] = [];
      for (let i = 0; i < 3; i++) after.push(await t.api('GET', '/healthz').then((res) => res.status, () => 0));
      expect(after).toEqual([200, 200, 200]);
    } finally {
      await t.close();
    }
  });
});
