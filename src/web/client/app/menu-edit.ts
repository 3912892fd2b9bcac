/**
 * Waiter app, back office: editing the menu (managers and owners). Three parts under tabs: the
 * dishes by category (add, rename, reorder, delete a category; add and edit dishes), the option
 * groups and their options, and import / export. Every change goes to the box's menu API and the
 * screen redraws from the box's answer; waiters' tablets follow live (menu.updated). While the cloud
 * manages this location's menu, what it manages shows read-only and says so (menu-edit-data.ts).
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import type { CategoryView } from '../../../menu/schemas.js';
import { formatPercent } from '../../../menu/decimal.js';
import { S, money, toast, uuid } from './state.js';
import { api } from './api.js';
import { closeModal, modal, show } from './screens.js';
import { ED, isCentral, onEditorData, reloadEditor } from './menu-edit-data.js';
import { Form, textInput, whileBusy } from './menu-fields.js';
import { itemDialog } from './menu-item-dialog.js';
import { renderOptionGroups } from './menu-options.js';
import { renderImportExport, resetImport } from './menu-import.js';

type Part = 'dishes' | 'options' | 'files';
const PARTS: Array<[Part, string]> = [['dishes', 'Dishes'], ['options', 'Options'], ['files', 'Import / export']];
let part: Part = 'dishes';
/** The API's field names in words, for the central-menu note. */
const FIELD_WORDS: Record<string, string> = { taxRateBp: 'tax rate', imageUrl: 'picture', categoryId: 'category', sortOrder: 'order' };
type TreeCategory = NonNullable<typeof ED.tree>['categories'][number];

$('open-menuedit').addEventListener('click', () => showMenuEditor());
onEditorData(() => renderMenuEditor());

export function showMenuEditor(): void {
  show('menuedit', 'Edit menu');
  resetImport();
  renderMenuEditor();
  void reloadEditor();
}

export function renderMenuEditor(): void {
  if (S.screen !== 'menuedit') return;
  const tabs = clear($('menuedit-tabs'));
  for (const [p, label] of PARTS) {
    tabs.appendChild(h('button', { type: 'button', class: p === part ? 'on' : null, 'aria-pressed': String(p === part), 'data-part': p, text: label,
      onclick: () => { part = p; renderMenuEditor(); } }));
  }
  const note = $('menuedit-central');
  note.hidden = !isCentral();
  note.textContent = isCentral()
    ? `This location's menu is managed by the cloud menu: categories, dishes and options are added, removed and renamed there, and so are their ${ED.managed.map((f) => FIELD_WORDS[f] ?? f).join(', ')}. Taking a dish off (86) stays here, on the Menu screen.`
    : '';
  const body = clear($('menuedit-body'));
  if (ED.error && !ED.tree) { body.appendChild(h('p', { class: 'error', text: ED.error })); return; }
  if (!ED.tree) { body.appendChild(h('p', { class: 'loading', text: 'Loading the menu…' })); return; }
  if (part === 'dishes') renderDishes(body);
  else if (part === 'options') renderOptionGroups(body);
  else renderImportExport(body);
}

function renderDishes(body: HTMLElement): void {
  const cats = ED.tree?.categories ?? [];
  if (!isCentral()) {
    body.appendChild(h('div', { class: 'office-actions' }, [
      h('button', { type: 'button', class: 'primary', id: 'add-category', text: 'Add a category', onclick: () => categoryDialog(null) }),
    ]));
  }
  if (!cats.length) body.appendChild(h('p', { class: 'hint', text: 'No category yet: add one, then its dishes.' }));
  cats.forEach((c, i) => body.appendChild(categoryBlock(c, i, cats)));
}

