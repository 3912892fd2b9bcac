/**
 * Waiter app, part 3: the floor map by area with live table status, opening a table with a guest
 * count, and the live socket (tables, orders, "ready" from the kitchen). Events only trigger a
 * fresh read of what they touch, so a missed or repeated event can never leave a wrong picture.
 */
export const APP_FLOOR = String.raw`
function showFloor() {
  show('floor', 'Floor');
  S.table = null; S.order = null;
  restoreFloor(); renderFloor();
  loadFloor();
}

var FLOOR_KEY = 'brigade.app.floor';
/** The last floor the box showed, so a reload with the box down still opens the tables. */
function restoreFloor() {
  if (S.areas.length) return;
  try { var f = JSON.parse(localStorage.getItem(FLOOR_KEY) || 'null'); if (f) { S.areas = f.areas; S.tables = f.tables; S.area = S.area || (f.areas[0] && f.areas[0].id) || null; } } catch (e) { /* none kept */ }
}
function loadFloor() {
  return Promise.all([api('GET', '/areas'), api('GET', '/tables')]).then(function (rs) {
    S.areas = rs[0].body; S.tables = {};
    rs[1].body.forEach(function (t) { S.tables[t.id] = t; });
    try { localStorage.setItem(FLOOR_KEY, JSON.stringify({ areas: S.areas, tables: S.tables })); } catch (e) { /* full */ }
    if (!S.area || !S.areas.some(function (a) { return a.id === S.area; })) S.area = S.areas.length ? S.areas[0].id : null;
    renderFloor();
  }, function (e) { if (e.code !== 'OFFLINE') toast(e.message); });
}

function renderFloor() {
  if (S.screen !== 'floor') return;
  var tabs = clear($('areas')), grid = clear($('tables'));
  S.areas.forEach(function (a) {
    tabs.appendChild(h('button', { type: 'button', class: a.id === S.area ? 'on' : null, 'data-area': a.id, text: a.name,
      onclick: function () { S.area = a.id; renderFloor(); } }));
  });
  var all = Object.keys(S.tables).map(function (k) { return S.tables[k]; })
    .filter(function (t) { return t.areaId === S.area; })
    .sort(function (a, b) { return a.label.localeCompare(b.label, undefined, { numeric: true }); });
  if (!all.length) grid.appendChild(h('p', { text: S.areas.length ? 'No tables in this area.' : 'Loading the floor…' }));
  all.forEach(function (t) {
    var unsent = S.outbox.filter(function (e) { return e.tableId === t.id; }).length + (draftOf(t.id) && draftOf(t.id).lines.length ? 1 : 0);
    var status = t.status === 'occupied' ? 'occupied' : t.status;
    grid.appendChild(h('button', { type: 'button', class: 'table', 'data-table': t.label, 'data-status': status, onclick: function () { tapTable(t); } }, [
      h('span', { text: t.label }),
      h('small', { text: status + ' \u00B7 ' + t.capacity + ' seats' }),
      unsent ? h('small', { class: 'state unsent', text: 'not sent' }) : null]));
  });
}

function tapTable(t) {
  if (t.status === 'inactive') { toast(t.label + ' is out of service.'); return; }
  if (t.openOrderCount > 0 || draftOf(t.id)) { openTable(t.id); return; }
  askGuests(t);
}

/** A new table: how many guests? (one tap for the usual counts). */
function askGuests(t) {
  var buttons = [];
  for (var i = 1; i <= 12; i++) (function (n) {
    buttons.push(h('button', { type: 'button', 'data-guests': n, text: String(n), onclick: function () {
      closeModal();
      saveDraft(t.id, { orderId: uuid(), tableId: t.id, guestCount: n, created: false, lines: [] });
      openTable(t.id);
    } }));
  })(i);
  modal([h('h2', { text: 'Open ' + t.label }), h('p', { text: 'How many guests?' }), h('div', { class: 'opts-grid' }, buttons),
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', onclick: closeModal, text: 'Cancel' })])]);
}

// ---------- the live socket ----------
var ws = null, wsRetry = 500, wsTimer = null, lastHeard = 0, live = false, floorTimer = null, orderTimer = null;
function startLive() { live = true; connect(); }
function stopLive() { live = false; clearTimeout(wsTimer); if (ws) { var s = ws; ws = null; s.onclose = null; try { s.close(); } catch (e) { /* closed */ } } }
function connect() {
  clearTimeout(wsTimer);
  if (!live || !S.session) return;
  var sock;
  try { sock = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws'); } catch (e) { lostLive(); return; }
  ws = sock; lastHeard = Date.now();
  sock.onopen = function () { sock.send(JSON.stringify({ type: 'hello', token: S.session, topics: ['tables', 'orders', 'menu'] })); };
  sock.onmessage = function (ev) {
    if (ws !== sock) return;
    lastHeard = Date.now();
    var m; try { m = JSON.parse(ev.data); } catch (e) { return; }
    onLive(m || {});
  };
  sock.onclose = function () { if (ws === sock) lostLive(); };
}
function lostLive() {
  ws = null; setOnline(false);
  if (live) { wsTimer = setTimeout(connect, wsRetry); wsRetry = Math.min(wsRetry * 2, 4000); }
}
setInterval(function () {
  if (!ws || ws.readyState !== 1) return;
  if (Date.now() - lastHeard > 6000) { var s = ws; ws = null; s.onclose = null; try { s.close(); } catch (e) { /* closed */ } lostLive(); return; }
  try { ws.send('{"type":"ping"}'); } catch (e) { /* onclose follows */ }
}, 2500);

function onLive(m) {
  var d = m.data || {};
  if (m.type === 'welcome') {
    // Connected (again): whatever happened meanwhile is read afresh, and the queue goes out.
    wsRetry = 500; setOnline(true); soon('floor'); soon('order'); drain(); return;
  }
  if (m.type === 'error' && d.code === 'UNAUTHENTICATED') { signedOut(); return; }
  if (m.type === 'reload') { soon('floor'); soon('order'); return; }
  // "Ready" is for the waiter who owns the order, or whoever has that table open on this tablet.
  if (m.type === 'order.ready' && ((S.me && d.staffId === S.me.id) || (S.order && S.order.id === d.orderId))) readyNotice(d);
  if (m.type.indexOf('table.') === 0) soon('floor');
  if ((m.type.indexOf('order.') === 0 || m.type.indexOf('payment.') === 0) && S.order && (d.orderId === S.order.id || d.id === S.order.id)) soon('order');
  if (m.type.indexOf('order.') === 0 || m.type.indexOf('payment.') === 0) soon('floor');
  if (m.type.indexOf('menu.') === 0) loadMenu();
}
/** Many events in a burst become one read. */
function soon(what) {
  if (what === 'floor') { clearTimeout(floorTimer); floorTimer = setTimeout(function () { if (S.session) loadFloor(); }, 150); }
  else { clearTimeout(orderTimer); orderTimer = setTimeout(refreshOrder, 150); }
}

/** "Ready" from the kitchen: stays on screen until the waiter taps it (opens the table). */
function readyNotice(d) {
  var list = $('ready');
  var names = [];
  if (S.order && S.order.id === d.orderId) {
    S.order.lines.forEach(function (l) { if ((d.lineIds || []).indexOf(l.id) >= 0) names.push(l.quantity + '\u00D7 ' + l.name); });
  }
  var text = 'READY \u2014 ' + (d.tableLabel ? 'Table ' + d.tableLabel : 'Order #' + d.number) + ' (' + d.station + ')' + (names.length ? ': ' + names.join(', ') : '');
  var b = h('button', { type: 'button', 'data-order': d.orderId, text: text, onclick: function () {
    list.removeChild(b);
    if (d.tableId) openTable(d.tableId);
  } });
  list.appendChild(b);
  if (navigator.vibrate) try { navigator.vibrate(200); } catch (e) { /* not allowed */ }
}
`;
