/**
 * Menu editor: a dish's dialog, to add one or change one: name, category, price, tax rate, station,
 * description and option groups. Prices are typed in major units ("12.50") and tax in percent ("10"),
 * converted with the box's own string arithmetic (src/menu/decimal.ts), so no float touches money.
 * A new dish carries a client-made id (a retry adds it once); a change sends only what changed, with
 * the version it was read at. Fields the cloud manages show read-only.
 */
import { h, type ApiError } from '../shared/dom.js';
import type { MenuItemView } from '../../../menu/schemas.js';
import { formatMajor, formatPercent, parseMajor, parsePercent } from '../../../menu/decimal.js';
import { toast, uuid, type MenuItem } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { ED, digits, isCentral, isManaged, reloadEditor } from './menu-edit-data.js';
import { Form, select, textInput, whileBusy } from './menu-fields.js';

/** Values in use on the menu, offered as suggestions (stations, tax rates). */
function suggestions(id: string, values: string[]): HTMLDataListElement {
  return h('datalist', { id }, [...new Set(values)].sort().map((value) => h('option', { value })));
}

export function itemDialog(it: MenuItem | null, categoryId: string): void {
  const tree = ED.tree;
  if (!tree) return;
  const id = uuid();
  const all = tree.categories.flatMap((c) => c.items);
  const form = new Form();
  const name = textInput('dish-name', it?.name ?? '', { maxlength: 80 });
  const category = select('dish-category', tree.categories.map((c) => [c.id, c.name]), it?.categoryId ?? categoryId);
  const price = textInput('dish-price', it ? formatMajor(it.price, digits()) : '', { inputmode: 'decimal', placeholder: digits() ? '12.50' : '1200' });
  const tax = textInput('dish-tax', it ? formatPercent(it.taxRateBp) : formatPercent(all[0]?.taxRateBp ?? 1000), { inputmode: 'decimal', list: 'dish-tax-list' });
  const station = textInput('dish-station', it?.station ?? all[0]?.station ?? 'kitchen', { maxlength: 24, list: 'dish-station-list', autocapitalize: 'none' });
  const description = h('textarea', { id: 'dish-description', maxlength: 500, rows: 2 });
  description.value = it?.description ?? '';
  const linked = new Set(it?.optionGroups.map((g) => g.id) ?? []);
  const groupsLocked = isCentral();
  const groups = h('fieldset', { class: 'check-list', 'data-field': 'optionGroupIds' }, [
    h('legend', { text: 'Option groups' }),
    ...(tree.optionGroups.length ? tree.optionGroups.map((g) => {
      const box = h('input', { type: 'checkbox', id: `dish-group-${g.id}`, 'data-group': g.name, disabled: groupsLocked });
      box.checked = linked.has(g.id);
      box.addEventListener('change', () => { if (box.checked) linked.add(g.id); else linked.delete(g.id); });
      return h('label', { class: 'check', for: box.id }, [box, ` ${g.name}`]);
    }) : [h('p', { class: 'hint', text: 'No option groups yet (the Options tab adds them).' })]),
    groupsLocked ? h('small', { class: 'managed', text: 'managed by the cloud menu' }) : null,
  ]);

  const save = h('button', { type: 'button', class: 'primary', id: 'dish-save', text: it ? 'Save' : 'Add' });
  save.addEventListener('click', () => void whileBusy(save, async () => {
    form.clear();
    const p = parseMajor(price.value, digits()), t = parsePercent(tax.value);
    if (!name.value.trim()) { form.fail('name', 'Type the dish\u2019s name.'); return; }
    if (!p.ok) { form.fail('price', p.reason); return; }
    if (!t.ok) { form.fail('taxRateBp', t.reason); return; }
    const fields = { name: name.value.trim(), categoryId: category.value, price: p.value, taxRateBp: t.value, station: station.value.trim(), description: description.value.trim() };
    const groupIds = tree.optionGroups.map((g) => g.id).filter((g) => linked.has(g));
    try {
      if (it) await change(it, fields, groupIds);
      else await api<MenuItemView>('POST', '/menu/items', { id, ...fields, optionGroupIds: groupIds });
      closeModal(); toast(it ? `${fields.name} is saved.` : `${fields.name} is added.`);
      await reloadEditor();
    } catch (e) {
      if (e instanceof GroupsNotSaved) { closeModal(); toast(`${fields.name} is saved, but not its option groups: ${e.message}`); await reloadEditor(); }
      else form.show(e as ApiError, { optionGroupIds: 'general', groupIds: 'general' });
    }
  }));
  const del = it && !isCentral()
    ? h('button', { type: 'button', class: 'danger', id: 'dish-delete', text: 'Delete', onclick: () => void whileBusy(del!, async () => {
      form.clear();
      try { await api('DELETE', `/menu/items/${it.id}?expectedVersion=${it.version}`); closeModal(); toast(`${it.name} is deleted.`); await reloadEditor(); }
      catch (e) { form.show(e as ApiError); }
    }) })
    : null;
  modal([
    h('h2', { text: it ? `Edit ${it.name}` : 'Add a dish' }),
    h('div', { class: 'form-grid' }, [
      form.field('name', 'Name', name, isManaged('name')),
      form.field('categoryId', 'Category', category, isManaged('categoryId')),
      form.field('price', 'Price', price, isManaged('price')),
      form.field('taxRateBp', 'Tax rate (%)', tax, isManaged('taxRateBp')),
      form.field('station', 'Kitchen station', station, isManaged('station')),
    ]),
    suggestions('dish-tax-list', all.map((i) => formatPercent(i.taxRateBp))),
    suggestions('dish-station-list', all.map((i) => i.station)),
    form.field('description', 'Description (optional)', description, isManaged('description')),
    groups, form.general,
    h('div', { class: 'modal-actions' }, [del, h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save]),
  ]);
}

/** The fields were saved but the option groups' links were refused: the dialog's version is stale, so it closes. */
class GroupsNotSaved extends Error {}

type Fields = { name: string; categoryId: string; price: number; taxRateBp: number; station: string; description: string };

/** Sends what changed (fields, then the option groups' links), each with the version it was read at. */
async function change(it: MenuItem, fields: Fields, groupIds: string[]): Promise<void> {
  const patch: Partial<Fields> = {};
  for (const k of Object.keys(fields) as Array<keyof Fields>) if (fields[k] !== it[k] && !isManaged(k)) (patch as Record<string, unknown>)[k] = fields[k];
  let version = it.version;
  if (Object.keys(patch).length) version = (await api<MenuItemView>('PATCH', `/menu/items/${it.id}`, { ...patch, expectedVersion: version })).body.version;
  const before = it.optionGroups.map((g) => g.id);
  if (before.length === groupIds.length && before.every((g, i) => g === groupIds[i])) return;
  try { await api<MenuItemView>('PUT', `/menu/items/${it.id}/option-groups`, { groupIds, expectedVersion: version }); }
  catch (e) { throw version === it.version ? e : new GroupsNotSaved((e as ApiError).message); }
}
