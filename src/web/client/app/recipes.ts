/**
 * Stock screens: the recipes tab. Every dish with what one portion uses, every option with what it
 * adds (or takes away: "No onion" −20 g), and every prep item (a sauce made in house) with what one
 * batch uses; a dialog replaces a recipe (PUT /stock/recipes/items|options|preps/{id}: a replace,
 * so a double tap or a retry sets it once).
 * Firing a dish takes its recipe from stock; a dish whose ingredients cannot cover a portion goes
 * off the menu by itself and comes back with the next delivery.
 */
import { h, type ApiError } from '../shared/dom.js';
import { S, toast, type MenuItem } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { ingredientById, ingredientName, loadStock, stock, type RecipeLineT } from './stock-data.js';
import { amountField, fillUnits, ingredientSelect, problemLine, refusal, unitSelect } from './stock-form.js';
import { inUnit, parseAmount, portion, type BaseUnit } from './stock-units.js';

interface Owner { kind: 'item' | 'option' | 'prep'; id: string; name: string }

const OWNER_OF = { item: 'menuItemId', option: 'optionId', prep: 'prepId' } as const;
const PATH = { item: 'items', option: 'options', prep: 'preps' } as const;
const linesOf = (o: Owner): RecipeLineT[] => stock.recipes.filter((l) => l[OWNER_OF[o.kind]] === o.id);

function summary(o: Owner): string {
  const lines = linesOf(o);
  if (!lines.length) return o.kind === 'item' ? 'No recipe: selling it takes nothing from stock.' : o.kind === 'option' ? 'Changes nothing in stock.' : 'No recipe yet.';
  return lines.map((l) => {
    const ing = ingredientById(l.ingredientId);
    const sign = o.kind === 'option' && l.quantity > 0 ? '+' : '';
    return ing ? `${sign}${portion(l.quantity, ing.baseUnit)} ${ing.name}` : ingredientName(l.ingredientId);
  }).join(' \u00b7 ');
}

export function drawRecipes(into: HTMLElement): void {
  into.appendChild(h('p', { class: 'hint', text: 'What one portion uses. Firing a dish takes it from stock; a dish whose ingredients cannot cover a portion goes off the menu by itself.' }));
  if (!S.menu) { into.appendChild(h('p', { class: 'loading', text: 'Loading the menu…' })); return; }
  for (const c of S.menu.categories) {
    if (!c.items.length) continue;
    into.appendChild(h('h2', { text: c.name }));
    into.appendChild(h('div', { class: 'office-list' }, c.items.map((i: MenuItem) => row({ kind: 'item', id: i.id, name: i.name }))));
  }
  // Options are shared by dishes through their groups: each once, named with its group.
  const options = new Map<string, Owner>();
  for (const i of S.menu.categories.flatMap((c) => c.items)) {
    for (const g of i.optionGroups) for (const op of g.options) options.set(op.id, { kind: 'option', id: op.id, name: `${g.name}: ${op.name}` });
  }
  if (options.size) {
    into.appendChild(h('h2', { text: 'Options (what each adds or takes away)' }));
    into.appendChild(h('div', { class: 'office-list' }, [...options.values()].map(row)));
  }
  const preps = stock.ingredients.filter((i) => i.kind === 'prep');
  if (preps.length) {
    into.appendChild(h('h2', { text: 'Made in house (per batch)' }));
    into.appendChild(h('div', { class: 'office-list' }, preps.map((p) => row({ kind: 'prep', id: p.id, name: p.name }))));
  }
}

function row(o: Owner): HTMLElement {
  return h('div', { class: 'office-row', 'data-recipe-row': o.name }, [
    h('span', {}, [o.name, h('small', { text: summary(o) })]),
    h('button', { type: 'button', 'data-recipe': o.name, 'aria-label': `Recipe of ${o.name}`, text: 'Recipe', onclick: () => recipeDialog(o) }),
  ]);
}

interface EditLine { pick: HTMLSelectElement; amount: HTMLInputElement; unit: HTMLSelectElement; el: HTMLElement }

/** The unit a stored per-portion quantity reads best in, and the figure in it. */
function shownIn(milli: number, base: BaseUnit): [string, string] {
  const unit = base === 'piece' ? 'piece' : Math.abs(milli) >= 1_000_000 ? (base === 'g' ? 'kg' : 'l') : base;
  return [String(Number(inUnit(milli, unit).toFixed(3))), unit];
}

