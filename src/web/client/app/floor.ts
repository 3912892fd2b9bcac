/**
 * Waiter app: the floor map by area with live table status, and opening a table with a guest count.
 */
import { $, clear, h, stored, type ApiError } from '../shared/dom.js';
import type { AreaView } from '../../../tables/schemas.js';
import { FLOOR_KEY, S, byLabel, draftOf, saveDraft, toast, uuid, type Table } from './state.js';
import { api } from './api.js';
import { closeModal, modal, show } from './screens.js';
import { openTable } from './order.js';

export function showFloor(): void {
  show('floor', 'Floor');
  S.table = null; S.order = null;
  restoreFloor(); renderFloor();
  void loadFloor();
}

/** The last floor the box showed, so a reload with the box down still opens the tables. */
function restoreFloor(): void {
  if (S.areas.length) return;
  const f = stored<{ areas: AreaView[]; tables: Record<string, Table> } | null>(FLOOR_KEY, null);
  if (f) { S.areas = f.areas; S.tables = f.tables; S.area = S.area ?? f.areas[0]?.id ?? null; }
}

export function loadFloor(): Promise<void> {
  return Promise.all([api<AreaView[]>('GET', '/areas'), api<Table[]>('GET', '/tables')]).then(([areas, tables]) => {
    S.areas = areas.body; S.tables = {};
    for (const t of tables.body) S.tables[t.id] = t;
    try { localStorage.setItem(FLOOR_KEY, JSON.stringify({ areas: S.areas, tables: S.tables })); } catch { /* full */ }
    if (!S.area || !S.areas.some((a) => a.id === S.area)) S.area = S.areas[0]?.id ?? null;
    renderFloor();
  }, (e: ApiError) => { if (e.code !== 'OFFLINE') toast(e.message); });
}

export function renderFloor(): void {
  if (S.screen !== 'floor') return;
  const tabs = clear($('areas')), grid = clear($('tables'));
  for (const a of S.areas) {
    tabs.appendChild(h('button', { type: 'button', class: a.id === S.area ? 'on' : null, 'data-area': a.id, text: a.name,
      onclick: () => { S.area = a.id; renderFloor(); } }));
  }
  const all = Object.values(S.tables).filter((t) => t.areaId === S.area).sort(byLabel);
  if (!all.length) grid.appendChild(h('p', { text: S.areas.length ? 'No tables in this area.' : 'Loading the floor…' }));
  for (const t of all) {
    const draft = draftOf(t.id);
    const unsent = S.outbox.filter((e) => e.tableId === t.id).length + (draft && draft.lines.length ? 1 : 0);
    grid.appendChild(h('button', { type: 'button', class: 'table', 'data-table': t.label, 'data-status': t.status, onclick: () => tapTable(t) }, [
      h('span', { text: t.label }),
      h('small', { text: `${t.status} \u00B7 ${t.capacity} seats` }),
      unsent ? h('small', { class: 'state unsent', text: 'not sent' }) : null]));
  }
}

function tapTable(t: Table): void {
  if (t.status === 'inactive') { toast(`${t.label} is out of service.`); return; }
  if (t.openOrderCount > 0 || draftOf(t.id)) { openTable(t.id); return; }
  askGuests(t);
}

/** A new table: how many guests? (one tap for the usual counts). */
function askGuests(t: Table): void {
  const buttons: HTMLButtonElement[] = [];
  for (let n = 1; n <= 12; n++) {
    buttons.push(h('button', { type: 'button', 'data-guests': n, text: String(n), onclick: () => {
      closeModal();
      saveDraft(t.id, { orderId: uuid(), tableId: t.id, guestCount: n, created: false, lines: [] });
      openTable(t.id);
    } }));
  }
  modal([h('h2', { text: `Open ${t.label}` }), h('p', { text: 'How many guests?' }), h('div', { class: 'opts-grid' }, buttons),
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', onclick: closeModal, text: 'Cancel' })])]);
}
