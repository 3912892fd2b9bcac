/**
 * Waiter app: the live socket (tables, orders, "ready" from the kitchen). Events only trigger a
 * fresh read of what they touch, so a missed or repeated event can never leave a wrong picture.
 */
import { $, h } from '../shared/dom.js';
import { S } from './state.js';
import { drain, setOnline } from './outbox.js';
import { signedOut, loadMenu } from './auth.js';
import { loadFloor } from './floor.js';
import { reloadEditor } from './menu-edit-data.js';
import { openTable, refreshOrder } from './order.js';
import { isDoorStaff, isManager } from './office.js';
import { onDoorNews } from './door.js';
import { onStockNews } from './stock.js';
import { guestRequestsSoon, onGuestAlert } from './guest-requests.js';
import { cancelNotice, type DeliveryCancelled } from '../shared/delivery-cancel.js';

let ws: WebSocket | null = null;
let wsRetry = 500, lastHeard = 0, live = false;
let wsTimer: ReturnType<typeof setTimeout> | undefined;
let floorTimer: ReturnType<typeof setTimeout> | undefined;
let orderTimer: ReturnType<typeof setTimeout> | undefined;

export function startLive(): void { live = true; connect(); }

export function stopLive(): void {
  live = false; clearTimeout(wsTimer);
  if (ws) { const s = ws; ws = null; s.onclose = null; try { s.close(); } catch { /* closed */ } }
}

function connect(): void {
  clearTimeout(wsTimer);
  if (!live || !S.session) return;
  let sock: WebSocket;
  try { sock = new WebSocket(`${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/ws`); } catch { lostLive(); return; }
  ws = sock; lastHeard = Date.now();
  sock.onopen = () => { sock.send(JSON.stringify({ type: 'hello', token: S.session, topics: ['tables', 'orders', 'menu', ...(isManager() ? ['stock', 'alerts'] : []), ...(isDoorStaff() ? ['reservations'] : [])] })); };
  sock.onmessage = (ev: MessageEvent) => {
    if (ws !== sock) return;
    lastHeard = Date.now();
    let m: unknown;
    try { m = JSON.parse(String(ev.data)); } catch { return; }
    if (m && typeof m === 'object') onLive(m as LiveMessage);
  };
  sock.onclose = () => { if (ws === sock) lostLive(); };
}

function lostLive(): void {
  ws = null; setOnline(false);
  if (live) { wsTimer = setTimeout(connect, wsRetry); wsRetry = Math.min(wsRetry * 2, 4000); }
}

setInterval(() => {
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  if (Date.now() - lastHeard > 6000) {
    const s = ws; ws = null; s.onclose = null;
    try { s.close(); } catch { /* closed */ }
    lostLive(); return;
  }
  try { ws.send('{"type":"ping"}'); } catch { /* onclose follows */ }
}, 2500);

interface LiveMessage { type: string; data?: Record<string, unknown> }
/** What "order.ready" carries. */
export interface ReadyEvent { orderId: string; staffId?: string; tableId?: string; tableLabel?: string; number?: number; station?: string; lineIds?: string[] }

function onLive(m: LiveMessage): void {
  const d = m.data ?? {};
  const type = typeof m.type === 'string' ? m.type : '';
  // Managers' stock news (and a fresh read of the alerts on each (re)connect: what was missed is re-read).
  if (type.startsWith('stock.') || (type === 'welcome' && isManager())) onStockNews(type, d);
  if (type === 'welcome') {
    // Connected (again): whatever happened meanwhile is read afresh, and the queue goes out.
    wsRetry = 500; setOnline(true); soon('floor'); soon('order'); guestRequestsSoon(); void drain(); return;
  }
  if (type === 'error' && d.code === 'UNAUTHENTICATED') { signedOut(); return; }
  if (type === 'reload') { soon('floor'); soon('order'); return; }
  // "Ready" is for the waiter who owns the order, or whoever has that table open on this tablet.
  if (type === 'order.ready' && ((S.me && d.staffId === S.me.id) || (S.order && S.order.id === d.orderId))) readyNotice(d as unknown as ReadyEvent);
  if (type === 'guest.request') guestRequestsSoon();
  if (type === 'guest.alert') onGuestAlert(d);
  if (type === 'delivery.cancelled') cancelledNotice(d as DeliveryCancelled);
  if (type.startsWith('table.')) soon('floor');
  const orderish = type.startsWith('order.') || type.startsWith('payment.');
  if (orderish && S.order && (d.orderId === S.order.id || d.id === S.order.id)) soon('order');
  if (orderish) soon('floor');
  if (type.startsWith('menu.')) void loadMenu();
  onDoorNews(type, d);
  // The menu editor follows changes made on other tablets (its own edits are versioned, so a stale one is refused, never lost).
  if (type.startsWith('menu.') && S.screen === 'menuedit') void reloadEditor();
}

/** Many events in a burst become one read. */
export function soon(what: 'floor' | 'order'): void {
  if (what === 'floor') { clearTimeout(floorTimer); floorTimer = setTimeout(() => { if (S.session) void loadFloor(); }, 150); }
  else { clearTimeout(orderTimer); orderTimer = setTimeout(() => void refreshOrder(), 150); }
}

/** A platform cancelled an order: stays on screen, with the ready notices, until someone taps it. */
function cancelledNotice(d: DeliveryCancelled): void {
  const list = $('ready');
  const b = h('button', { type: 'button', class: 'cancelled', text: cancelNotice(d), onclick: () => { list.removeChild(b); } });
  list.appendChild(b);
  if (navigator.vibrate) try { navigator.vibrate([200, 100, 200]); } catch { /* not allowed */ }
}

/** "Ready" from the kitchen: stays on screen until the waiter taps it (opens the table). */
function readyNotice(d: ReadyEvent): void {
  const list = $('ready');
  // Same dish on several lines counts once: "6× Soda", not six "1× Soda".
  const counts = new Map<string, number>();
  if (S.order && S.order.id === d.orderId) {
    for (const l of S.order.lines) if ((d.lineIds ?? []).includes(l.id)) counts.set(l.name, (counts.get(l.name) ?? 0) + l.quantity);
  }
  const names = [...counts].map(([name, n]) => `${n}\u00D7 ${name}`);
  const text = `READY \u2014 ${d.tableLabel ? `Table ${d.tableLabel}` : `Order #${d.number}`} (${d.station})${names.length ? `: ${names.join(', ')}` : ''}`;
  const b = h('button', { type: 'button', 'data-order': d.orderId, text, onclick: () => {
    list.removeChild(b);
    if (d.tableId) openTable(d.tableId);
  } });
  list.appendChild(b);
  if (navigator.vibrate) try { navigator.vibrate(200); } catch { /* not allowed */ }
}
