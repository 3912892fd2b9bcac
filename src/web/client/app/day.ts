/**
 * Waiter app, back office: close the day. The X figures at a glance (GET /reports/x), the Z
 * (POST /reports/z) with what blocks it — open orders listed, each one tap from its table — X
 * print and Z reprint, and the past Zs. The Z's Idempotency-Key is made once per tap and kept
 * until the box answers, so a retry after a lost answer returns the same Z and a double tap
 * (the button is disabled while the first tap is in flight) closes once.
 */
import { $, clear, h, ApiError } from '../shared/dom.js';
import type { XReportViewT, ZReportViewT, ZCloseResultT } from '../../../reports/schemas.js';
import { S, money, toast, uuid, type Order } from './state.js';
import { api } from './api.js';
import { show } from './screens.js';
import { loadFloor } from './floor.js';
import { openTable } from './order.js';
import { when } from './office.js';

type DayFigures = XReportViewT['totals'];

const METHOD: Record<string, string> = { card: 'Card', cash: 'Cash', voucher: 'Voucher', other: 'Other' };
/** The key of the Z tap whose answer has not come back yet (reused by the next tap after a lost answer). */
let zKey: string | null = null;
/** The open orders last read, to name the table and balance of those a refused Z lists. */
let lastOpen: OpenRef[] = [];

$('open-day').addEventListener('click', () => showDay());

export function showDay(): void {
  show('day', 'Day');
  $('z-blocked').hidden = true;
  void loadDay();
}

async function loadDay(): Promise<void> {
  const fig = $('day-figures');
  if (!fig.firstChild) fig.appendChild(h('p', { class: 'loading', text: 'Loading the day…' }));
  try {
    const [x, zs, open] = await Promise.all([
      api<XReportViewT>('GET', '/reports/x'),
      api<ZReportViewT[]>('GET', '/reports/z?limit=30'),
      api<Order[]>('GET', '/orders?status=open&limit=500'),
    ]);
    if (S.screen !== 'day') return;
    renderFigures(x.body);
    lastOpen = open.body.map((o) => ({ id: o.id, number: o.number, tableId: o.tableId, balance: o.totals.balance }));
    renderOpen(lastOpen);
    renderZs(zs.body);
    void loadSync();
  } catch (e) {
    if (S.screen === 'day') clear(fig).appendChild(h('p', { class: 'error', text: (e as ApiError).message }));
  }
}

function figure(label: string, value: string, id?: string): HTMLElement {
  return h('div', { class: 'fig', 'data-fig': id ?? null }, [h('span', { text: label }), h('strong', { text: value })]);
}

function renderFigures(x: XReportViewT): void {
  const t: DayFigures = x.totals;
  const pays = t.payments.length
    ? t.payments.map((p) => figure(`${METHOD[p.method] ?? p.method} (${p.count})`, money(p.amount), `pay-${p.method}`))
    : [figure('Payments', 'none yet')];
  clear($('day-figures')).append(
    h('p', { class: 'hint', text: `Business day ${x.businessDay}, figures at ${when(x.generatedAt)} (X report).` }),
    h('div', { class: 'fig-grid' }, [
      figure('Sales (total)', money(t.total), 'total'), figure('Net of tax', money(t.net), 'net'), figure('Orders', String(t.orders), 'orders'),
      figure('Covers', String(t.covers)), figure('Tips', money(t.tips)),
      figure(`Still open (${x.openOrders.count})`, money(x.openOrders.balance), 'open'),
      ...pays,
      t.refunds.count ? figure(`Refunds (${t.refunds.count})`, money(t.refunds.amount)) : null,
      t.voids.count ? figure(`Voids (${t.voids.count})`, money(t.voids.amount)) : null,
    ].filter((x): x is HTMLElement => !!x)),
  );
}

interface OpenRef { id: string; number: number; tableId?: string | null; balance?: number }

function renderOpen(orders: OpenRef[], into = $('day-open')): void {
  clear(into);
  if (!orders.length) { into.appendChild(h('p', { class: 'hint', text: 'No open orders: the day can be closed.' })); return; }
  for (const o of orders) {
    const label = `Order #${o.number}${o.tableId && S.tables[o.tableId] ? ` · ${S.tables[o.tableId]?.label}` : ''}${o.balance !== undefined ? ` · ${money(o.balance)} to pay` : ''}`;
    into.appendChild(h('button', { type: 'button', class: 'office-row', 'data-open-order': o.number, onclick: () => void goToOrder(o.id) },
      [h('span', { text: label }), h('span', { class: 'go', text: 'Open \u203a' })]));
  }
}

