/**
 * The guest page (issue 19), served by the box at /t/<token> to phones on the restaurant's Wi-Fi:
 * the live menu, a cart, "Send to the waiter", "Call the waiter", "Ask for the bill", and each
 * request's state followed live (long-poll). Its words follow the phone's language (words.ts).
 */
import { $, ApiError, clear, h } from '../shared/dom.js';
import { loadMenu, newRequestId, sendRequest, tableFromPath, watchRequest } from './api.js';
import { openItem } from './item-dialog.js';
import { S, load, money, save, t } from './state.js';
import type { GuestRequest } from './types.js';
import { WORDS, type WordKey } from './words.js';

const FINAL = new Set(['served', 'refused']);
const watching = new Set<string>();

function errorText(err: unknown): string {
  if (!(err instanceof ApiError)) return t()('err_other', { message: String(err) });
  if (err.code === 'network') return t()('err_network');
  if (err.code === 'GUEST_ORDERING_CLOSED') return t()(`closed_${(err.details as { reason?: string } | undefined)?.reason ?? 'off'}` as WordKey);
  const known = `err_${err.code}`;
  if (!(known in WORDS.en)) return t()('err_other', { message: err.message });
  const wait = err.details as { retryAfterSeconds?: number; retryAfter?: number } | undefined;
  return t()(known as WordKey, { s: wait?.retryAfterSeconds ?? wait?.retryAfter ?? 10 });
}

function render(): void {
  const menu = S.menu;
  if (!menu) return;
  document.documentElement.lang = S.language;
  $('title').textContent = menu.restaurant.name;
  $('table').textContent = `${t()('table')} ${menu.table.label}`;
  const banner = $('closed');
  banner.hidden = menu.ordering.open;
  banner.textContent = menu.ordering.reason ? t()(`closed_${menu.ordering.reason}` as WordKey) : '';
  $('message').textContent = S.message;
  $('message').hidden = !S.message;
  renderMenu();
  renderRequests();
  renderCart();
  $('call-waiter').textContent = t()('callWaiter');
  $('ask-bill').textContent = t()('askBill');
}

function renderMenu(): void {
  const menu = S.menu!;
  clear($('menu')).append(...menu.categories.map((c) => h('section', { class: 'category' }, [
    h('h2', { text: c.name }),
    ...c.items.map((item) => h('article', { class: item.available ? 'item' : 'item unavailable', 'data-item': item.id }, [
      h('div', { class: 'item-text' }, [
        h('h3', { text: item.name }),
        item.description ? h('p', { class: 'desc', text: item.description }) : null,
        item.allergens.length ? h('p', { class: 'allergens', text: `${t()('allergens')}: ${item.allergens.join(', ')}` }) : null,
      ]),
      h('div', { class: 'item-side' }, [
        h('span', { class: 'price', text: money(item.price) }),
        item.available
          ? h('button', { class: 'add', disabled: !menu.ordering.open, text: t()('add'), 'aria-label': `${t()('add')} ${item.name}`, onclick: () => openItem(item, render) })
          : h('span', { class: 'badge', text: t()('unavailable') }),
      ]),
    ])),
  ])));
}

function stateLabel(r: GuestRequest): string {
  if (r.kind !== 'order' && r.state === 'accepted') return t()('accepted_call');
  return t()(`state_${r.state}` as WordKey);
}

function renderRequests(): void {
  const list = $('requests');
  list.hidden = S.requests.length === 0;
  clear(list).append(h('h2', { text: t()('myRequests') }), ...[...S.requests].reverse().map((r) => h('div', { class: `request state-${r.state}`, 'data-request': r.id }, [
    h('div', { class: 'request-head' }, [
      h('strong', { text: r.kind === 'order' ? t()('orderNoun') : r.kind === 'bill' ? t()('billNoun') : t()('callNoun') }),
      h('span', { class: 'state', text: stateLabel(r) }),
    ]),
    r.kind === 'order' ? h('p', { class: 'request-lines', text: r.lines.map((l) => `${l.quantity}× ${l.name}`).join(', ') }) : null,
    r.refusedReason ? h('p', { class: 'reason', text: t()('refusedBecause', { reason: r.refusedReason }) }) : null,
  ])));
}

