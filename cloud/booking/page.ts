/**
 * Booking on the restaurant's page, with no script (issue 20): a GET form picks the date and the
 * party (the page again with the times offered), a POST form books one of them, and the guest
 * lands on their booking's own page (/b/{token}: its status, refreshed while pending, and a
 * cancel button). Phone first (checked at 390×844).
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { CSS } from '../profiles/public-page.js';
import type { GuestBooking } from './read.js';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const FORM_CSS = `
form.pick{display:flex;gap:8px;flex-wrap:wrap;align-items:end}form.pick label:first-child{flex:2 1 180px}label{display:block;font-size:.9rem;color:#4b5560}
select,input,textarea{font:inherit;padding:8px 10px;border:1px solid #c9cfd4;border-radius:8px;background:#fff;width:100%}
form.pick label{flex:1 1 120px}.times{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}
.times label{flex:0 0 auto}.times input{position:absolute;opacity:0;width:1px}.times span{display:inline-block;padding:8px 12px;border:1px solid #1f5f3f;border-radius:8px;color:#1f5f3f;font-weight:600}
.times input:checked+span{background:#1f5f3f;color:#fff}.times input:focus-visible+span{outline:3px solid #8ab}
.fields label{margin-top:10px}button{font:inherit;font-weight:600;margin-top:14px;padding:12px 16px;border:0;border-radius:8px;background:#1f5f3f;color:#fff;width:100%}
button.secondary{background:#e7ece9;color:#7f1d1d}.error{color:#7f1d1d;font-weight:600}.status{font-size:1.2rem;font-weight:700}
`;

export interface BookingFormInput {
  slug: string;
  date: string;
  party: number;
  dates: Array<{ value: string; label: string }>;
  minParty: number;
  maxParty: number;
  /** null: not bookable online. */
  slots: Array<{ time: string; startsAt: number }> | null;
  /** A fresh key per form shown: a double submit is one booking. */
  formKey: string;
  error?: string | null;
}

export function bookingSection(f: BookingFormInput): Html {
  const parties = Array.from({ length: f.maxParty - f.minParty + 1 }, (_, i) => f.minParty + i);
  return html`<section id="booking"><h2>Book a table</h2>
<form class="pick" method="get" action="/r/${f.slug}#booking">
  <label>Date<select name="date" id="booking-date">${f.dates.map((d) => html`<option value="${d.value}"${d.value === f.date ? raw(' selected') : ''}>${d.label}</option>`)}</select></label>
  <label>Guests<select name="party" id="booking-party">${parties.map((n) => html`<option value="${n}"${n === f.party ? raw(' selected') : ''}>${n}</option>`)}</select></label>
  <button type="submit" class="secondary" style="width:auto;margin:0;color:#1f3d2e">Show times</button>
</form>
${f.error ? html`<p class="error" id="booking-error" role="alert">${f.error}</p>` : ''}
${f.slots === null ? html`<p class="notice" id="no-online">This restaurant does not take bookings online at the moment; please call.</p>`
    : f.slots.length === 0 ? html`<p class="notice" id="no-times">No table online for ${f.party} on that date; try another day or call.</p>`
      : html`<form method="post" action="/r/${f.slug}/book" id="booking-form">
  <input type="hidden" name="party" value="${f.party}"><input type="hidden" name="key" value="${f.formKey}">
  <div class="times" id="times" role="radiogroup" aria-label="Time">${f.slots.map((s, i) => html`<label><input type="radio" name="startsAt" value="${s.startsAt}"${i === 0 ? raw(' checked') : ''}><span>${s.time}</span></label>`)}</div>
  <div class="fields">
    <label>Name<input name="name" required maxlength="120" autocomplete="name"></label>
    <label>E-mail<input name="email" type="email" required maxlength="254" autocomplete="email"></label>
    <label>Phone<input name="phone" type="tel" maxlength="40" autocomplete="tel"></label>
    <label>Notes<textarea name="notes" maxlength="500" rows="2"></textarea></label>
  </div>
  <button type="submit" id="book">Book for ${f.party}</button>
</form>`}
</section>`;
}

const STATUS_TEXT: Record<GuestBooking['status'], string> = {
  pending: 'Waiting for the restaurant to confirm…',
  confirmed: 'Confirmed',
  refused: 'Not possible',
  cancelled: 'Cancelled',
};

export function managePage(b: GuestBooking, token: string): Html {
  const name = b.restaurant?.name ?? 'Your booking';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${b.status === 'pending' ? raw('<meta http-equiv="refresh" content="3">') : ''}<meta name="referrer" content="no-referrer">
<title>${name}: booking ${b.reference}</title><style>${raw(CSS + FORM_CSS)}</style></head>
<body><main>
<h1>${name}</h1>
<section id="booking"><h2>Booking ${b.reference}</h2>
  <p class="status" id="status">${STATUS_TEXT[b.status]}</p>
  ${b.refusal ? html`<p class="error" id="refusal">${b.refusal.message}</p>` : ''}
  <p id="summary">${b.partySize} ${b.partySize === 1 ? 'guest' : 'guests'} · ${b.date} at ${b.time} · ${b.name}</p>
  <p class="notice">Keep this page's address: it is your link to see or cancel the booking.</p>
  ${b.status === 'pending' || b.status === 'confirmed' ? html`<form method="post" action="/b/${token}/cancel"><button type="submit" class="secondary" id="cancel">Cancel this booking</button></form>` : ''}
  ${b.restaurant ? html`<p><a class="action secondary" href="/r/${b.restaurant.slug}">Back to ${b.restaurant.name}</a></p>` : ''}
</section></main></body></html>`;
}

export function errorPage(title: string, message: string, back: string | null): Html {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${raw(CSS + FORM_CSS)}</style></head>
<body><main><h1>${title}</h1><p class="error" id="error" role="alert">${message}</p>${back ? html`<p><a class="action secondary" href="${back}">Back</a></p>` : ''}</main></body></html>`;
}
