/**
 * A guest box on a real cloud for the cloud path of QR ordering (issue 19): a box process with a
 * seated table, and a phone that calls either server with the table's token.
 */
import { expect } from 'vitest';
import { v4 as uuid } from 'uuid';
import { call, startGuestBox, synced, type GuestBox } from './guest-boxes.js';
import type { TestCloud } from './cloud.js';
import { until } from './wait.js';

export interface Answer { status: number; body: any; headers: Headers }

/** Calls one server's public guest routes (the box's or the cloud's) as a phone would. */
export function phone(baseUrl: string, tableId: string, token: string) {
  const go = async (method: string, p: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Answer> => {
    const res = await fetch(`${baseUrl}/public/tables/${tableId}${p}`, { method, headers: { 'x-table-token': token, ...init.headers }, body: init.body });
    const text = await res.text();
    let body: unknown = text;
    try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    menu: () => go('GET', '/menu'),
    send: (body: unknown) => go('POST', '/requests', { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    raw: (raw: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => go('POST', '/requests', { body: raw, headers }),
    request: (id: string, query = '') => go('GET', `/requests/${id}${query}`),
  };
}

export const guestOrder = (lines: unknown[], extra: Record<string, unknown> = {}) => ({ id: uuid(), kind: 'order', lines, ...extra });

export interface CloudTableBox { box: GuestBox; tableId: string; token: string }

/** A box of `cloud`'s location A with table T1 seated, its code's digest synced up. */
export async function startCloudTableBox(cloud: TestCloud, cleanups: Array<() => Promise<void>>): Promise<CloudTableBox> {
  const box = await startGuestBox(cloud.url, cloud.a, 'qr', cleanups);
  const area = (await call(box, 'POST', '/areas', { name: 'Main room' })).body.id;
  const tableId = (await call(box, 'POST', '/tables', { areaId: area, label: 'T1', capacity: 4, shape: 'square' })).body.id;
  expect((await call(box, 'POST', `/tables/${tableId}/status`, { status: 'occupied' })).status).toBe(200);
  const token = (await call(box, 'GET', `/tables/${tableId}/qr`)).body.token as string;
  await until('the code digest reached the cloud', async () => (await cloud.db.query('SELECT 1 FROM guest_table_codes WHERE table_id = $1', [tableId])).rows.length > 0 && synced(box));
  return { box, tableId, token };
}

/** Rows the cloud holds for guests (requests and messages): compared before and after refusals. */
export async function cloudGuestRows(cloud: TestCloud): Promise<{ requests: number; messages: number }> {
  const r = await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cloud_guest_requests');
  const m = await cloud.db.query<{ n: number }>("SELECT count(*)::int AS n FROM channel_messages WHERE kind = 'guest.request'");
  return { requests: r.rows[0]!.n, messages: m.rows[0]!.n };
}
