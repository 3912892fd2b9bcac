/**
 * Waiter app: the bill. The guest check from the box, split by seat / items / equally, payments
 * with tip and cash change (each with its own Idempotency-Key, queued like every send), the table
 * freed when the balance reaches zero; discounts and refunds (a manager's PIN when the box asks).
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import type { GuestCheckT } from '../../../payments/schemas.js';
import type { PaymentViewT, TakePaymentInput } from '../../../payments/schemas.js';
import { S, money, queuedFor, saveDraft, toast, uuid, type Order, type OrderLine } from './state.js';
import { api } from './api.js';
import { closeModal, modal, show } from './screens.js';
import { enqueue } from './outbox.js';
import { keepOrder } from './order.js';
import { sendDraft } from './ticket.js';
import { showFloor } from './floor.js';
import { online } from './approval.js';
import { redeemButton } from './loyalty.js';

type SplitMode = 'whole' | 'seat' | 'items' | 'equal';
// tipText / tenderedText: what the waiter has typed, kept across redraws (a socket event for this
// order redraws the bill; the cash they were counting must not vanish from the field).
const B = {
  check: null as GuestCheckT | null, payments: [] as PaymentViewT[], mode: 'whole' as SplitMode, seat: null as number | null,
  items: {} as Record<string, number>, parts: 2, method: 'card' as 'card' | 'cash', tipText: '', tenderedText: '',
};

function showBill(): void {
  if (!S.order || !S.table) return;
  B.check = null; B.mode = 'whole'; B.items = {}; B.seat = null; B.tipText = ''; B.tenderedText = '';
  show('bill', `Bill \u00B7 table ${S.table.label}`);
  renderBill();
}
$('to-bill').addEventListener('click', () => { void sendDraft(); showBill(); });

export function renderBill(): void {
  if (S.screen !== 'bill' || !S.order) return;
  const orderId = S.order.id;
  // Until the first answer, say the bill is coming rather than show an empty screen.
  if (!B.check) loading('Loading the bill\u2026');
  Promise.all([api<GuestCheckT>('GET', `/orders/${orderId}/check`), api<PaymentViewT[]>('GET', `/orders/${orderId}/payments`)]).then(([check, payments]) => {
    if (S.screen !== 'bill' || S.order?.id !== orderId) return;
    B.check = check.body; B.payments = payments.body;
    $('check').removeAttribute('aria-busy');
    drawBill();
  }, (e: ApiError) => {
    const why = e.code === 'OFFLINE' ? 'The bill needs the box: it cannot be reached right now.' : e.message;
    if (!B.check) loading(why);
    toast(why);
  });
}

function loading(text: string): void {
  const box = clear($('check'));
  box.setAttribute('aria-busy', 'true');
  box.appendChild(h('p', { class: 'loading', id: 'bill-loading', role: 'status', text }));
  clear($('split-modes')); clear($('split-body')); clear($('pay-form'));
}

/** The guest check or the receipt on the area's receipt printer (now, not queued: the waiter is at the table). */
function print(what: 'guest-check' | 'receipt'): void {
  const order = S.order;
  if (!order) return;
  void online('POST', `/orders/${order.id}/print/${what}`, {}, 'Print').then((job) => {
    if (job) toast(what === 'receipt' ? 'Receipt sent to the printer.' : 'Guest check sent to the printer.');
  });
}

const sum = (label: string, value: string, big = false): HTMLElement =>
  h('div', { class: `sum${big ? ' big' : ''}` }, [h('span', { text: label }), h('span', { text: value })]);

