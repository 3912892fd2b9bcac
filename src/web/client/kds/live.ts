/**
 * Kitchen display: the live connection. Tickets are loaded over HTTP, then kept current by the
 * /ws socket (hello → welcome → ticket.created / ticket.updated). Every ticket is stored by id and
 * replaced only by a fresher copy, so a replay after a reconnect can never show a ticket twice. A
 * silent socket is treated as dead: a stale kitchen screen is the worst failure.
 */
import { ApiError } from '../shared/dom.js';
import { S, api, hooks, toast, type Ticket } from './state.js';
import { cancelNotice, type DeliveryCancelled } from '../shared/delivery-cancel.js';
import { render, renderAllDay, renderBanner, type AllDayItem } from './render.js';

let ws: WebSocket | null = null;
let welcomed = false, resumeAsked = false, lastHeard = 0, lastPing = 0, retryMs = 500;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let buffered: Ticket[] | null = null;
let fetchGen = 0, viewGen = 0, needFetch = true;
let allDayTimer: ReturnType<typeof setTimeout> | undefined;
const PING_MS = 2000, SILENT_MS = 4000;

const topics = (): string[] => (S.expo ? ['kitchen'] : [`kitchen:${S.station}`]);

// Within one version a ticket's lines only move forward (fired → ready → served, or voided); a
// recall or a bump of the whole ticket raises the version. So (version, progress) orders copies.
const RANK: Record<string, number> = { fired: 0, ready: 1, served: 2, voided: 3 };
const progress = (t: Ticket): number => (t.lines ?? []).reduce((a, l) => a + (RANK[l.state] ?? 0), 0);

/** Keeps the fresher of the ticket held and the one given. */
export function upsert(t: Ticket | null | undefined): void {
  if (!t || typeof t.id !== 'string') return;
  const old = S.tickets[t.id];
  if (old && (old.version > t.version || (old.version === t.version && progress(old) > progress(t)))) return;
  S.tickets[t.id] = t;
}

export function startLive(): void {
  S.live = true; needFetch = true;
  refetch();
  connect();
}

export function stopLive(): void {
  S.live = false; fetchGen++; viewGen++; buffered = null;
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  drop();
  S.online = false; S.downSince = null; renderBanner();
}

function drop(): void {
  const sock = ws; ws = null;
  if (!sock) return;
  sock.onopen = sock.onmessage = sock.onclose = sock.onerror = null;
  try { sock.close(); } catch { /* already closed */ }
}

function connect(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  if (!S.live) return;
  let sock: WebSocket;
  try { sock = new WebSocket(`${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/ws`); } catch { lost(); return; }
  ws = sock; welcomed = false; lastHeard = Date.now(); lastPing = Date.now();
  sock.onopen = () => {
    const hello: Record<string, unknown> = { type: 'hello', token: S.token, topics: topics() };
    resumeAsked = S.lastSeq !== null;
    if (resumeAsked) { hello.lastSeq = S.lastSeq; if (S.epoch !== null) hello.epoch = S.epoch; }
    sock.send(JSON.stringify(hello));
  };
  sock.onmessage = (ev: MessageEvent) => {
    if (ws !== sock) return;
    lastHeard = Date.now();
    let m: unknown;
    try { m = JSON.parse(String(ev.data)); } catch { return; }
    if (m && typeof m === 'object') onMessage(m as LiveMessage);
  };
  sock.onclose = () => { if (ws === sock) lost(); };
}

/** The socket closed or went silent: say so at once, then try again with backoff (0.5 s → 5 s). */
function lost(): void {
  drop();
  if (!S.live) return;
  if (S.downSince === null) S.downSince = Date.now();
  S.online = false; renderBanner();
  if (!retryTimer) { retryTimer = setTimeout(connect, retryMs); retryMs = Math.min(retryMs * 2, 5000); }
}

function seen(seq: unknown): void {
  if (typeof seq === 'number') S.lastSeq = S.lastSeq === null ? seq : Math.max(S.lastSeq, seq);
}

interface LiveMessage { type: string; seq?: number; data?: Record<string, unknown> }

function onMessage(m: LiveMessage): void {
  const d = m.data ?? {};
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
      if (d.code === 'UNAUTHENTICATED') { hooks.unpaired(); return; }
      // A refused hello or topic means this screen would silently miss tickets: show it as disconnected.
      if (!welcomed || d.topic !== undefined) { toast(`The box refused this screen: ${String(d.message ?? d.code)}`); lost(); }
      return;
    case 'ticket.created':
    case 'ticket.updated':
      seen(m.seq);
      if (buffered) buffered.push(d as unknown as Ticket);
      else { upsert(d as unknown as Ticket); changed(); }
      return;
    case 'delivery.cancelled':
      // The VOID tickets arrive on their own; this says why, on screens that hear the whole kitchen.
      seen(m.seq);
      toast(cancelNotice(d as DeliveryCancelled));
      return;
    default:
      seen(m.seq);
  }
}

/** Heartbeat: a ping every 2 s; nothing heard for 4 s means the box is gone, even if TCP says nothing. */
setInterval(() => {
  if (!S.live || !ws) return;
  const now = Date.now();
  if (ws.readyState === WebSocket.OPEN && now - lastPing >= PING_MS) {
    lastPing = now;
    try { ws.send('{"type":"ping"}'); } catch { /* onclose follows */ }
  }
  if (now - lastHeard > SILENT_MS) lost();
}, 250);

/**
 * Loads this view's tickets over HTTP and replaces what the screen holds. Socket messages that
 * arrive meanwhile are held and applied after, so nothing that happened during the load is lost.
 */
function refetch(): void {
  const gen = ++fetchGen;
  if (!buffered) buffered = [];
  const base = `/kitchen/tickets?${S.expo ? '' : `station=${encodeURIComponent(S.station ?? '')}&`}`;
  // Bumped tickets are only for Recall and for expo's "which stations are done": a failure there is not fatal.
  const bumped = api<Ticket[]>('GET', `${base}status=bumped&limit=200`).catch((): Ticket[] => []);
  Promise.all([api<Ticket[]>('GET', `${base}status=open&limit=500`), bumped]).then(([open, done]) => {
    if (gen !== fetchGen) return;
    const next: Record<string, Ticket> = {};
    for (const t of done.concat(open)) next[t.id] = t;
    S.tickets = next;
    needFetch = false;
    flush();
  }, (e: ApiError) => {
    if (gen !== fetchGen) return;
    needFetch = true;
    flush();
    if (e.code !== 'UNAUTHENTICATED' && e.code !== 'OFFLINE') toast(`Could not load the tickets: ${e.message}`);
  });
}

function flush(): void {
  const held = buffered ?? []; buffered = null;
  held.forEach(upsert);
  changed();
}

/** Something changed: draw again, and ask for the all-day counts (coalesced, one request at a time). */
export function changed(): void {
  render();
  clearTimeout(allDayTimer);
  allDayTimer = setTimeout(loadAllDay, 150);
}

function loadAllDay(): void {
  if (!S.live) return;
  const gen = viewGen;
  api<AllDayItem[]>('GET', `/kitchen/all-day${S.expo ? '' : `?station=${encodeURIComponent(S.station ?? '')}`}`)
    .then((items) => { if (gen === viewGen) renderAllDay(items); }, () => { /* shown greyed while offline */ });
}
