/**
 * Waiter app: correcting a guest's record from their card (issue 18): name, phone, email,
 * allergies, notes, tags and marketing consent given at the table. Only the fields changed are
 * sent, with the version the card showed, so two waiters editing at once do not overwrite each
 * other. A phone or email another guest has already is refused by the box: the waiter is offered
 * that guest instead (attach them to this order).
 */
import { h, type ApiError } from '../shared/dom.js';
import { toast } from './state.js';
import { api } from './api.js';
import { modal } from './screens.js';
import { guestRefusal } from './guest-refusals.js';
import { hitOf, type Guest, type GuestDetail } from './guest-types.js';

interface EditHooks {
  updated(guest: Guest): void;
  attachId(customerId: string): Promise<void>;
  reopen(detail: GuestDetail): void;
}

const ALLERGIES_MAX = 500;
const NOTES_MAX = 2000;

const field = (id: string, label: string, value: string | null, max: number, type = 'text') => [
  h('label', { for: id, text: label }),
  h('input', { id, type, value: value ?? '', maxlength: max, autocomplete: 'off' })];

const area = (id: string, label: string, value: string | null, max: number) => {
  const t = h('textarea', { id, maxlength: max, rows: 2 });
  t.value = value ?? '';
  return [h('label', { for: id, text: label }), t];
};

const valueOf = (id: string) => (document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement).value.trim();
const orNull = (s: string) => s || null;
const tagsOf = (s: string) => [...new Set(s.split(',').map((t) => t.trim()).filter(Boolean))];

/** The fields that differ from the record (what PATCH /customers/{id} is sent). */
function changes(g: GuestDetail, consent: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const name = valueOf('edit-name');
  if (name !== g.name) out.name = name;
  for (const [id, key] of [['edit-phone', 'phone'], ['edit-email', 'email'], ['edit-allergies', 'allergies'], ['edit-notes', 'notes']] as const) {
    const v = orNull(valueOf(id));
    if (v !== (g[key] ?? null)) out[key] = v;
  }
  const tags = tagsOf(valueOf('edit-tags'));
  if (tags.join(',') !== g.tags.join(',')) out.tags = tags;
  if (consent !== g.marketingConsent.given) out.marketingConsent = { given: consent, source: 'told the waiter (tablet)' };
  return out;
}

export function editDialog(g: GuestDetail, hooks: EditHooks): void {
  const consent = h('input', { id: 'edit-consent', type: 'checkbox', checked: g.marketingConsent.given });
  const prompt = h('div', { class: 'prompt', role: 'alert', id: 'edit-prompt' });
  const save = h('button', { type: 'button', id: 'edit-save', class: 'primary', text: 'Save', onclick: async () => {
    const body = changes(g, consent.checked);
    if (!body.name && 'name' in body) { prompt.textContent = 'A guest needs a name.'; return; }
    if (Object.keys(body).length === 0) { hooks.reopen(g); return; }
    save.disabled = true;
    try {
      const saved = (await api<GuestDetail>('PATCH', `/customers/${g.id}`, { ...body, expectedVersion: g.version })).body;
      const detail = { ...g, ...saved, history: g.history, loyalty: g.loyalty };
      hooks.updated(hitOf(detail));
      toast(`${detail.name} is saved.`);
      hooks.reopen(detail);
    } catch (e) {
      save.disabled = false;
      await refused(e as ApiError, prompt, hooks);
    }
  } });
  modal([h('h2', { text: `Edit ${g.name}` }),
    ...field('edit-name', 'Name', g.name, 120),
    ...field('edit-phone', 'Phone', g.phone, 40, 'tel'),
    ...field('edit-email', 'Email', g.email, 254, 'email'),
    ...area('edit-allergies', 'Allergies (shown to the kitchen)', g.allergies, ALLERGIES_MAX),
    ...area('edit-notes', 'Notes', g.notes, NOTES_MAX),
    ...field('edit-tags', 'Tags (comma between them)', g.tags.join(', '), 400),
    h('label', { class: 'check', for: 'edit-consent' }, [consent, ' Agrees to receive offers (asked at the table)']),
    // The refusal sits with the buttons, which stay on screen, so a phone shows it without scrolling.
    h('div', { class: 'modal-actions sticky-actions' }, [prompt, h('button', { type: 'button', id: 'edit-cancel', onclick: () => hooks.reopen(g), text: 'Cancel' }), save])],
  () => hooks.reopen(g));
}

/** Says why the box refused; for a duplicate, names the guest who has the phone or email and offers them. */
async function refused(err: ApiError, prompt: HTMLElement, hooks: EditHooks): Promise<void> {
  prompt.replaceChildren(guestRefusal(err));
  const twinId = err.code === 'CUSTOMER_DUPLICATE' ? (err.details as { customerId?: string } | undefined)?.customerId : undefined;
  if (!twinId) return;
  try {
    const twin = (await api<GuestDetail>('GET', `/customers/${twinId}`)).body;
    prompt.replaceChildren(`${twin.name}${twin.phone ? ` (${twin.phone})` : ''} has this ${(err.details as { field?: string }).field ?? 'phone'} already. `,
      h('button', { type: 'button', id: 'edit-attach-twin', onclick: () => void hooks.attachId(twin.id), text: `Attach ${twin.name} instead` }));
  } catch { /* the message above still says what to do */ }
}