function recipeDialog(o: Owner): void {
  const box = h('div', { class: 'recipe-lines', id: 'recipe-lines' });
  const edits: EditLine[] = [];
  let n = 0;
  const addLine = (start?: RecipeLineT): EditLine => {
    const k = n++;
    const ing = start ? ingredientById(start.ingredientId) : undefined;
    const pick = ingredientSelect(`rl-ing-${k}`, start?.ingredientId ?? '');
    const [value, unitName] = start && ing ? shownIn(start.quantity, ing.baseUnit) : ['', ''];
    const [amountLabel, amount] = amountField(`rl-qty-${k}`, o.kind === 'prep' ? 'Per batch' : o.kind === 'option' ? 'Adds (\u2212 takes away)' : 'Per portion', value);
    const unit = unitSelect(`rl-unit-${k}`, ing);
    if (ing && unitName) unit.value = unitName;
    pick.addEventListener('change', () => {
      const chosen = ingredientById(pick.value);
      fillUnits(unit, chosen, chosen?.baseUnit);
    });
    const el = h('div', { class: 'recipe-line', 'data-line': k }, [
      h('div', { class: 'grow' }, [h('label', { for: pick.id, text: 'Ingredient' }), pick]),
      h('div', {}, [amountLabel, amount]),
      h('div', {}, [h('label', { for: unit.id, text: 'Unit' }), unit]),
      h('button', { type: 'button', class: 'ghost', 'aria-label': `Remove line ${k + 1}`, text: 'Remove', onclick: () => {
        el.remove(); edits.splice(edits.indexOf(line), 1);
      } }),
    ]);
    const line: EditLine = { pick, amount, unit, el };
    edits.push(line); box.appendChild(el);
    return line;
  };
  for (const l of linesOf(o)) addLine(l);
  if (!edits.length) addLine();
  const problem = problemLine();
  const save = h('button', { type: 'button', class: 'primary', id: 'recipe-save', text: 'Save the recipe', onclick: () => {
    const lines: Array<{ ingredientId: string; quantity: number; unit: string }> = [];
    for (const e of edits) {
      if (!e.pick.value && !e.amount.value.trim()) continue; // an empty line is left out
      const q = parseAmount(e.amount.value);
      if (!e.pick.value) { problem.textContent = 'Choose the ingredient of every line (or remove the line).'; e.pick.focus(); return; }
      if (q === null || q === 0 || (q < 0 && o.kind !== 'option')) {
        problem.textContent = o.kind === 'option' ? `Type how much ${ingredientName(e.pick.value)} this option adds (or takes away, with a minus: -20).`
          : `Type how much ${ingredientName(e.pick.value)} one ${o.kind === 'item' ? 'portion' : 'batch'} uses, more than zero.`;
        e.amount.focus(); return;
      }
      if (lines.some((l) => l.ingredientId === e.pick.value)) { problem.textContent = `${ingredientName(e.pick.value)} is on two lines: give its total once.`; e.pick.focus(); return; }
      lines.push({ ingredientId: e.pick.value, quantity: q, unit: e.unit.value });
    }
    save.disabled = true; problem.textContent = '';
    api<RecipeLineT[]>('PUT', `/stock/recipes/${PATH[o.kind]}/${o.id}`, { lines }).then(() => {
      closeModal(); toast(`The recipe of ${o.name} is saved.`); void loadStock();
    }, (e: ApiError) => { problem.textContent = refusal(e); }).finally(() => { save.disabled = false; });
  } });
  modal([h('h2', { text: `Recipe of ${o.name}` }),
    h('p', { class: 'hint', text: o.kind === 'item' ? 'What one portion takes from stock.' : o.kind === 'option' ? 'What choosing it adds to the dish, per portion; a minus takes away ("No onion": \u221220 g).' : `What one batch (${summaryBatch(o.id)}) takes from stock.` }),
    box, h('button', { type: 'button', id: 'recipe-add-line', text: 'Add an ingredient', onclick: () => { addLine().pick.focus(); } }),
    problem, h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}

function summaryBatch(id: string): string {
  const p = ingredientById(id);
  return p && p.batchQuantity !== null ? portion(p.batchQuantity, p.baseUnit) : 'one batch';
}
