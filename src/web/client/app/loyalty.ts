/**
 * Waiter app: the guest's loyalty (issue 18). In the guest bar, the tier and points the box knows
 * (pending points included); on the bill, "Redeem points" lists the programme's rewards and redeems
 * one as a `loyalty` payment (one Idempotency-Key per tap, so a double tap redeems once).
 */
import { $, h, type ApiError } from '../shared/dom.js';
import { S, toast, uuid } from './state.js';
import { api } from './api.js';
import { closeModal, modal } from './screens.js';
import { online } from './approval.js';

interface Loyalty { points: number; tier: string; pendingPoints: number }
interface Reward { id: string; name: string; points: number }

/** Appends "TIER · N pts" to the guest bar once the box answers (nothing when no programme reached the box, or offline). */
export function renderLoyalty(bar: HTMLElement, customerId: string): void {
  const chip = h('span', { class: 'loyalty', id: 'guest-loyalty' });
  bar.appendChild(chip);
  api<{ loyalty: Loyalty | null }>('GET', `/customers/${customerId}`).then((r) => {
    const l = r.body.loyalty;
    if (!l) { chip.remove(); return; }
    chip.textContent = `${l.tier} \u00B7 ${l.points} pts${l.pendingPoints ? ' (not yet confirmed)' : ''}`;
    chip.dataset.points = String(l.points);
  }, () => chip.remove());
}

/** The bill's "Redeem points" button; `done` redraws the bill after a redemption. */
export function redeemButton(done: () => void): HTMLElement {
  return h('button', { type: 'button', id: 'redeem-points', text: 'Redeem points', onclick: () => void redeemDialog(done) });
}

async function redeemDialog(done: () => void): Promise<void> {
  const orderId = S.order?.id;
  if (!orderId) return;
  let rewards: Reward[] = [];
  try {
    rewards = ((await api<{ programme: { rewards: Reward[] } | null }>('GET', '/loyalty/programme')).body.programme?.rewards) ?? [];
  } catch (e) { toast((e as ApiError).message ?? 'The box did not answer.'); return; }
  if (rewards.length === 0) { toast('No loyalty rewards: the programme is set in the cloud.'); return; }
  modal([
    h('h2', { text: 'Redeem points' }),
    h('div', { class: 'guest-hits', id: 'rewards' }, rewards.map((r) => h('button', { type: 'button', class: 'hit', 'data-reward': r.id, text: `${r.name} \u00B7 ${r.points} pts`,
      onclick: () => { closeModal(); void online('POST', `/orders/${orderId}/loyalty/redemptions`, { rewardId: r.id }, `Redeem ${r.name}`, { 'idempotency-key': `redeem-${uuid()}` }).then(done); } }))),
    h('div', { class: 'modal-actions' }, [h('button', { type: 'button', class: 'ghost', text: 'Cancel', onclick: closeModal })]),
  ]);
  $('rewards').querySelector('button')?.focus();
}
