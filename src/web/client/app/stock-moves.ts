/**
 * Stock screens: the deliveries and waste tabs. Each lists the latest of its movements and opens a
 * dialog to record one more (POST /stock/receipts, POST /stock/waste). The movement's id is made
 * when the dialog opens and kept until it closes, so a double tap or a retry after a lost answer
 * records it once (the box answers a known id with the first movement).
 */
import { clear, h, type ApiError } from '../shared/dom.js';
import { money, S, toast, uuid } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { when } from './office.js';
import { ingredientById, isStocked, loadStock, recentMovements, type IngredientT, type MovementT } from './stock-data.js';
import { amountField, fillUnits, field, ingredientSelect, problemLine, refusal, unitSelect } from './stock-form.js';
import { parseAmount, qty } from './stock-units.js';

type Kind = 'receive' | 'waste';

const WASTE_REASONS = ['Dropped', 'Spoiled', 'Past its date', 'Made too much', 'Sent back by a guest'];

export const drawDeliveries = (into: HTMLElement): void => drawMoves(into, 'receive');
export const drawWaste = (into: HTMLElement): void => drawMoves(into, 'waste');

function drawMoves(into: HTMLElement, kind: Kind): void {
  into.append(h('div', { class: 'office-actions' }, [h('button', {
    type: 'button', class: 'primary', id: kind === 'receive' ? 'receive-open' : 'waste-open',
    text: kind === 'receive' ? 'Receive a delivery' : 'Record waste', onclick: () => moveDialog(kind),
  })]), h('h2', { text: kind === 'receive' ? 'Latest deliveries' : 'Latest waste' }));
  const list = h('div', { class: 'office-list', id: kind === 'receive' ? 'delivery-list' : 'waste-list' }, [h('p', { class: 'loading', text: 'Loading…' })]);
  into.appendChild(list);
  recentMovements(kind).then((moves) => {
    clear(list);
    for (const m of moves) list.appendChild(moveRow(m));
    if (!moves.length) list.appendChild(h('p', { class: 'hint', text: kind === 'receive' ? 'No delivery received yet.' : 'No waste recorded yet.' }));
  }, (e: ApiError) => { clear(list).appendChild(h('p', { class: 'error', text: e.message })); });
}

function moveRow(m: MovementT): HTMLElement {
  const ing = ingredientById(m.ingredientId);
  const amount = ing ? qty(Math.abs(m.quantity), ing.unit) : String(Math.abs(m.quantity));
  const facts = [when(m.createdAt), m.cost !== null ? money(m.cost) : null, m.reason].filter(Boolean).join(' \u00b7 ');
  return h('div', { class: 'office-row', 'data-move': ing?.name ?? m.ingredientId }, [h('span', {}, [`${amount} ${ing?.name ?? ''}`, h('small', { text: facts })])]);
}

/** Records one delivery or one waste, from the tab or from an ingredient. */
export function moveDialog(kind: Kind, preset?: IngredientT): void {
  const id = uuid();
  const receive = kind === 'receive';
  const pick = ingredientSelect('move-ingredient', preset?.id ?? '', isStocked);
  const unit = unitSelect('move-unit', preset);
  const [qtyLabel, quantity] = amountField('move-quantity', receive ? 'Quantity received' : 'Quantity thrown away');
  const [costLabel, cost] = amountField('move-cost', `What it cost in all (${S.settings?.currency ?? 'EUR'}, optional)`);
  const [noteLabel, note] = field('move-note', receive ? 'Note (supplier, invoice number; optional)' : 'Reason', { maxlength: 200 });
  const chips = receive ? null : h('div', { class: 'seg', role: 'group', 'aria-label': 'Common reasons' },
    WASTE_REASONS.map((r) => h('button', { type: 'button', 'data-reason': r, text: r, onclick: () => { note.value = r; } })));
  const onShelf = h('p', { class: 'hint', 'aria-live': 'polite' });
  const follow = (): void => {
    const ing = ingredientById(pick.value);
    fillUnits(unit, ing, unit.value);
    onShelf.textContent = ing ? `On hand now: ${qty(ing.onHand, ing.unit)}.` : '';
  };
  pick.addEventListener('change', follow);
  follow();
  const problem = problemLine();
  const save = h('button', { type: 'button', class: 'primary', id: 'move-save', text: receive ? 'Receive' : 'Record waste', onclick: () => {
    const ing = ingredientById(pick.value);
    const n = parseAmount(quantity.value), paid = cost.value.trim() ? parseAmount(cost.value) : undefined, why = note.value.trim();
    const wrong = !ing ? [pick, 'Choose the ingredient.'] as const
      : n === null || n <= 0 ? [quantity, 'Type how much, more than zero (for example 2.5).'] as const
      : paid === null || (paid !== undefined && paid < 0) ? [cost, 'The cost is an amount such as 48.20, or empty.'] as const
      : !receive && !why ? [note, 'Say why it was thrown away (tap a reason or type one).'] as const : null;
    if (wrong || !ing || n === null || paid === null) { problem.textContent = wrong?.[1] ?? ''; wrong?.[0].focus(); return; }
    const body = receive
      ? { id, ingredientId: ing.id, quantity: n, unit: unit.value, ...(paid !== undefined ? { cost: Math.round(paid * 100) } : {}), ...(why ? { reason: why } : {}) }
      : { id, ingredientId: ing.id, quantity: n, unit: unit.value, reason: why };
    save.disabled = true; problem.textContent = '';
    api<{ ingredient: IngredientT }>('POST', receive ? '/stock/receipts' : '/stock/waste', body).then((r) => {
      closeModal();
      toast(`${receive ? 'Received' : 'Wasted'} ${n} ${unit.value} of ${ing.name}: ${qty(r.body.ingredient.onHand, r.body.ingredient.unit)} on hand.`);
      void loadStock();
    }, (e: ApiError) => { problem.textContent = refusal(e); }).finally(() => { save.disabled = false; });
  } });
  modal([h('h2', { text: receive ? 'Receive a delivery' : 'Record waste' }),
    h('label', { for: 'move-ingredient', text: 'Ingredient' }), pick, onShelf,
    h('div', { class: 'qty-unit' }, [h('div', {}, [qtyLabel, quantity]), h('div', {}, [h('label', { for: 'move-unit', text: 'Unit' }), unit])]),
    receive ? costLabel : null, receive ? cost : null, noteLabel, chips, note, problem,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal }), save])]);
}
