/**
 * Waiter app: the ticket beside the menu — seat and course pickers, the lines (new, not sent,
 * held, fired, ready…), send, fire by course, and what a tap on a line offers (edit a new line;
 * void or serve a sent one, with a manager's PIN when the kitchen already has it).
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import type { LineInputT } from '../../../orders/schemas.js';
import type { PaymentViewT } from '../../../payments/schemas.js';
import {
  S, draftOf, money, queuedFor, saveDraft, toast,
  type Draft, type DraftLine, type NewEntry, type Order, type OrderLine, type OutboxEntry,
} from './state.js';
import { enqueue } from './outbox.js';
import { closeModal, modal } from './screens.js';
import { keepOrder, refreshOrder } from './order.js';
import { soon } from './live.js';
import { paid } from './bill.js';
import { online } from './approval.js';
import { cookOnSend, nextCourse, type CourseLine } from './courses.js';
import { renderGuest } from './guest.js';

export function seg(el: HTMLElement, n: number, current: number, pick: (v: number) => void): void {
  clear(el);
  for (let v = 1; v <= n; v++) {
    el.appendChild(h('button', { type: 'button', class: v === current ? 'on' : null, 'data-value': v, text: String(v), onclick: () => pick(v) }));
  }
}

type RowLine = { id: string; name: string; quantity: number; seat: number | null; course: number; notes: string | null;
  optionNames?: string[]; options?: Array<{ name: string }>; price?: number };
interface Row { l: RowLine; state: string; click?: () => void; soldOut?: string | null }

function lineRow(r: Row): HTMLElement {
  const { l, state } = r;
  const opts = (l.optionNames ?? (l.options ?? []).map((o) => o.name)).join(', ');
  return h('button', { type: 'button', class: `line${r.soldOut ? ' sold-out' : ''}`, 'data-line': l.id, 'data-state': state, 'data-sold-out': r.soldOut ? 'true' : null, onclick: r.click }, [
    h('span', { class: 'what' }, [`${l.quantity}\u00D7 ${l.name}`, opts ? h('span', { class: 'opts', text: opts }) : null,
      l.notes ? h('span', { class: 'note', text: l.notes }) : null,
      r.soldOut ? h('span', { class: 'warn', text: r.soldOut }) : null,
      h('span', { class: 'meta', text: `seat ${l.seat ?? '-'} \u00B7 course ${l.course}` })]),
    h('span', { class: `state ${r.soldOut ? 'unsent' : state}`, text: r.soldOut ? "86'd" : state === 'unsent' ? 'not sent' : state })]);
}

/**
 * Why a draft line can no longer be ordered (its dish or an option was 86'd since it was typed),
 * from the menu the tablet holds, which the live socket keeps current; null when it still can.
 */
function soldOut(l: DraftLine): string | null {
  const item = (S.menu?.categories ?? []).flatMap((c) => c.items).find((i) => i.id === l.itemId);
  if (!item) return null;
  if (!item.available || item.stockOut) return `${item.name} is 86'd: remove it or pick another dish.`;
  const gone = item.optionGroups.flatMap((g) => g.options).filter((o) => l.optionIds.includes(o.id) && (!o.available || o.stockOut));
  return gone.length ? `${gone.map((o) => o.name).join(', ')} 86'd: change this line.` : null;
}

