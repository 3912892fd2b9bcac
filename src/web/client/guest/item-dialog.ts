/** The dish sheet: its options with their rules, a quantity, a note, and "Add to order" once the rules are met. */
import { $, clear, h } from '../shared/dom.js';
import { S, money, save, t } from './state.js';
import type { GuestGroup, GuestItem } from './types.js';

function ruleText(g: GuestGroup): string {
  const min = g.required ? Math.max(1, g.minSelect) : g.minSelect;
  const max = g.selection === 'single' ? 1 : g.maxSelect;
  if (min === 1 && max === 1) return t()('chooseOne');
  if (min > 0) return t()('chooseAtLeast', { n: min });
  return `${t()('optional')} · ${t()('upTo', { n: max })}`;
}

function groupOk(g: GuestGroup, chosen: Set<string>): boolean {
  const n = g.options.filter((o) => chosen.has(o.id)).length;
  const min = g.required ? Math.max(1, g.minSelect) : g.minSelect;
  const max = g.selection === 'single' ? 1 : g.maxSelect;
  return n >= min && n <= max;
}

export function openItem(item: GuestItem, onDone: () => void): void {
  const dialog = $<HTMLDialogElement>('item-dialog');
  const chosen = new Set<string>();
  let quantity = 1;
  const note = h('input', { id: 'item-note', maxlength: 200, placeholder: t()('lineNotes'), 'aria-label': t()('lineNotes') });
  const addButton = h('button', { id: 'item-add', class: 'primary' });
  const qty = h('span', { class: 'qty', 'aria-live': 'polite' });
  const refresh = () => {
    const ok = item.optionGroups.every((g) => groupOk(g, chosen));
    const unit = item.price + item.optionGroups.flatMap((g) => g.options).filter((o) => chosen.has(o.id)).reduce((s, o) => s + o.priceDelta, 0);
    addButton.disabled = !ok;
    addButton.textContent = `${t()('addToCart')} · ${money(unit * quantity)}`;
    qty.textContent = String(quantity);
  };
  const groups = item.optionGroups.map((g) => h('fieldset', { class: 'group' }, [
    h('legend', {}, [g.name, ' ', h('small', { text: ruleText(g) })]),
    ...g.options.map((o) => h('label', { class: o.available ? 'opt' : 'opt off' }, [
      h('input', {
        type: g.selection === 'single' ? 'radio' : 'checkbox', name: g.id, value: o.id, disabled: !o.available,
        onchange: (ev: Event) => {
          const box = ev.target as HTMLInputElement;
          if (g.selection === 'single') for (const other of g.options) chosen.delete(other.id);
          if (box.checked) chosen.add(o.id); else chosen.delete(o.id);
          refresh();
        },
      }),
      h('span', { text: o.name }),
      h('span', { class: 'delta', text: o.available ? (o.priceDelta ? `+${money(o.priceDelta)}` : '') : t()('unavailable') }),
    ])),
  ]));
  clear(dialog).append(h('form', { method: 'dialog', class: 'sheet' }, [
    h('h2', { text: item.name }),
    item.description ? h('p', { class: 'desc', text: item.description }) : null,
    item.allergens.length ? h('p', { class: 'allergens', text: `${t()('allergens')}${S.language === 'fr' ? ' :' : ':'} ${item.allergens.join(', ')}` }) : null,
    ...groups,
    h('div', { class: 'qty-row' }, [
      h('span', { text: t()('quantity') }),
      h('button', { type: 'button', class: 'round', 'aria-label': '−', text: '−', onclick: () => { quantity = Math.max(1, quantity - 1); refresh(); } }),
      qty,
      h('button', { type: 'button', class: 'round', 'aria-label': '+', text: '+', onclick: () => { quantity = Math.min(20, quantity + 1); refresh(); } }),
    ]),
    note,
    h('div', { class: 'actions' }, [h('button', { value: 'cancel', class: 'ghost', text: t()('close') }), addButton]),
  ]));
  addButton.addEventListener('click', (ev) => {
    ev.preventDefault();
    const options = item.optionGroups.flatMap((g) => g.options).filter((o) => chosen.has(o.id));
    S.cart.push({
      key: `${item.id}:${Date.now()}:${Math.random()}`, itemId: item.id, name: item.name, quantity, optionIds: options.map((o) => o.id),
      options: options.map((o) => o.name), notes: note.value.trim() || null, price: item.price + options.reduce((s, o) => s + o.priceDelta, 0),
    });
    save();
    dialog.close();
    onDone();
  });
  refresh();
  dialog.showModal();
}
