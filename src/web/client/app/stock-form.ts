/**
 * Stock screens: the pieces their dialogs share — a labelled field, an ingredient picker, a unit
 * picker that offers only units of the ingredient's kind, the line where a refusal is said, and
 * the box's refusals in words a manager can act on.
 */
import { h, type ApiError } from '../shared/dom.js';
import { stock, type IngredientT } from './stock-data.js';
import { unitsOf } from './stock-units.js';

/** A label above its input (every input has one: screen readers and taps on the label both find it). */
export function field(id: string, label: string, attrs: Record<string, string | number | boolean | null> = {}): [HTMLLabelElement, HTMLInputElement] {
  return [h('label', { for: id, text: label }), h('input', { id, autocomplete: 'off', ...attrs })];
}

/** A decimal field: the numeric keyboard, with a comma or a point. */
export const amountField = (id: string, label: string, value = ''): [HTMLLabelElement, HTMLInputElement] =>
  field(id, label, { inputmode: 'decimal', value });

export function select(id: string, options: Array<[string, string]>, value: string): HTMLSelectElement {
  const s = h('select', { id }, options.map(([v, text]) => h('option', { value: v, text })));
  s.value = value;
  return s;
}

/** The ingredients to choose from, by name (`which` narrows them: only what sits on a shelf for a delivery). */
export const ingredientSelect = (id: string, value: string, which: (i: IngredientT) => boolean = () => true): HTMLSelectElement =>
  select(id, [['', 'Choose an ingredient…'], ...stock.ingredients.filter(which).map((i): [string, string] => [i.id, i.name])], value);

/** A unit picker that follows the chosen ingredient: kg, g and mg for a cheese; l, cl, ml for a cola. */
export function unitSelect(id: string, ingredient: IngredientT | undefined): HTMLSelectElement {
  const s = select(id, [], '');
  fillUnits(s, ingredient);
  return s;
}

export function fillUnits(s: HTMLSelectElement, ingredient: IngredientT | undefined, prefer?: string): void {
  s.replaceChildren(...(ingredient ? unitsOf(ingredient.baseUnit) : []).map((u) => h('option', { value: u, text: u })));
  s.disabled = !ingredient;
  if (ingredient) s.value = prefer && unitsOf(ingredient.baseUnit).includes(prefer) ? prefer : ingredient.unit;
}

/** Where a dialog says what is wrong: next to its buttons, announced, in red. */
export const problemLine = (): HTMLParagraphElement => h('p', { class: 'prompt', role: 'alert' });

/** The box's refusal of a stock write, in words. The codes are the API's (docs/stock.md). */
export function refusal(e: ApiError): string {
  switch (e.code) {
    case 'OFFLINE': return 'The box cannot be reached; nothing was recorded. Tap again when it is back: it is recorded once.';
    case 'UNKNOWN_UNIT':
    case 'INCOMPATIBLE_UNITS':
    case 'RECIPE_CYCLE':
    case 'DUPLICATE': return e.message;
    case 'IDEMPOTENCY_CONFLICT': return 'This was already recorded with other figures. Close the dialog and open it again to record a new one.';
    case 'NOT_FOUND': return 'That ingredient or dish is gone from the box (someone removed it). Close and reload the screen.';
    case 'FORBIDDEN': return 'Your role may not change stock. Ask a manager.';
    default: return e.message;
  }
}
