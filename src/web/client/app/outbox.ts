/**
 * Waiter app: the IndexedDB outbox of sends not yet acknowledged by the box, and the online pill.
 * A send is written to IndexedDB before anything goes on the wire, with the ids that make the box's
 * answer idempotent (client order and line ids, Idempotency-Key for payments), so a resend after a
 * drop or a reload can never create a second order, line, fire or payment.
 */
import { $, h, type ApiError } from '../shared/dom.js';
import { S, uuid, type NewEntry, type OutboxEntry } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { refused, renderTicket, sent } from './ticket.js';
import { refreshOrder } from './order.js';
import { outboxChanged } from './bill.js';

let dbp: Promise<IDBDatabase> | null = null;
function idb(): Promise<IDBDatabase> {
  dbp ??= new Promise((ok, fail) => {
    const req = indexedDB.open('brigade-app', 1);
    req.onupgradeneeded = () => { req.result.createObjectStore('outbox', { keyPath: 'id' }); };
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
  return dbp;
}

async function idbDo<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await idb();
  return new Promise((ok, fail) => {
    const tx = db.transaction('outbox', mode);
    const out = fn(tx.objectStore('outbox'));
    tx.oncomplete = () => ok(out ? out.result : undefined);
    tx.onerror = () => fail(tx.error);
  });
}

export async function loadOutbox(): Promise<void> {
  const all = (await idbDo<OutboxEntry[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>)) ?? [];
  S.outbox = all.sort((a, b) => a.n - b.n);
  renderPending();
}

/** Queues a send: on disk first, then on the wire. */
export function enqueue(fields: NewEntry): Promise<void> {
  const entry: OutboxEntry = { ...fields, id: uuid(), n: Date.now() * 1000 + (S.outbox.length % 1000), tries: 0 };
  S.outbox.push(entry); renderPending();
  return idbDo('readwrite', (s) => { s.put(entry); }).then(drain);
}

function dequeue(entry: OutboxEntry): Promise<unknown> {
  S.outbox = S.outbox.filter((e) => e.id !== entry.id); renderPending();
  return idbDo('readwrite', (s) => { s.delete(entry.id); });
}

let draining = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
/** Sends the queue in order, one at a time; stops at the first unreachable send and retries in 2 s. */
export async function drain(): Promise<void> {
  if (draining || !S.session) return;
  const next = S.outbox[0];
  if (!next) return;
  draining = true;
  const headers: Record<string, string> = next.key ? { 'idempotency-key': next.key } : {};
  let body: unknown;
  try {
    body = (await api<unknown>(next.method, next.path, next.body, { headers })).body;
  } catch (e) {
    draining = false;
    const err = e as ApiError;
    if (err.code === 'OFFLINE' || err.status >= 500 || err.code === 'UNAUTHENTICATED') {
      clearTimeout(retryTimer); retryTimer = setTimeout(() => void drain(), 2000); return;
    }
    // The box refused it for good (a rule, not the network): never loop on it; say why, and
    // refused lines go back on the ticket as new, so nothing typed is lost.
    await dequeue(next);
    await dropFiresOf(next);
    refused(next, err); void refreshOrder();
    return drain();
  }
  draining = false;
  await dequeue(next);
  sent(next, body);
  return drain();
}

/** Refused lines never reached the box: a fire queued for exactly those lines could only fail after them. */
async function dropFiresOf(entry: OutboxEntry): Promise<void> {
  const view = entry.view;
  if (entry.kind !== 'lines' || !view) return;
  for (const e of S.outbox.filter((x) => x.kind === 'fire' && x.orderId === entry.orderId)) {
    const ids = (e.body as { lineIds?: string[] }).lineIds;
    if (ids && ids.every((id) => view[id] !== undefined)) await dequeue(e);
  }
}

export function setOnline(on: boolean): void {
  if (S.online === on) return;
  S.online = on; renderPending();
  if (on) void drain();
}

export function renderPending(): void {
  const net = $('net'), p = $('pending'), n = S.outbox.length;
  net.textContent = S.online ? 'Online' : 'Offline'; net.className = `pill ${S.online ? 'ok' : 'down'}`;
  p.hidden = n === 0; p.textContent = `${n} not sent`;
  if (S.screen === 'order') renderTicket();
  outboxChanged();
}

$('pending').addEventListener('click', () => {
  modal([h('h2', { text: 'Waiting to be sent' }),
    h('p', { text: S.online ? 'Sending…' : 'The box cannot be reached. These are kept on this tablet and sent in this order when it is back.' }),
    h('ol', {}, S.outbox.map((e) => h('li', { text: e.label }))),
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', class: 'primary', onclick: closeModal, text: 'OK' })])]);
});
