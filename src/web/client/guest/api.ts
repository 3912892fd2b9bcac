/** Calls to the box's public routes with the table's token (X-Table-Token). */
import { ApiError } from '../shared/dom.js';
import type { GuestMenu, GuestRequest } from './types.js';

export interface Table { tableId: string; token: string }

/** The table's token is the last part of the page's address (/t/<token>); the table id is its first part. */
export function tableFromPath(pathname: string): Table | null {
  const token = decodeURIComponent(pathname.replace(/^\/t\//, '').replace(/\/+$/, ''));
  const tableId = token.split('.')[0] ?? '';
  return /^[0-9a-f-]{36}$/.test(tableId) ? { tableId, token } : null;
}

async function call<T>(table: Table, method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/public/tables/${table.tableId}${path}`, {
      method, headers: { 'x-table-token': table.token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
  } catch {
    throw new ApiError('network', 'network');
  }
  const json = (await res.json().catch(() => null)) as (T & { error?: { code: string; message: string; details?: unknown } }) | null;
  if (!res.ok || !json) {
    const retry = Number(res.headers.get('retry-after') ?? 0);
    throw new ApiError(json?.error?.message ?? `HTTP ${res.status}`, json?.error?.code ?? 'network', res.status, json?.error?.details ?? { retryAfter: retry });
  }
  return json;
}

export const loadMenu = (table: Table) => call<GuestMenu>(table, 'GET', '/menu');
export const sendRequest = (table: Table, body: unknown) => call<GuestRequest>(table, 'POST', '/requests', body);
export const watchRequest = (table: Table, id: string, state: string) => call<GuestRequest>(table, 'GET', `/requests/${id}?state=${state}&wait=25`);

/** A v4 UUID from getRandomValues: crypto.randomUUID exists only on HTTPS, and the box's guest page is plain HTTP. */
export function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
