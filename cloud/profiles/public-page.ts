/**
 * The restaurant's public page, GET /r/{slug} (issue 20): server-rendered, no script, readable on
 * a phone first (390 px): name, cuisine, price, whether it is open now and the week's hours,
 * the address with a map link, photos, the phone as a tel: link, and booking a table online
 * (cloud/booking/page.ts: plain forms, no script).
 */
import { html, raw } from 'hono/html';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { HtmlEscapedString } from 'hono/utils/html';
import { CUISINES, type Cuisine } from './cuisines.js';
import { WEEKDAYS, WEEKDAY_NAMES, minutesOf } from './hours.js';
import type { Profile } from './store.js';
import { FORM_CSS } from '../booking/page.js';

const PRICE_LABEL = ['', 'Inexpensive', 'Moderate', 'Expensive', 'Very expensive'];

export const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#f6f4ef}
main{max-width:720px;margin:0 auto;padding:16px 16px 40px}
h1{font-size:1.6rem;line-height:1.2;margin:8px 0 4px;overflow-wrap:anywhere}.meta{margin:0;color:#4b5560}
.badge{display:inline-block;margin:12px 0 4px;padding:4px 10px;border-radius:999px;font-weight:700;font-size:.95rem}
.open{background:#dff3e6;color:#14532d}.closed{background:#f3e3e3;color:#7f1d1d}
section{margin-top:18px;background:#fff;border-radius:12px;padding:14px 16px;box-shadow:0 1px 2px #0001}
h2{font-size:1.05rem;margin:0 0 8px}
.photos{display:flex;gap:8px;overflow-x:auto;scroll-snap-type:x mandatory;margin:12px -16px 0;padding:0 16px}
.photos img{flex:0 0 auto;width:80%;max-width:420px;aspect-ratio:4/3;object-fit:cover;border-radius:10px;background:#ddd;scroll-snap-align:start}
table{width:100%;border-collapse:collapse}td{padding:4px 0;vertical-align:top}td:first-child{width:40%;color:#4b5560}.range{white-space:nowrap}
tr.today td{font-weight:700;color:#1d232a}
a.action{display:inline-block;margin:6px 8px 0 0;padding:10px 14px;border-radius:8px;background:#1f5f3f;color:#fff;text-decoration:none;font-weight:600}
a.action.secondary{background:#e7ece9;color:#1f3d2e}address{font-style:normal;overflow-wrap:anywhere}
.notice{color:#4b5560;font-size:.95rem}
`;

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const rangeText = (r: { open: string; close: string }) =>
  `${r.open}–${r.close}${minutesOf(r.close) <= minutesOf(r.open) && r.close !== '00:00' ? ' (next day)' : ''}`;

export interface PublicPageInput {
  profile: Profile;
  openNow: boolean;
  /** 0 = Monday, at the restaurant now. */
  todayIndex: number;
  /** Closed dates from today on, soonest first. */
  upcomingClosures: string[];
  /** The booking section (cloud/booking/page.ts). */
  booking: Html;
}

export function publicPage({ profile: p, openNow, todayIndex, upcomingClosures, booking }: PublicPageInput): Html {
  const cuisines = p.cuisines.map((c) => CUISINES[c as Cuisine] ?? c).join(' · ');
  const mapUrl = `https://www.openstreetmap.org/?mlat=${p.lat}&mlon=${p.lon}#map=17/${p.lat}/${p.lon}`;
  const country = (() => { try { return new Intl.DisplayNames(['en'], { type: 'region' }).of(p.address.country) ?? p.address.country; } catch { return p.address.country; } })();
  const addressLine = [p.address.street, [p.address.postcode, p.address.city].filter(Boolean).join(' '), country].filter(Boolean);
  const phoneText = p.phone ? parsePhoneNumberFromString(p.phone)?.formatInternational() ?? p.phone : null;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.name}</title><meta name="description" content="${p.name}: ${cuisines}, ${p.address.city}"><style>${raw(CSS + FORM_CSS)}</style></head>
<body><main>
<h1 id="name">${p.name}</h1>
<p class="meta" id="cuisine">${cuisines}</p>
<p class="meta" id="price" aria-label="Price range: ${PRICE_LABEL[p.priceRange]}">${'●'.repeat(p.priceRange)}${'○'.repeat(4 - p.priceRange)} ${PRICE_LABEL[p.priceRange]}</p>
<span id="open-now" class="badge ${openNow ? 'open' : 'closed'}">${openNow ? 'Open now' : 'Closed now'}</span>
${p.photos.length ? html`<div class="photos" id="photos">${p.photos.map((src, i) => html`<img src="${src}" alt="${p.name}, photo ${i + 1}" loading="lazy" referrerpolicy="no-referrer">`)}</div>` : ''}
<section id="contact"><h2>Find us</h2>
  <address id="address">${addressLine.map((l, i) => html`${i ? html`<br>` : ''}${l}`)}</address>
  <a class="action" id="map-link" href="${mapUrl}" rel="noopener">Open map</a>${p.phone ? html`<a class="action secondary" id="phone" href="tel:${p.phone}">Call ${phoneText}</a>` : ''}
</section>
<section id="hours"><h2>Opening hours</h2><table>
  ${WEEKDAYS.map((d, i) => html`<tr class="${i === todayIndex ? 'today' : ''}"><td>${WEEKDAY_NAMES[d]}</td><td>${p.hours[d].length ? p.hours[d].map((r, j) => html`${j ? ', ' : ''}<span class="range">${rangeText(r)}</span>`) : 'Closed'}</td></tr>`)}
</table>
${upcomingClosures.length ? html`<p class="notice" id="closures">Closed on ${upcomingClosures.join(', ')}.</p>` : ''}
<p class="notice">Times are local (${p.timeZone}).</p></section>
${booking}
${openNow ? waitlistSection(p) : ''}
</main></body></html>`;
}

/**
 * While the restaurant is open, guests on their way can join its line from here: a plain GET form to
 * the guest pages, which sign the guest in and join (cloud/guest-accounts/join-page.ts). The box
 * decides whether its waitlist takes the party.
 */
function waitlistSection(p: Profile): Html {
  const sizes = Array.from({ length: p.booking.maxParty - p.booking.minParty + 1 }, (_, i) => p.booking.minParty + i);
  const preset = Math.min(Math.max(2, p.booking.minParty), p.booking.maxParty);
  return html`<section id="waitlist"><h2>Join the line</h2>
<p class="notice">On your way? Join the waitlist from here: the restaurant texts you when your table is ready.</p>
<form method="get" action="/guest/join"><input type="hidden" name="restaurant" value="${p.slug}">
  <label for="waitlist-party">Party size</label><select id="waitlist-party" name="party">${sizes.map((n) => html`<option value="${n}"${n === preset ? raw(' selected') : ''}>${n}</option>`)}</select>
  <button type="submit" class="action" id="join-line">Join the waitlist</button>
</form></section>`;
}

export function notFoundPage(): Html {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found</title><style>${raw(CSS)}</style></head>
<body><main><h1>Restaurant not found</h1><p class="notice">There is no published restaurant at this address.</p></main></body></html>`;
}
