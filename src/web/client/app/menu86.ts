/**
 * Waiter app, back office: 86 in one tap. Every category's dishes with their availability; a tap
 * takes a dish off or puts it back (POST /menu/items/{id}/availability, announced live as
 * menu.availability, so every waiter's menu follows). Dishes stock has run out of are marked.
 * The box keeps who changed it and when only in its audit log, which it does not serve, so the
 * screen shows the state alone.
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import type { MenuItemView } from '../../../menu/schemas.js';
import { S, toast, type MenuItem } from './state.js';
import { api } from './api.js';
import { show } from './screens.js';
import { loadMenu } from './auth.js';

/** Dishes whose change is on its way: their button waits, so a double tap sends one change. */
const busy = new Set<string>();

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
    h('span', {}, [i.name, h('small', { class: 'state-word', 'data-state': i.stockOut && i.available ? 'stock-out' : i.available ? 'on' : 'off', text: state })]),
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
