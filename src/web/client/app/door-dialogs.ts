/**
 * The door's dialogs: a new booking (party, date, a time from GET /reservations/availability — the
 * same answer the phone and the online booking get — name, phone, notes), a walk-in added to the
 * waitlist, and the table picker for seating. Creates carry a client-made id made when the dialog
 * opens, so a double tap or a retry books once; the box's refusal shows in the dialog.
 */
import { h, clear, ApiError } from '../shared/dom.js';
import type { Availability } from '../../../reservations/availability.js';
import { byLabel, toast, uuid, type Table } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { today } from './door-time.js';

function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, [h('span', { text: label }), control]);
}

export function bookingDialog(done: () => void): void {
  const id = uuid();
  const party = h('input', { type: 'number', min: '1', max: '100', value: '2', name: 'party' });
  const date = h('input', { type: 'date', value: today(), name: 'date' });
  const name = h('input', { name: 'name', autocomplete: 'off' });
  const phone = h('input', { name: 'phone', type: 'tel' });
  const notes = h('input', { name: 'notes' });
  const slots = h('div', { class: 'slots', 'aria-label': 'Times free' });
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  let chosen: number | null = null;
  const findTimes = async () => {
    chosen = null;
    clear(slots).appendChild(h('span', { class: 'hint', text: 'Looking…' }));
    try {
      const a = (await api<Availability>('GET', `/reservations/availability?date=${date.value}&party=${Number(party.value) || 0}`)).body;
      clear(slots);
      if (a.slots.length === 0) slots.appendChild(h('span', { class: 'hint', text: a.closed === 'party_too_large' ? 'No tables here seat that many.' : 'Nothing free that day.' }));
      for (const s of a.slots) {
        const b = h('button', { type: 'button', text: s.time, title: s.tableLabels.join(' + ') });
        b.addEventListener('click', () => { chosen = s.startsAt; for (const x of slots.querySelectorAll('button')) x.classList.toggle('on', x === b); });
        slots.appendChild(b);
      }
    } catch (e) { clear(slots).appendChild(h('span', { class: 'error', text: (e as ApiError).message })); }
  };
  party.addEventListener('change', () => void findTimes());
  date.addEventListener('change', () => void findTimes());
  const book = h('button', { type: 'button', class: 'primary', text: 'Book' });
  book.addEventListener('click', () => {
    if (chosen === null) { problem.textContent = 'Pick a time.'; problem.hidden = false; return; }
    book.disabled = true;
    api('POST', '/reservations', { id, partySize: Number(party.value), startsAt: chosen, name: name.value, phone: phone.value || null, notes: notes.value || null, source: 'phone' })
      .then(() => { closeModal(); toast(`Booked: ${name.value}.`); done(); }, (e: ApiError) => { problem.textContent = e.message; problem.hidden = false; })
      .finally(() => { book.disabled = false; });
  });
  modal([h('h2', { text: 'New booking' }), field('Guests', party), field('Date', date), slots, field('Name', name), field('Phone', phone), field('Notes', notes), problem,
    h('div', { class: 'office-actions' }, [book, h('button', { type: 'button', class: 'ghost', text: 'Close', onclick: () => closeModal() })])]);
  void findTimes();
}

export function waitlistDialog(done: () => void): void {
  const id = uuid();
  const party = h('input', { type: 'number', min: '1', max: '100', value: '2', name: 'party' });
  const name = h('input', { name: 'name', autocomplete: 'off' });
  const phone = h('input', { name: 'phone', type: 'tel' });
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  const add = h('button', { type: 'button', class: 'primary', text: 'Add to waitlist' });
  add.addEventListener('click', () => {
    add.disabled = true;
    api<{ quotedMinutes: number }>('POST', '/waitlist', { id, partySize: Number(party.value), name: name.value, phone: phone.value })
      .then((r) => { closeModal(); toast(`${name.value}: about ${r.body.quotedMinutes} min.`); done(); }, (e: ApiError) => { problem.textContent = e.message; problem.hidden = false; })
      .finally(() => { add.disabled = false; });
  });
  modal([h('h2', { text: 'Add a walk-in to the waitlist' }), field('Guests', party), field('Name', name), field('Phone (we call them when the table is ready)', phone), problem,
    h('div', { class: 'office-actions' }, [add, h('button', { type: 'button', class: 'ghost', text: 'Close', onclick: () => closeModal() })])]);
}

/** The free tables that seat the party, smallest first: one tap seats them there. */
export function pickTable(partySize: number, tables: Table[], seat: (tableIds: string[]) => void): void {
  const free = tables.filter((t) => t.status !== 'occupied' && t.capacity >= partySize).sort((a, b) => a.capacity - b.capacity || byLabel(a, b));
  const buttons = free.map((t) => h('button', { type: 'button', 'data-table': t.id, text: `${t.label} (${t.capacity})`, onclick: () => { closeModal(); seat([t.id]); } }));
  modal([h('h2', { text: `Seat ${partySize} at…` }), buttons.length ? h('div', { class: 'slots' }, buttons) : h('p', { class: 'hint', text: 'No free table seats them now.' }),
    h('button', { type: 'button', class: 'ghost', text: 'Close', onclick: () => closeModal() })]);
}
