import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowed, type Permission } from '../src/auth/permissions.js';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { newId } from './helpers/fixtures.js';

/**
 * The gate comes before validation on every route: a caller who may not use a route learns nothing
 * about its request schema. The routes come from the box's own API document, so a new route is
 * covered the day it is added.
 */
interface Operation { method: string; path: string; permission: Permission }

let t: TestBox;
let r: Restaurant;
let operations: Operation[];

beforeAll(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
  const doc = (await t.api('GET', '/openapi.json')).body;
  operations = [];
  for (const [path, ops] of Object.entries<Record<string, { 'x-permission'?: Permission }>>(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || op['x-permission'] === 'public') continue;
      operations.push({ method: method.toUpperCase(), path, permission: op['x-permission']! });
    }
  }
});
afterAll(async () => { await t.close(); });

/** Path parameters filled with random uuids, and a query no route accepts. */
const urlOf = (op: Operation) => `${op.path.replace(/\{[^}]+\}/g, () => newId())}?from=yesterday&limit=-1&status=lost`;

/** Three ways to get a request wrong: a body of the wrong shape, a body that is not JSON, a NUL character. */
const BAD_REQUESTS: Array<[string, { body?: unknown; raw?: string; headers?: Record<string, string> }]> = [
  ['a body of the wrong shape', { body: { unknownField: [1, 2], id: 'not-a-uuid', lines: 'none' } }],
  ['a body that is not JSON', { raw: '{"half": ', headers: { 'content-type': 'application/json' } }],
  ['a body in plain text', { raw: 'hello', headers: { 'content-type': 'text/plain' } }],
  ['a NUL character', { raw: '{"name": "a\\u0000b"}', headers: { 'content-type': 'application/json' } }],
];

describe('every protected route authenticates before it validates', () => {
  it('the API document lists the protected routes this test walks', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.map((op) => `${op.method} ${op.path}`)).toEqual(expect.arrayContaining(['POST /orders', 'GET /stock/reports/usage', 'PATCH /printers/{id}']));
  });

  it.each(BAD_REQUESTS)('without a token, %s gets 401 UNAUTHENTICATED on every protected route', async (_name, request) => {
    const wrong: string[] = [];
    for (const op of operations) {
      const withBody = op.method !== 'GET';
      const res = await t.api(op.method, urlOf(op), withBody ? request : {});
      if (res.status !== 401 || res.body?.error?.code !== 'UNAUTHENTICATED') wrong.push(`${op.method} ${op.path}: ${res.status} ${res.body?.error?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a waiter with a request of the wrong shape gets 403 FORBIDDEN, not 400, on every route a waiter may not use', async () => {
    const waiter = await r.signInAs('waiter');
    const managersOnly = operations.filter((op) => !isAllowed(op.permission, 'waiter'));
    expect(managersOnly.map((op) => `${op.method} ${op.path}`)).toContain('PATCH /printers/{id}');
    const wrong: string[] = [];
    for (const op of managersOnly) {
      const res = await t.api(op.method, urlOf(op), { token: waiter.token, ...(op.method !== 'GET' ? BAD_REQUESTS[0]![1] : {}) });
      if (res.status !== 403 || res.body?.error?.code !== 'FORBIDDEN') wrong.push(`${op.method} ${op.path}: ${res.status} ${res.body?.error?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
  });
});
