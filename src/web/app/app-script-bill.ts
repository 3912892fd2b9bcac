/**
 * Waiter app, part 6: the bill. The guest check from the box, split by seat / items / equally,
 * payments with tip and cash change (each with its own Idempotency-Key, queued like every send),
 * the table freed when the balance reaches zero; discounts and refunds (a manager's PIN when the
 * box asks for one); moving and merging tables.
 */
export const APP_BILL = String.raw`
// tipText / tenderedText: what the waiter has typed, kept across redraws (a socket event for this
// order redraws the bill; the cash they were counting must not vanish from the field).
var B = { check: null, payments: [], mode: 'whole', seat: null, items: {}, parts: 2, method: 'card', tipText: '', tenderedText: '' };

function showBill() {
  if (!S.order) return;
  B.check = null; B.mode = 'whole'; B.items = {}; B.seat = null; B.tipText = ''; B.tenderedText = '';
  show('bill', 'Bill \u00B7 table ' + S.table.label);
  renderBill();
}
$('to-bill').addEventListener('click', function () { sendDraft(); showBill(); });

function renderBill() {
  if (S.screen !== 'bill' || !S.order) return;
  var orderId = S.order.id;
  Promise.all([api('GET', '/orders/' + orderId + '/check'), api('GET', '/orders/' + orderId + '/payments')]).then(function (rs) {
    B.check = rs[0].body; B.payments = rs[1].body; drawBill();
  }, function (e) { toast(e.code === 'OFFLINE' ? 'The bill needs the box: it cannot be reached right now.' : e.message); });
}

function sum(label, value, big) { return h('div', { class: 'sum' + (big ? ' big' : '') }, [h('span', { text: label }), h('span', { text: value })]); }

function drawBill() {
  var c = B.check, box = clear($('check'));
  box.appendChild(h('h2', { text: c.restaurant.name + ' \u00B7 #' + c.order.number + ' \u00B7 table ' + (c.order.table || '-') }));
  c.lines.forEach(function (l) {
    var pick = B.mode === 'items' ? h('input', { type: 'checkbox', 'data-pay-line': l.lineId, style: 'width:32px;min-height:32px', checked: !!B.items[l.lineId],
      onchange: function (ev) { if (ev.target.checked) B.items[l.lineId] = l.amount; else delete B.items[l.lineId]; drawPay(); } }) : null;
    box.appendChild(h('label', { class: 'cl' }, [pick, h('span', { text: l.quantity + '\u00D7 ' + l.name + (l.options.length ? ' (' + l.options.join(', ') + ')' : '') }),
      h('span', { class: 'rule', text: l.seat ? 'seat ' + l.seat : '' }), h('span', { text: money(l.amount) })]));
  });
  box.appendChild(sum('Subtotal', money(c.subtotal)));
  if (c.discounts) box.appendChild(sum('Discounts', '\u2212' + money(c.discounts)));
  if (c.serviceCharge) box.appendChild(sum('Service', money(c.serviceCharge)));
  c.taxes.forEach(function (t) { box.appendChild(sum('Tax ' + (t.rateBp / 100) + ' %' + (c.taxIncluded ? ' (included)' : ''), money(t.tax))); });
  box.appendChild(sum('Total', money(c.total), true));
  B.payments.forEach(function (p) {
    box.appendChild(h('div', { class: 'sum' }, [h('span', { text: 'Paid ' + p.method + (p.tip ? ' (tip ' + money(p.tip) + ')' : '') + (p.refunded ? ' \u00B7 refunded ' + money(p.refunded) : '') }),
      h('button', { type: 'button', class: 'ghost', text: money(p.amount) + ' \u00B7 refund', onclick: function () { refundDialog(p); } })]));
  });
  box.appendChild(sum('Balance', money(c.balance), true));
  box.appendChild(h('div', { class: 'modal-actions' }, [h('button', { type: 'button', id: 'discount', text: 'Discount', onclick: discountDialog })]));
  var modes = clear($('split-modes'));
  [['whole', 'Whole'], ['seat', 'By seat'], ['items', 'By items'], ['equal', 'Equally']].forEach(function (m) {
    modes.appendChild(h('button', { type: 'button', class: B.mode === m[0] ? 'on' : null, 'data-mode': m[0], text: m[1], onclick: function () { B.mode = m[0]; B.items = {}; drawBill(); } }));
  });
  var body = clear($('split-body'));
  if (B.mode === 'seat') {
    var seats = h('div', { class: 'seg' });
    c.seats.filter(function (s) { return s.seat !== null && s.amount > 0; }).forEach(function (s) {
      seats.appendChild(h('button', { type: 'button', class: B.seat === s.seat ? 'on' : null, 'data-seat': s.seat, text: 'Seat ' + s.seat + ' \u00B7 ' + money(s.amount),
        onclick: function () { B.seat = s.seat; drawBill(); } }));
    });
    body.appendChild(seats);
  } else if (B.mode === 'equal') {
    var parts = h('div', { class: 'seg' });
    for (var n = 2; n <= 8; n++) (function (k) { parts.appendChild(h('button', { type: 'button', class: B.parts === k ? 'on' : null, 'data-parts': k, text: k + ' ways', onclick: function () { B.parts = k; drawBill(); } })); })(n);
    body.appendChild(parts);
  } else if (B.mode === 'items') body.appendChild(h('p', { class: 'rule', text: 'Tick what this guest pays for.' }));
  drawPay();
}

/** The amount this payment covers, as the box will compute it (the box has the last word). */
function payAmount() {
  var c = B.check;
  // What a line costs the guest (tax and service included), as the box allocates it.
  var due = function (pick) { return S.order.lines.filter(function (l) { return l.state !== 'voided' && pick(l); }).reduce(function (a, l) { return a + l.amounts.due; }, 0); };
  if (B.mode === 'seat') return B.seat === null ? 0 : Math.min(c.balance, due(function (l) { return l.seat === B.seat; }));
  if (B.mode === 'items') return Math.min(c.balance, due(function (l) { return B.items[l.id] !== undefined; }));
  if (B.mode === 'equal') return Math.min(c.balance, Math.ceil(c.total / B.parts));
  return c.balance;
}
function cents(input) { var v = Number(String(input.value || '0').replace(',', '.')); return isFinite(v) && v > 0 ? Math.round(v * 100) : 0; }

function drawPay() {
  var form = clear($('pay-form')), amount = payAmount();
  var methods = h('div', { class: 'seg' });
  ['card', 'cash'].forEach(function (m) { methods.appendChild(h('button', { type: 'button', class: B.method === m ? 'on' : null, 'data-method': m, text: m === 'card' ? 'Card' : 'Cash', onclick: function () { B.method = m; drawPay(); } })); });
  var tip = h('input', { id: 'tip', inputmode: 'decimal', placeholder: '0.00', value: B.tipText || null });
  var tendered = h('input', { id: 'tendered', inputmode: 'decimal', placeholder: 'Cash handed over', value: B.tenderedText || null });
  var change = h('div', { class: 'change', id: 'change' });
  function update() {
    var t = cents(tip), given = cents(tendered);
    change.textContent = B.method === 'cash' && given ? (given >= amount + t ? 'Change: ' + money(given - amount - t) : 'Not enough: ' + money(amount + t - given) + ' short') : '';
  }
  tip.addEventListener('input', function () { B.tipText = tip.value; update(); });
  tendered.addEventListener('input', function () { B.tenderedText = tendered.value; update(); });
  var pay = h('button', { type: 'button', id: 'pay', class: 'primary', text: 'Take ' + money(amount), disabled: amount <= 0 || B.check.balance <= 0, onclick: function () {
    var body = { method: B.method, tip: cents(tip) };
    if (B.mode === 'seat') body.split = { kind: 'seat', seat: B.seat };
    else if (B.mode === 'items') body.split = { kind: 'items', lineIds: Object.keys(B.items) };
    else if (B.mode === 'equal') body.split = { kind: 'equal', parts: B.parts };
    if (B.method === 'cash' && cents(tendered)) body.tendered = cents(tendered);
    if (B.method === 'cash' && body.tendered !== undefined && body.tendered < amount + body.tip) { toast('Not enough cash for ' + money(amount + body.tip) + '.'); return; }
    pay.disabled = true;
    enqueue({ kind: 'payment', method: 'POST', path: '/orders/' + S.order.id + '/payments', body: body, key: 'pay-' + uuid(), orderId: S.order.id, tableId: S.table.id,
      label: B.method + ' payment of ' + money(amount) + ' for table ' + S.table.label });
  } });
  form.appendChild(h('div', { class: 'amount', id: 'pay-amount', text: B.check.balance <= 0 ? 'Paid in full' : 'To pay: ' + money(amount) }));
  [h('label', { text: 'Method' }), methods, h('label', { for: 'tip', text: 'Tip' }), tip].forEach(function (e) { form.appendChild(e); });
  if (B.method === 'cash') [h('label', { for: 'tendered', text: 'Cash given' }), tendered, change].forEach(function (e) { form.appendChild(e); });
  form.appendChild(h('div', { class: 'modal-actions' }, [pay]));
  update();
}

function paid(result) {
  var p = result.payment, order = result.order;
  S.order = order; B.tipText = ''; B.tenderedText = '';
  var msg = 'Paid ' + money(p.amount) + (p.tip ? ' + tip ' + money(p.tip) : '') + (p.change ? ' \u00B7 CHANGE ' + money(p.change) : '');
  if (order.status === 'completed') {
    if (S.table) { saveDraft(S.table.id, null); keepOrder(S.table.id, null); }
    toast(msg + ' \u00B7 table closed');
    if (S.screen === 'bill' || S.screen === 'order') showFloor();
  } else {
    // What was just paid for is not picked for the next guest.
    B.items = {}; B.seat = null;
    toast(msg + ' \u00B7 ' + money(order.totals.balance) + ' left'); if (S.screen === 'bill') renderBill();
  }
}

function amountDialog(title, hint, needsReason, ok) {
  var value = h('input', { id: 'dlg-value', inputmode: 'decimal' }), reason = h('input', { id: 'dlg-reason', placeholder: 'Reason', maxlength: 200 });
  modal([h('h2', { text: title }), h('p', { text: hint }), value, needsReason ? reason : null, h('div', { class: 'modal-actions' }, [
    h('button', { type: 'button', text: 'Cancel', onclick: closeModal }),
    h('button', { type: 'button', class: 'primary', id: 'dlg-ok', text: 'OK', onclick: function () {
      var v = cents(value); if (!v || (needsReason && !reason.value.trim())) { toast('Fill in the amount and the reason.'); return; }
      closeModal(); ok(v, reason.value.trim()); } })])]);
}
function discountDialog() {
  amountDialog('Discount the order', 'Percent off the whole order (over the house limit a manager approves).', true, function (v, reason) {
    online('POST', '/orders/' + S.order.id + '/discount', { kind: 'percent', value: v, reason: reason }, true, 'Discount ' + v / 100 + ' % on table ' + S.table.label).then(renderBill);
  });
}
function refundDialog(p) {
  amountDialog('Refund', 'Amount to give back from this ' + p.method + ' payment of ' + money(p.amount) + ' (a manager approves).', true, function (v, reason) {
    online('POST', '/payments/' + p.id + '/refunds', { amount: v, reason: reason }, true, 'Refund ' + money(v), { 'idempotency-key': 'refund-' + uuid() }).then(renderBill);
  });
}

/** Move the order to a free table, or merge it into the order of an occupied one. */
$('table-more').addEventListener('click', function () {
  if (!S.order) return;
  var here = S.table, order = S.order;
  var others = Object.keys(S.tables).map(function (k) { return S.tables[k]; }).filter(function (t) { return t.id !== here.id && t.status !== 'inactive'; })
    .sort(function (a, b) { return a.label.localeCompare(b.label, undefined, { numeric: true }); });
  var list = h('div', { class: 'opts-grid' }, others.map(function (t) {
    var busy = t.openOrderCount > 0;
    return h('button', { type: 'button', 'data-target': t.label, text: (busy ? 'Merge into ' : 'Move to ') + t.label, onclick: function () {
      closeModal();
      var done = busy ? online('POST', '/orders/' + t.openOrderIds[0] + '/merge', { sourceOrderId: order.id }, false, 'Merge')
        : online('POST', '/orders/' + order.id + '/move', { tableId: t.id }, false, 'Move');
      done.then(function (r) {
        if (!r) return;
        var d = draftOf(here.id); saveDraft(here.id, null);
        if (!busy && d) { d.tableId = t.id; saveDraft(t.id, d); }
        loadFloor().then(function () { openTable(t.id); });
      });
    } });
  }));
  modal([h('h2', { text: 'Move or merge table ' + here.label }), list, h('div', { class: 'modal-actions' }, [h('button', { type: 'button', text: 'Cancel', onclick: closeModal })])]);
});
`;
