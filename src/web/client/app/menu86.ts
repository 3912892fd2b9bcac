/**
 * Waiter app, back office: 86 in one tap. Every category's dishes with their availability; a tap
 * takes a dish off or puts it back (POST /menu/items/{id}/availability, announced live as
 * menu.availability, so every waiter's menu follows). Dishes stock has run out of are marked.
 * Each dish says who last took it off or put it back, and when (GET /menu/availability-changes,
 * read from the box's audit log).
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import type { AvailabilityChangesView, AvailabilityChangeView, MenuItemView } from '../../../menu/schemas.js';
import { S, toast, type MenuItem } from './state.js';
import { api } from './api.js';
import { show } from './screens.js';
import { loadMenu } from './auth.js';
import { when } from './office.js';

/** Dishes whose change is on its way: their button waits, so a double tap sends one change. */
const busy = new Set<string>();
/** The last 86 / back-on of each dish, by item id. */
let changes: Record<string, AvailabilityChangeView> = {};
/** The menu version the changes were read at: a change made on another tablet bumps it, and they are read again. */
let changesAt = -1;

function loadChanges(): void {
  changesAt = S.menu?.menuVersion ?? -1;
  api<AvailabilityChangesView>('GET', '/menu/availability-changes').then((r) => {
    changes = Object.fromEntries(r.body.changes.map((c) => [c.itemId, c]));
    renderMenuAdmin();
  }, () => { /* offline: the states show without who and when */ });
}

/** "86'd by Maya · 14:05" or "Back on by Maya · 3 Dec 09:12". */
function changedLine(c: AvailabilityChangeView | undefined): string {
  if (!c) return '';
  const who = c.staffName ?? c.deviceName ?? 'someone';
  return `${c.available ? 'Back on' : '86\u2019d'} by ${who} \u00b7 ${when(c.at)}`;
}

$('open-menu86').addEventListener('click', () => showMenuAdmin());

export function showMenuAdmin(): void {
  show('menuadmin', 'Menu');
  renderMenuAdmin();
  void loadMenu();
}

export function renderMenuAdmin(): void {
  if (S.screen !== 'menuadmin') return;
  const list = clear($('avail-list'));
  if (!S.menu) { list.appendChild(h('p', { class: 'loading', text: 'Loading the menu…' })); return; }
  if (S.menu.menuVersion !== changesAt && !busy.size) loadChanges();
  for (const c of S.menu.categories) {
    list.appendChild(h('h2', { text: c.name }));
    const rows = h('div', { class: 'office-list' });
    for (const i of c.items) rows.appendChild(row(i));
    if (!c.items.length) rows.appendChild(h('p', { class: 'hint', text: 'No dishes.' }));
    list.appendChild(rows);
  }
}

function row(i: MenuItem): HTMLElement {
  const state = !i.available ? '86\u2019d' : i.stockOut ? 'Out of stock' : 'On';
  const toggle = h('button', {
    type: 'button', role: 'switch', 'aria-checked': String(i.available), 'aria-label': `${i.name} available`,
    class: i.available ? 'switch on' : 'switch', 'data-avail': i.name, disabled: busy.has(i.id),
    text: i.available ? 'On' : 'Off', onclick: () => setAvailable(i, !i.available),
  });
  return h('div', { class: `office-row${i.available && !i.stockOut ? '' : ' off'}`, 'data-item-row': i.name }, [
    h('span', {}, [i.name, h('small', { class: 'state-word', 'data-state': i.stockOut && i.available ? 'stock-out' : i.available ? 'on' : 'off', text: state }),
      changes[i.id] ? h('small', { class: 'changed', 'data-changed': i.name, text: changedLine(changes[i.id]) }) : null]),
    toggle,
  ]);
}

function setAvailable(i: MenuItem, available: boolean): void {
  if (busy.has(i.id)) return;
  busy.add(i.id); renderMenuAdmin();
  api<MenuItemView>('POST', `/menu/items/${i.id}/availability`, { available }).then(
    () => { toast(available ? `${i.name} is back on.` : `${i.name} is 86'd.`); },
    (e: ApiError) => { toast(e.message); },
  ).finally(() => { busy.delete(i.id); void loadMenu(); });
}
