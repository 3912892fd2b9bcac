/**
 * Waiter app: the guest of an order (issue 18). A bar above the ticket names the attached guest,
 * their allergies and, when blocked, why; a tap on an attached guest opens their card
 * (guest-card.ts), otherwise one dialog to find a guest by phone or name, or to make a new one in
 * the same flow, and attach them. A new guest gets their id here (UUIDv7),
 * so a double tap or a retry after a Wi-Fi drop makes one guest, not two.
 */
import { $, clear, h, type ApiError } from '../shared/dom.js';
import { S, toast, uuid } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { openGuestCard, type CardHooks } from './guest-card.js';
import type { Guest, OrderGuest } from './guest-types.js';
import { renderLoyalty } from './loyalty.js';

/** The guest of each order as the box last said (null: none). */
const byOrder = new Map<string, Guest | null>();
const asking = new Set<string>();

/** Redraws the guest bar for the order on screen; asks the box once per order. */
export function renderGuest(): void {
  const bar = $('guest');
  const orderId = S.order?.id ?? null;
  clear(bar);
  if (!orderId) { bar.appendChild(h('span', { class: 'hint', text: 'Guest: send the order first, then add who it is for.' })); return; }
  if (!byOrder.has(orderId)) { void load(orderId); bar.appendChild(h('span', { class: 'hint', text: 'Guest…' })); return; }
  const guest = byOrder.get(orderId) ?? null;
  const open = () => (guest ? void openGuestCard(guest.id, cardHooks(orderId)) : findDialog(orderId));
  bar.appendChild(h('button', { type: 'button', id: 'guest-open', class: 'guest-name', onclick: open, text: guest ? guest.name : '+ Guest' }));
  if (guest?.allergies) bar.appendChild(h('span', { class: 'allergy', 'data-allergy': guest.allergies, text: `Allergy: ${guest.allergies}` }));
  if (guest?.blockedReason) bar.appendChild(h('span', { class: 'blocked', text: `Blocked: ${guest.blockedReason}` }));
  if (guest) renderLoyalty(bar, guest.id);
}

/** What the card may do to this order's guest: change them, show their corrected record, attach another. */
function cardHooks(orderId: string): CardHooks {
  return {
    change: () => findDialog(orderId),
    updated: (g) => { byOrder.set(orderId, g); if (S.order?.id === orderId) renderGuest(); },
    attachId: async (customerId) => {
      const found = (await api<Guest & { blocked: { reason: string } | null }>('GET', `/customers/${customerId}`).catch(() => null))?.body;
      if (found) await attach(orderId, { ...found, blockedReason: found.blocked?.reason ?? null });
    },
  };
}

async function load(orderId: string): Promise<void> {
  if (asking.has(orderId)) return;
  asking.add(orderId);
  try {
    byOrder.set(orderId, (await api<OrderGuest>('GET', `/orders/${orderId}/customer`)).body.customer);
  } catch { /* offline: the bar stays as it was */ } finally { asking.delete(orderId); }
  if (S.order?.id === orderId) renderGuest();
}

function hitRow(g: Guest, orderId: string): HTMLElement {
  return h('button', { type: 'button', class: 'guest-hit', 'data-guest': g.name, onclick: () => void attach(orderId, g) }, [
    h('span', { text: g.name }), h('span', { class: 'meta', text: g.phone ?? g.email ?? '' }),
    g.allergies ? h('span', { class: 'allergy', text: `Allergy: ${g.allergies}` }) : null,
    g.blockedReason ? h('span', { class: 'blocked', text: `Blocked: ${g.blockedReason}` }) : null]);
}

/** Find by phone or name; or fill in a new guest with what was typed and create + attach. */
function findDialog(orderId: string): void {
  const q = h('input', { id: 'guest-q', type: 'search', placeholder: 'Phone or name', 'aria-label': 'Phone or name', autocomplete: 'off', maxlength: 80 });
  const list = h('div', { class: 'guest-hits', id: 'guest-hits' });
  const prompt = h('p', { class: 'prompt', role: 'alert' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  q.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = q.value.trim(), mine = ++latest;
      if (text.length < 2) { clear(list); return; }
      try {
        const hits = (await api<{ customers: Guest[] }>('GET', `/customers?q=${encodeURIComponent(text)}`)).body.customers;
        if (mine !== latest) return;
        clear(list);
        for (const g of hits) list.appendChild(hitRow(g, orderId));
        if (!hits.length) list.appendChild(h('p', { class: 'hint', text: 'No guest found: add them below.' }));
      } catch (e) { prompt.textContent = (e as ApiError).message; }
    }, 150);
  });
  const current = byOrder.get(orderId) ?? null;
  modal([h('h2', { text: 'Guest' }), q, list, h('button', { type: 'button', id: 'guest-new', onclick: () => newDialog(orderId, q.value.trim()), text: '+ New guest' }), prompt,
    h('div', { class: 'modal-actions' }, [
      current ? h('button', { type: 'button', id: 'guest-detach', onclick: () => void detach(orderId), text: `Remove ${current.name}` }) : null,
      h('button', { type: 'button', onclick: closeModal, text: 'Close' })])]);
}

function newDialog(orderId: string, typed: string): void {
  const digits = /^[+\d\s().-]+$/.test(typed);
  const field = (id: string, label: string, value = '', max = 120) => h('input', { id, placeholder: label, 'aria-label': label, value, maxlength: max });
  const name = field('guest-name', 'Name', digits ? '' : typed);
  const phone = field('guest-phone', 'Phone', digits ? typed : '', 40);
  const allergies = field('guest-allergies', 'Allergies (shown to the kitchen)', '', 500);
  const prompt = h('p', { class: 'prompt', role: 'alert' });
  const id = uuid();
  const save = h('button', { type: 'button', id: 'guest-save', class: 'primary', text: 'Add and attach', onclick: async () => {
    save.disabled = true;
    try {
      const body = { id, name: name.value.trim(), phone: phone.value.trim() || null, allergies: allergies.value.trim() || null };
      const created = (await api<Guest & { blocked: { reason: string } | null }>('POST', '/customers', body)).body;
      await attach(orderId, { ...created, blockedReason: created.blocked?.reason ?? null });
    } catch (e) {
      const err = e as ApiError;
      const details = Array.isArray(err.details) ? (err.details as Array<{ message: string }>).map((d) => d.message).join(' ') : '';
      prompt.textContent = err.code === 'CUSTOMER_DUPLICATE' ? `${err.message} Search for them instead.` : details || err.message;
      save.disabled = false;
    }
  } });
  modal([h('h2', { text: 'New guest' }), name, phone, allergies, prompt,
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', onclick: () => findDialog(orderId), text: 'Back' }), save])]);
}

async function attach(orderId: string, g: Guest): Promise<void> {
  try {
    const r = await api<OrderGuest>('PUT', `/orders/${orderId}/customer`, { customerId: g.id });
    byOrder.set(orderId, r.body.customer);
    closeModal();
    if (g.blockedReason) toast(`${g.name} is blocked: ${g.blockedReason}`);
    renderGuest();
  } catch (e) { toast((e as ApiError).message); }
}

async function detach(orderId: string): Promise<void> {
  try {
    await api<OrderGuest>('DELETE', `/orders/${orderId}/customer`);
    byOrder.set(orderId, null);
    closeModal();
    renderGuest();
  } catch (e) { toast((e as ApiError).message); }
}
