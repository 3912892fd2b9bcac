/**
 * Waiter app, part 2: pairing the tablet once, PIN sign-in, sign-out and start-up (settings, the
 * menu with its ETag, the floor, the live socket, the outbox).
 */
export const APP_AUTH = String.raw`
var ME_KEY = 'brigade.app.me';

function showPairing(message) {
  show('pair');
  $('pair-error').textContent = message || ''; $('pair-error').hidden = !message;
  $('pair-code').focus();
}

$('pair-form').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var code = $('pair-code').value.trim();
  if (!code) { showPairing('Type the code a manager made for this tablet.'); return; }
  var button = $('pair-submit'); button.disabled = true;
  fetch('/devices/pair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code }) })
    .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); })
    .then(function (r) {
      if (!r.ok) { showPairing((r.json && r.json.error && r.json.error.message) || 'Pairing failed. Try again.'); return; }
      if (r.json.kind === 'kitchen') { showPairing('That code was made for a kitchen screen. Ask for a tablet code.'); return; }
      S.device = r.json.token; localStorage.setItem(DEV_KEY, S.device);
      $('pair-code').value = '';
      route();
    })
    .catch(function () { showPairing('Could not reach the box. Check the Wi-Fi and try again.'); })
    .then(function () { button.disabled = false; });
});

var pin = '', pinStaff = null;
function showSignIn(message) {
  stopLive();
  show('signin');
  $('pin-box').hidden = true; pin = ''; pinStaff = null;
  var err = $('signin-error'); err.textContent = message || ''; err.hidden = !message;
  var list = clear($('roster')); list.textContent = 'Loading…';
  api('GET', '/auth/roster', undefined, { device: true }).then(function (r) {
    clear(list);
    r.body.forEach(function (st) {
      list.appendChild(h('button', { type: 'button', 'data-staff': st.id, onclick: function () { askPin(st); } }, [st.name, h('small', { text: st.role })]));
    });
  }, function (e) {
    if (e.code === 'UNAUTHENTICATED') { localStorage.removeItem(DEV_KEY); S.device = ''; showPairing('This tablet is not paired any more. Type a new pairing code.'); return; }
    list.textContent = '';
    err.textContent = 'Could not load the staff list: ' + e.message; err.hidden = false;
    list.appendChild(h('button', { type: 'button', onclick: function () { showSignIn(); }, text: 'Try again' }));
  });
}

function askPin(st) {
  pinStaff = st; pin = '';
  Array.prototype.forEach.call($('roster').children, function (b) { b.className = b.getAttribute('data-staff') === st.id ? 'on' : ''; });
  $('pin-box').hidden = false; $('pin-name').textContent = st.name + ' — type your PIN';
  renderPin();
}
function renderPin() { $('pin-dots').textContent = pin.replace(/./g, '\u25CF') || '\u00A0'; }
(function buildPad() {
  var pad = $('pinpad');
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'C', '0', 'OK'].forEach(function (k) {
    pad.appendChild(h('button', { type: 'button', 'data-key': k, class: k === 'OK' ? 'primary' : null, text: k, onclick: function () { pinKey(k); } }));
  });
})();
function pinKey(k) {
  if (k === 'C') pin = '';
  else if (k === 'OK') { submitPin(); return; }
  else if (pin.length < 6) pin += k;
  renderPin();
}
function submitPin() {
  if (!pinStaff || pin.length < 4) return;
  var body = { staffId: pinStaff.id, pin: pin }; pin = ''; renderPin();
  api('POST', '/auth/sign-in', body, { device: true }).then(function (r) {
    S.session = r.body.token; localStorage.setItem(SES_KEY, S.session);
    S.me = r.body.staff; localStorage.setItem(ME_KEY, JSON.stringify(S.me));
    start();
  }, function (e) {
    var err = $('signin-error'); err.textContent = e.message; err.hidden = false;
  });
}

function signedOut() {
  S.session = ''; S.me = null; localStorage.removeItem(SES_KEY); localStorage.removeItem(ME_KEY);
  showSignIn('Your session ended. Sign in again — nothing entered on this tablet was lost.');
}
$('signout').addEventListener('click', function () {
  var token = S.session;
  S.session = ''; S.me = null; localStorage.removeItem(SES_KEY); localStorage.removeItem(ME_KEY);
  fetch('/auth/sign-out', { method: 'POST', headers: { authorization: 'Bearer ' + token } }).catch(function () { /* offline: it expires */ });
  showSignIn();
});

/** Loads the menu, sending the ETag it holds: a 304 keeps the copy from localStorage. */
function loadMenu() {
  var saved = null;
  try { saved = JSON.parse(localStorage.getItem(MENU_KEY) || 'null'); } catch (e) { saved = null; }
  if (saved && !S.menu) S.menu = saved.tree;
  var headers = saved && saved.etag ? { 'if-none-match': saved.etag } : {};
  return api('GET', '/menu', undefined, { headers: headers }).then(function (r) {
    if (r.status === 304 || !r.body) return;
    S.menu = r.body;
    try { localStorage.setItem(MENU_KEY, JSON.stringify({ etag: r.etag, tree: r.body })); } catch (e) { /* full: the service worker has a copy */ }
  }, function () { /* offline: the saved copy (or the service worker's) is used */ })
    .then(function () { if (S.screen === 'order') renderMenu(); });
}

function start() {
  if (!S.me) { try { S.me = JSON.parse(localStorage.getItem(ME_KEY) || 'null'); } catch (e) { S.me = null; } }
  var who = function () { $('who').textContent = S.me ? S.me.name : ''; };
  who();
  // Signed in elsewhere (the set-up page): ask who this is, and take the name from the roster.
  if (!S.me) api('GET', '/auth/me').then(function (r) {
    var me = { id: r.body.staffId, name: r.body.role, role: r.body.role };
    return api('GET', '/auth/roster', undefined, { device: true }).then(function (ro) {
      ro.body.forEach(function (st) { if (st.id === me.id) me.name = st.name; });
      S.me = me; localStorage.setItem(ME_KEY, JSON.stringify(me)); who();
    });
  }).catch(function () { /* offline: the name comes later */ });
  showFloor();
  api('GET', '/settings').then(function (r) { S.settings = r.body; }, function () {});
  loadMenu();
  loadOutbox().then(drain);
  startLive();
}

function route() {
  if (!S.device) { showPairing(''); return; }
  if (!S.session) { showSignIn(); return; }
  start();
}

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(function () { /* plain http on a LAN address: no offline shell */ });
}
window.addEventListener('online', function () { drain(); });
`;
