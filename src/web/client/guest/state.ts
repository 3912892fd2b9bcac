/** The page's state, and what survives a reload on the phone (cart, the requests sent, one being sent). */
import { stored } from '../shared/dom.js';
import { words, pickLanguage, type Language } from './words.js';
import type { CartLine, GuestMenu, GuestRequest } from './types.js';
import type { Table } from './api.js';

export interface Pending { id: string; body: unknown }

export const S = {
  table: null as Table | null,
  language: pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]) as Language,
  menu: null as GuestMenu | null,
  cart: [] as CartLine[],
  notes: '',
  requests: [] as GuestRequest[],
  /** An order being sent, kept with its id until the box answered: tapping again resends the same id (one request). */
  pending: null as Pending | null,
  message: '' as string,
  busy: false,
};

export const t = () => words(S.language);

const key = (what: string) => `brigade-guest:${S.table?.tableId ?? ''}:${what}`;

export function load(): void {
  S.cart = stored<CartLine[]>(key('cart'), []);
  S.notes = stored<string>(key('notes'), '');
  S.requests = stored<GuestRequest[]>(key('requests'), []);
  S.pending = stored<Pending | null>(key('pending'), null);
}

export function save(): void {
  localStorage.setItem(key('cart'), JSON.stringify(S.cart));
  localStorage.setItem(key('notes'), JSON.stringify(S.notes));
  localStorage.setItem(key('requests'), JSON.stringify(S.requests.slice(-20)));
  if (S.pending) localStorage.setItem(key('pending'), JSON.stringify(S.pending));
  else localStorage.removeItem(key('pending'));
}

export function money(minor: number): string {
  const currency = S.menu?.restaurant.currency ?? 'EUR';
  const format = new Intl.NumberFormat(S.language, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}
