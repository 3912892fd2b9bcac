/**
 * Kitchen display, part 2 of 3: the live connection. Tickets are loaded over HTTP, then kept
 * current by the /ws socket (hello → welcome → ticket.created / ticket.updated). Every ticket is
 * stored by id and replaced only by a fresher copy, so a replay after a reconnect can never show a
 * ticket twice. A silent socket is treated as dead: a stale kitchen screen is the worst failure.
 */
export const KDS_LIVE = String.raw`
var ws = null, welcomed = false, resumeAsked = false, lastHeard = 0, lastPing = 0, retryMs = 500, retryTimer = null;
var buffered = null, fetchGen = 0, viewGen = 0, needFetch = true, allDayTimer = null;
var PING_MS = 2000, SILENT_MS = 4000;

function topics() { return S.expo ? ['kitchen'] : ['kitchen:' + S.station]; }

// Within one version a ticket's lines only move forward (fired → ready → served, or voided); a
// recall or a bump of the whole ticket raises the version. So (version, progress) orders copies.
var RANK = { fired: 0, ready: 1, served: 2, voided: 3 };
function progress(t) { return (t.lines || []).reduce(function (a, l) { return a + (RANK[l.state] || 0); }, 0); }
function upsert(t) {
  if (!t || typeof t.id !== 'string') return;
  var old = S.tickets[t.id];
  if (old && (old.version > t.version || (old.version === t.version && progress(old) > progress(t)))) return;
  S.tickets[t.id] = t;
}

function startLive() {
  S.live = true; needFetch = true;
  refetch();
  connect();
}

function stopLive() {
  S.live = false; fetchGen++; viewGen++; buffered = null;
  clearTimeout(retryTimer); retryTimer = null;
  drop();
  S.online = false; S.downSince = null; renderBanner();
}

function drop() {
  var sock = ws; ws = null;
  if (!sock) return;
  sock.onopen = sock.onmessage = sock.onclose = sock.onerror = null;
  try { sock.close(); } catch (e) { /* already closed */ }
}

function connect() {
  clearTimeout(retryTimer); retryTimer = null;
  if (!S.live) return;
  var sock;
  try { sock = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws'); }
  catch (e) { lost(); return; }
  ws = sock; welcomed = false; lastHeard = Date.now(); lastPing = Date.now();
  sock.onopen = function () {
    var hello = { type: 'hello', token: S.token, topics: topics() };
    resumeAsked = S.lastSeq !== null;
    if (resumeAsked) { hello.lastSeq = S.lastSeq; if (S.epoch !== null) hello.epoch = S.epoch; }
    sock.send(JSON.stringify(hello));
  };
  sock.onmessage = function (ev) {
    if (ws !== sock) return;
    lastHeard = Date.now();
    var m; try { m = JSON.parse(ev.data); } catch (e) { return; }
    if (m && typeof m === 'object') onMessage(m);
  };
  sock.onclose = function () { if (ws === sock) lost(); };
}

/** The socket closed or went silent: say so at once, then try again with backoff (0.5 s → 5 s). */
function lost() {
  drop();
  if (!S.live) return;
  if (S.downSince === null) S.downSince = Date.now();
  S.online = false; renderBanner();
  if (!retryTimer) { retryTimer = setTimeout(connect, retryMs); retryMs = Math.min(retryMs * 2, 5000); }
}

function seen(seq) { if (typeof seq === 'number') S.lastSeq = S.lastSeq === null ? seq : Math.max(S.lastSeq, seq); }

function onMessage(m) {
  var d = m.data || {};
  switch (m.type) {
    case 'welcome':
      welcomed = true; retryMs = 500;
      S.online = true; S.downSince = null; renderBanner();
      S.welcomeSeq = typeof d.seq === 'number' ? d.seq : null;
      if (d.epoch !== undefined) S.epoch = d.epoch;
      // A fresh hello (or a hub whose counter is behind ours) means what we hold may be stale: load it all.
      if (!resumeAsked || (S.welcomeSeq !== null && S.lastSeq !== null && S.welcomeSeq < S.lastSeq)) {
        S.lastSeq = S.welcomeSeq; refetch();
      } else if (needFetch) refetch();
      return;
    case 'reload':
      S.lastSeq = S.welcomeSeq;
      refetch();
      return;
    case 'pong':
      return;
    case 'error':
      if (d.code === 'UNAUTHENTICATED') { unpaired(); return; }
      // A refused hello or topic means this screen would silently miss tickets: show it as disconnected.
      if (!welcomed || d.topic !== undefined) { toast('The box refused this screen: ' + (d.message || d.code)); lost(); }
      return;
    case 'ticket.created':
    case 'ticket.updated':
      seen(m.seq);
      if (buffered) buffered.push(d);
      else { upsert(d); changed(); }
      return;
    default:
      seen(m.seq);
  }
}

/** Heartbeat: a ping every 2 s; nothing heard for 4 s means the box is gone, even if TCP says nothing. */
setInterval(function () {
  if (!S.live || !ws) return;
  var now = Date.now();
  if (ws.readyState === 1 && now - lastPing >= PING_MS) {
    lastPing = now;
    try { ws.send('{"type":"ping"}'); } catch (e) { /* onclose follows */ }
  }
  if (now - lastHeard > SILENT_MS) lost();
}, 250);

/**
 * Loads this view's tickets over HTTP and replaces what the screen holds. Socket messages that
 * arrive meanwhile are held and applied after, so nothing that happened during the load is lost.
 */
function refetch() {
  var gen = ++fetchGen;
  if (!buffered) buffered = [];
  var base = '/kitchen/tickets?' + (S.expo ? '' : 'station=' + encodeURIComponent(S.station) + '&');
  // Bumped tickets are only for Recall and for expo's "which stations are done": a failure there is not fatal.
  var bumped = api('GET', base + 'status=bumped&limit=200').catch(function () { return []; });
  Promise.all([api('GET', base + 'status=open&limit=500'), bumped]).then(function (res) {
    if (gen !== fetchGen) return;
    var next = {};
    res[1].concat(res[0]).forEach(function (t) { next[t.id] = t; });
    S.tickets = next;
    needFetch = false;
    flush();
  }, function (e) {
    if (gen !== fetchGen) return;
    needFetch = true;
    flush();
    if (e.code !== 'UNAUTHENTICATED' && e.code !== 'OFFLINE') toast('Could not load the tickets: ' + e.message);
  });
}
function flush() {
  var held = buffered || []; buffered = null;
  held.forEach(upsert);
  changed();
}

/** Something changed: draw again, and ask for the all-day counts (coalesced, one request at a time). */
function changed() {
  render();
  clearTimeout(allDayTimer);
  allDayTimer = setTimeout(loadAllDay, 150);
}
function loadAllDay() {
  if (!S.live) return;
  var gen = viewGen;
  api('GET', '/kitchen/all-day' + (S.expo ? '' : '?station=' + encodeURIComponent(S.station)))
    .then(function (items) { if (gen === viewGen) renderAllDay(items); }, function () { /* shown greyed while offline */ });
}
`;
