/**
 * Kitchen display, part 3 of 3: drawing. A station shows its open tickets as cards in fire order;
 * expo shows one card per order with each station's state. Ages tick every second without
 * redrawing the cards.
 */
export const KDS_RENDER = String.raw`
function byFire(a, b) { return a.firedAt - b.firedAt || a.orderNumber - b.orderNumber || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); }

function renderBanner() {
  var down = S.live && S.downSince !== null;
  $('banner').hidden = !down;
  document.body.classList.toggle('offline', down);
  if (down) $('banner-since').textContent = 'since ' + hhmmss(new Date(S.downSince)) + ' — reconnecting…';
}

function render() {
  if ($('board').hidden) return;
  var box = $('tickets');
  box.textContent = '';
  var cards = S.expo ? expoOrders().map(expoCard) : values(S.tickets).filter(function (t) { return t.status === 'open' && mine(t); }).sort(byFire).map(ticketCard);
  $('open-count').textContent = cards.length + (S.expo ? (cards.length === 1 ? ' order' : ' orders') : (cards.length === 1 ? ' ticket' : ' tickets'));
  if (cards.length === 0) box.appendChild(h('p', { class: 'empty', text: 'No open tickets. All clear.' }));
  cards.forEach(function (c) { box.appendChild(c); });
  $('recall').disabled = !lastBumped();
  tick();
}

function head(num, tableLabel, sub) {
  return h('header', { class: 't-head' }, [
    h('div', { class: 't-num', text: '#' + num }),
    h('div', { class: 't-meta' }, [
      h('span', { class: 't-table', text: tableLabel ? 'Table ' + tableLabel : 'No table' }),
      h('span', { class: 't-sub', text: sub })]),
    h('div', { class: 't-age', text: '00:00' })]);
}

function ticketCard(t) {
  var isVoid = t.kind === 'void';
  var sub = [t.serverName, t.course === null ? 'mixed courses' : 'course ' + t.course].filter(Boolean).join(' · ');
  var badge = t.kind === 'add' ? h('div', { class: 'badge add', text: 'ADD' }) : isVoid ? h('div', { class: 'badge void', text: 'VOID' }) : null;
  return h('article', { class: 'ticket kind-' + t.kind, 'data-ticket': t.id, 'data-order': t.orderNumber, 'data-fired': t.firedAt }, [
    head(t.orderNumber, t.tableLabel, sub),
    badge,
    h('ol', { class: 't-lines' }, t.lines.map(function (l) { return lineItem(t, l); })),
    h('div', { class: 't-foot' }, [
      h('button', { type: 'button', class: 'bump', onclick: function () { bumpTicket(t); }, text: isVoid ? 'Clear VOID' : 'Bump ticket' })])]);
}

function lineItem(t, l) {
  var done = l.state === 'ready' || l.state === 'served';
  var voided = l.state === 'voided' || t.kind === 'void';
  var facts = [];
  if (l.seat !== null) facts.push('Seat ' + l.seat);
  if (t.course === null) facts.push('Course ' + l.course);
  var details = facts.length || l.options.length || l.notes ? h('div', { class: 'details' }, [
    facts.length ? h('div', { class: 'seat', text: facts.join(' · ') }) : null,
    l.options.length ? h('ul', {}, l.options.map(function (o) { return h('li', { text: o }); })) : null,
    l.notes ? h('p', { class: 'note', text: l.notes }) : null]) : null;
  return h('li', { class: 'line' + (done ? ' done' : '') + (voided ? ' voided' : ''), 'data-line': l.lineId, 'data-state': l.state }, [
    h('button', { type: 'button', class: 'line-btn', disabled: done || voided, onclick: function () { bumpLine(t, l); },
      'aria-label': (done ? 'Ready: ' : voided ? 'Voided: ' : 'Bump ') + l.quantity + ' ' + l.name }, [
      h('span', { class: 'qty', text: l.quantity + '×' }),
      h('span', { class: 'name', text: l.name }),
      done ? h('span', { class: 'tick', text: '✓' }) : null]),
    details]);
}

/** Orders with an open ticket anywhere, oldest first, with each station's tickets. */
function expoOrders() {
  var byOrder = {};
  values(S.tickets).forEach(function (t) { (byOrder[t.orderId] = byOrder[t.orderId] || []).push(t); });
  return values(byOrder).filter(function (ts) { return ts.some(function (t) { return t.status === 'open'; }); }).map(function (ts) {
    ts.sort(byFire);
    var open = ts.filter(function (t) { return t.status === 'open'; });
    var stations = {};
    ts.forEach(function (t) { (stations[t.station] = stations[t.station] || []).push(t); });
    return { first: ts[0], firedAt: open[0].firedAt, stations: Object.keys(stations).sort().map(function (s) { return { name: s, tickets: stations[s] }; }) };
  }).sort(function (a, b) { return a.firedAt - b.firedAt || a.first.orderNumber - b.first.orderNumber; });
}

function expoCard(o) {
  var t = o.first;
  var done = o.stations.filter(function (s) { return s.tickets.every(function (x) { return x.status === 'bumped'; }); }).length;
  return h('article', { class: 'ticket expo-order', 'data-order': t.orderNumber, 'data-fired': o.firedAt }, [
    head(t.orderNumber, t.tableLabel, t.serverName || ''),
    h('div', {}, o.stations.map(stationRow)),
    h('div', { class: 'expo-sum' + (done === o.stations.length ? ' all' : ''), text: done + ' of ' + o.stations.length + ' stations done' })]);
}

function stationRow(s) {
  var open = s.tickets.filter(function (x) { return x.status === 'open'; });
  var voids = open.filter(function (x) { return x.kind === 'void'; });
  var left = 0, items = [];
  open.forEach(function (x) {
    if (x.kind === 'void') return;
    x.lines.forEach(function (l) { if (l.state === 'fired') { left += l.quantity; items.push(l.quantity + '× ' + l.name); } });
  });
  var state = open.length === 0 ? 'done' : voids.length && left === 0 ? 'void' : 'pending';
  var label = state === 'done' ? '✓ DONE' : state === 'void' ? 'VOID to clear' : left + ' to go';
  return h('div', { class: 'st', 'data-station': s.name, 'data-state': state }, [
    h('div', { class: 'st-row ' + state }, [h('span', { class: 'st-name', text: s.name }), h('span', { class: 'st-state', text: label })]),
    items.length ? h('div', { class: 'st-items', text: items.join(', ') }) : null]);
}

function renderAllDay(items) {
  var list = $('allday-list');
  list.textContent = '';
  if (!items || items.length === 0) { list.appendChild(h('li', { text: 'Nothing cooking' })); return; }
  items.slice().sort(function (a, b) { return b.quantity - a.quantity || (a.name < b.name ? -1 : 1); }).forEach(function (i) {
    list.appendChild(h('li', { 'data-item': i.itemId }, [h('span', { class: 'n', text: String(i.quantity) }), h('span', { text: i.name })]));
  });
}

/** Every second: ages, age colours, the clock. */
function tick() {
  var now = boxNow();
  Array.prototype.forEach.call(document.querySelectorAll('[data-fired]'), function (el) {
    var age = Math.max(0, now - Number(el.getAttribute('data-fired')));
    var a = el.querySelector('.t-age'); if (a) a.textContent = mmss(age);
    el.classList.toggle('warn', age >= S.warnMs && age < S.lateMs);
    el.classList.toggle('late', age >= S.lateMs);
  });
  $('clock').textContent = hhmmss(new Date(now));
}
setInterval(tick, 1000);
`;
