/**
 * Waiter app: what guests asked for from their table's QR code (issue 19). Every pending order,
 * call and bill request is a card under the header on every screen, with its table, its lines and
 * notes, and how long it has waited (red once the manager was alerted). An order can be edited
 * (quantities, lines removed), accepted (it becomes order lines on the table's order, fired) or
 * refused with a reason the guest sees.
 */
import type { StaffGuestRequestT } from '../../../guests/schemas.js';
import { $, ApiError, clear, h } from '../shared/dom.js';
import { api } from './api.js';
import { S, money, toast } from './state.js';

type Request = StaffGuestRequestT;
let pending: Request[] = [];
/** Per request being edited: the quantities the waiter set (0 removes the line). */
const edits = new Map<string, number[]>();
const refusing = new Set<string>();
let loadTimer: ReturnType<typeof setTimeout> | undefined;

export async function loadGuestRequests(): Promise<void> {
  if (!S.session) { pending = []; render(); return; }
  try {
    pending = (await api<Request[]>('GET', '/guest-requests?status=pending')).body;
  } catch (err) {
    if (err instanceof ApiError && err.code === 'FORBIDDEN') pending = [];
    else return;
  }
  render();
}

/** A burst of events becomes one read. */
export function guestRequestsSoon(): void {
  clearTimeout(loadTimer);
  loadTimer = setTimeout(() => { void loadGuestRequests(); }, 100);
}

/** A manager's tablet hears unanswered requests (the `alerts` topic). */
export function onGuestAlert(data: Record<string, unknown>): void {
  if (typeof data.message === 'string') toast(data.message);
  guestRequestsSoon();
}

const minutesSince = (at: number): number => Math.max(0, Math.floor((Date.now() - at) / 60_000));
/** From when the guest sent it: a request that waited in the cloud through an outage is older than its arrival. */
const waited = (r: Request): string => `${minutesSince(r.placedAt)} min`;
const KIND = { order: 'Guest order', call: 'Call the waiter', bill: 'Asks for the bill' } as const;

async function answer(r: Request, path: 'accept' | 'refuse', body: unknown, done: string): Promise<void> {
  try {
    await api('POST', `/guest-requests/${r.id}/${path}`, body);
    edits.delete(r.id); refusing.delete(r.id);
    toast(done);
  } catch (err) {
    toast(err instanceof ApiError ? err.message : String(err));
  }
  await loadGuestRequests();
}

function accept(r: Request): void {
  const quantities = edits.get(r.id);
  const lines = quantities && r.kind === 'order'
    ? r.lines.map((l, i) => ({ itemId: l.itemId, quantity: quantities[i] ?? l.quantity, optionIds: l.optionIds, notes: l.notes })).filter((l) => l.quantity > 0)
    : null;
  if (lines && lines.length === 0) { toast('Nothing left to accept: refuse the order instead.'); return; }
  void answer(r, 'accept', lines ? { lines } : {}, r.kind === 'order' ? `Table ${r.tableLabel}: sent to the kitchen` : `Table ${r.tableLabel}: answered`);
}

function lineRow(r: Request, i: number): HTMLElement {
  const l = r.lines[i]!;
  const editing = edits.get(r.id);
  const quantity = editing ? editing[i] ?? l.quantity : l.quantity;
  const step = (delta: number) => () => {
    const q = edits.get(r.id) ?? r.lines.map((x) => x.quantity);
    q[i] = Math.max(0, Math.min(20, (q[i] ?? l.quantity) + delta));
    edits.set(r.id, q);
    render();
  };
  return h('li', { class: quantity === 0 ? 'removed' : '' }, [
    editing ? h('button', { type: 'button', class: 'ghost step', 'aria-label': `One less ${l.name}`, text: '−', onclick: step(-1) }) : null,
    h('strong', { text: `${quantity}\u00D7 ${l.name}` }),
    editing ? h('button', { type: 'button', class: 'ghost step', 'aria-label': `One more ${l.name}`, text: '+', onclick: step(1) }) : null,
    l.options.length ? h('span', { class: 'opts', text: l.options.join(', ') }) : null,
    l.notes ? h('em', { text: `“${l.notes}”` }) : null,
  ]);
}

function card(r: Request): HTMLElement {
  const refuseBox = refusing.has(r.id)
    ? h('form', { class: 'refuse', onsubmit: (ev: Event) => {
      ev.preventDefault();
      const reason = (($(`refuse-${r.id}`) as HTMLInputElement).value || '').trim();
      if (!reason) { toast('Say why: the guest reads it.'); return; }
      void answer(r, 'refuse', { reason }, `Table ${r.tableLabel}: refused`);
    } }, [
      h('input', { id: `refuse-${r.id}`, placeholder: 'Reason the guest will read', maxlength: 200, 'aria-label': 'Reason' }),
      h('button', { type: 'submit', class: 'danger', text: 'Refuse' }),
    ])
    : null;
  return h('article', { class: `guest-request${r.alertedAt ? ' overdue' : ''}`, 'data-request': r.id }, [
    h('div', { class: 'head' }, [
      h('strong', { class: 'where', text: `Table ${r.tableLabel}` }),
      h('span', { text: KIND[r.kind] }),
      h('span', { class: 'timer', text: waited(r) }),
    ]),
    // Sent while the box was offline: never fired on its own; the waiter sees how old it is.
    r.heldAfterOutage ? h('p', { class: 'held', text: `Held: sent during an outage, placed ${minutesSince(r.placedAt)} min ago` }) : null,
    r.kind === 'order' ? h('ul', {}, r.lines.map((_l, i) => lineRow(r, i))) : null,
    r.notes ? h('p', { class: 'notes', text: `Note: ${r.notes}` }) : null,
    r.kind === 'order' ? h('p', { class: 'sum', text: money(r.total) }) : null,
    h('div', { class: 'actions' }, [
      h('button', { type: 'button', class: 'primary', text: r.kind === 'order' ? 'Accept & fire' : 'On my way', onclick: () => accept(r) }),
      r.kind === 'order' && !edits.has(r.id) ? h('button', { type: 'button', text: 'Edit', onclick: () => { edits.set(r.id, r.lines.map((l) => l.quantity)); render(); } }) : null,
      !refusing.has(r.id) ? h('button', { type: 'button', class: 'ghost', text: 'Refuse…', onclick: () => { refusing.add(r.id); render(); } }) : null,
    ]),
    refuseBox,
  ]);
}

function render(): void {
  const box = $('guest-requests');
  // Keep a reason being typed across redraws.
  const typing = Object.fromEntries([...box.querySelectorAll('input')].map((i) => [i.id, i.value]));
  clear(box).append(...pending.map(card));
  for (const [id, value] of Object.entries(typing)) { const i = document.getElementById(id) as HTMLInputElement | null; if (i) i.value = value; }
}

// The timers move on screen without a read.
setInterval(() => { for (const r of pending) { const t = document.querySelector(`[data-request="${r.id}"] .timer`); if (t) t.textContent = waited(r); } }, 15_000);
