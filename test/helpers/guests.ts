import { v7 as uuid } from 'uuid';
import type { Restaurant, TestBox } from './box.js';

/** The table's QR token and URL, as a manager reads them. */
export async function tableQr(r: Restaurant, tableId: string): Promise<{ token: string; url: string; version: number }> {
  const res = await r.t.api('GET', `/tables/${tableId}/qr`, { token: r.ownerToken });
  if (res.status !== 200) throw new Error(`GET qr → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A guest's phone for one table: calls the public routes with the table's token. */
export function guestPhone(t: TestBox, tableId: string, token: string) {
  const headers = { 'x-table-token': token };
  return {
    menu: () => t.api('GET', `/public/tables/${tableId}/menu`, { headers }),
    send: (body: unknown) => t.api('POST', `/public/tables/${tableId}/requests`, { headers, body }),
    raw: (raw: string, extra: Record<string, string> = {}) => t.api('POST', `/public/tables/${tableId}/requests`, { headers: { ...headers, 'content-type': 'application/json', ...extra }, raw }),
    request: (id: string, query = '') => t.api('GET', `/public/tables/${tableId}/requests/${id}${query}`, { headers }),
  };
}

export async function seat(r: Restaurant, tableId: string): Promise<void> {
  const res = await r.t.api('POST', `/tables/${tableId}/status`, { token: r.ownerToken, body: { status: 'occupied' } });
  if (res.status !== 200) throw new Error(`seat → ${res.status} ${JSON.stringify(res.body)}`);
}

export const order = (lines: unknown[], extra: Record<string, unknown> = {}) => ({ id: uuid(), kind: 'order', lines, ...extra });
