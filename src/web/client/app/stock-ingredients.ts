/**
 * Stock screens: the ingredients tab. Each ingredient with what is on hand, its unit, its alert
 * level and par level (shown in its own unit; the box keeps thousandths of the base unit), and
 * whether it is low or out. Add one (a client-made id, so a double tap or a retry adds it once) or
 * edit one (sent with the version it was opened at: a stale edit is refused, not silently applied).
 */
import { h, type ApiError } from '../shared/dom.js';
import { money, S, toast, uuid } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { isStocked, loadStock, stock, type IngredientT } from './stock-data.js';
import { amountField, field, problemLine, refusal, select } from './stock-form.js';
import { ALL_UNITS, inUnit, milliOf, parseAmount, qty, sameKind, unitsOf } from './stock-units.js';

export function drawIngredients(into: HTMLElement): void {
  into.append(h('div', { class: 'office-actions' }, [h('button', { type: 'button', class: 'primary', id: 'add-ingredient', text: 'Add an ingredient', onclick: () => ingredientDialog(null) })]));
  const list = h('div', { class: 'office-list', id: 'ingredient-list' });
  for (const i of stock.ingredients) list.appendChild(row(i));
  if (!stock.ingredients.length) list.appendChild(h('p', { class: 'hint', text: 'No ingredient yet. Add the ones your recipes use, then receive a delivery.' }));
  into.appendChild(list);
}

/** "Out", "Low" or nothing: nothing (or less) on hand is out; an open alert says low. */
function stateOf(i: IngredientT): 'out' | 'low' | null {
  if (!isStocked(i)) return null;
  if (i.onHand <= 0) return 'out';
  return stock.alerts.some((a) => a.ingredientId === i.id) ? 'low' : null;
}

function row(i: IngredientT): HTMLElement {
  const facts = [
    isStocked(i) ? `on hand ${qty(i.onHand, i.unit)}` : 'made when used: its recipe takes the stock',
    i.lowThreshold !== null ? `alert at ${qty(i.lowThreshold, i.unit)}` : 'no alert level',
    i.parLevel !== null ? `par ${qty(i.parLevel, i.unit)}` : null,
    i.costPerUnit ? `${money(i.costPerUnit)}/${i.unit}` : null,
    i.kind === 'prep' ? `made in house (batch ${qty(i.batchQuantity ?? 0, i.unit)})` : i.supplier,
  ].filter(Boolean).join(' \u00b7 ');
  const state = stateOf(i);
  return h('div', { class: `office-row${state ? ' off' : ''}`, 'data-ingredient': i.name }, [
    h('span', {}, [i.name, state ? h('small', { class: 'state-word', 'data-state': state, text: state === 'out' ? 'Out of stock' : 'Low' }) : null, h('small', { text: facts })]),
    h('button', { type: 'button', 'data-edit-ingredient': i.name, 'aria-label': `Edit ${i.name}`, text: 'Edit', onclick: () => ingredientDialog(i) }),
  ]);
}

/** A level typed in `unit`, or null when left empty; undefined when it is not a number (the dialog says so). */
function level(input: HTMLInputElement): number | null | undefined {
  if (!input.value.trim()) return null;
  const n = parseAmount(input.value);
  return n === null || n < 0 ? undefined : n;
}

const shown = (milli: number | null, unit: string): string => (milli === null ? '' : String(Number(inUnit(milli, unit).toFixed(3))));

