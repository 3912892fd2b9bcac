/**
 * Waiter app, part 4: a table's order. Menu by category and search, modifiers whose prompts
 * enforce min / max / required, seat and course per line, notes, send (held) and fire by course.
 * Lines being entered are a draft in localStorage; a send moves them into the outbox with their
 * client ids, so nothing typed is lost to a reload or a Wi-Fi drop.
 */
export const APP_ORDER = String.raw`
function tableById(id) { return S.tables[id] || { id: id, label: '?', openOrderIds: [], openOrderCount: 0, capacity: 0, status: 'occupied' }; }
function queuedFor(orderId) { return S.outbox.filter(function (e) { return e.orderId === orderId; }); }

/** The order id of a table: the draft's once it was queued, else the box's open order. */
function orderIdOf(tableId) {
  var d = draftOf(tableId), t = tableById(tableId);
  if (d && d.created) return d.orderId;
  return t.openOrderIds && t.openOrderIds.length ? t.openOrderIds[0] : null;
}

function openTable(tableId) {
  S.table = tableById(tableId);
  var d = draftOf(tableId);
  // A draft whose order was sent and has since been paid and closed is finished.
  if (d && d.created && !d.lines.length && !queuedFor(d.orderId).length && S.table.openOrderCount === 0 && S.table.status === 'available') { saveDraft(tableId, null); d = null; }
  if (!d) { d = { orderId: orderIdOf(tableId) || uuid(), tableId: tableId, guestCount: 1, created: !!orderIdOf(tableId), lines: [] }; saveDraft(tableId, d); }
  S.order = null; S.seat = 1; S.course = 1;
  show('order', 'Table ' + S.table.label);
  renderMenu(); renderTicket();
  refreshOrder();
}

function refreshOrder() {
  if (!S.table || (S.screen !== 'order' && S.screen !== 'bill')) return Promise.resolve();
  var tableId = S.table.id, d = draftOf(tableId);
  var id = d && d.created ? d.orderId : null;
  var load = id ? Promise.resolve(id) : api('GET', '/tables/' + tableId).then(function (r) {
    S.tables[tableId] = r.body; S.table = r.body;
    var open = r.body.openOrderIds && r.body.openOrderIds[0];
    if (open && d) { d.orderId = open; d.created = true; saveDraft(tableId, d); }
    return open || null;
  });
  return load.then(function (orderId) {
    if (!orderId) return null;
    return api('GET', '/orders/' + orderId).then(function (r) { return r.body; }, function (e) { if (e.code === 'NOT_FOUND') return null; throw e; });
  }).then(function (order) {
    keepOrder(tableId, order);
    if (!S.table || S.table.id !== tableId) return;
    S.order = order;
    if (S.screen === 'order') renderTicket();
    if (S.screen === 'bill') renderBill();
  }, function () {
    // Offline: show the order as the box last sent it (a reload with the box down still shows it).
    if (S.table && S.table.id === tableId && !S.order) { S.order = keptOrder(tableId); if (S.screen === 'order') renderTicket(); }
  });
}
var ORDERS_KEY = 'brigade.app.orders';
function keptOrders() { try { return JSON.parse(localStorage.getItem(ORDERS_KEY) || '{}'); } catch (e) { return {}; } }
function keptOrder(tableId) { return keptOrders()[tableId] || null; }
function keepOrder(tableId, order) {
  var all = keptOrders();
  if (order && order.status !== 'completed' && order.status !== 'canceled') all[tableId] = order; else delete all[tableId];
  try { localStorage.setItem(ORDERS_KEY, JSON.stringify(all)); } catch (e) { /* full */ }
}

// ---------- the menu ----------
function allItems() {
  var out = [];
  ((S.menu && S.menu.categories) || []).forEach(function (c) { c.items.forEach(function (i) { out.push(i); }); });
  return out;
}
function renderMenu() {
  var cats = clear($('cats')), items = clear($('items'));
  var tree = (S.menu && S.menu.categories) || [];
  if (!S.cat && tree.length) S.cat = tree[0].id;
  tree.forEach(function (c) {
    cats.appendChild(h('button', { type: 'button', class: !S.search && c.id === S.cat ? 'on' : null, 'data-cat': c.name, text: c.name,
      onclick: function () { S.cat = c.id; S.search = ''; $('search').value = ''; renderMenu(); } }));
  });
  var q = S.search.trim().toLowerCase();
  var list = q ? allItems().filter(function (i) { return i.name.toLowerCase().indexOf(q) >= 0; })
    : ((tree.filter(function (c) { return c.id === S.cat; })[0] || { items: [] }).items);
  if (!tree.length) items.appendChild(h('p', { text: 'Loading the menu…' }));
  list.forEach(function (i) {
    var orderable = isOrderable(i);
    items.appendChild(h('button', { type: 'button', class: 'item' + (i.optionGroups.length ? ' has-options' : ''), 'data-item': i.name, disabled: !orderable,
      onclick: function () { pickItem(i); } }, [h('span', { text: i.name }), h('span', { class: 'price', text: orderable ? money(i.price) : 'sold out' })]));
  });
}
// A manual 86 clears available; stock running out sets stockOut. Either way it cannot be ordered.
function isOrderable(entry) { return entry.available && !entry.stockOut; }
$('search').addEventListener('input', function () { S.search = $('search').value; renderMenu(); });

function pickItem(item) {
  if (!item.optionGroups.length) { addDraftLine(item, [], null); return; }
  optionsDialog(item);
}

function ruleText(g) {
  var min = g.required ? Math.max(1, g.minSelect) : g.minSelect;
  if (g.selection === 'single') return min ? 'choose 1 (required)' : 'choose 1 (optional)';
  if (min && g.maxSelect > min) return 'choose ' + min + ' to ' + g.maxSelect;
  if (min) return 'choose ' + min + (g.required ? ' (required)' : '');
  return 'up to ' + g.maxSelect + ' (optional)';
}

/** The modifier prompt: every rule of every group is checked before the line can be added. */
function optionsDialog(item) {
  var chosen = {}, prompt = h('p', { class: 'prompt', role: 'alert' }), groupsEl = [];
  item.optionGroups.forEach(function (g) { chosen[g.id] = []; });
  var notes = h('input', { id: 'line-notes', placeholder: 'Note for the kitchen (optional)', maxlength: 200 });
  function minOf(g) { return g.required ? Math.max(1, g.minSelect) : g.minSelect; }
  function renderGroups() {
    groupsEl.forEach(function (el) {
      el.g.options.forEach(function (o, i) { el.buttons[i].className = chosen[el.g.id].indexOf(o.id) >= 0 ? 'on' : ''; });
      // A group flagged as missing stops being red as soon as it is answered.
      if (el.className === 'group missing' && chosen[el.g.id].length >= minOf(el.g)) el.className = 'group';
    });
  }
  function tap(g, o) {
    var list = chosen[g.id], at = list.indexOf(o.id);
    prompt.textContent = '';
    if (at >= 0) list.splice(at, 1);
    else if (g.selection === 'single') chosen[g.id] = [o.id];
    else if (list.length >= g.maxSelect) { prompt.textContent = g.name + ': at most ' + g.maxSelect + '. Take one off first.'; return; }
    else list.push(o.id);
    renderGroups();
  }
  var body = item.optionGroups.map(function (g) {
    var buttons = g.options.map(function (o) {
      return h('button', { type: 'button', 'data-option': o.name, disabled: !isOrderable(o), onclick: function () { tap(g, o); } },
        [o.name + (o.priceDelta ? ' +' + money(o.priceDelta) : '')]);
    });
    var el = h('div', { class: 'group', 'data-group': g.name }, [h('h3', {}, [g.name + ' ', h('span', { class: 'rule', text: ruleText(g) })]), h('div', { class: 'opts-grid' }, buttons)]);
    el.g = g; el.buttons = buttons; groupsEl.push(el);
    return el;
  });
  function add() {
    var missing = groupsEl.filter(function (el) { el.className = 'group'; return chosen[el.g.id].length < minOf(el.g); });
    if (missing.length) {
      missing.forEach(function (el) { el.className = 'group missing'; });
      prompt.textContent = 'Choose ' + missing.map(function (el) { return el.g.name; }).join(' and ') + ' first.';
      return;
    }
    var ids = [];
    item.optionGroups.forEach(function (g) { g.options.forEach(function (o) { if (chosen[g.id].indexOf(o.id) >= 0) ids.push(o.id); }); });
    closeModal();
    addDraftLine(item, ids, notes.value.trim() || null);
  }
  modal([h('h2', { text: item.name + ' \u00B7 ' + money(item.price) }), h('p', { class: 'rule', text: 'Seat ' + S.seat + ' \u00B7 course ' + S.course })]
    .concat(body).concat([notes, prompt, h('div', { class: 'modal-actions' }, [
      h('button', { type: 'button', onclick: closeModal, text: 'Cancel' }),
      h('button', { type: 'button', id: 'add-line', class: 'primary', onclick: add, text: 'Add' })])]));
}

function optionById(item, id) {
  var found = null;
  item.optionGroups.forEach(function (g) { g.options.forEach(function (o) { if (o.id === id) found = o; }); });
  return found;
}
function addDraftLine(item, optionIds, notes) {
  var d = draftOf(S.table.id);
  var extra = optionIds.reduce(function (a, id) { var o = optionById(item, id); return a + (o ? o.priceDelta : 0); }, 0);
  d.lines.push({ id: uuid(), itemId: item.id, name: item.name, price: item.price + extra, quantity: 1,
    optionIds: optionIds, optionNames: optionIds.map(function (id) { var o = optionById(item, id); return o ? o.name : '?'; }),
    seat: S.seat, course: S.course, notes: notes });
  saveDraft(S.table.id, d);
  renderTicket();
}
`;
