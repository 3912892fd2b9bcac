/**
 * The floor plan editor's dialogs: add, rename or remove an area; add a table (placed on a free
 * spot of the grid), or change a table's label, seats and shape, or remove it. Each create carries
 * an id made when the dialog opens, so a double tap or a retry after a lost answer adds one; the
 * button waits while a request is in flight. The box's refusals (a label already used, an area
 * that still has tables, a table with past orders) are shown in the dialog as it words them.
 */
import { h, type ApiError } from '../shared/dom.js';
import type { AreaView } from '../../../tables/schemas.js';
import { toast, uuid, type Table } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { freeSlot, sizeOf, type Placed } from './floor-layout.js';

const SHAPES = [['square', 'Square'], ['round', 'Round'], ['rect', 'Long'], ['bar', 'Bar']] as const;
type Shape = typeof SHAPES[number][0];

/** A button that runs `act` once at a time; a refusal lands in `problem`. */
function action(id: string, text: string, cls: string | null, problem: HTMLElement, act: () => Promise<void>): HTMLButtonElement {
  const b = h('button', { type: 'button', id, class: cls, text, onclick: () => {
    if (b.disabled) return;
    b.disabled = true; problem.textContent = '';
    act().catch((e: ApiError) => { problem.textContent = e.message; }).finally(() => { b.disabled = false; });
  } });
  return b;
}

const cancel = (): HTMLButtonElement => h('button', { type: 'button', text: 'Cancel', onclick: closeModal });

/** `area` null adds one; `done` gets the new area's id. */
export function areaDialog(area: AreaView | null, done: (id?: string) => Promise<void>): void {
  const id = uuid();
  const name = h('input', { id: 'fe-area-name', maxlength: 60, autocomplete: 'off', value: area?.name ?? '' });
  const problem = h('p', { class: 'prompt', role: 'alert' });
  const save = action('fe-area-save', area ? 'Rename' : 'Add', 'primary', problem, async () => {
    const text = name.value.trim();
    if (!text) { problem.textContent = 'Type the area\'s name.'; name.focus(); return; }
    if (area) await api('PATCH', `/areas/${area.id}`, { name: text, expectedVersion: area.version });
    else await api('POST', '/areas', { id, name: text });
    closeModal(); await done(area ? undefined : id);
  });
  const remove = area ? action('fe-area-remove', 'Remove area', 'danger', problem, async () => {
    await api('DELETE', `/areas/${area.id}`);
    closeModal(); toast(`${area.name} is removed.`); await done();
  }) : null;
  modal([h('h2', { text: area ? `Area ${area.name}` : 'Add an area' }),
    h('label', { for: 'fe-area-name', text: 'Name (dining room, terrace…)' }), name, problem,
    h('div', { class: 'modal-actions' }, [remove, cancel(), save])]);
}

/** `table` null adds one to `areaId`, on a spot none of `others` takes. */
export function tableDialog(table: Table | null, areaId: string, others: Placed[], done: () => Promise<void>): void {
  const id = uuid();
  let shape: Shape = (table?.shape as Shape | undefined) ?? 'square';
  const label = h('input', { id: 'fe-table-label', maxlength: 30, autocomplete: 'off', value: table?.label ?? '' });
  const seats = h('input', { id: 'fe-table-seats', type: 'number', inputmode: 'numeric', min: 1, max: 50, value: table?.capacity ?? 4 });
  const seg = h('div', { class: 'seg', role: 'group', 'aria-label': 'Shape' });
  const drawShapes = (): void => {
    seg.replaceChildren(...SHAPES.map(([s, name]) => h('button', { type: 'button', class: s === shape ? 'on' : null, 'data-shape': s, text: name,
      onclick: () => { shape = s; drawShapes(); } })));
  };
  drawShapes();
  const problem = h('p', { class: 'prompt', role: 'alert' });
  const save = action('fe-table-save', table ? 'Save' : 'Add', 'primary', problem, async () => {
    const text = label.value.trim(), capacity = Number(seats.value);
    if (!text) { problem.textContent = 'Type the table\'s label (T1, 12, Bar 3…).'; label.focus(); return; }
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 50) { problem.textContent = 'Seats: a whole number from 1 to 50.'; seats.focus(); return; }
    if (table) {
      await api('PATCH', `/tables/${table.id}`, { label: text, capacity, shape, expectedVersion: table.version });
    } else {
      const size = sizeOf(shape);
      await api('POST', '/tables', { id, areaId, label: text, capacity, shape, ...size, ...freeSlot(others, size.width, size.height) });
    }
    closeModal(); await done();
  });
  const remove = table ? action('fe-table-remove', 'Remove table', 'danger', problem, async () => {
    await api('DELETE', `/tables/${table.id}`);
    closeModal(); toast(`${table.label} is removed.`); await done();
  }) : null;
  modal([h('h2', { text: table ? `Table ${table.label}` : 'Add a table' }),
    h('label', { for: 'fe-table-label', text: 'Label' }), label,
    h('label', { for: 'fe-table-seats', text: 'Seats' }), seats,
    h('label', { text: 'Shape' }), seg, problem,
    h('div', { class: 'modal-actions' }, [remove, cancel(), save])]);
}
