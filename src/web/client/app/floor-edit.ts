/**
 * Waiter app, back office: the floor plan editor. Each area's tables on a grid: drag one to move it,
 * its corner to resize it (floor-drag.ts). Moves are kept as unsaved changes (drawn dashed, counted
 * above the map) until *Save layout* sends them all in one PUT /tables/layout, which applies every
 * one or none; the waiters' floor then draws the tables where they were put (table-card.ts), live.
 * Save waits while a save is in flight, so a double tap saves once; a save whose answer was lost is
 * recognised on the retry (the box already has the positions). A refusal shows the box's message and
 * keeps the moves. Tables that overlap are marked and not saved (the box refuses it too,
 * TABLES_OVERLAP): the waiters' floor could only show them as a plain grid. Areas and tables are added, renamed and removed in dialogs (floor-edit-dialogs.ts).
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import type { AreaView } from '../../../tables/schemas.js';
import { S, byLabel, toast, type Table } from './state.js';
import { api } from './api.js';
import { show } from './screens.js';
import { when } from './office.js';
import { draggable } from './floor-drag.js';
import { GRID, inRows, overlaps, type Box, type Placed } from './floor-layout.js';
import { areaDialog, tableDialog } from './floor-edit-dialogs.js';

/** The editor's own copy of the floor, read when it opens and after every change. */
const E = { areas: [] as AreaView[], tables: [] as Table[], area: null as string | null, scale: 1, saving: false, savedAt: null as number | null };
/** Unsaved moves and resizes by table id (kept across area tabs and leaving the screen, until saved or undone). */
const pending = new Map<string, Box>();

/** The editor's area is this many units across at least: a phone draws it smaller, a tablet bigger. */
const UNITS_ACROSS = 800;

$('open-flooredit').addEventListener('click', () => showFloorEdit());
$('fe-save').addEventListener('click', () => void save());
$('fe-revert').addEventListener('click', () => { pending.clear(); render(); });
$('fe-arrange').addEventListener('click', () => {
  for (const [id, b] of inRows(areaTables().map(placed))) setPlace(id, b);
  render();
});
$('fe-add-table').addEventListener('click', () => { if (E.area) tableDialog(null, E.area, areaTables().map(placed), reload); });
$('fe-add-area').addEventListener('click', () => areaDialog(null, async (id) => { if (id) E.area = id; await reload(); }));
$('fe-area-more').addEventListener('click', () => {
  const area = E.areas.find((a) => a.id === E.area);
  if (area) areaDialog(area, reload);
});
window.addEventListener('resize', () => { if (S.screen === 'flooredit') render(); });
// Leaving with moves not saved: they stay here, and the manager is told so (capture: before the screen changes).
$('back').addEventListener('click', () => {
  if (S.screen === 'flooredit' && pending.size) toast(`Floor plan: ${pending.size} table${pending.size === 1 ? '' : 's'} moved, not saved. They wait in the floor plan until you save or undo them.`);
}, true);

export function showFloorEdit(): void {
  show('flooredit', 'Floor plan');
  $('fe-problem').hidden = true;
  render();
  void reload();
}

async function reload(): Promise<void> {
  try {
    const [areas, tables] = await Promise.all([api<AreaView[]>('GET', '/areas'), api<Table[]>('GET', '/tables')]);
    E.areas = areas.body; E.tables = tables.body;
    // A move of a table removed meanwhile cannot be saved.
    for (const id of pending.keys()) if (!E.tables.some((t) => t.id === id)) pending.delete(id);
    if (!E.area || !E.areas.some((a) => a.id === E.area)) E.area = E.areas[0]?.id ?? null;
    render();
  } catch (e) { problem((e as ApiError).message); }
}

const areaTables = (area = E.area): Table[] => E.tables.filter((t) => t.areaId === area).sort(byLabel);
const boxOf = (t: Table): Box => pending.get(t.id) ?? { x: t.x, y: t.y, width: t.width, height: t.height };
const placed = (t: Table): Placed => ({ id: t.id, label: t.label, ...boxOf(t) });
const same = (a: Box, b: Box): boolean => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** Records a move; moving a table back where the box has it is no change at all. */
function setPlace(id: string, b: Box): void {
  const t = E.tables.find((x) => x.id === id);
  if (t && same(b, t)) pending.delete(id); else pending.set(id, b);
}

function problem(text: string | null): void {
  const p = $('fe-problem');
  p.hidden = !text; p.textContent = text ?? '';
}

/** Overlapping tables in any area: what stops a save. */
function clashes(): Array<[Placed, Placed]> {
  return E.areas.flatMap((a) => overlaps(areaTables(a.id).map(placed)));
}

function render(): void {
  if (S.screen !== 'flooredit') return;
  const tabs = clear($('fe-areas'));
  for (const a of E.areas) {
    const moved = areaTables(a.id).filter((t) => pending.has(t.id)).length;
    tabs.appendChild(h('button', { type: 'button', class: a.id === E.area ? 'on' : null, 'data-fe-area': a.name,
      text: moved ? `${a.name} \u2022` : a.name, onclick: () => { E.area = a.id; render(); } }));
  }
  $('fe-area-more').hidden = $('fe-add-table').hidden = !E.area;
  renderStatus();
  renderMap();
}

