/**
 * Waiter app: what a table's card on the floor says — how long the guests have been seated, who
 * serves them, how much is on the bill, and where each course stands — and where it sits on the
 * area's layout.
 */
import { h } from '../shared/dom.js';
import { money, type Order, type Table } from './state.js';

/** The state of each course of an order, in course order: "C1 served · C2 fired · C3 held". */
export function courseStates(order: Order): string {
  const byCourse = new Map<number, string[]>();
  for (const l of order.lines) if (l.state !== 'voided') byCourse.set(l.course, [...(byCourse.get(l.course) ?? []), l.state]);
  return [...byCourse.keys()].sort((a, b) => a - b).map((c) => {
    const s = byCourse.get(c) ?? [];
    const state = s.every((x) => x === 'served') ? 'served' : s.some((x) => x === 'held') ? (s.some((x) => x !== 'held') ? 'part fired' : 'held')
      : s.every((x) => x === 'ready' || x === 'served') ? 'ready' : 'fired';
    return `C${c} ${state}`;
  }).join(' \u00B7 ');
}

/** "5 min", "1 h 20" — time seated, from the order's creation on the box. */
export function seatedFor(since: number, now: number): string {
  const min = Math.max(0, Math.floor((now - since) / 60_000));
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')}`;
}

export function tableCard(t: Table, order: Order | null, server: string | null, unsent: boolean, onclick: () => void): HTMLButtonElement {
  const facts = order
    ? [h('small', { class: 'facts', 'data-fact': 'seated', text: `${seatedFor(order.createdAt, Date.now())} \u00B7 ${order.guestCount} guests` }),
      server ? h('small', { class: 'facts', 'data-fact': 'server', text: server }) : null,
      h('small', { class: 'facts amount', 'data-fact': 'amount', text: money(order.totals.total) }),
      order.lines.length ? h('small', { class: 'facts', 'data-fact': 'courses', text: courseStates(order) }) : null]
    : [h('small', { text: `${t.status} \u00B7 ${t.capacity} seats` })];
  return h('button', { type: 'button', class: 'table', 'data-table': t.label, 'data-status': t.status, onclick }, [
    h('span', { class: 'label', text: t.label }), ...facts,
    unsent ? h('small', { class: 'state unsent', text: 'not sent' }) : null]);
}

/**
 * Places the cards as the tables stand on the area's layout (PUT /tables/layout), scaled to the
 * screen; false when the layout cannot be shown (tables never placed, so they overlap, a screen
 * too narrow for it, or cards that would cover each other at this scale), and the floor falls back to a grid.
 */
export function placeOnLayout(grid: HTMLElement, tables: Table[], cards: HTMLElement[]): boolean {
  const width = grid.clientWidth;
  if (width < 700 || tables.length === 0) return false;
  const overlaps = tables.some((a, i) => tables.slice(i + 1).some((b) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height));
  if (overlaps) return false;
  // The scale that keeps every card (at least 180 × 120 px, to stay readable) inside the screen's width and,
  // where it can, inside the visible height.
  const height = Math.max(300, (grid.parentElement?.clientHeight ?? 600) - grid.offsetTop - 10);
  const fit = (room: number, min: number, pos: (t: Table) => number, size: (t: Table) => number): number =>
    Math.min(...tables.map((t) => Math.min(pos(t) > 0 ? (room - min) / pos(t) : Infinity, room / Math.max(pos(t) + size(t), 1))));
  const scale = Math.max(0.2, Math.min(3, fit(width, 180, (t) => t.x, (t) => t.width), fit(height, 120, (t) => t.y, (t) => t.height)));
  // Cards keep a readable size, so tables close together on a wide plan could cover each other at
  // this scale: then the grid, where nothing is covered.
  const boxes = tables.map((t) => ({ x: t.x * scale, y: t.y * scale, w: Math.max(180, t.width * scale), h: Math.max(120, t.height * scale) }));
  if (boxes.some((a, i) => boxes.slice(i + 1).some((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h))) return false;
  const bottom = Math.max(...tables.map((t) => t.y * scale + Math.max(120, t.height * scale)));
  grid.classList.add('layout');
  grid.style.height = `${Math.ceil(bottom)}px`;
  tables.forEach((t, i) => {
    const card = cards[i];
    if (!card) return;
    card.style.left = `${Math.round(t.x * scale)}px`;
    card.style.top = `${Math.round(t.y * scale)}px`;
    card.style.width = `${Math.max(180, Math.round(t.width * scale))}px`;
    card.style.minHeight = `${Math.max(120, Math.round(t.height * scale))}px`;
  });
  return true;
}