export function renderTicket(): void {
  if (S.screen !== 'order' || !S.table) return;
  const d: Pick<Draft, 'lines'> & Partial<Draft> = draftOf(S.table.id) ?? { lines: [] };
  const guests = S.order?.guestCount ?? d.guestCount ?? 1;
  seg($('seats'), Math.max(guests, S.seat, 2), S.seat, (v) => { S.seat = v; renderTicket(); });
  seg($('courses'), 4, S.course, (v) => { S.course = v; renderTicket(); });
  const rows: Row[] = [];
  for (const l of S.order?.lines ?? []) rows.push({ l, state: l.state, click: () => serverLineDialog(l) });
  const known = new Set(rows.map((r) => r.l.id));
  const orderId = d.orderId ?? '';
  for (const e of queuedFor(orderId)) {
    for (const l of e.body.lines ?? []) {
      if (l.id && !known.has(l.id)) rows.push({ l: e.view?.[l.id] ?? (l as unknown as RowLine), state: 'unsent' });
    }
  }
  for (const l of d.lines) rows.push({ l, state: 'new', click: () => draftLineDialog(l), soldOut: soldOut(l) });
  const box = clear($('lines'));
  if (!rows.length) box.appendChild(h('p', { class: 'rule', text: 'Tap a dish to add it. Lines stay here until you send them.' }));
  const courses: Record<string, Row[]> = {};
  for (const r of rows) (courses[r.l.course] ??= []).push(r);
  for (const c of Object.keys(courses).sort()) {
    box.appendChild(h('div', { class: 'course-head', text: `Course ${c}` }));
    for (const r of courses[c] ?? []) box.appendChild(lineRow(r));
  }
  for (const e of queuedFor(orderId).filter((x) => x.kind === 'fire')) {
    box.appendChild(h('div', { class: 'state unsent', text: `${e.label} \u2014 not sent yet` }));
  }
  const total = S.order ? S.order.totals.total : 0;
  const extra = rows.filter((r) => r.state === 'new' || r.state === 'unsent').reduce((a, r) => a + (r.l.price ?? 0) * r.l.quantity, 0);
  $('order-total').textContent = `${S.order ? `#${S.order.number} \u00B7 ` : ''}${guests} guests \u00B7 ${money(total + extra)}${extra ? ' (incl. not sent)' : ''}`;
  $<HTMLButtonElement>('send').disabled = !d.lines.length;
  $<HTMLButtonElement>('hold').disabled = !d.lines.length;
  // Fire names the course it will send: the next one not yet fired, whatever course is picked for new dishes.
  const next = nextCourse(courseLines());
  const fire = $<HTMLButtonElement>('fire');
  fire.textContent = next === null ? 'Fire next course' : `Fire course ${next}`;
  fire.dataset.course = next === null ? '' : String(next);
  fire.disabled = next === null;
  $<HTMLButtonElement>('to-bill').disabled = !S.order;
  $<HTMLButtonElement>('table-more').disabled = !S.order;
  renderGuest();
}

/**
 * Lines as far as courses go: the box's, the queued ones and the draft, each marked cooking when
 * the kitchen has it or a queued fire covers it.
 */
function courseLines(): CourseLine[] {
  if (!S.table) return [];
  const d = draftOf(S.table.id);
  const orderId = d?.orderId ?? S.order?.id ?? '';
  const fires = queuedFor(orderId).filter((e) => e.kind === 'fire').map((e) => e.body as { course?: number; lineIds?: string[] });
  const firedByQueue = (id: string, course: number): boolean =>
    fires.some((f) => (f.lineIds ? f.lineIds.includes(id) : f.course === undefined || f.course === course));
  const out: CourseLine[] = [];
  const known = new Set<string>();
  for (const l of S.order?.lines ?? []) {
    known.add(l.id);
    if (l.state === 'voided') continue;
    out.push({ id: l.id, course: l.course, cooking: l.state !== 'held' || firedByQueue(l.id, l.course) });
  }
  for (const e of queuedFor(orderId)) {
    for (const l of e.body.lines ?? []) {
      if (l.id && !known.has(l.id)) out.push({ id: l.id, course: l.course, cooking: firedByQueue(l.id, l.course) });
    }
  }
  for (const l of d?.lines ?? []) out.push({ id: l.id, course: l.course, cooking: false });
  return out;
}

/**
 * Send: queues the draft's lines and cooks the first course (and anything added to a course the
 * kitchen already has); later courses are held until Fire. Hold (cook = false) only sends them.
 */
