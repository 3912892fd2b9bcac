/**
 * Waiter app: its state, the shapes it keeps, and small helpers. The box's answers are typed by
 * the server's own zod schemas (import type only: nothing of the server is bundled).
 */
import type { MenuTreeView, TreeItemView } from '../../../menu/schemas.js';
import type { DiningTableView, AreaView } from '../../../tables/schemas.js';
import type { OrderViewT, LineInputT } from '../../../orders/schemas.js';
import type { RestaurantView } from '../../../setup/schemas.js';
import { $, stored } from '../shared/dom.js';

export type Order = OrderViewT;
export type OrderLine = Order['lines'][number];
export type Table = DiningTableView;
export type MenuItem = TreeItemView;
export type MenuGroup = MenuItem['optionGroups'][number];
export type MenuOption = MenuGroup['options'][number];
export interface Staff { id: string; name: string; role: string }

/** A line typed on this tablet and not yet queued: what the waiter sees, plus what the box needs. */
export interface DraftLine {
  id: string; itemId: string; name: string; price: number; quantity: number;
  optionIds: string[]; optionNames: string[]; seat: number | null; course: number; notes: string | null;
}
/** What is being entered at a table, kept in localStorage across reloads until it is queued. */
export interface Draft { orderId: string; tableId: string; guestCount: number; created: boolean; lines: DraftLine[] }

/** A send waiting in the IndexedDB outbox, with the ids that make its retry safe. */
export interface OutboxEntry {
  id: string; n: number; tries: number;
  kind: 'lines' | 'fire' | 'served' | 'payment';
  method: string; path: string; body: Record<string, unknown> & { lines?: LineInputT[]; guestCount?: number };
  key?: string; orderId: string; tableId: string; label: string;
  view?: Record<string, DraftLine>;
}
export type NewEntry = Omit<OutboxEntry, 'id' | 'n' | 'tries'>;

export const DEV_KEY = 'brigade.deviceToken', SES_KEY = 'brigade.sessionToken', ME_KEY = 'brigade.app.me';
const DRAFT_KEY = 'brigade.app.drafts';
export const MENU_KEY = 'brigade.app.menu', FLOOR_KEY = 'brigade.app.floor', ORDERS_KEY = 'brigade.app.orders';

export type Screen = 'pair' | 'signin' | 'floor' | 'order' | 'bill' | 'day' | 'menuadmin' | 'staff'
  | 'stock' | 'menuedit' | 'flooredit' | 'printers' | 'sync' | 'door';

export const S = {
  device: localStorage.getItem(DEV_KEY) ?? '',
  session: localStorage.getItem(SES_KEY) ?? '',
  me: null as Staff | null,
  settings: null as RestaurantView | null,
  menu: null as MenuTreeView | null,
  areas: [] as AreaView[],
  tables: {} as Record<string, Table>,
  area: null as string | null,
  table: null as Table | null,
  order: null as Order | null,
  seat: 1,
  course: 1,
  cat: null as string | null,
  search: '',
  online: true,
  outbox: [] as OutboxEntry[],
  screen: null as Screen | null,
};

/** UUIDs from getRandomValues: crypto.randomUUID needs https, and the box serves plain http on the LAN. */
export function uuid(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = ((b[6] ?? 0) & 15) | 64; b[8] = ((b[8] ?? 0) & 63) | 128;
  const x = Array.from(b, (n) => (n + 256).toString(16).slice(1)).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export function money(minor: number): string {
  const cur = S.settings?.currency ?? 'EUR';
  try { return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur }).format(minor / 100); }
  catch { return `${(minor / 100).toFixed(2)} ${cur}`; }
}

let toastTimer: ReturnType<typeof setTimeout> | undefined;
export function toast(message: string): void {
  const t = $('toast');
  t.textContent = message; t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 4500);
}

const drafts = (): Record<string, Draft> => stored<Record<string, Draft>>(DRAFT_KEY, {});
export const draftOf = (tableId: string): Draft | null => drafts()[tableId] ?? null;
export function saveDraft(tableId: string, d: Draft | null): void {
  const all = drafts();
  if (d) all[tableId] = d; else delete all[tableId];
  localStorage.setItem(DRAFT_KEY, JSON.stringify(all));
}

export const queuedFor = (orderId: string): OutboxEntry[] => S.outbox.filter((e) => e.orderId === orderId);

export function tableById(id: string): Table {
  return S.tables[id] ?? { id, label: '?', openOrderIds: [], openOrderCount: 0, capacity: 0, status: 'occupied' } as unknown as Table;
}

export const byLabel = (a: Table, b: Table): number => a.label.localeCompare(b.label, undefined, { numeric: true });
