/**
 * The host's timeline of the evening: one row per table, each booking a block from its time to
 * its end (booked, arrived, seated, late), a line at now. Read-only: the lists above act.
 */
import { clear, h } from '../shared/dom.js';
import type { ReservationView } from '../../../reservations/schemas.js';
import { byLabel, type Table } from './state.js';
import { hhmm } from './door-time.js';

const HOUR = 3_600_000;

export function renderTimeline(host: HTMLElement, tables: Table[], bookings: ReservationView[]): void {
  const now = Date.now();
  const live = bookings.filter((b) => b.status !== 'cancelled' && b.status !== 'no_show');
  const first = Math.min(now - HOUR, ...live.map((b) => b.startsAt));
  const last = Math.max(now + 3 * HOUR, ...live.map((b) => b.endsAt));
  const from = Math.floor(first / HOUR) * HOUR;
  const to = Math.min(Math.ceil(last / HOUR) * HOUR, from + 16 * HOUR);
  const pct = (ms: number) => `${(Math.max(0, Math.min(1, (ms - from) / (to - from))) * 100).toFixed(2)}%`;
  const hours = h('div', { class: 'tl-hours' });
  for (let t = from; t <= to; t += HOUR) hours.appendChild(h('span', { style: `left:${pct(t)}`, text: hhmm(t) }));
  const inner = h('div', { class: 'tl-inner' }, [hours]);
  for (const table of [...tables].sort(byLabel)) {
    const row = h('div', { class: 'tl-row', 'data-table': table.id }, [h('span', { class: 'tl-label', text: table.label })]);
    for (const b of live.filter((x) => x.tableIds.includes(table.id))) {
      const late = b.lateMinutes > 0 ? ' late' : '';
      row.appendChild(h('div', {
        class: `tl-block ${b.status}${late}`, style: `left:${pct(b.startsAt)};width:calc(${pct(b.endsAt)} - ${pct(b.startsAt)})`,
        title: `${hhmm(b.startsAt)}–${hhmm(b.endsAt)} ${b.name} (${b.partySize})`, text: `${hhmm(b.startsAt)} ${b.name} · ${b.partySize}`,
      }));
    }
    if (now >= from && now <= to) row.appendChild(h('div', { class: 'tl-now', style: `left:${pct(now)}` }));
    inner.appendChild(row);
  }
  clear(host).appendChild(inner);
}