export function sendDraft(cook = false): Promise<void> {
  if (!S.table) return Promise.resolve();
  const table = S.table, d = draftOf(table.id);
  if (!d || !d.lines.length) return Promise.resolve();
  const toCook = cook ? cookOnSend(d.lines.map((l) => ({ id: l.id, course: l.course, cooking: false })), courseLines().filter((l) => !d.lines.some((x) => x.id === l.id))) : [];
  const sending = queueLines(table, d);
  if (!toCook.length) return sending;
  const courses = [...new Set(d.lines.filter((l) => toCook.includes(l.id)).map((l) => l.course))].sort();
  return Promise.all([sending, enqueue({ kind: 'fire', method: 'POST', path: `/orders/${d.orderId}/fire`, body: { lineIds: toCook }, orderId: d.orderId, tableId: table.id,
    label: `Cook course ${courses.join(', ')} (${toCook.length} line${toCook.length > 1 ? 's' : ''}) for table ${table.label}` })]).then(() => undefined);
}

/** Queues the draft's lines: the order is created with them the first time, then lines are added. */
function queueLines(table: { id: string; label: string }, d: Draft): Promise<void> {
  const lines: LineInputT[] = d.lines.map((l) => ({
    id: l.id, itemId: l.itemId, quantity: l.quantity, optionIds: l.optionIds, seat: l.seat, course: l.course, notes: l.notes,
  }));
  const view: Record<string, DraftLine> = {};
  for (const l of d.lines) view[l.id] = l;
  const label = `${lines.length} line${lines.length > 1 ? 's' : ''} for table ${table.label}`;
  const common = { kind: 'lines' as const, orderId: d.orderId, tableId: table.id, label, view };
  const entry: NewEntry = d.created
    ? { ...common, method: 'POST', path: `/orders/${d.orderId}/lines`, body: { lines } }
    : { ...common, method: 'POST', path: '/orders', body: { id: d.orderId, type: 'dine_in', tableId: table.id, guestCount: d.guestCount, lines } };
  d.created = true; d.lines = []; saveDraft(table.id, d);
  const p = enqueue(entry);
  renderTicket();
  return p;
}

function fire(course: number | null): void {
  if (!S.table) return;
  const table = S.table, d = draftOf(table.id);
  if (!d || (!d.created && !d.lines.length)) { toast('Nothing to fire yet: add dishes first.'); return; }
  void sendDraft(false);
  void enqueue({ kind: 'fire', method: 'POST', path: `/orders/${d.orderId}/fire`, body: course ? { course } : {}, orderId: d.orderId, tableId: table.id,
    label: `${course ? `Fire course ${course}` : 'Fire all'} for table ${table.label}` });
  renderTicket();
}

$('send').addEventListener('click', () => void sendDraft(true));
$('hold').addEventListener('click', () => void sendDraft(false));
$('fire').addEventListener('click', () => {
  const course = Number($('fire').dataset.course);
  if (course) fire(course);
});
$('fire-all').addEventListener('click', () => fire(null));

/** What a sent order or line changed into, shown at once (the socket confirms it for others). */
export function sent(entry: OutboxEntry, body: unknown): void {
  const b = body as ({ order?: Order; payment?: PaymentViewT } & Partial<Order>) | null;
  const order = (b?.order ?? b) as Order | null;
  if (order && order.lines && S.table && order.id === draftOf(S.table.id)?.orderId) { S.order = order; keepOrder(S.table.id, order); }
  if (entry.kind === 'payment' && b?.payment && b.order) paid({ payment: b.payment, order: b.order });
  if (S.screen === 'order') renderTicket();
  if (S.screen === 'bill') void refreshOrder();
  if (S.screen === 'floor') soon('floor');
}

