/**
 * Waiter app: a table's order. Menu by category and search, modifiers whose prompts enforce
 * min / max / required, seat and course per line, notes. Lines being entered are a draft in
 * localStorage; a send moves them into the outbox with their client ids, so nothing typed is lost
 * to a reload or a Wi-Fi drop.
 */
import { $, ApiError, clear, h, input, stored } from '../shared/dom.js';
import {
  ORDERS_KEY, S, draftOf, money, queuedFor, saveDraft, tableById, uuid,
  type MenuGroup, type MenuItem, type MenuOption, type Order, type Table,
} from './state.js';
import { api } from './api.js';
import { closeModal, modal, show } from './screens.js';
import { renderTicket } from './ticket.js';
import { renderBill } from './bill.js';

/** The order id of a table: the draft's once it was queued, else the box's open order. */
function orderIdOf(tableId: string): string | null {
  const d = draftOf(tableId), t = tableById(tableId);
  if (d && d.created) return d.orderId;
  return t.openOrderIds[0] ?? null;
}

export function openTable(tableId: string): void {
  const table = tableById(tableId);
  S.table = table;
  let d = draftOf(tableId);
  // A draft whose order was sent and has since been paid and closed is finished.
  if (d && d.created && !d.lines.length && !queuedFor(d.orderId).length && table.openOrderCount === 0 && table.status === 'available') {
    saveDraft(tableId, null); d = null;
  }
  if (!d) {
    const open = orderIdOf(tableId);
    d = { orderId: open ?? uuid(), tableId, guestCount: 1, created: !!open, lines: [] };
    saveDraft(tableId, d);
  }
  S.order = null; S.seat = 1; S.course = 1;
  show('order', `Table ${table.label}`);
  renderMenu(); renderTicket();
  void refreshOrder();
}

export async function refreshOrder(): Promise<void> {
  if (!S.table || (S.screen !== 'order' && S.screen !== 'bill')) return;
  const tableId = S.table.id, d = draftOf(tableId);
  let order: Order | null;
  try {
    let orderId = d && d.created ? d.orderId : null;
    if (!orderId) {
      const r = await api<Table>('GET', `/tables/${tableId}`);
      S.tables[tableId] = r.body; S.table = r.body;
      const open = r.body.openOrderIds[0];
      if (open && d) { d.orderId = open; d.created = true; saveDraft(tableId, d); }
      orderId = open ?? null;
    }
    order = orderId
      ? await api<Order>('GET', `/orders/${orderId}`).then((r) => r.body, (e: ApiError) => { if (e.code === 'NOT_FOUND') return null; throw e; })
      : null;
  } catch {
    // Offline: show the order as the box last sent it (a reload with the box down still shows it).
    if (S.table && S.table.id === tableId && !S.order) { S.order = keptOrder(tableId); if (S.screen === 'order') renderTicket(); }
    return;
  }
  keepOrder(tableId, order);
  if (!S.table || S.table.id !== tableId) return;
  S.order = order;
  if (S.screen === 'order') renderTicket();
  if (S.screen === 'bill') renderBill();
}

const keptOrders = (): Record<string, Order> => stored<Record<string, Order>>(ORDERS_KEY, {});
const keptOrder = (tableId: string): Order | null => keptOrders()[tableId] ?? null;
export function keepOrder(tableId: string, order: Order | null): void {
  const all = keptOrders();
  if (order && order.status !== 'completed' && order.status !== 'canceled') all[tableId] = order; else delete all[tableId];
  try { localStorage.setItem(ORDERS_KEY, JSON.stringify(all)); } catch { /* full */ }
}

// ---------- the menu ----------
const allItems = (): MenuItem[] => (S.menu?.categories ?? []).flatMap((c) => c.items);

export function renderMenu(): void {
  const cats = clear($('cats')), items = clear($('items'));
  const tree = S.menu?.categories ?? [];
  if (!S.cat && tree[0]) S.cat = tree[0].id;
  for (const c of tree) {
    cats.appendChild(h('button', { type: 'button', class: !S.search && c.id === S.cat ? 'on' : null, 'data-cat': c.name, text: c.name,
      onclick: () => { S.cat = c.id; S.search = ''; input('search').value = ''; renderMenu(); } }));
  }
  const q = S.search.trim().toLowerCase();
  const list = q ? allItems().filter((i) => i.name.toLowerCase().includes(q)) : (tree.find((c) => c.id === S.cat)?.items ?? []);
  if (!tree.length) items.appendChild(h('p', { text: 'Loading the menu…' }));
  for (const i of list) {
    const orderable = isOrderable(i);
    items.appendChild(h('button', { type: 'button', class: `item${i.optionGroups.length ? ' has-options' : ''}`, 'data-item': i.name, disabled: !orderable,
      onclick: () => pickItem(i) }, [h('span', { text: i.name }), h('span', { class: 'price', text: orderable ? money(i.price) : 'sold out' })]));
  }
}