function drawBill(): void {
  const c = B.check;
  if (!c) return;
  const box = clear($('check'));
  box.appendChild(h('h2', { text: `${c.restaurant.name} \u00B7 #${c.order.number} \u00B7 table ${c.order.table ?? '-'}` }));
  for (const l of c.lines) {
    const pick = B.mode === 'items' ? h('input', { type: 'checkbox', 'data-pay-line': l.lineId, style: 'width:32px;min-height:32px', checked: B.items[l.lineId] !== undefined,
      onchange: (ev) => { if ((ev.target as HTMLInputElement).checked) B.items[l.lineId] = l.amount; else delete B.items[l.lineId]; drawPay(); } }) : null;
    box.appendChild(h('label', { class: 'cl' }, [pick, h('span', { text: `${l.quantity}\u00D7 ${l.name}${l.options.length ? ` (${l.options.join(', ')})` : ''}` }),
      h('span', { class: 'rule', text: l.seat ? `seat ${l.seat}` : '' }), h('span', { text: money(l.amount) })]));
  }
  box.appendChild(sum('Subtotal', money(c.subtotal)));
  if (c.discounts) box.appendChild(sum('Discounts', `\u2212${money(c.discounts)}`));
  if (c.serviceCharge) box.appendChild(sum('Service', money(c.serviceCharge)));
  for (const t of c.taxes) box.appendChild(sum(`Tax ${t.rateBp / 100} %${c.taxIncluded ? ' (included)' : ''}`, money(t.tax)));
  box.appendChild(sum('Total', money(c.total), true));
  for (const p of B.payments) {
    box.appendChild(h('div', { class: 'sum' }, [h('span', { text: `Paid ${p.method}${p.tip ? ` (tip ${money(p.tip)})` : ''}${p.refunded ? ` \u00B7 refunded ${money(p.refunded)}` : ''}` }),
      h('button', { type: 'button', class: 'ghost', text: `${money(p.amount)} \u00B7 refund`, onclick: () => refundDialog(p) })]));
  }
  box.appendChild(sum('Balance', money(c.balance), true));
  box.appendChild(h('div', { class: 'modal-actions' }, [
    h('button', { type: 'button', id: 'print-check', text: 'Print check', onclick: () => print('guest-check') }),
    h('button', { type: 'button', id: 'print-receipt', text: 'Print receipt', disabled: B.payments.length === 0, onclick: () => print('receipt') }),
    h('button', { type: 'button', id: 'discount', text: 'Discount', onclick: discountDialog }), redeemButton(renderBill)]));
  const modes = clear($('split-modes'));
  for (const [mode, label] of [['whole', 'Whole'], ['seat', 'By seat'], ['items', 'By items'], ['equal', 'Equally']] as const) {
    modes.appendChild(h('button', { type: 'button', class: B.mode === mode ? 'on' : null, 'data-mode': mode, text: label, onclick: () => { B.mode = mode; B.items = {}; drawBill(); } }));
  }
  const body = clear($('split-body'));
  if (B.mode === 'seat') {
    const seats = h('div', { class: 'seg' });
    for (const s of c.seats) {
      if (s.seat === null || s.amount <= 0) continue;
      const seat = s.seat;
      seats.appendChild(h('button', { type: 'button', class: B.seat === seat ? 'on' : null, 'data-seat': seat, text: `Seat ${seat} \u00B7 ${money(s.amount)}`,
        onclick: () => { B.seat = seat; drawBill(); } }));
    }
    body.appendChild(seats);
  } else if (B.mode === 'equal') {
    const parts = h('div', { class: 'seg' });
    for (let k = 2; k <= 8; k++) {
      parts.appendChild(h('button', { type: 'button', class: B.parts === k ? 'on' : null, 'data-parts': k, text: `${k} ways`, onclick: () => { B.parts = k; drawBill(); } }));
    }
    body.appendChild(parts);
  } else if (B.mode === 'items') body.appendChild(h('p', { class: 'rule', text: 'Tick what this guest pays for.' }));
  drawPay();
}

/** The amount this payment covers, as the box will compute it (the box has the last word). */
function payAmount(c: GuestCheckT, order: Order): number {
  // What a line costs the guest (tax and service included), as the box allocates it.
  const due = (pick: (l: OrderLine) => boolean): number => order.lines.filter((l) => l.state !== 'voided' && pick(l)).reduce((a, l) => a + l.amounts.due, 0);
  if (B.mode === 'seat') return B.seat === null ? 0 : Math.min(c.balance, due((l) => l.seat === B.seat));
  if (B.mode === 'items') return Math.min(c.balance, due((l) => B.items[l.id] !== undefined));
  if (B.mode === 'equal') return Math.min(c.balance, Math.ceil(c.total / B.parts));
  return c.balance;
}

function cents(el: HTMLInputElement): number {
  const v = Number(String(el.value || '0').replace(',', '.'));
  return Number.isFinite(v) && v > 0 ? Math.round(v * 100) : 0;
}

