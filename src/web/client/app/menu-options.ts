/**
 * Menu editor: option groups and their options ("Cooking": rare, medium; "Extras": cheese +1.50).
 * Add or change a group (single or multiple choice, required or not), add an option with its price
 * (negative lowers the dish's price), change or delete one. Dishes pick their groups in the dish
 * dialog. The box checks a group's counts as a whole and names the field it refuses.
 */
import { h, type ApiError } from '../shared/dom.js';
import type { TreeGroupView } from '../../../menu/schemas.js';
import { formatMajor, parseMajor } from '../../../menu/decimal.js';
import { money, toast, uuid, type MenuOption } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { ED, digits, isCentral, reloadEditor } from './menu-edit-data.js';
import { Form, select, textInput, whileBusy } from './menu-fields.js';

export function renderOptionGroups(body: HTMLElement): void {
  const groups = ED.tree?.optionGroups ?? [];
  if (!isCentral()) {
    body.appendChild(h('div', { class: 'office-actions' }, [
      h('button', { type: 'button', class: 'primary', id: 'add-group', text: 'Add an option group', onclick: () => groupDialog(null) }),
    ]));
  }
  if (!groups.length) body.appendChild(h('p', { class: 'hint', text: 'No option groups yet. A group is a question the waiter asks ("Cooking?"), its options the answers.' }));
  for (const g of groups) body.appendChild(groupBlock(g));
}

const rule = (g: TreeGroupView): string =>
  `${g.selection === 'single' ? 'One choice' : `Up to ${g.maxSelect}`}${g.required ? ', required' : ', optional'}`;

function groupBlock(g: TreeGroupView): HTMLElement {
  const local = !isCentral();
  const rows = h('div', { class: 'office-list' });
  for (const o of g.options) {
    rows.appendChild(h('div', { class: `office-row${o.available ? '' : ' off'}`, 'data-option-row': o.name }, [
      h('span', {}, [o.name, h('small', { text: o.priceDelta ? `${o.priceDelta > 0 ? '+' : ''}${money(o.priceDelta)}` : 'no extra charge' })]),
      local ? h('button', { type: 'button', 'data-edit-option': o.name, 'aria-label': `Edit ${o.name}`, text: 'Edit', onclick: () => optionDialog(g, o) }) : null,
    ]));
  }
  if (local) rows.appendChild(h('button', { type: 'button', class: 'add-row', 'data-add-option': g.name, text: `+ Add an option to ${g.name}`, onclick: () => optionDialog(g, null) }));
  return h('section', { class: 'cat-block', 'aria-label': g.name }, [
    h('div', { class: 'cat-head', 'data-group-row': g.name }, [
      h('h2', {}, [g.name, h('small', { text: rule(g) })]),
      local ? h('div', { class: 'row-actions' }, [h('button', { type: 'button', 'data-edit-group': g.name, text: 'Edit group', onclick: () => groupDialog(g) })]) : null,
    ]),
    rows,
  ]);
}

/**
 * The counts that go with a change of choice or of "required", so the group stays whole: one choice
 * means at most one; several (from one) opens it to the box's default of 50; required means at least one.
 */
function counts(g: TreeGroupView, selection: string, required: boolean): { minSelect: number; maxSelect: number } {
  const maxSelect = selection === 'single' ? 1 : g.selection === 'single' ? 50 : g.maxSelect;
  return { maxSelect, minSelect: required ? Math.min(Math.max(1, g.minSelect), maxSelect) : 0 };
}

