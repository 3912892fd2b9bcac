/**
 * Waiter app, part 5: the ticket beside the menu — seat and course pickers, the lines (new, not
 * sent, held, fired, ready…), send, fire by course, and what a tap on a line offers (edit a new
 * line; void or serve a sent one, with a manager's PIN when the kitchen already has it).
 */
export const APP_TICKET = String.raw`
function seg(el, n, current, pick) {
  clear(el);
  for (var i = 1; i <= n; i++) (function (v) {
    el.appendChild(h('button', { type: 'button', class: v === current ? 'on' : null, 'data-value': v, text: String(v), onclick: function () { pick(v); } }));
  })(i);
}

function lineRow(l, state, onclick) {
  var opts = (l.optionNames || (l.options || []).map(function (o) { return o.name; })).join(', ');
  return h('button', { type: 'button', class: 'line', 'data-line': l.id, 'data-state': state, onclick: onclick }, [
    h('span', { class: 'what' }, [l.quantity + '\u00D7 ' + l.name, opts ? h('span', { class: 'opts', text: opts }) : null,
      l.notes ? h('span', { class: 'note', text: l.notes }) : null,
      h('span', { class: 'meta', text: 'seat ' + (l.seat || '-') + ' \u00B7 course ' + l.course })]),
    h('span', { class: 'state ' + state, text: state === 'unsent' ? 'not sent' : state })]);
}

function renderTicket() {
  if (S.screen !== 'order' || !S.table) return;
  var d = draftOf(S.table.id) || { lines: [] };
  var guests = (S.order && S.order.guestCount) || d.guestCount || 1;
  seg($('seats'), Math.max(guests, S.seat, 2), S.seat, function (v) { S.seat = v; renderTicket(); });
  seg($('courses'), 4, S.course, function (v) { S.course = v; renderTicket(); $('fire').textContent = 'Fire course ' + v; });
  $('fire').textContent = 'Fire course ' + S.course;
  var rows = [];
  (S.order ? S.order.lines : []).forEach(function (l) { rows.push({ l: l, state: l.state, click: function () { serverLineDialog(l); } }); });
  var known = {}; rows.forEach(function (r) { known[r.l.id] = true; });
  var orderId = d.orderId;
  queuedFor(orderId).forEach(function (e) {
    ((e.body && e.body.lines) || []).forEach(function (l) { if (!known[l.id]) rows.push({ l: e.view[l.id] || l, state: 'unsent' }); });
  });
  d.lines.forEach(function (l) { rows.push({ l: l, state: 'new', click: function () { draftLineDialog(l); } }); });
  var box = clear($('lines'));
  if (!rows.length) box.appendChild(h('p', { class: 'rule', text: 'Tap a dish to add it. Lines stay here until you send them.' }));
  var courses = {};
  rows.forEach(function (r) { (courses[r.l.course] = courses[r.l.course] || []).push(r); });
  Object.keys(courses).sort().forEach(function (c) {
    box.appendChild(h('div', { class: 'course-head', text: 'Course ' + c }));
    courses[c].forEach(function (r) { box.appendChild(lineRow(r.l, r.state, r.click)); });
  });
  queuedFor(orderId).filter(function (e) { return e.kind === 'fire'; }).forEach(function (e) {
    box.appendChild(h('div', { class: 'state unsent', text: e.label + ' \u2014 not sent yet' }));
  });
  var total = S.order ? S.order.totals.total : 0;
  var extra = rows.filter(function (r) { return r.state === 'new' || r.state === 'unsent'; })
    .reduce(function (a, r) { return a + (r.l.price || 0) * r.l.quantity; }, 0);
  $('order-total').textContent = (S.order ? '#' + S.order.number + ' \u00B7 ' : '') + guests + ' guests \u00B7 ' + money(total + extra) + (extra ? ' (incl. not sent)' : '');
  $('send').disabled = !d.lines.length;
  $('to-bill').disabled = !S.order;
  $('table-more').disabled = !S.order;
}

/** Queues the draft's lines: the order is created with them the first time, then lines are added. */
function sendDraft() {
  var d = draftOf(S.table.id);
  if (!d || !d.lines.length) return Promise.resolve();
  var lines = d.lines.map(function (l) {
    return { id: l.id, itemId: l.itemId, quantity: l.quantity, optionIds: l.optionIds, seat: l.seat, course: l.course, notes: l.notes };
  });
  var view = {}; d.lines.forEach(function (l) { view[l.id] = l; });
  var label = lines.length + ' line' + (lines.length > 1 ? 's' : '') + ' for table ' + S.table.label;
  var entry = d.created
    ? { method: 'POST', path: '/orders/' + d.orderId + '/lines', body: { lines: lines } }
    : { method: 'POST', path: '/orders', body: { id: d.orderId, type: 'dine_in', tableId: S.table.id, guestCount: d.guestCount, lines: lines } };
  entry.kind = 'lines'; entry.orderId = d.orderId; entry.tableId = S.table.id; entry.label = label; entry.view = view;
  d.created = true; d.lines = []; saveDraft(S.table.id, d);
  var p = enqueue(entry); renderTicket(); return p;
}

function fire(course) {
  var d = draftOf(S.table.id);
  if (!d.created && !d.lines.length) { toast('Nothing to fire yet: add dishes first.'); return; }
  sendDraft();
  var body = course ? { course: course } : {};
  enqueue({ kind: 'fire', method: 'POST', path: '/orders/' + d.orderId + '/fire', body: body, orderId: d.orderId, tableId: S.table.id,
    label: (course ? 'Fire course ' + course : 'Fire all') + ' for table ' + S.table.label });
  renderTicket();
}
$('send').addEventListener('click', function () { sendDraft(); });
$('fire').addEventListener('click', function () { fire(S.course); });
$('fire-all').addEventListener('click', function () { fire(null); });

/** What a sent order or line changed into, shown at once (the socket confirms it for others). */
function sent(entry, body) {
  var order = body && body.order ? body.order : body;
  if (order && order.lines && S.table && order.id === (draftOf(S.table.id) || {}).orderId) { S.order = order; keepOrder(S.table.id, order); }
  if (entry.kind === 'payment' && body && body.payment) paid(body);
  if (S.screen === 'order') renderTicket();
  if (S.screen === 'bill') refreshOrder();
  if (S.screen === 'floor') soon('floor');
}

function refused(entry, e) {
  if (entry.kind !== 'lines' || !entry.view) { toast('Not accepted: ' + entry.label + ' — ' + e.message); return; }
  var d = draftOf(entry.tableId) || { orderId: entry.orderId, tableId: entry.tableId, guestCount: entry.body.guestCount || 1, created: true, lines: [] };
  if (entry.path === '/orders') d.created = false;
  d.lines = Object.keys(entry.view).map(function (k) { return entry.view[k]; }).concat(d.lines);
  saveDraft(entry.tableId, d);
  toast('Not accepted: ' + e.message + ' The lines are back on the ticket: change them and send again.');
  if (S.screen === 'order') renderTicket();
}

function draftLineDialog(l) {
  var d = draftOf(S.table.id);
  function update(fn) { d.lines.forEach(function (x) { if (x.id === l.id) fn(x); }); saveDraft(S.table.id, d); }
  var notes = h('input', { value: l.notes || '', placeholder: 'Note for the kitchen', maxlength: 200 });
  var seats = h('div', { class: 'seg' }), courses = h('div', { class: 'seg' });
  var nSeats = Math.max(d.guestCount, l.seat || 1, 2);
  function pickSeat(v) { l.seat = v; seg(seats, nSeats, v, pickSeat); }
  function pickCourse(v) { l.course = v; seg(courses, 4, v, pickCourse); }
  pickSeat(l.seat || 1); pickCourse(l.course);
  modal([h('h2', { text: l.name }), h('p', { class: 'rule', text: (l.optionNames || []).join(', ') }),
    h('div', { class: 'picker' }, [h('span', { text: 'Seat' }), seats]), h('div', { class: 'picker' }, [h('span', { text: 'Course' }), courses]),
    h('label', { text: 'Note' }), notes,
    h('div', { class: 'modal-actions' }, [
      h('button', { type: 'button', class: 'danger', text: 'Remove', onclick: function () {
        d.lines = d.lines.filter(function (x) { return x.id !== l.id; }); saveDraft(S.table.id, d); closeModal(); renderTicket(); } }),
      h('button', { type: 'button', text: '+1', onclick: function () { update(function (x) { x.quantity = Math.min(99, x.quantity + 1); }); closeModal(); renderTicket(); } }),
      h('button', { type: 'button', class: 'primary', text: 'Done', onclick: function () {
        update(function (x) { x.seat = l.seat; x.course = l.course; x.notes = notes.value.trim() || null; }); closeModal(); renderTicket(); } })])]);
}

function serverLineDialog(l) {
  if (!S.order) return;
  var orderId = S.order.id, fired = l.state === 'fired' || l.state === 'ready' || l.state === 'served';
  var actions = [h('button', { type: 'button', onclick: closeModal, text: 'Close' })];
  if (l.state === 'ready' || l.state === 'fired') actions.push(h('button', { type: 'button', text: 'Served', onclick: function () {
    closeModal(); enqueue({ kind: 'served', method: 'POST', path: '/orders/' + orderId + '/lines/served', body: { lineIds: [l.id] }, orderId: orderId, tableId: S.table.id, label: l.name + ' served' }); } }));
  if (l.state !== 'voided') actions.push(h('button', { type: 'button', class: 'danger', id: 'void-line', text: fired ? 'Void (manager)' : 'Void', onclick: function () {
    closeModal();
    var body = fired ? { reason: 'Voided at the table' } : {};
    online('POST', '/orders/' + orderId + '/lines/' + l.id + '/void', body, fired, 'Void ' + l.name + ' (already sent to the kitchen)');
  } }));
  modal([h('h2', { text: l.quantity + '\u00D7 ' + l.name }), h('p', { class: 'rule', text: l.state + ' \u00B7 seat ' + (l.seat || '-') + ' \u00B7 course ' + l.course }),
    h('div', { class: 'modal-actions' }, actions)]);
}

/**
 * Actions that must be decided now (a void, a discount, a refund, a move) go straight to the box;
 * when the box says a manager must approve, a manager types their PIN here and it is sent again
 * with the approval (src/auth/approval.ts checks it on this paired device).
 */
function online(method, path, body, needsManager, what, headers) {
  return api(method, path, body, { headers: headers }).then(function (r) { refreshOrder(); soon('floor'); return r.body; }, function (e) {
    // A wrong manager PIN asks again (it counts toward the device's lockout on the box).
    var again = e.code === 'PIN_INCORRECT' && body && body.approval;
    if (e.code === 'MANAGER_APPROVAL_REQUIRED' || again) return managerPrompt(again ? e.message : (what || e.message)).then(function (approval) {
      if (!approval) return null;
      var b = {}; Object.keys(body || {}).forEach(function (k) { b[k] = body[k]; }); b.approval = approval;
      return online(method, path, b, false, what, headers);
    });
    toast(e.code === 'OFFLINE' ? 'The box cannot be reached: try again when it is back.' : e.message);
    return null;
  });
}

function managerPrompt(what) {
  return api('GET', '/auth/roster', undefined, { device: true }).then(function (r) {
    var managers = r.body.filter(function (s) { return s.role === 'manager' || s.role === 'owner'; });
    return new Promise(function (done) {
      var who = null, pinIn = h('input', { id: 'mgr-pin', type: 'password', inputmode: 'numeric', maxlength: 6, placeholder: 'Manager PIN', autocomplete: 'off' });
      var list = h('div', { class: 'seg' });
      managers.forEach(function (m) { list.appendChild(h('button', { type: 'button', 'data-manager': m.name, text: m.name, onclick: function (ev) {
        who = m; Array.prototype.forEach.call(list.children, function (b) { b.className = ''; }); ev.currentTarget.className = 'on'; pinIn.focus(); } })); });
      modal([h('h2', { text: 'Manager approval' }), h('p', { text: what }), list, h('label', { text: 'PIN' }), pinIn,
        h('div', { class: 'modal-actions' }, [
          h('button', { type: 'button', text: 'Cancel', onclick: function () { closeModal(); done(null); } }),
          h('button', { type: 'button', class: 'primary', id: 'mgr-ok', text: 'Approve', onclick: function () {
            if (!who || !/^\d{4,6}$/.test(pinIn.value)) { toast('Pick the manager and type their PIN.'); return; }
            closeModal(); done({ staffId: who.id, pin: pinIn.value }); } })])]);
    });
  }, function () { toast('The box cannot be reached: a manager approval needs it.'); return null; });
}
`;
