/**
 * Kitchen display: drawing. A station shows its open tickets as cards in fire order; expo shows
 * one card per order with each station's state. Ages tick every second without redrawing the cards.
 */
import { $, h } from '../shared/dom.js';
import { S, boxNow, hhmmss, lastBumped, mine, mmss, type Ticket, type TicketLine } from './state.js';
import { bumpLine, bumpTicket } from './actions.js';

export interface AllDayItem { itemId: string; name: string; quantity: number }

const byFire = (a: Ticket, b: Ticket): number =>
  a.firedAt - b.firedAt || a.orderNumber - b.orderNumber || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function renderBanner(): void {
  const down = S.live && S.downSince !== null;
  $('banner').hidden = !down;
  document.body.classList.toggle('offline', down);
  if (down && S.downSince !== null) $('banner-since').textContent = `since ${hhmmss(new Date(S.downSince))} — reconnecting…`;
}

export function render(): void {
  if ($('board').hidden) return;
  const box = $('tickets');
  box.textContent = '';
  const cards = S.expo
    ? expoOrders().map(expoCard)
    : Object.values(S.tickets).filter((t) => t.status === 'open' && mine(t)).sort(byFire).map(ticketCard);
  const n = cards.length;
  $('open-count').textContent = `${n}${S.expo ? (n === 1 ? ' order' : ' orders') : (n === 1 ? ' ticket' : ' tickets')}`;
  if (n === 0) box.appendChild(h('p', { class: 'empty', text: 'No open tickets. All clear.' }));
  for (const c of cards) box.appendChild(c);
  $<HTMLButtonElement>('recall').disabled = !lastBumped();
  tick();
}

function head(num: number, tableLabel: string | null, sub: string, platform: string | null = null): HTMLElement {
  return h('header', { class: 't-head' }, [
    h('div', { class: 't-num', text: `#${num}` }),
    h('div', { class: 't-meta' }, [
      h('span', { class: 't-table', text: tableLabel ? `Table ${tableLabel}` : platform ? 'Delivery' : 'No table' }),
      h('span', { class: 't-sub', text: sub })]),
    h('div', { class: 't-age', text: '00:00' })]);
}

function ticketCard(t: Ticket): HTMLElement {
  const isVoid = t.kind === 'void';
  const sub = [t.serverName, t.course === null ? 'mixed courses' : `course ${t.course}`].filter(Boolean).join(' · ');
  const badge = t.kind === 'add' ? h('div', { class: 'badge add', text: 'ADD' }) : isVoid ? h('div', { class: 'badge void', text: 'VOID' }) : null;
  // A delivery platform's order says so on its card (issue 21): the rider is waiting on it, not a table.
  const platform = t.platform ? h('div', { class: 'badge platform', 'data-platform': t.platform, text: t.platform }) : null;
  return h('article', { class: `ticket kind-${t.kind}`, 'data-ticket': t.id, 'data-order': t.orderNumber, 'data-fired': t.firedAt }, [
    head(t.orderNumber, t.tableLabel, sub, t.platform),
    platform,
    badge,
    h('ol', { class: 't-lines' }, t.lines.map((l) => lineItem(t, l))),
    h('div', { class: 't-foot' }, [
      h('button', { type: 'button', class: 'bump', onclick: () => bumpTicket(t), text: isVoid ? 'Clear VOID' : 'Bump ticket' })])]);
}

function lineItem(t: Ticket, l: TicketLine): HTMLElement {
  const done = l.state === 'ready' || l.state === 'served';
  const voided = l.state === 'voided' || t.kind === 'void';
  const facts: string[] = [];
  if (l.seat !== null) facts.push(`Seat ${l.seat}`);
  if (t.course === null) facts.push(`Course ${l.course}`);
  const details = facts.length || l.options.length || l.notes ? h('div', { class: 'details' }, [
    facts.length ? h('div', { class: 'seat', text: facts.join(' · ') }) : null,
    l.options.length ? h('ul', {}, l.options.map((o) => h('li', { text: o }))) : null,
    l.notes ? h('p', { class: 'note', text: l.notes }) : null]) : null;
  return h('li', { class: `line${done ? ' done' : ''}${voided ? ' voided' : ''}`, 'data-line': l.lineId, 'data-state': l.state }, [
    h('button', { type: 'button', class: 'line-btn', disabled: done || voided, onclick: () => bumpLine(t, l),
      'aria-label': `${done ? 'Ready: ' : voided ? 'Voided: ' : 'Bump '}${l.quantity} ${l.name}` }, [
      h('span', { class: 'qty', text: `${l.quantity}×` }),
      h('span', { class: 'name', text: l.name }),
      done ? h('span', { class: 'tick', text: '✓' }) : null]),
    details]);
}