/** Opens the order on its table, as the waiter would (an order with no table cannot be opened here). */
async function goToOrder(id: string): Promise<void> {
  try {
    const o = (await api<Order>('GET', `/orders/${id}`)).body;
    if (!o.tableId) { toast(`Order #${o.number} has no table: settle it from the till or cancel it.`); return; }
    await loadFloor();
    openTable(o.tableId);
  } catch (e) { toast((e as ApiError).message); }
}

/** The push to the cloud, in a sentence (GET /sync/status): is it set up, reachable, how far behind. */
interface SyncPush { configured: boolean; lastSuccessAt: number | null; queueDepth: number; oldestUnsentAt: number | null; behind: boolean; lastError: string | null }

async function loadSync(): Promise<void> {
  const line = $('day-sync');
  try {
    const s = (await api<SyncPush>('GET', '/sync/status')).body;
    if (S.screen !== 'day') return;
    line.className = `hint${s.behind || s.lastError ? ' sync-bad' : ''}`;
    line.textContent = !s.configured ? 'Cloud sync: not set up on this box (the day still closes here).'
      : s.queueDepth === 0 ? `Cloud sync: up to date${s.lastSuccessAt ? `, last sent ${when(s.lastSuccessAt)}` : ''}.`
      : `Cloud sync: ${s.queueDepth} change(s) waiting${s.oldestUnsentAt ? ` since ${when(s.oldestUnsentAt)}` : ''}${s.lastError ? ` (the cloud cannot be reached: ${s.lastError})` : ''}. Nothing is lost; they go when it answers.`;
  } catch { line.textContent = ''; }
}

function renderZs(zs: ZReportViewT[]): void {
  const list = clear($('z-list'));
  if (!zs.length) { list.appendChild(h('p', { class: 'hint', text: 'No Z report yet.' })); return; }
  for (const z of zs) {
    list.appendChild(h('div', { class: 'office-row', 'data-z': z.number }, [
      h('span', { text: `Z #${z.number} · ${z.businessDay} · ${money(z.totals.total)} · closed ${when(z.closedAt)}` }),
      h('button', { type: 'button', 'data-reprint': z.number, text: 'Reprint', onclick: () => print(`/reports/z/${z.number}/print`, `Z #${z.number} reprint`) }),
    ]));
  }
}

function print(path: string, what: string): void {
  api('POST', path).then(() => toast(`${what} sent to the receipt printer.`), (e: ApiError) => toast(
    e.code === 'NO_PRINTER' ? 'No receipt printer is set up for reports.' : e.message));
}

$('print-x').addEventListener('click', () => print('/reports/x/print', 'The X report'));

$('close-z').addEventListener('click', () => {
  const button = $<HTMLButtonElement>('close-z');
  if (button.disabled) return;
  button.disabled = true;
  zKey ??= uuid();
  const blocked = $('z-blocked');
  api<ZCloseResultT>('POST', '/reports/z', undefined, { headers: { 'idempotency-key': zKey } }).then((r) => {
    zKey = null;
    blocked.hidden = false; blocked.className = 'z-done';
    clear(blocked).appendChild(h('p', { text: `Z #${r.body.number} closed business day ${r.body.businessDay}: ${money(r.body.totals.total)}.${r.body.printJobId ? ' It is printing.' : ''}` }));
    void loadDay();
  }, (e: ApiError) => {
    if (e.code !== 'OFFLINE') zKey = null;
    blocked.hidden = false; blocked.className = 'error';
    clear(blocked).appendChild(h('p', { text: zRefusal(e) }));
    if (e.code === 'DAY_HAS_OPEN_ORDERS') {
      const orders = (e.details as { orders?: OpenRef[] } | undefined)?.orders ?? [];
      const list = h('div', { class: 'office-list', id: 'z-blockers' });
      renderOpen(orders.map((o) => lastOpen.find((k) => k.id === o.id) ?? o), list);
      blocked.appendChild(list);
    }
  }).finally(() => { button.disabled = false; });
});

/** The box's refusal in plain words. */
function zRefusal(e: ApiError): string {
  if (e.code === 'DAY_HAS_OPEN_ORDERS') return 'The day cannot close yet: these orders are still open. Settle or cancel each one, then close the day again.';
  if (e.code === 'DAY_NOT_STARTED') return `Nothing to close yet. ${e.message}`;
  if (e.code === 'OFFLINE') return 'The box cannot be reached. Tap again when it is back: the day will close once.';
  return e.message;
}