/** Add (null) or change a group; deleting it is here too (the box refuses while dishes use it). */
function groupDialog(g: TreeGroupView | null): void {
  const id = uuid();
  const form = new Form();
  const name = textInput('group-name', g?.name ?? '', { maxlength: 80 });
  const selection = select('group-selection', [['single', 'One choice'], ['multi', 'Several choices']], g?.selection ?? 'single');
  const required = select('group-required', [['no', 'Optional'], ['yes', 'Required: the waiter must answer']], g?.required ? 'yes' : 'no');
  const save = h('button', { type: 'button', class: 'primary', id: 'group-save', text: g ? 'Save' : 'Add' });
  save.addEventListener('click', () => void whileBusy(save, async () => {
    form.clear();
    if (!name.value.trim()) { form.fail('name', 'Type the group\u2019s name, like Cooking or Sides.'); return; }
    const body = { name: name.value.trim(), selection: selection.value, required: required.value === 'yes' };
    try {
      if (g) await api('PATCH', `/menu/option-groups/${g.id}`, { ...body, ...counts(g, body.selection, body.required), expectedVersion: g.version });
      else await api('POST', '/menu/option-groups', { id, ...body });
      closeModal(); toast(g ? `${body.name} is saved.` : `${body.name} is added: now add its options.`);
      await reloadEditor();
    } catch (e) { form.show(e as ApiError, { minSelect: 'required', maxSelect: 'selection' }); }
  }));
  const del = g ? h('button', { type: 'button', class: 'danger', id: 'group-delete', text: 'Delete group' }) : null;
  del?.addEventListener('click', () => void whileBusy(del, async () => {
    form.clear();
    try { await api('DELETE', `/menu/option-groups/${g!.id}?expectedVersion=${g!.version}`); closeModal(); toast(`${g!.name} is deleted.`); await reloadEditor(); }
    catch (e) { form.show(e as ApiError); }
  }));
  modal([h('h2', { text: g ? `Edit ${g.name}` : 'Add an option group' }),
    form.field('name', 'Name', name), form.field('selection', 'Choices', selection), form.field('required', 'Answer', required), form.general,
    h('div', { class: 'modal-actions' }, [del, h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}

/** Add (null) or change an option: its name and its price (+ or −, in major units). */
function optionDialog(g: TreeGroupView, o: MenuOption | null): void {
  const id = uuid();
  const form = new Form();
  const name = textInput('option-name', o?.name ?? '', { maxlength: 80 });
  const price = textInput('option-price', o ? formatMajor(o.priceDelta, digits()) : formatMajor(0, digits()), { inputmode: 'decimal' });
  const save = h('button', { type: 'button', class: 'primary', id: 'option-save', text: o ? 'Save' : 'Add' });
  save.addEventListener('click', () => void whileBusy(save, async () => {
    form.clear();
    const p = parseMajor(price.value, digits(), { allowNegative: true });
    if (!name.value.trim()) { form.fail('name', 'Type the option\u2019s name.'); return; }
    if (!p.ok) { form.fail('priceDelta', p.reason); return; }
    const body = { name: name.value.trim(), priceDelta: p.value };
    try {
      if (o) await api('PATCH', `/menu/options/${o.id}`, { ...body, expectedVersion: o.version });
      else await api('POST', `/menu/option-groups/${g.id}/options`, { id, ...body });
      closeModal(); toast(`${body.name} is ${o ? 'saved' : 'added'}.`);
      await reloadEditor();
    } catch (e) { form.show(e as ApiError); }
  }));
  const del = o ? h('button', { type: 'button', class: 'danger', id: 'option-delete', text: 'Delete' }) : null;
  del?.addEventListener('click', () => void whileBusy(del, async () => {
    form.clear();
    try { await api('DELETE', `/menu/options/${o!.id}?expectedVersion=${o!.version}`); closeModal(); toast(`${o!.name} is deleted.`); await reloadEditor(); }
    catch (e) { form.show(e as ApiError); }
  }));
  modal([h('h2', { text: o ? `Edit ${o.name}` : `Add an option to ${g.name}` }),
    form.field('name', 'Name', name), form.field('priceDelta', 'Price added (negative lowers it)', price), form.general,
    h('div', { class: 'modal-actions' }, [del, h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}