interface ExpoOrder { first: Ticket; firedAt: number; stations: Array<{ name: string; tickets: Ticket[] }> }

/** Orders with an open ticket anywhere, oldest first, with each station's tickets. */
function expoOrders(): ExpoOrder[] {
  const byOrder: Record<string, Ticket[]> = {};
  for (const t of Object.values(S.tickets)) (byOrder[t.orderId] ??= []).push(t);
  const out: ExpoOrder[] = [];
  for (const ts of Object.values(byOrder)) {
    const open = ts.sort(byFire).filter((t) => t.status === 'open');
    const first = ts[0];
    if (!first || !open[0]) continue;
    const stations: Record<string, Ticket[]> = {};
    for (const t of ts) (stations[t.station] ??= []).push(t);
    out.push({ first, firedAt: open[0].firedAt, stations: Object.keys(stations).sort().map((s) => ({ name: s, tickets: stations[s] ?? [] })) });
  }
  return out.sort((a, b) => a.firedAt - b.firedAt || a.first.orderNumber - b.first.orderNumber);
}

function expoCard(o: ExpoOrder): HTMLElement {
  const t = o.first;
  const done = o.stations.filter((s) => s.tickets.every((x) => x.status === 'bumped')).length;
  return h('article', { class: 'ticket expo-order', 'data-order': t.orderNumber, 'data-fired': o.firedAt }, [
    head(t.orderNumber, t.tableLabel, t.serverName ?? '', t.platform),
    h('div', {}, o.stations.map(stationRow)),
    h('div', { class: `expo-sum${done === o.stations.length ? ' all' : ''}`, text: `${done} of ${o.stations.length} stations done` })]);
}

function stationRow(s: { name: string; tickets: Ticket[] }): HTMLElement {
  const open = s.tickets.filter((x) => x.status === 'open');
  const voids = open.filter((x) => x.kind === 'void');
  let left = 0;
  const items: string[] = [];
  for (const x of open) {
    if (x.kind === 'void') continue;
    for (const l of x.lines) if (l.state === 'fired') { left += l.quantity; items.push(`${l.quantity}× ${l.name}`); }
  }
  const state = open.length === 0 ? 'done' : voids.length && left === 0 ? 'void' : 'pending';
  const label = state === 'done' ? '✓ DONE' : state === 'void' ? 'VOID to clear' : `${left} to go`;
  return h('div', { class: 'st', 'data-station': s.name, 'data-state': state }, [
    h('div', { class: `st-row ${state}` }, [h('span', { class: 'st-name', text: s.name }), h('span', { class: 'st-state', text: label })]),
    items.length ? h('div', { class: 'st-items', text: items.join(', ') }) : null]);
}

export function renderAllDay(items: AllDayItem[] | null): void {
  const list = $('allday-list');
  list.textContent = '';
  if (!items || items.length === 0) { list.appendChild(h('li', { text: 'Nothing cooking' })); return; }
  items.slice().sort((a, b) => b.quantity - a.quantity || (a.name < b.name ? -1 : 1)).forEach((i) => {
    list.appendChild(h('li', { 'data-item': i.itemId }, [h('span', { class: 'n', text: String(i.quantity) }), h('span', { text: i.name })]));
  });
}

/** Every second: ages, age colours, the clock. */
export function tick(): void {
  const now = boxNow();
  document.querySelectorAll<HTMLElement>('[data-fired]').forEach((el) => {
    const age = Math.max(0, now - Number(el.getAttribute('data-fired')));
    const a = el.querySelector('.t-age');
    if (a) a.textContent = mmss(age);
    el.classList.toggle('warn', age >= S.warnMs && age < S.lateMs);
    el.classList.toggle('late', age >= S.lateMs);
  });
  $('clock').textContent = hhmmss(new Date(now));
}