/** The box refused a send for good: lines go back on the ticket, anything else is said in a toast. */
export function refused(entry: OutboxEntry, e: ApiError): void {
  if (entry.kind !== 'lines' || !entry.view) { toast(`Not accepted: ${entry.label} — ${e.message}`); return; }
  const d = draftOf(entry.tableId) ?? { orderId: entry.orderId, tableId: entry.tableId, guestCount: entry.body.guestCount ?? 1, created: true, lines: [] };
  if (entry.path === '/orders') d.created = false;
  d.lines = Object.values(entry.view).concat(d.lines);
  saveDraft(entry.tableId, d);
  toast(`Not accepted: ${e.message} The lines are back on the ticket: change them and send again.`);
  if (S.screen === 'order') renderTicket();
}

function draftLineDialog(l: DraftLine): void {
  if (!S.table) return;
  const tableId = S.table.id, d = draftOf(tableId);
  if (!d) return;
  const update = (fn: (x: DraftLine) => void): void => { for (const x of d.lines) if (x.id === l.id) fn(x); saveDraft(tableId, d); };
  const notes = h('input', { id: 'draft-notes', value: l.notes ?? '', placeholder: 'Note for the kitchen', maxlength: 200 });
  const seats = h('div', { class: 'seg' }), courses = h('div', { class: 'seg' });
  const nSeats = Math.max(d.guestCount, l.seat ?? 1, 2);
  const pickSeat = (v: number): void => { l.seat = v; seg(seats, nSeats, v, pickSeat); };
  const pickCourse = (v: number): void => { l.course = v; seg(courses, 4, v, pickCourse); };
  pickSeat(l.seat ?? 1); pickCourse(l.course);
  modal([h('h2', { text: l.name }), h('p', { class: 'rule', text: (l.optionNames ?? []).join(', ') }),
    h('div', { class: 'picker' }, [h('span', { text: 'Seat' }), seats]), h('div', { class: 'picker' }, [h('span', { text: 'Course' }), courses]),
    h('label', { for: 'draft-notes', text: 'Note' }), notes,
    h('div', { class: 'modal-actions' }, [
      h('button', { type: 'button', class: 'danger', text: 'Remove', onclick: () => {
        d.lines = d.lines.filter((x) => x.id !== l.id); saveDraft(tableId, d); closeModal(); renderTicket(); } }),
      h('button', { type: 'button', text: '+1', onclick: () => { update((x) => { x.quantity = Math.min(99, x.quantity + 1); }); closeModal(); renderTicket(); } }),
      h('button', { type: 'button', class: 'primary', text: 'Done', onclick: () => {
        update((x) => { x.seat = l.seat; x.course = l.course; x.notes = notes.value.trim() || null; }); closeModal(); renderTicket(); } })])]);
}

function serverLineDialog(l: OrderLine): void {
  if (!S.order || !S.table) return;
  const orderId = S.order.id, tableId = S.table.id;
  const fired = l.state === 'fired' || l.state === 'ready' || l.state === 'served';
  const actions: HTMLElement[] = [h('button', { type: 'button', onclick: closeModal, text: 'Close' })];
  if (l.state === 'ready' || l.state === 'fired') {
    actions.push(h('button', { type: 'button', text: 'Served', onclick: () => {
      closeModal();
      void enqueue({ kind: 'served', method: 'POST', path: `/orders/${orderId}/lines/served`, body: { lineIds: [l.id] }, orderId, tableId, label: `${l.name} served` });
    } }));
  }
  if (l.state !== 'voided') {
    actions.push(h('button', { type: 'button', class: 'danger', id: 'void-line', text: fired ? 'Void (manager)' : 'Void', onclick: () => {
      closeModal();
      void online('POST', `/orders/${orderId}/lines/${l.id}/void`, fired ? { reason: 'Voided at the table' } : {}, `Void ${l.name} (already sent to the kitchen)`);
    } }));
  }
  modal([h('h2', { text: `${l.quantity}\u00D7 ${l.name}` }), h('p', { class: 'rule', text: `${l.state} \u00B7 seat ${l.seat ?? '-'} \u00B7 course ${l.course}` }),
    h('div', { class: 'modal-actions' }, actions)]);
}