function renderStatus(): void {
  const clash = clashes();
  const here = overlaps(areaTables().map(placed));
  $('fe-arrange').hidden = here.length === 0;
  const status = $('fe-status');
  status.classList.toggle('dirty', pending.size > 0);
  const first = clash[0];
  status.textContent = E.saving ? 'Saving…'
    : first ? `${first[0].label} and ${first[1].label} overlap: drag one apart${here.length > 1 ? ' (or set this area out in rows)' : ''} before saving.`
    : pending.size ? `${pending.size} table${pending.size === 1 ? '' : 's'} moved — not saved yet.`
    : E.savedAt ? `Saved at ${when(E.savedAt)}: the waiters' floor shows this layout.`
    : 'Drag a table to move it, its corner to resize it. Tap a table to rename it or change its seats.';
  $<HTMLButtonElement>('fe-save').disabled = E.saving || pending.size === 0 || clash.length > 0;
  $('fe-revert').hidden = pending.size === 0 || E.saving;
}

function renderMap(): void {
  const map = clear($('fe-map'));
  const tables = areaTables();
  const room = Math.max(200, $('fe-wrap').clientWidth - 4);
  const right = Math.max(UNITS_ACROSS, ...tables.map((t) => boxOf(t).x + boxOf(t).width + GRID));
  const bottom = Math.max(400, ...tables.map((t) => boxOf(t).y + boxOf(t).height + GRID * 4));
  // The whole area in view, so no table hides off the side (a phone draws an 80-unit table about
  // 37 px wide: still a finger's width); never huge on a big screen.
  E.scale = Math.min(1.5, Math.max(0.3, room / right));
  map.classList.toggle('small', E.scale < 0.75);
  map.style.width = `${Math.max(room, Math.ceil(right * E.scale))}px`;
  map.style.height = `${Math.ceil(bottom * E.scale)}px`;
  map.style.backgroundSize = `${GRID * E.scale}px ${GRID * E.scale}px`;
  if (!E.area) { map.appendChild(h('p', { class: 'hint', text: E.areas.length ? '' : 'No area yet: add one (a dining room, a terrace…).' })); return; }
  if (!tables.length) map.appendChild(h('p', { class: 'hint', text: 'No table in this area yet: add one.' }));
  const clashing = new Set(overlaps(tables.map(placed)).flat().map((p) => p.id));
  for (const t of tables) map.appendChild(drawTable(t, clashing.has(t.id)));
}

function drawTable(t: Table, clash: boolean): HTMLElement {
  const corner = h('span', { class: 'fe-resize', 'aria-hidden': 'true' });
  const el = h('div', { class: `fe-table${pending.has(t.id) ? ' moved' : ''}${clash ? ' clash' : ''}`, role: 'button', tabindex: 0,
    'data-fe-table': t.label, 'data-shape': t.shape, 'aria-label': `${t.label}, ${t.capacity} seats${pending.has(t.id) ? ', moved, not saved' : ''}` },
  [h('span', { text: t.label }), h('small', { text: `${t.capacity} seats` }), corner]);
  const put = (b: Box): void => {
    el.style.left = `${Math.round(b.x * E.scale)}px`; el.style.top = `${Math.round(b.y * E.scale)}px`;
    el.style.width = `${Math.round(b.width * E.scale)}px`; el.style.height = `${Math.round(b.height * E.scale)}px`;
  };
  put(boxOf(t));
  draggable(el, corner, {
    scale: () => E.scale,
    start: () => boxOf(t),
    preview: (b) => { el.classList.add('dragging'); put(b); },
    drop: (b) => {
      setPlace(t.id, b); problem(null); render();
      $('fe-map').querySelector<HTMLElement>(`[data-fe-table="${CSS.escape(t.label)}"]`)?.focus();
    },
    tap: () => tableDialog(t, t.areaId, areaTables().filter((x) => x.id !== t.id).map(placed), reload),
  });
  return el;
}

/**
 * Sends every unsaved move in one PUT /tables/layout, each with the version it was made on, so a
 * table someone else changed meanwhile is refused rather than overwritten.
 */
async function save(): Promise<void> {
  if (E.saving || pending.size === 0 || clashes().length) return;
  const sent = new Map(pending);
  const items = [...sent].map(([id, b]) => ({ id, ...b, expectedVersion: E.tables.find((t) => t.id === id)?.version }));
  E.saving = true; problem(null); renderStatus();
  try {
    const saved = (await api<Table[]>('PUT', '/tables/layout', items)).body;
    for (const t of saved) E.tables = E.tables.map((x) => (x.id === t.id ? t : x));
    settle(sent);
  } catch (e) {
    const err = e as ApiError;
    if (err.code === 'VERSION_CONFLICT') await afterConflict(sent, err);
    // A table removed, or moved into the way, on another tablet: read the floor again so it shows.
    else { if (err.code === 'NOT_FOUND' || err.code === 'TABLES_OVERLAP') await reload(); problem(refusal(err)); }
  } finally {
    E.saving = false;
    render();
  }
}

/** Drops the moves the box now has (not ones made while the save was on its way). */
function settle(sent: Map<string, Box>): void {
  for (const [id, b] of sent) { const now = pending.get(id); if (now && same(now, b)) pending.delete(id); }
  E.savedAt = Date.now();
}

/**
 * A stale version: either the first tap's answer was lost and the box already holds these places
 * (then it is saved), or someone changed a table meanwhile (then the moves are kept, on the new
 * versions, for a second look).
 */
async function afterConflict(sent: Map<string, Box>, err: ApiError): Promise<void> {
  await reload();
  const done = [...sent].every(([id, b]) => { const t = E.tables.find((x) => x.id === id); return !!t && same(t, b); });
  if (done) { settle(sent); return; }
  problem(`${err.message} The floor was read again and your moves are kept: check them and save again.`);
}

function refusal(e: ApiError): string {
  if (e.code === 'OFFLINE') return 'The box cannot be reached: nothing was saved. Your moves are kept; save again when it is back.';
  if (e.code === 'NOT_FOUND') return `${e.message} A table was removed meanwhile: nothing was saved.`;
  return e.message;
}