function ingredientDialog(current: IngredientT | null): void {
  const id = current?.id ?? uuid();
  let kind: 'raw' | 'prep' = current?.kind ?? 'raw';
  const [nameLabel, name] = field('ing-name', 'Name', { maxlength: 80, value: current?.name ?? '' });
  const unitChoices = current ? unitsOf(current.baseUnit) : ALL_UNITS;
  const unit = select('ing-unit', unitChoices.map((u): [string, string] => [u, u]), current?.unit ?? 'kg');
  const [costLabel, cost] = amountField('ing-cost', '', current?.costPerUnit ? (current.costPerUnit / 100).toFixed(2) : '');
  const [supplierLabel, supplier] = field('ing-supplier', 'Supplier (optional)', { maxlength: 80, value: current?.supplier ?? '' });
  const [lowLabel, low] = amountField('ing-low', '', shown(current?.lowThreshold ?? null, current?.unit ?? 'kg'));
  const [parLabel, par] = amountField('ing-par', '', shown(current?.parLevel ?? null, current?.unit ?? 'kg'));
  const [batchLabel, batch] = amountField('ing-batch', '', shown(current?.batchQuantity ?? null, current?.unit ?? 'kg'));
  const batchBox = h('div', {}, [batchLabel, batch]);
  const kinds = h('div', { class: 'seg', role: 'group', 'aria-label': 'Kind' });
  const relabel = (): void => {
    const u = unit.value;
    costLabel.textContent = `Cost per ${u} (${S.settings?.currency ?? 'EUR'}, optional)`;
    lowLabel.textContent = `Alert when at or below (${u}; empty: no alert)`;
    parLabel.textContent = `Par level: what a full shelf holds (${u}, optional)`;
    batchLabel.textContent = `One batch of its recipe makes (${u})`;
    batchBox.hidden = kind !== 'prep';
    kinds.replaceChildren(...([['raw', 'Bought'], ['prep', 'Made in house (a sauce…)']] as const).map(([k, label]) => h('button', {
      type: 'button', class: k === kind ? 'on' : null, 'data-kind': k, text: label, disabled: !!current && k !== kind,
      onclick: () => { kind = k; relabel(); } })));
  };
  // Typed levels follow a change of unit (2 kg becomes 2000 g), so the shelf they describe stays the same.
  let unitWas = unit.value;
  unit.addEventListener('change', () => {
    for (const input of [low, par, batch]) {
      const n = parseAmount(input.value);
      if (n !== null && sameKind(unitWas, unit.value)) input.value = String(Number(inUnit(milliOf(n, unitWas), unit.value).toFixed(3)));
    }
    unitWas = unit.value;
    relabel();
  });
  relabel();
  const problem = problemLine();
  const save = h('button', { type: 'button', class: 'primary', id: 'ing-save', text: current ? 'Save' : 'Add', onclick: () => {
    const named = name.value.trim();
    const lowN = level(low), parN = level(par), costN = cost.value.trim() ? parseAmount(cost.value) : 0, batchN = level(batch);
    const wrong = !named ? [name, 'Type its name.'] as const
      : costN === null || costN < 0 ? [cost, 'The cost is a price such as 12.50, or empty.'] as const
      : lowN === undefined ? [low, 'The alert level is a number such as 2.5, or empty.'] as const
      : parN === undefined ? [par, 'The par level is a number such as 10, or empty.'] as const
      : kind === 'prep' && !batchN ? [batch, 'Say how much one batch makes (more than zero).'] as const : null;
    if (wrong) { problem.textContent = wrong[1]; wrong[0].focus(); return; }
    const body: Record<string, unknown> = {
      name: named, unit: unit.value, costPerUnit: Math.round((costN ?? 0) * 100), supplier: supplier.value.trim() || null,
      lowThreshold: lowN, parLevel: parN, ...(kind === 'prep' ? { batchQuantity: batchN } : {}),
    };
    save.disabled = true; problem.textContent = '';
    const sent = current ? api<IngredientT>('PATCH', `/stock/ingredients/${id}`, { ...body, expectedVersion: current.version })
      : api<IngredientT>('POST', '/stock/ingredients', { ...body, id, kind });
    sent.then(() => done(named), async (e: ApiError) => {
      // A retry after a lost answer meets its own first save as a newer version: that is success, not a clash.
      if (e.code === 'VERSION_CONFLICT' && current && await savedAlready(id, body)) { done(named); return; }
      problem.textContent = e.code === 'VERSION_CONFLICT'
        ? `Someone else changed ${current?.name ?? 'it'} since you opened it. Close this, look at their figures and edit again.` : refusal(e);
      if (e.code === 'VERSION_CONFLICT') void loadStock(); // the list behind shows their figures, and the next Edit starts from them
    }).finally(() => { save.disabled = false; });
  } });
  const done = (named: string): void => { closeModal(); toast(current ? `${named} is saved.` : `${named} is added.`); void loadStock(); };
  modal([h('h2', { text: current ? `Edit ${current.name}` : 'Add an ingredient' }), nameLabel, name,
    h('label', { text: 'Kind' }), kinds, h('label', { for: 'ing-unit', text: current ? 'Counted in (another unit of the same kind)' : 'Bought and counted in' }), unit,
    costLabel, cost, supplierLabel, supplier, lowLabel, low, parLabel, par, batchBox, problem,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}

/** Whether the box already holds exactly what this dialog sent (the first of two sends got through). */
async function savedAlready(id: string, body: Record<string, unknown>): Promise<boolean> {
  try {
    const now = (await api<IngredientT>('GET', `/stock/ingredients/${id}`)).body;
    const asSent = (milli: number | null) => (milli === null ? null : Number(inUnit(milli, now.unit).toFixed(3)));
    return now.name === body.name && now.unit === body.unit && now.costPerUnit === body.costPerUnit && now.supplier === body.supplier
      && asSent(now.lowThreshold) === body.lowThreshold && asSent(now.parLevel) === body.parLevel;
  } catch { return false; }
}