function categoryBlock(c: TreeCategory, i: number, cats: TreeCategory[]): HTMLElement {
  const local = !isCentral();
  const head = h('div', { class: 'cat-head', 'data-category-row': c.name }, [
    h('h2', { text: c.name }),
    local ? h('div', { class: 'row-actions' }, [
      h('button', { type: 'button', 'data-rename-category': c.name, text: 'Rename', onclick: () => categoryDialog(c) }),
      h('button', { type: 'button', 'aria-label': `Move ${c.name} up`, 'data-move-up': c.name, disabled: i === 0, text: '\u2191', onclick: (ev) => move(ev, cats, i, -1) }),
      h('button', { type: 'button', 'aria-label': `Move ${c.name} down`, 'data-move-down': c.name, disabled: i === cats.length - 1, text: '\u2193', onclick: (ev) => move(ev, cats, i, 1) }),
      // The box refuses to delete a category with dishes (409 IN_USE): the button shows only when it can work.
      c.items.length ? null : h('button', { type: 'button', class: 'danger', 'data-delete-category': c.name, text: 'Delete', onclick: () => deleteDialog(c) }),
    ]) : null,
  ]);
  const rows = h('div', { class: 'office-list' });
  for (const it of c.items) {
    const facts = `${money(it.price)} · ${formatPercent(it.taxRateBp)} % tax · ${it.station}${it.optionGroups.length ? ` · ${it.optionGroups.map((g) => g.name).join(', ')}` : ''}${it.available ? '' : ' · 86\u2019d'}`;
    rows.appendChild(h('div', { class: `office-row${it.available ? '' : ' off'}`, 'data-dish-row': it.name }, [
      h('span', {}, [it.name, h('small', { text: facts })]),
      h('button', { type: 'button', 'data-edit-dish': it.name, 'aria-label': `Edit ${it.name}`, text: 'Edit', onclick: () => itemDialog(it, c.id) }),
    ]));
  }
  if (local) rows.appendChild(h('button', { type: 'button', class: 'add-row', 'data-add-dish': c.name, text: `+ Add a dish to ${c.name}`, onclick: () => itemDialog(null, c.id) }));
  return h('section', { class: 'cat-block', 'aria-label': c.name }, [head, rows]);
}

/**
 * Moves a category one place: the categories are renumbered 0, 1, 2… in the new order and only those
 * whose position changed are sent (two in the usual case), each with its version, so an edit made
 * meanwhile on another tablet is refused rather than overwritten.
 */
function move(ev: Event, cats: TreeCategory[], i: number, dir: -1 | 1): void {
  const order = [...cats];
  const [moved] = order.splice(i, 1);
  if (!moved) return;
  order.splice(i + dir, 0, moved);
  void whileBusy(ev.currentTarget as HTMLButtonElement, async () => {
    try {
      for (const [k, c] of order.entries()) {
        if (c.sortOrder !== k) await api<CategoryView>('PATCH', `/menu/categories/${c.id}`, { sortOrder: k, expectedVersion: c.version });
      }
    } catch (e) { toast((e as ApiError).message); }
    await reloadEditor();
  });
}

/** Add (null) or rename a category. A new one carries a client-made id, so a retry adds it once. */
function categoryDialog(c: TreeCategory | null): void {
  const id = uuid();
  const form = new Form();
  const name = textInput('category-name', c?.name ?? '', { maxlength: 80 });
  const save = h('button', { type: 'button', class: 'primary', id: 'category-save', text: c ? 'Rename' : 'Add' });
  save.addEventListener('click', () => void whileBusy(save, async () => {
    form.clear();
    const value = name.value.trim();
    if (!value) { form.fail('name', 'Type the category\u2019s name.'); return; }
    try {
      if (c) await api('PATCH', `/menu/categories/${c.id}`, { name: value, expectedVersion: c.version });
      else await api('POST', '/menu/categories', { id, name: value });
      closeModal(); toast(c ? `Renamed to ${value}.` : `${value} is added.`);
      await reloadEditor();
    } catch (e) { form.show(e as ApiError); }
  }));
  modal([h('h2', { text: c ? `Rename ${c.name}` : 'Add a category' }), form.field('name', 'Name', name), form.general,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}

function deleteDialog(c: TreeCategory): void {
  const problem = h('p', { class: 'prompt', role: 'alert' });
  const go = h('button', { type: 'button', class: 'danger', id: 'category-delete-ok', text: 'Delete' });
  go.addEventListener('click', () => void whileBusy(go, async () => {
    try {
      await api('DELETE', `/menu/categories/${c.id}?expectedVersion=${c.version}`);
      closeModal(); toast(`${c.name} is deleted.`);
      await reloadEditor();
    } catch (e) { problem.textContent = (e as ApiError).message; }
  }));
  modal([h('h2', { text: `Delete ${c.name}?` }), h('p', { text: 'It has no dishes. Waiters stop seeing it at once.' }), problem,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), go])]);
}
