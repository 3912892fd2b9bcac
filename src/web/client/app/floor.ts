/**
 * Waiter app: the floor map by area with live table status, and opening a table with a guest count.
 */
import { $, clear, h, stored, type ApiError } from '../shared/dom.js';
import type { AreaView } from '../../../tables/schemas.js';
import { FLOOR_KEY, S, byLabel, draftOf, saveDraft, toast, uuid, type Order, type Staff, type Table } from './state.js';
import { placeOnLayout, tableCard } from './table-card.js';
import { canPairDevices } from './pairing.js';
import { isDoorStaff, isManager } from './office.js';
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

/** Open orders by table, and staff names by id: what the floor's cards say about each table. */
const floorOrders: Record<string, Order> = {};
const staffNames: Record<string, string> = {};

export function loadFloor(): Promise<void> {
  const orders = api<Order[]>('GET', '/orders?status=open&limit=500').then((r) => r.body, () => null);
  const roster = Object.keys(staffNames).length ? Promise.resolve(null)
    : api<Staff[]>('GET', '/auth/roster', undefined, { device: true }).then((r) => r.body, () => null);
  return Promise.all([api<AreaView[]>('GET', '/areas'), api<Table[]>('GET', '/tables'), orders, roster]).then(([areas, tables, open, staff]) => {
    S.areas = areas.body; S.tables = {};
    for (const t of tables.body) S.tables[t.id] = t;
    if (open) {
      for (const k of Object.keys(floorOrders)) delete floorOrders[k];
      for (const o of open) if (o.tableId && !floorOrders[o.tableId]) floorOrders[o.tableId] = o;
    }
    for (const s of staff ?? []) staffNames[s.id] = s.name;
    try { localStorage.setItem(FLOOR_KEY, JSON.stringify({ areas: S.areas, tables: S.tables })); } catch { /* full */ }
    if (!S.area || !S.areas.some((a) => a.id === S.area)) S.area = S.areas[0]?.id ?? null;
    renderFloor();
  }, (e: ApiError) => { if (e.code !== 'OFFLINE') toast(e.message); });
}

export function renderFloor(): void {
  if (S.screen !== 'floor') return;
  const tabs = clear($('areas')), grid = clear($('tables'));
  $('pair-device').hidden = !canPairDevices();
  $('open-day').hidden = $('open-menu86').hidden = $('open-staff').hidden = !isManager();
  $('open-stock').hidden = !isManager();
  $('open-door').hidden = !isDoorStaff();
  $('open-menuedit').hidden = !isManager();
  for (const b of document.querySelectorAll<HTMLElement>('[data-manager-only]')) b.hidden = !isManager();
  for (const a of S.areas) {
    tabs.appendChild(h('button', { type: 'button', class: a.id === S.area ? 'on' : null, 'data-area': a.id, text: a.name,
      onclick: () => { S.area = a.id; renderFloor(); } }));
  }
  const all = Object.values(S.tables).filter((t) => t.areaId === S.area).sort(byLabel);
  grid.classList.remove('layout');
  grid.style.height = '';
  if (!all.length) grid.appendChild(h('p', { text: S.areas.length ? 'No tables in this area.' : 'Loading the floor…' }));
  const cards = all.map((t) => {
    const draft = draftOf(t.id);
    const unsent = S.outbox.some((e) => e.tableId === t.id) || !!(draft && draft.lines.length);
    const order = t.openOrderCount > 0 ? floorOrders[t.id] ?? null : null;
    const card = tableCard(t, order, order ? staffNames[order.staffId] ?? null : null, unsent, () => tapTable(t));
    grid.appendChild(card);
    return card;
  });
  placeOnLayout(grid, all, cards);
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

// Time seated moves on while the floor is open.
setInterval(() => { if (S.screen === 'floor') renderFloor(); }, 30_000);

// A tablet turned on its side redraws the layout for its new width (or falls back to the grid).
window.addEventListener('resize', () => { if (S.screen === 'floor') renderFloor(); });
