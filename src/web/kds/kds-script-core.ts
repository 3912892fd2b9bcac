/**
 * Kitchen display, part 1 of 3: state, helpers, pairing, the station picker and the buttons.
 * Plain ES2017 run inline in one function scope with the other parts (no build step); no
 * template literals, so it can live in a TS string.
 */
export const KDS_CORE = String.raw`
var TOKEN_KEY = 'brigade.kds.deviceToken';
var VIEW_KEY = 'brigade.kds.view';
var query = new URLSearchParams(location.search);
function minutes(v, d) { var n = Number(v); return v !== null && v !== '' && isFinite(n) && n > 0 ? n * 60000 : d * 60000; }

var S = {
  token: localStorage.getItem(TOKEN_KEY) || '',
  station: null,
  expo: false,
  // Age colours: green below warn, amber below late, red after (?warn=5&late=10, in minutes).
  warnMs: minutes(query.get('warn'), 5),
  lateMs: minutes(query.get('late'), 10),
  tickets: {},
  lastSeq: null,
  epoch: null,
  welcomeSeq: null,
  skew: 0,
  online: false,
  downSince: null,
  live: false
};
if (S.lateMs < S.warnMs) S.lateMs = S.warnMs;

function $(id) { return document.getElementById(id); }
function values(o) { return Object.keys(o).map(function (k) { return o[k]; }); }
function pad(n) { return (n < 10 ? '0' : '') + n; }
function hhmmss(d) { return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); }
function mmss(ms) { var s = Math.floor(ms / 1000); return pad(Math.floor(s / 60)) + ':' + pad(s % 60); }
// The box's clock, not the TV's: ages are computed against the time the box stamped on the ticket.
function boxNow() { return Date.now() + S.skew; }

var toastTimer = null;
function toast(message) {
  var t = $('toast'); t.textContent = message; t.hidden = false;
  clearTimeout(toastTimer); toastTimer = setTimeout(function () { t.hidden = true; }, 4000);
}

/** JSON over HTTP with the screen's device token; a refused token sends the screen back to pairing. */
function api(method, path) {
  // A box that accepts the connection but never answers must not leave the screen waiting for ever.
  var abort = new AbortController();
  var timer = setTimeout(function () { abort.abort(); }, 8000);
  return fetch(path, { method: method, headers: { authorization: 'Bearer ' + S.token }, cache: 'no-store', signal: abort.signal })
    .then(function (res) {
      var date = Date.parse(res.headers.get('date') || '');
      if (isFinite(date)) { var off = date - Date.now(); S.skew = Math.abs(off) > 2000 ? off : 0; }
      return res.json().catch(function () { return null; }).then(function (json) {
        if (res.ok) return json;
        var err = (json && json.error) || { code: 'HTTP_' + res.status, message: 'The box answered ' + res.status + '.' };
        if (err.code === 'UNAUTHENTICATED') unpaired();
        var e = new Error(err.message); e.code = err.code; throw e;
      });
    }, function () {
      var e = new Error('The box cannot be reached.'); e.code = 'OFFLINE'; throw e;
    })
    .then(function (v) { clearTimeout(timer); return v; }, function (e) { clearTimeout(timer); throw e; });
}

function show(id) { ['pair', 'pick', 'board'].forEach(function (s) { $(s).hidden = s !== id; }); }

function showPairing(message) {
  stopLive();
  show('pair');
  $('pair-error').textContent = message || ''; $('pair-error').hidden = !message;
  $('pair-code').focus();
}

function unpaired() {
  localStorage.removeItem(TOKEN_KEY);
  S.token = '';
  showPairing('This screen is not paired any more (it was revoked or the box was reset). Type a new pairing code.');
}

$('pair-form').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var code = $('pair-code').value.trim();
  if (!code) { showPairing('Type the code a manager made for this screen.'); return; }
  var button = $('pair-submit'); button.disabled = true;
  fetch('/devices/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code }) })
    .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); })
    .then(function (r) {
      if (!r.ok) { showPairing((r.json && r.json.error && r.json.error.message) || 'Pairing failed. Try again.'); return; }
      if (r.json.kind !== 'kitchen') {
        showPairing('That code was made for a ' + r.json.kind + ', not a kitchen screen. Ask for a kitchen-screen code.');
        return;
      }
      S.token = r.json.token; localStorage.setItem(TOKEN_KEY, S.token);
      $('pair-code').value = '';
      route();
    })
    .catch(function () { showPairing('Could not reach the box. Check the network and try again.'); })
    .then(function () { button.disabled = false; });
});

/** Keeps the choice in the address (so a bookmark opens the right station) and in localStorage. */
function remember(station, expo) {
  var p = new URLSearchParams(location.search);
  p.delete('station'); p.delete('view');
  if (expo) p.set('view', 'expo'); else if (station) p.set('station', station);
  var q = p.toString();
  history.replaceState(null, '', location.pathname + (q ? '?' + q : ''));
  if (expo) localStorage.setItem(VIEW_KEY, 'expo');
  else if (station) localStorage.setItem(VIEW_KEY, 'station:' + station);
  else localStorage.removeItem(VIEW_KEY);
}

function route() {
  if (!S.token) { showPairing(''); return; }
  var p = new URLSearchParams(location.search);
  var station = p.get('station'), expo = p.get('view') === 'expo';
  if (!station && !expo) {
    var saved = localStorage.getItem(VIEW_KEY) || '';
    if (saved === 'expo') expo = true;
    else if (saved.indexOf('station:') === 0) station = saved.slice(8);
  }
  if (expo) openBoard(null);
  else if (station) openBoard(station);
  else showPicker();
}

function showPicker() {
  stopLive();
  remember(null, false);
  show('pick');
  var list = $('stations'), err = $('pick-error');
  list.textContent = 'Loading stations…'; err.hidden = true;
  api('GET', '/kitchen/stations').then(function (stations) {
    list.textContent = '';
    stations.forEach(function (s) {
      list.appendChild(h('button', { type: 'button', class: 'station-btn', 'data-station': s.station, onclick: function () { openBoard(s.station); } }, [
        h('span', { text: s.station }), h('span', { class: 'count', text: s.openTickets + ' open' })]));
    });
    list.appendChild(h('button', { type: 'button', class: 'station-btn expo', 'data-station': '', onclick: function () { openBoard(null); } }, [
      h('span', { text: 'Expo' }), h('span', { class: 'count', text: 'all stations' })]));
  }, function (e) {
    list.textContent = '';
    err.textContent = 'Could not load the stations: ' + e.message; err.hidden = false;
    list.appendChild(h('button', { type: 'button', onclick: showPicker, text: 'Try again' }));
  });
}

function openBoard(station) {
  stopLive();
  S.station = station; S.expo = station === null;
  remember(station, S.expo);
  S.tickets = {}; S.lastSeq = null; S.epoch = null; S.welcomeSeq = null;
  $('view-name').textContent = S.expo ? 'Expo — all stations' : station;
  show('board');
  render();
  startLive();
}

$('change').addEventListener('click', showPicker);

/** Sends a kitchen action; the answer is the ticket as it is now, shown at once (the socket confirms it). */
function send(path) {
  return api('POST', path).then(function (view) { upsert(view); changed(); return true; },
    function (e) { toast(e.code === 'OFFLINE' ? 'Not sent: the box cannot be reached. Try again.' : e.message); return false; });
}
function bumpLine(t, l) {
  if (l.state !== 'fired' || t.kind === 'void') return;
  send('/kitchen/tickets/' + encodeURIComponent(t.id) + '/lines/' + encodeURIComponent(l.lineId) + '/bump');
}
function bumpTicket(t) { send('/kitchen/tickets/' + encodeURIComponent(t.id) + '/bump'); }

/** The most recently bumped ticket this screen knows of (its station, or any in expo). */
function lastBumped() {
  var best = null;
  values(S.tickets).forEach(function (t) {
    if (t.status !== 'bumped' || !t.bumpedAt || !mine(t)) return;
    if (!best || t.bumpedAt > best.bumpedAt || (t.bumpedAt === best.bumpedAt && t.version > best.version)) best = t;
  });
  return best;
}
$('recall').addEventListener('click', function () {
  var t = lastBumped();
  if (!t) { toast('Nothing to recall: no ticket was bumped here yet.'); return; }
  send('/kitchen/tickets/' + encodeURIComponent(t.id) + '/recall');
});
function mine(t) { return S.expo || t.station === S.station; }
`;
