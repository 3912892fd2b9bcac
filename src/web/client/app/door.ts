/**
 * Waiter app: the host's door (issue 20). Bookings arriving today (check in, seat in one tap —
 * which opens the table for the waiter with the guest count — late, no-show), the waitlist with
 * each party's live estimate (seat at the likely table in one tap, table ready, left), the floor
 * with who is due next, and the evening's timeline by table. Events on the `reservations` topic
 * only trigger a fresh read, so a missed one never leaves a wrong picture.
 */
import { $, clear, h, ApiError } from '../shared/dom.js';
import type { ReservationView } from '../../../reservations/schemas.js';
import type { WaitlistEntryView } from '../../../reservations/waitlist-schemas.js';
import { S, toast, uuid, byLabel, type Table } from './state.js';
import { api } from './api.js';
import { show } from './screens.js';
import { renderTimeline } from './door-timeline.js';
import { hhmm, minutesUntil, today } from './door-time.js';
import { bookingDialog, pickTable, waitlistDialog } from './door-dialogs.js';

let bookings: ReservationView[] = [];
let waiting: WaitlistEntryView[] = [];
let tables: Table[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
/** The order id of a seat tap still in flight, per party: a double tap or a retry opens one order. */
const seatKeys = new Map<string, string>();

$('open-door').addEventListener('click', () => showDoor());
$('door-book').addEventListener('click', () => bookingDialog(() => void loadDoor()));
$('door-walkin').addEventListener('click', () => waitlistDialog(() => void loadDoor()));

export function showDoor(): void {
  show('door', 'Door');
  void loadDoor();
}

/** Live news: anything at the door or on the floor re-reads the door (many events, one read). */
export function onDoorNews(type: string, data?: Record<string, unknown>): void {
  if (S.screen !== 'door') return;
  // A guest cancelled online (issue 20): the host hears it by name, not only by the row leaving.
  if (type === 'reservation.cancelled' && data?.by === 'guest') toast(`${String(data.name ?? 'A guest')} cancelled online (${String(data.time ?? '')}).`);
  if (/^(reservation|waitlist|table|order|payment)\.|^(reservation_confirmed|table_ready|estimated_wait_time|customer_checked_in|welcome)$/.test(type)) {
    clearTimeout(timer); timer = setTimeout(() => void loadDoor(), 150);
  }
}

export async function loadDoor(): Promise<void> {
  const date = today();
  $('door-date').textContent = `Today ${date}`;
  try {
    const [b, w, t] = await Promise.all([
      api<{ reservations: ReservationView[] }>('GET', `/reservations?date=${date}`),
      api<{ waitlist: WaitlistEntryView[] }>('GET', '/waitlist'),
      api<Table[]>('GET', '/tables'),
    ]);
    if (S.screen !== 'door') return;
    bookings = b.body.reservations; waiting = w.body.waitlist; tables = t.body.filter((x) => x.status !== 'inactive');
    render();
  } catch (e) {
    if (S.screen === 'door') toast((e as ApiError).message);
  }
}

function render(): void {
  renderArrivals();
  renderWaitlist();
  renderFloor();
  renderTimeline($('door-timeline'), tables, bookings);
}

const labelsOf = (ids: string[]): string => ids.map((id) => tables.find((t) => t.id === id)?.label ?? '?').join(' + ');

function act(button: HTMLButtonElement, run: () => Promise<unknown>, done: string): void {
  button.disabled = true;
  run().then(() => { toast(done); void loadDoor(); }, (e: ApiError) => { toast(e.message); void loadDoor(); }).finally(() => { button.disabled = false; });
}

function seatBooking(b: ReservationView, button: HTMLButtonElement, tableIds?: string[]): void {
  const orderId = seatKeys.get(b.id) ?? uuid();
  seatKeys.set(b.id, orderId);
  act(button, () => api('POST', `/reservations/${b.id}/seat`, { orderId, ...(tableIds ? { tableIds } : {}) }).then((r) => { seatKeys.delete(b.id); return r; }),
    `${b.name} seated at ${labelsOf(tableIds ?? b.tableIds)}: the table is open for the waiter.`);
}

function renderArrivals(): void {
  const list = clear($('door-arrivals'));
  const due = bookings.filter((b) => b.status === 'booked' || b.status === 'confirmed' || b.status === 'arrived');
  if (due.length === 0) list.appendChild(h('p', { class: 'hint', text: 'No one else is booked today.' }));
  for (const b of due) {
    const setStatus = (status: string, done: string) => (ev: Event) => act(ev.currentTarget as HTMLButtonElement,
      () => api('POST', `/reservations/${b.id}/status`, { status, expectedVersion: b.version }), done);
    const badge = b.status === 'arrived' ? h('span', { class: 'badge here', text: 'Here' })
      : b.lateMinutes > 0 ? h('span', { class: 'badge late', text: `${b.lateMinutes} min late` }) : null;
    const seat = h('button', { type: 'button', class: 'primary', 'data-action': 'seat', text: b.tableIds.length ? `Seat at ${labelsOf(b.tableIds)}` : 'Seat…' });
    seat.addEventListener('click', () => (b.tableIds.length ? seatBooking(b, seat) : pickTable(b.partySize, tables, (ids) => seatBooking(b, seat, ids))));
    list.appendChild(h('div', { class: `door-row ${b.status}${b.lateMinutes > 0 ? ' late' : ''}`, 'data-reservation': b.id }, [
      h('div', { class: 'door-who' }, [h('strong', { text: `${b.time} · ${b.name}` }), badge,
        h('small', { text: [`${b.partySize} guests`, b.tableIds.length ? labelsOf(b.tableIds) : 'no table yet', b.source === 'online' ? 'booked online' : null, b.occasion, b.notes, b.phone].filter(Boolean).join(' · ') })]),
      b.status !== 'arrived' ? h('button', { type: 'button', 'data-action': 'arrived', text: 'Arrived', onclick: setStatus('arrived', `${b.name} is here.`) }) : null,
      seat,
      b.status !== 'arrived' && b.lateMinutes > 0 ? h('button', { type: 'button', class: 'danger', 'data-action': 'no-show', text: 'No-show', onclick: setStatus('no_show', `${b.name}: no-show.`) }) : null,
      h('button', { type: 'button', class: 'ghost', 'data-action': 'cancel', text: 'Cancel', onclick: setStatus('cancelled', `${b.name}: cancelled.`) }),
    ]));
  }
}

function renderWaitlist(): void {
  const list = clear($('door-waitlist'));
  if (waiting.length === 0) list.appendChild(h('p', { class: 'hint', text: 'Nobody is waiting.' }));
  for (const w of waiting) {
    const likely = w.likelyTableIds ?? [];
    const seat = h('button', { type: 'button', class: 'primary', 'data-action': 'seat', text: likely.length ? `Seat at ${labelsOf(likely)}` : 'Seat…' });
    const seatAt = (ids: string[]) => {
      const orderId = seatKeys.get(w.id) ?? uuid();
      seatKeys.set(w.id, orderId);
      act(seat, () => api('POST', `/waitlist/${w.id}/seat`, { orderId, tableIds: ids }).then((r) => { seatKeys.delete(w.id); return r; }), `${w.name} seated at ${labelsOf(ids)}.`);
    };
    seat.addEventListener('click', () => (likely.length && w.estimatedMinutes === 0 ? seatAt(likely) : pickTable(w.partySize, tables, seatAt)));
    const wait = w.estimatedMinutes === 0 ? 'Table free now' : `~${w.estimatedMinutes} min`;
    list.appendChild(h('div', { class: `door-row ${w.status}`, 'data-waiting': w.id }, [
      h('div', { class: 'door-who' }, [h('strong', { text: `${w.name} · ${w.partySize}` }), h('span', { class: 'badge wait', 'data-estimate': String(w.estimatedMinutes), text: wait }),
        h('small', { text: [`quoted ${w.quotedMinutes} min at ${hhmm(w.addedAt)}`, w.phone, w.status === 'notified' ? 'told their table is ready' : null, w.notes].filter(Boolean).join(' · ') })]),
      seat,
      w.status === 'waiting' ? h('button', { type: 'button', 'data-action': 'ready', text: 'Table ready',
        onclick: (ev: Event) => act(ev.currentTarget as HTMLButtonElement, () => api('POST', `/waitlist/${w.id}/notify`, likely.length ? { tableIds: likely } : {}), `${w.name}: told their table is ready.`) }) : null,
      h('button', { type: 'button', class: 'ghost', 'data-action': 'left', text: 'Left',
        onclick: (ev: Event) => act(ev.currentTarget as HTMLButtonElement, () => api('POST', `/waitlist/${w.id}/leave`, { status: 'left' }), `${w.name} left the list.`) }),
    ]));
  }
}

function renderFloor(): void {
  const floor = clear($('door-floor'));
  for (const t of [...tables].sort(byLabel)) {
    const next = bookings.filter((b) => b.tableIds.includes(t.id) && (b.status === 'booked' || b.status === 'confirmed' || b.status === 'arrived'))
      .sort((a, b) => a.startsAt - b.startsAt)[0];
    const soon = next && minutesUntil(next.startsAt) <= 30;
    const busy = t.status === 'occupied';
    floor.appendChild(h('div', { class: `door-table${busy ? ' occupied' : ''}${soon ? ' soon' : ''}`, 'data-table': t.id }, [
      h('strong', { text: t.label }), h('small', { text: `${t.capacity} seats · ${busy ? 'seated' : 'free'}` }),
      next ? h('small', { text: `Next ${next.time} ${next.name} (${next.partySize})${next.lateMinutes > 0 ? ` · ${next.lateMinutes} min late` : ''}` }) : null,
    ]));
  }
}
