/**
 * Waiter app, back office: the Stock screen (managers and owners). Tabs for ingredients, recipes,
 * deliveries, waste, the count sheet and alerts, all on the box's stock API. Alerts arrive live:
 * managers' sockets listen to the `stock` topic, and each `stock.*` event re-reads the figures (an
 * event only says "something moved"; the read says what), so a missed event cannot leave a wrong picture.
 */
import { $, clear, h } from '../shared/dom.js';
import { S, toast } from './state.js';
import { show } from './screens.js';
import { isManager } from './office.js';
import { ingredientById, loadStock, onStockRead, stock, type AlertT } from './stock-data.js';
import { qty } from './stock-units.js';
import { drawIngredients } from './stock-ingredients.js';
import { drawRecipes } from './recipes.js';
import { drawDeliveries, drawWaste, moveDialog } from './stock-moves.js';
import { countSheet, drawCount } from './stock-count.js';

type Tab = 'ingredients' | 'recipes' | 'deliveries' | 'waste' | 'count' | 'alerts';
const TABS: Array<[Tab, string]> = [
  ['ingredients', 'Ingredients'], ['recipes', 'Recipes'], ['deliveries', 'Deliveries'], ['waste', 'Waste'], ['count', 'Count'], ['alerts', 'Alerts'],
];
const DRAW: Record<Tab, (into: HTMLElement) => void> = {
  ingredients: drawIngredients, recipes: drawRecipes, deliveries: drawDeliveries, waste: drawWaste, count: drawCount, alerts: drawAlerts,
};
let tab: Tab = 'ingredients';

$('open-stock').addEventListener('click', () => showStock());
onStockRead(() => draw());

export function showStock(to?: Tab): void {
  show('stock', 'Stock');
  if (to) tab = to;
  draw();
  void loadStock();
}

function drawTabs(): void {
  const open = stock.alerts.length;
  clear($('stock-tabs')).append(...TABS.map(([id, label]) => h('button', {
    type: 'button', role: 'tab', 'aria-selected': String(id === tab), class: id === tab ? 'on' : null, 'data-stock-tab': id,
    text: id === 'alerts' && open ? `${label} (${open})` : label, onclick: () => { tab = id; draw(); },
  })));
}

/** Draws the chosen tab. The count sheet is kept as it is (typed figures, the focus) when only the figures were re-read. */
function draw(): void {
  drawButton();
  if (S.screen !== 'stock') return;
  drawTabs();
  const body = $('stock-body');
  if (tab === 'count' && stock.loaded && body.firstChild === countSheet()) return;
  clear(body);
  if (stock.error && !stock.loaded) { body.appendChild(h('p', { class: 'error', role: 'alert', text: stock.error })); return; }
  if (!stock.loaded) { body.appendChild(h('p', { class: 'loading', text: 'Loading the stock…' })); return; }
  if (stock.error) body.appendChild(h('p', { class: 'error', role: 'alert', text: `Showing the last figures read: ${stock.error}` }));
  DRAW[tab](body);
}

/** The floor's Stock button names how many alerts are open, so a manager sees them without opening it. */
function drawButton(): void {
  const n = stock.alerts.length;
  $('open-stock').textContent = n ? `Stock \u00b7 ${n} alert${n === 1 ? '' : 's'}` : 'Stock';
}

/** An alert in words, with the figure as it is now (the alert row keeps the figure it was raised at). */
export function alertWords(a: AlertT): string {
  const ing = ingredientById(a.ingredientId);
  if (!ing) return 'An ingredient no longer listed is short.';
  const now = qty(ing.onHand, ing.unit);
  if (a.kind === 'negative') return `${ing.name} is out: the box counts ${now}, so more was used than it knew of. Receive a delivery or count it.`;
  if (a.kind === 'days') return `${ing.name} runs out in about ${a.daysLeft ?? 0} day(s) at last week's usage (${now} left; the minimum is ${ing.minDaysOfSupply} days).`;
  return `${ing.name} is low: ${now} left${ing.lowThreshold !== null ? `, alert at ${qty(ing.lowThreshold, ing.unit)}` : ''}${ing.parLevel !== null ? `; order up to ${qty(ing.parLevel, ing.unit)}` : ''}.`;
}

function drawAlerts(into: HTMLElement): void {
  into.appendChild(h('h2', { text: 'Open alerts' }));
  const list = h('div', { class: 'office-list', id: 'stock-alerts' });
  for (const a of stock.alerts) {
    const ing = ingredientById(a.ingredientId);
    list.appendChild(h('div', { class: 'office-row off', 'data-alert': ing?.name ?? a.ingredientId, 'data-kind': a.kind }, [
      h('span', {}, [alertWords(a), h('small', { text: `${a.kind === 'low' ? 'Low stock' : a.kind === 'negative' ? 'Stock-out' : 'Days of supply'} since ${new Date(a.raisedAt).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}` })]),
      ing ? h('button', { type: 'button', 'data-alert-receive': ing.name, 'aria-label': `Receive ${ing.name}`, text: 'Receive', onclick: () => moveDialog('receive', ing) }) : null,
    ]));
  }
  if (!stock.alerts.length) list.appendChild(h('p', { class: 'hint', text: 'No alert: every ingredient is above its alert level.' }));
  into.appendChild(list);
  // Dishes the box took off the menu because an ingredient cannot cover a portion.
  const out = (S.menu?.categories ?? []).flatMap((c) => c.items).filter((i) => i.stockOut);
  into.appendChild(h('h2', { text: 'Dishes off the menu for lack of stock' }));
  const dishes = h('div', { class: 'office-list', id: 'stock-outs' });
  for (const i of out) dishes.appendChild(h('div', { class: 'office-row off', 'data-stock-out': i.name }, [h('span', {}, [i.name, h('small', { text: 'Back on by itself once a delivery covers a portion.' })])]));
  if (!out.length) dishes.appendChild(h('p', { class: 'hint', text: 'None: every dish with a recipe can be made.' }));
  into.appendChild(dishes);
}

let newsTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * What the live socket says about stock (managers only). A raised alert is also said in a toast,
 * wherever the manager is in the app; any stock event re-reads the figures once the burst is over.
 */
export function onStockNews(type: string, data: Record<string, unknown>): void {
  if (!isManager()) return;
  if (type === 'stock.alert_raised') {
    const name = typeof data.name === 'string' ? data.name : 'An ingredient';
    toast(data.kind === 'negative' ? `Stock-out: ${name}.` : data.kind === 'days' ? `${name} is running out (days of supply).` : `Low stock: ${name}.`);
  }
  clearTimeout(newsTimer);
  newsTimer = setTimeout(() => void loadStock(), 150);
}
