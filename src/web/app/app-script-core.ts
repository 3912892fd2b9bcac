/**
 * Waiter app, part 1: state, helpers, the API client, the IndexedDB outbox and the screens'
 * router. Plain ES2017 run inline in one function scope with the other parts (no build step, like
 * the kitchen display); no template literals, so it can live in a TS string.
 */
export const APP_CORE = String.raw`
var DEV_KEY = 'brigade.deviceToken', SES_KEY = 'brigade.sessionToken', DRAFT_KEY = 'brigade.app.drafts', MENU_KEY = 'brigade.app.menu';
var S = {
  device: localStorage.getItem(DEV_KEY) || '',
  session: localStorage.getItem(SES_KEY) || '',
  me: null, settings: null, menu: null, areas: [], tables: {}, area: null,
  table: null, order: null, seat: 1, course: 1, cat: null, search: '',
  online: true, outbox: [], screen: null
};

function $(id) { return document.getElementById(id); }
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
/** UUIDs from getRandomValues: crypto.randomUUID needs https, and the box serves plain http on the LAN. */
function uuid() {
  var b = new Uint8Array(16); crypto.getRandomValues(b);
  b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
  var x = Array.prototype.map.call(b, function (n) { return (n + 256).toString(16).slice(1); }).join('');
  return x.slice(0, 8) + '-' + x.slice(8, 12) + '-' + x.slice(12, 16) + '-' + x.slice(16, 20) + '-' + x.slice(20);
}
function money(minor) {
  var cur = (S.settings && S.settings.currency) || 'EUR';
  try { return new Intl.NumberFormat(undefined, { style: 'currency', currency: cur }).format(minor / 100); }
  catch (e) { return (minor / 100).toFixed(2) + ' ' + cur; }
}
var toastTimer = null;
function toast(message) {
  var t = $('toast'); t.textContent = message; t.hidden = false;
  clearTimeout(toastTimer); toastTimer = setTimeout(function () { t.hidden = true; }, 4500);
}

/** JSON over HTTP. Unreachable box → code OFFLINE; an ended session → back to the PIN screen. */
function api(method, path, body, opts) {
  opts = opts || {};
  var headers = { authorization: 'Bearer ' + (opts.device ? S.device : S.session) };
  if (body !== undefined) headers['content-type'] = 'application/json';
  Object.keys(opts.headers || {}).forEach(function (k) { headers[k] = opts.headers[k]; });
  var abort = new AbortController();
  var timer = setTimeout(function () { abort.abort(); }, opts.timeout || 8000);
  return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', signal: abort.signal })
    .then(function (res) {
      clearTimeout(timer);
      if (res.status === 304) return { status: 304, body: null, etag: res.headers.get('etag') };
      return res.json().catch(function () { return null; }).then(function (json) {
        if (res.ok) { setOnline(true); return { status: res.status, body: json, etag: res.headers.get('etag') }; }
        var err = (json && json.error) || { code: 'HTTP_' + res.status, message: 'The box answered ' + res.status + '.' };
        var e = new Error(err.message); e.code = err.code; e.status = res.status; e.details = err.details;
        if (err.code === 'UNAUTHENTICATED' && !opts.device) signedOut();
        if (err.code === 'OFFLINE') { setOnline(false); }
        throw e;
      });
    }, function () {
      clearTimeout(timer); setOnline(false);
      var e = new Error('The box cannot be reached.'); e.code = 'OFFLINE'; throw e;
    });
}

// ---------- IndexedDB: the outbox of sends not yet acknowledged by the box ----------
var dbp = null;
function idb() {
  if (!dbp) dbp = new Promise(function (ok, fail) {
    var req = indexedDB.open('brigade-app', 1);
    req.onupgradeneeded = function () { req.result.createObjectStore('outbox', { keyPath: 'id' }); };
    req.onsuccess = function () { ok(req.result); };
    req.onerror = function () { fail(req.error); };
  });
  return dbp;
}
function idbDo(mode, fn) {
  return idb().then(function (db) {
    return new Promise(function (ok, fail) {
      var tx = db.transaction('outbox', mode), store = tx.objectStore('outbox'), out = fn(store);
      tx.oncomplete = function () { ok(out && out.result !== undefined ? out.result : undefined); };
      tx.onerror = function () { fail(tx.error); };
    });
  });
}
function loadOutbox() {
  return idbDo('readonly', function (s) { return s.getAll(); }).then(function (all) {
    S.outbox = (all || []).sort(function (a, b) { return a.n - b.n; }); renderPending();
  });
}

/**
 * Queues a send. It is written to IndexedDB before anything goes on the wire, with the ids that make
 * the box's answer idempotent (client order and line ids, Idempotency-Key for payments), so a
 * resend after a drop or a reload can never create a second order, line, fire or payment.
 */
function enqueue(entry) {
  entry.id = uuid(); entry.n = Date.now() * 1000 + (S.outbox.length % 1000); entry.tries = 0;
  S.outbox.push(entry); renderPending();
  return idbDo('readwrite', function (s) { s.put(entry); }).then(drain);
}
function dequeue(entry) {
  S.outbox = S.outbox.filter(function (e) { return e.id !== entry.id; }); renderPending();
  return idbDo('readwrite', function (s) { s.delete(entry.id); });
}

var draining = false, retryTimer = null;
/** Sends the queue in order, one at a time; stops at the first unreachable send and retries in 2 s. */
function drain() {
  if (draining || !S.session) return Promise.resolve();
  var next = S.outbox[0];
  if (!next) return Promise.resolve();
  draining = true;
  var headers = next.key ? { 'idempotency-key': next.key } : {};
  return api(next.method, next.path, next.body, { headers: headers }).then(function (r) {
    draining = false;
    return dequeue(next).then(function () { sent(next, r.body); return drain(); });
  }, function (e) {
    draining = false;
    if (e.code === 'OFFLINE' || e.status >= 500 || e.code === 'UNAUTHENTICATED') {
      clearTimeout(retryTimer); retryTimer = setTimeout(drain, 2000); return;
    }
    // The box refused it for good (a rule, not the network): never loop on it; say why, and
    // refused lines go back on the ticket as new, so nothing typed is lost.
    return dequeue(next).then(function () { refused(next, e); refreshOrder(); return drain(); });
  });
}

function setOnline(on) {
  if (S.online === on) return;
  S.online = on; renderPending();
  if (on) drain();
}
function renderPending() {
  var net = $('net'), p = $('pending'), n = S.outbox.length;
  net.textContent = S.online ? 'Online' : 'Offline'; net.className = 'pill ' + (S.online ? 'ok' : 'down');
  p.hidden = n === 0; p.textContent = n + ' not sent';
  if (S.screen === 'order') renderTicket();
}
$('pending').addEventListener('click', function () {
  modal([h('h2', { text: 'Waiting to be sent' }), h('p', { text: S.online ? 'Sending…' : 'The box cannot be reached. These are kept on this tablet and sent in this order when it is back.' }),
    h('ol', {}, S.outbox.map(function (e) { return h('li', { text: e.label }); })),
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', class: 'primary', onclick: closeModal, text: 'OK' })])]);
});

// ---------- drafts: what is being entered, kept across reloads until it is queued ----------
function drafts() { try { return JSON.parse(localStorage.getItem(DRAFT_KEY) || '{}'); } catch (e) { return {}; } }
function draftOf(tableId) { return drafts()[tableId] || null; }
function saveDraft(tableId, d) {
  var all = drafts();
  if (d) all[tableId] = d; else delete all[tableId];
  localStorage.setItem(DRAFT_KEY, JSON.stringify(all));
}

// ---------- screens and the modal ----------
var SCREENS = ['pair', 'signin', 'floor', 'order', 'bill'];
function show(id, title) {
  S.screen = id;
  SCREENS.forEach(function (s) { $(s).hidden = s !== id; });
  var inApp = id === 'floor' || id === 'order' || id === 'bill';
  $('top').hidden = !inApp; $('back').hidden = id === 'floor';
  $('title').textContent = title || '';
  $('back').textContent = id === 'bill' ? '\u2039 Order' : '\u2039 Floor';
}
$('back').addEventListener('click', function () { if (S.screen === 'bill') openTable(S.table.id); else showFloor(); });
function modal(kids) { var box = clear($('modal-box')); kids.forEach(function (k) { if (k) box.appendChild(k); }); $('modal').hidden = false; }
function closeModal() { $('modal').hidden = true; clear($('modal-box')); }
`;