function drawPay(): void {
  const c = B.check, order = S.order, table = S.table;
  if (!c || !order || !table) return;
  const form = clear($('pay-form')), amount = payAmount(c, order);
  const methods = h('div', { class: 'seg' });
  for (const m of ['card', 'cash'] as const) {
    methods.appendChild(h('button', { type: 'button', class: B.method === m ? 'on' : null, 'data-method': m, text: m === 'card' ? 'Card' : 'Cash', onclick: () => { B.method = m; drawPay(); } }));
  }
  const tip = h('input', { id: 'tip', inputmode: 'decimal', placeholder: '0.00', value: B.tipText || null });
  const tendered = h('input', { id: 'tendered', inputmode: 'decimal', placeholder: 'Cash handed over', value: B.tenderedText || null });
  const change = h('div', { class: 'change', id: 'change' });
  const update = (): void => {
    const t = cents(tip), given = cents(tendered);
    change.textContent = B.method === 'cash' && given ? (given >= amount + t ? `Change: ${money(given - amount - t)}` : `Not enough: ${money(amount + t - given)} short`) : '';
  };
  tip.addEventListener('input', () => { B.tipText = tip.value; update(); });
  tendered.addEventListener('input', () => { B.tenderedText = tendered.value; update(); });
  // A payment still in the outbox has not reached the balance yet: taking another would charge twice.
  const queued = queuedFor(order.id).some((e) => e.kind === 'payment');
  const pay = h('button', { type: 'button', id: 'pay', class: 'primary', text: queued ? 'Payment being sent\u2026' : `Take ${money(amount)}`,
    disabled: queued || amount <= 0 || c.balance <= 0, onclick: () => {
    const body: TakePaymentInput = { method: B.method, tip: cents(tip) } as TakePaymentInput;
    if (B.mode === 'seat' && B.seat !== null) body.split = { kind: 'seat', seat: B.seat };
    else if (B.mode === 'items') body.split = { kind: 'items', lineIds: Object.keys(B.items) };
    else if (B.mode === 'equal') body.split = { kind: 'equal', parts: B.parts };
    if (B.method === 'cash' && cents(tendered)) body.tendered = cents(tendered);
    if (B.method === 'cash' && body.tendered !== undefined && body.tendered < amount + body.tip) { toast(`Not enough cash for ${money(amount + body.tip)}.`); return; }
    pay.disabled = true;
    void enqueue({ kind: 'payment', method: 'POST', path: `/orders/${order.id}/payments`, body, key: `pay-${uuid()}`, orderId: order.id, tableId: table.id,
      label: `${B.method} payment of ${money(amount)} for table ${table.label}` });
  } });
  form.appendChild(h('div', { class: 'amount', id: 'pay-amount', text: c.balance <= 0 ? 'Paid in full' : `To pay: ${money(amount)}` }));
  form.append(h('label', { text: 'Method' }), methods, h('label', { for: 'tip', text: 'Tip' }), tip);
  if (B.method === 'cash') form.append(h('label', { for: 'tendered', text: 'Cash given' }), tendered, change);
  form.appendChild(h('div', { class: 'modal-actions' }, [pay]));
  update();
}

/** A payment the box accepted: the change to give, and the table freed when nothing is left to pay. */
/** The outbox changed: the Pay button follows whether a payment is still queued. */
export function outboxChanged(): void {
  if (S.screen === 'bill' && B.check) drawPay();
}

export function paid(result: { payment: PaymentViewT; order: Order }): void {
  const p = result.payment, order = result.order;
  S.order = order; B.tipText = ''; B.tenderedText = '';
  const msg = `Paid ${money(p.amount)}${p.tip ? ` + tip ${money(p.tip)}` : ''}${p.change ? ` \u00B7 CHANGE ${money(p.change)}` : ''}`;
  if (order.status === 'completed') {
    if (S.table) { saveDraft(S.table.id, null); keepOrder(S.table.id, null); }
    toast(`${msg} \u00B7 table closed`);
    if (S.screen === 'bill' || S.screen === 'order') showFloor();
  } else {
    // What was just paid for is not picked for the next guest.
    B.items = {}; B.seat = null;
    toast(`${msg} \u00B7 ${money(order.totals.balance)} left`);
    if (S.screen === 'bill') renderBill();
  }
}

function amountDialog(title: string, hint: string, ok: (value: number, reason: string) => void): void {
  const value = h('input', { id: 'dlg-value', inputmode: 'decimal' }), reason = h('input', { id: 'dlg-reason', placeholder: 'Reason', maxlength: 200 });
  modal([h('h2', { text: title }), h('p', { text: hint }), h('label', { for: 'dlg-value', text: 'Amount' }), value,
    h('label', { for: 'dlg-reason', text: 'Reason' }), reason, h('div', { class: 'modal-actions' }, [
    h('button', { type: 'button', text: 'Cancel', onclick: closeModal }),
    h('button', { type: 'button', class: 'primary', id: 'dlg-ok', text: 'OK', onclick: () => {
      const v = cents(value);
      if (!v || !reason.value.trim()) { toast('Fill in the amount and the reason.'); return; }
      closeModal(); ok(v, reason.value.trim());
    } })])]);
}

function discountDialog(): void {
  const order = S.order, table = S.table;
  if (!order || !table) return;
  amountDialog('Discount the order', 'Percent off the whole order (over the house limit a manager approves).', (v, reason) => {
    void online('POST', `/orders/${order.id}/discount`, { kind: 'percent', value: v, reason }, `Discount ${v / 100} % on table ${table.label}`).then(renderBill);
  });
}

function refundDialog(p: PaymentViewT): void {
  amountDialog('Refund', `Amount to give back from this ${p.method} payment of ${money(p.amount)} (a manager approves).`, (v, reason) => {
    void online('POST', `/payments/${p.id}/refunds`, { amount: v, reason }, `Refund ${money(v)}`, { 'idempotency-key': `refund-${uuid()}` }).then(renderBill);
  });
}