function renderCart(): void {
  const total = S.cart.reduce((s, l) => s + l.price * l.quantity, 0);
  const count = S.cart.reduce((s, l) => s + l.quantity, 0);
  const bar = $('cart-bar');
  bar.hidden = count === 0;
  $('cart-open').textContent = `${t()('viewCart')} (${count}) · ${money(total)}`;
  const sheet = $('cart');
  const max = S.menu?.ordering.maxOrderTotal ?? null;
  const kids: Array<Node | null> = [
    h('h2', { text: t()('cart') }),
    S.cart.length === 0 ? h('p', { text: t()('empty') }) : null,
    ...S.cart.map((l) => h('div', { class: 'cart-line' }, [
      h('div', {}, [h('strong', { text: `${l.quantity}× ${l.name}` }), l.options.length ? h('small', { text: l.options.join(', ') }) : null, l.notes ? h('small', { text: `“${l.notes}”` }) : null]),
      h('span', { text: money(l.price * l.quantity) }),
      h('button', { class: 'ghost small', text: t()('remove'), onclick: () => { S.cart = S.cart.filter((x) => x !== l); save(); render(); } }),
    ])),
    h('textarea', { id: 'order-notes', maxlength: 300, rows: 2, placeholder: t()('notes'), 'aria-label': t()('notes'), oninput: (ev: Event) => { S.notes = (ev.target as HTMLTextAreaElement).value; save(); } }, [S.notes]),
    h('div', { class: 'total' }, [h('span', { text: t()('total') }), h('strong', { text: money(total) })]),
    max !== null ? h('small', { text: t()('maxTotal', { amount: money(max) }) }) : null,
    h('button', { id: 'send', class: 'primary wide', disabled: S.cart.length === 0 || S.busy || !S.menu?.ordering.open, text: S.busy ? t()('sending') : t()('send'), onclick: () => { void sendOrder(); } }),
  ];
  clear(sheet).append(...kids.filter((k): k is Node => k !== null));
}

function remember(request: GuestRequest): void {
  const at = S.requests.findIndex((r) => r.id === request.id);
  if (at >= 0) S.requests[at] = request; else S.requests.push(request);
  save();
  follow(request);
}

async function submit(body: { id: string; kind: string }, after: () => void): Promise<void> {
  S.busy = true;
  S.message = '';
  render();
  try {
    remember(await sendRequest(S.table!, body));
    after();
  } catch (err) {
    S.message = errorText(err);
    if (err instanceof ApiError && err.code === 'ITEM_UNAVAILABLE') void refreshMenu();
    // A refusal is final for this id; a network failure keeps it, so the next tap is the same request.
    if (!(err instanceof ApiError && err.code === 'network')) S.pending = null;
  } finally {
    S.busy = false;
    save();
    render();
  }
}

async function sendOrder(): Promise<void> {
  S.pending ??= {
    id: newRequestId(),
    body: { kind: 'order', language: S.language, notes: S.notes.trim() || null, lines: S.cart.map((l) => ({ itemId: l.itemId, quantity: l.quantity, optionIds: l.optionIds, notes: l.notes })) },
  };
  save();
  const pending = S.pending;
  await submit({ id: pending.id, ...(pending.body as object) } as { id: string; kind: string }, () => {
    S.pending = null;
    S.cart = [];
    S.notes = '';
    $<HTMLDialogElement>('cart-dialog').close();
  });
}

/** Follows a request until it is final: the box answers each poll when the state changes (or after 25 s). */
function follow(request: GuestRequest): void {
  if (watching.has(request.id) || FINAL.has(request.state) || (request.kind !== 'order' && request.state === 'accepted')) return;
  watching.add(request.id);
  const loop = async (state: string) => {
    try {
      const next = await watchRequest(S.table!, request.id, state);
      const at = S.requests.findIndex((r) => r.id === next.id);
      if (at >= 0) S.requests[at] = next;
      save();
      render();
      if (FINAL.has(next.state) || (next.kind !== 'order' && next.state === 'accepted')) { watching.delete(request.id); return; }
      void loop(next.state);
    } catch {
      setTimeout(() => { void loop(state); }, 5000);
    }
  };
  void loop(request.state);
}

async function refreshMenu(): Promise<void> {
  S.menu = await loadMenu(S.table!);
  const available = new Set(S.menu.categories.flatMap((c) => c.items).filter((i) => i.available).map((i) => i.id));
  S.cart = S.cart.filter((l) => available.has(l.itemId));
  save();
  render();
}

async function start(): Promise<void> {
  S.table = tableFromPath(location.pathname);
  if (!S.table) { $('message').textContent = t()('err_TABLE_TOKEN_INVALID'); $('message').hidden = false; return; }
  load();
  $('call-waiter').addEventListener('click', () => { void submit({ id: newRequestId(), kind: 'call', language: S.language } as { id: string; kind: string }, () => {}); });
  $('ask-bill').addEventListener('click', () => { void submit({ id: newRequestId(), kind: 'bill', language: S.language } as { id: string; kind: string }, () => {}); });
  $('cart-open').addEventListener('click', () => { renderCart(); $<HTMLDialogElement>('cart-dialog').showModal(); });
  $('cart-close').addEventListener('click', () => $<HTMLDialogElement>('cart-dialog').close());
  try {
    await refreshMenu();
  } catch (err) {
    $('message').textContent = errorText(err);
    $('message').hidden = false;
    return;
  }
  for (const r of S.requests) follow(r);
  // The menu (86s) and whether ordering is open change during the meal: look again every minute.
  setInterval(() => { void refreshMenu().catch(() => {}); }, 60_000);
}

void start();