/** A manual 86 clears available; stock running out sets stockOut. Either way it cannot be ordered. */
export const isOrderable = (entry: { available: boolean; stockOut?: boolean }): boolean => entry.available && !entry.stockOut;

$('search').addEventListener('input', () => { S.search = input('search').value; renderMenu(); });

function pickItem(item: MenuItem): void {
  if (!item.optionGroups.length) { addDraftLine(item, [], null); return; }
  optionsDialog(item);
}

const minOf = (g: MenuGroup): number => (g.required ? Math.max(1, g.minSelect) : g.minSelect);

function ruleText(g: MenuGroup): string {
  const min = minOf(g);
  if (g.selection === 'single') return min ? 'choose 1 (required)' : 'choose 1 (optional)';
  if (min && g.maxSelect > min) return `choose ${min} to ${g.maxSelect}`;
  if (min) return `choose ${min}${g.required ? ' (required)' : ''}`;
  return `up to ${g.maxSelect} (optional)`;
}

/** The modifier prompt: every rule of every group is checked before the line can be added. */
function optionsDialog(item: MenuItem): void {
  const chosen: Record<string, string[]> = {};
  const prompt = h('p', { class: 'prompt', role: 'alert' });
  const groups: Array<{ g: MenuGroup; el: HTMLElement; buttons: HTMLButtonElement[] }> = [];
  for (const g of item.optionGroups) chosen[g.id] = [];
  const notes = h('input', { id: 'line-notes', placeholder: 'Note for the kitchen (optional)', 'aria-label': 'Note for the kitchen', maxlength: 200 });
  const picked = (g: MenuGroup): string[] => chosen[g.id] ?? [];
  function renderGroups(): void {
    for (const x of groups) {
      x.g.options.forEach((o, i) => { const b = x.buttons[i]; if (b) b.className = picked(x.g).includes(o.id) ? 'on' : ''; });
      // A group flagged as missing stops being red as soon as it is answered.
      if (x.el.className === 'group missing' && picked(x.g).length >= minOf(x.g)) x.el.className = 'group';
    }
  }
  function tap(g: MenuGroup, o: MenuOption): void {
    const list = picked(g), at = list.indexOf(o.id);
    prompt.textContent = '';
    if (at >= 0) list.splice(at, 1);
    else if (g.selection === 'single') chosen[g.id] = [o.id];
    else if (list.length >= g.maxSelect) { prompt.textContent = `${g.name}: at most ${g.maxSelect}. Take one off first.`; return; }
    else list.push(o.id);
    renderGroups();
  }
  const body = item.optionGroups.map((g) => {
    const buttons = g.options.map((o) => h('button', { type: 'button', 'data-option': o.name, disabled: !isOrderable(o), onclick: () => tap(g, o) },
      [o.name + (o.priceDelta ? ` +${money(o.priceDelta)}` : '')]));
    const el = h('div', { class: 'group', 'data-group': g.name }, [h('h3', {}, [`${g.name} `, h('span', { class: 'rule', text: ruleText(g) })]), h('div', { class: 'opts-grid' }, buttons)]);
    groups.push({ g, el, buttons });
    return el;
  });
  function add(): void {
    const missing = groups.filter((x) => { x.el.className = 'group'; return picked(x.g).length < minOf(x.g); });
    if (missing.length) {
      for (const x of missing) x.el.className = 'group missing';
      prompt.textContent = `Choose ${missing.map((x) => x.g.name).join(' and ')} first.`;
      return;
    }
    const ids: string[] = [];
    for (const g of item.optionGroups) for (const o of g.options) if (picked(g).includes(o.id)) ids.push(o.id);
    closeModal();
    addDraftLine(item, ids, notes.value.trim() || null);
  }
  modal([h('h2', { text: `${item.name} \u00B7 ${money(item.price)}` }), h('p', { class: 'rule', text: `Seat ${S.seat} \u00B7 course ${S.course}` }),
    ...body, notes, prompt, h('div', { class: 'modal-actions' }, [
      h('button', { type: 'button', onclick: closeModal, text: 'Cancel' }),
      h('button', { type: 'button', id: 'add-line', class: 'primary', onclick: add, text: 'Add' })])]);
}

function optionById(item: MenuItem, id: string): MenuOption | null {
  for (const g of item.optionGroups) for (const o of g.options) if (o.id === id) return o;
  return null;
}

function addDraftLine(item: MenuItem, optionIds: string[], notes: string | null): void {
  if (!S.table) return;
  const d = draftOf(S.table.id);
  if (!d) return;
  const extra = optionIds.reduce((a, id) => a + (optionById(item, id)?.priceDelta ?? 0), 0);
  d.lines.push({ id: uuid(), itemId: item.id, name: item.name, price: item.price + extra, quantity: 1,
    optionIds, optionNames: optionIds.map((id) => optionById(item, id)?.name ?? '?'),
    seat: S.seat, course: S.course, notes });
  saveDraft(S.table.id, d);
  renderTicket();
}
