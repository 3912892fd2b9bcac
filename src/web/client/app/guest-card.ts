/**
 * Waiter app: the card of the guest attached to an order (issue 18), one tap from the guest bar.
 * Who they are and how to serve them: allergies and "blocked: why" first, then visits, spend, last
 * visit, favourite items, notes, tags, marketing consent and, once the loyalty programme sends it,
 * tier and points. From here a waiter corrects the record (guest-edit.ts), a manager blocks or
 * unblocks (a waiter may ask with a manager's PIN, approval.ts), or the guest is changed.
 */
import { h, type ApiError, type Kid } from '../shared/dom.js';
import { money, toast } from './state.js';
import { api } from './api.js';
import { online } from './approval.js';
import { closeModal, modal } from './screens.js';
import { guestRefusal } from './guest-refusals.js';
import { editDialog } from './guest-edit.js';
import { hitOf, type Guest, type GuestDetail } from './guest-types.js';

/** What the card asks of the guest bar: show another guest, take an updated one, attach another id. */
export interface CardHooks {
  change(): void;
  updated(guest: Guest): void;
  attachId(customerId: string): Promise<void>;
}

const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }));

function stat(label: string, value: string, id: string): HTMLElement {
  return h('div', { class: 'guest-stat', id }, [h('span', { class: 'label', text: label }), h('strong', { text: value })]);
}

function row(label: string, value: Kid): HTMLElement | null {
  return value ? h('div', { class: 'guest-row' }, [h('span', { class: 'label', text: label }), typeof value === 'string' ? h('span', { text: value }) : value]) : null;
}

function consentText(c: GuestDetail['marketingConsent']): string {
  if (!c.given) return c.at ? `No (withdrawn ${day(c.at)})` : 'Not given';
  return `Yes, since ${day(c.at)}${c.source ? ` (${c.source})` : ''}`;
}

/** Asks the box for the guest and opens their card; a failure is said in a toast and the bar stays. */
export async function openGuestCard(customerId: string, hooks: CardHooks): Promise<void> {
  try {
    const detail = (await api<GuestDetail>('GET', `/customers/${customerId}`)).body;
    hooks.updated(hitOf(detail));
    showCard(detail, hooks);
  } catch (e) { toast(guestRefusal(e as ApiError)); }
}

function showCard(g: GuestDetail, hooks: CardHooks): void {
  const { history: hist, loyalty } = g;
  const alerts = h('div', { class: 'guest-alerts' }, [
    g.erased ? h('span', { class: 'blocked', text: 'Erased at their request: no personal data is kept.' }) : null,
    g.blocked ? h('span', { class: 'blocked', id: 'card-blocked', text: `Blocked: ${g.blocked.reason}${g.blocked.at ? ` (since ${day(g.blocked.at)})` : ''}` }) : null,
    g.allergies ? h('span', { class: 'allergy', text: `Allergy: ${g.allergies}` }) : null]);
  const stats = h('div', { class: 'guest-stats' }, [
    stat('Visits', String(hist.visits), 'card-visits'), stat('Spend', money(hist.spend), 'card-spend'), stat('Last visit', day(hist.lastVisitAt), 'card-last'),
    loyalty ? stat(loyalty.tier, `${loyalty.points.toLocaleString()} pts${loyalty.pendingPoints ? ` (+${loyalty.pendingPoints.toLocaleString()} pending)` : ''}`, 'card-loyalty') : null]);
  const favourites = hist.favouriteItems.length
    ? h('ol', { class: 'guest-favourites', id: 'card-favourites' }, hist.favouriteItems.map((f) => h('li', { text: `${f.name} × ${f.quantity}` })))
    : null;
  const tags = g.tags.length ? h('span', { class: 'guest-tags' }, g.tags.map((t) => h('span', { class: 'tag', text: t }))) : null;
  const contact = [g.phone, g.email].filter(Boolean).join(' · ');
  modal([
    h('div', { class: 'guest-card', id: 'guest-card' }, [
      h('h2', { text: g.name }),
      contact ? h('p', { class: 'meta', text: contact }) : null,
      alerts, stats,
      row('Favourites', favourites),
      row('Notes', g.notes), row('Tags', tags),
      row('Birthday', g.birthday),
      row('Marketing', g.erased ? null : consentText(g.marketingConsent)),
    ]),
    h('div', { class: 'modal-actions sticky-actions' }, [
      h('button', { type: 'button', id: 'guest-change', onclick: hooks.change, text: 'Change guest' }),
      g.erased ? null : h('button', { type: 'button', id: 'guest-block', onclick: () => blockDialog(g, hooks), text: g.blocked ? 'Unblock…' : 'Block…' }),
      g.erased ? null : h('button', { type: 'button', id: 'guest-edit', onclick: () => editDialog(g, { ...hooks, reopen: (d) => showCard(d, hooks) }), text: 'Edit' }),
      h('button', { type: 'button', id: 'guest-card-close', class: 'primary', onclick: closeModal, text: 'Close' })]),
  ]);
}

/**
 * Block (with the reason the waiter will see) or unblock. A manager's decision on the box: a
 * waiter's try comes back MANAGER_APPROVAL_REQUIRED and `online` asks a manager for their PIN.
 */
function blockDialog(g: GuestDetail, hooks: CardHooks): void {
  const back = () => void openGuestCard(g.id, hooks);
  const reason = g.blocked ? null : h('input', { id: 'block-reason', placeholder: 'Why (the staff will see it)', 'aria-label': 'Reason', maxlength: 200 });
  const prompt = h('p', { class: 'prompt', role: 'alert' });
  const go = h('button', { type: 'button', id: 'block-save', class: g.blocked ? 'primary' : 'danger', text: g.blocked ? `Unblock ${g.name}` : `Block ${g.name}`, onclick: async () => {
    const why = reason?.value.trim() ?? null;
    if (reason && !why) { prompt.textContent = 'Say why: the staff will see it when they serve this guest.'; return; }
    go.disabled = true;
    const done = await online<GuestDetail>('PATCH', `/customers/${g.id}`, { blockedReason: why, expectedVersion: g.version }, g.blocked ? `Unblock ${g.name}?` : `Block ${g.name}: ${why}`);
    // The manager's PIN dialog replaced this one: back to the card either way, which shows what is true now.
    if (done) toast(g.blocked ? `${g.name} is unblocked.` : `${g.name} is blocked.`);
    back();
  } });
  modal([h('h2', { text: g.blocked ? `Unblock ${g.name}?` : `Block ${g.name}` }),
    h('p', { text: g.blocked ? `Blocked because: ${g.blocked.reason}` : 'A blocked guest cannot order through the online channels, and every waiter sees why.' }),
    reason,
    h('div', { class: 'modal-actions sticky-actions' }, [prompt, h('button', { type: 'button', onclick: back, text: 'Back' }), go])], back);
}
