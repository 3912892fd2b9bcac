/**
 * A guest's own page, /guest/me (issue 20): their online bookings — coming ones first, each with a
 * Cancel button, the last few past ones below — and their places in line. A pending booking and a
 * live place are followed over Server-Sent Events, so "Waiting for the restaurant" turns into
 * "Confirmed" without a reload. Everything comes from the guest API (/public/me/…); an account whose
 * email is not confirmed yet is told to confirm it before its bookings show (the API refuses them:
 * anyone may sign up with someone else's address).
 */
import { html, raw } from 'hono/html';
import { page } from '../auth/page-layout.js';
import { MAX_FEEDS_PER_GUEST } from './live.js';

/** Feeds kept for places in line; the rest of the account's cap may follow pending bookings. */
const PLACE_FEEDS = 2;
/** Past bookings shown under the coming ones. */
const PAST_SHOWN = 5;

const ME_SCRIPT = `(() => {
  const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => '&#' + ch.charCodeAt(0) + ';');
  const who = document.getElementById('who');
  const places = document.getElementById('places');
  const coming = document.getElementById('bookings');
  const past = document.getElementById('past');
  const error = document.getElementById('error');
  const show = (text) => { error.textContent = text; error.hidden = false; };
  let feeds = 0;
  const follow = (url, event, put, final) => {
    if (feeds >= ${MAX_FEEDS_PER_GUEST}) return;
    feeds += 1;
    const feed = new EventSource(url);
    feed.addEventListener(event, (e) => { const next = JSON.parse(e.data); put(next); if (final(next.status)) { feed.close(); feeds -= 1; } });
  };

  // Places in line.
  const placeWords = { sent: 'Sent to the restaurant', waiting: 'Waiting', notified: 'Your table is ready!', seated: 'Seated', left: 'Left', cancelled: 'Cancelled', refused: 'Not added' };
  const placeCard = (p) => '<li id="p-' + esc(p.id) + '"><strong>' + esc(p.restaurant.name || p.restaurant.slug) + '</strong> · ' + p.partySize + ' guests<br>'
    + '<span class="status">' + esc(placeWords[p.status] || p.status) + '</span>'
    + (p.position ? ' · <span class="pos">#' + p.position + ' in line</span>' : '')
    + (p.estimatedMinutes !== null ? ' · <span class="eta">about ' + p.estimatedMinutes + ' min</span>' : '')
    + (p.refusal && p.refusal.message ? '<br><span class="sub">' + esc(p.refusal.message) + '</span>' : '') + '</li>';
  const putPlace = (p) => { const el = document.getElementById('p-' + p.id); if (el) el.outerHTML = placeCard(p); else places.insertAdjacentHTML('beforeend', placeCard(p)); };

  // Bookings.
  const bookingWords = { pending: 'Waiting for the restaurant to confirm', confirmed: 'Confirmed', refused: 'Not possible', cancelled: 'Cancelled', gone: 'No longer on file' };
  const day = (date) => new Date(date + 'T12:00:00Z').toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  const cancellable = (b) => (b.status === 'pending' || b.status === 'confirmed') && b.startsAt > Date.now();
  const bookingCard = (b) => '<li id="b-' + esc(b.id) + '" data-status="' + esc(b.status) + '"><strong>' + esc(b.restaurant ? b.restaurant.name : 'The restaurant') + '</strong><br>'
    + '<span class="when">' + esc(day(b.date)) + ' · ' + esc(b.time) + '</span> · ' + b.partySize + (b.partySize === 1 ? ' guest' : ' guests') + ' · <span class="ref">' + esc(b.reference) + '</span><br>'
    + '<span class="status">' + esc(bookingWords[b.status] || b.status) + '</span>'
    + (b.refusal && b.refusal.message ? '<br><span class="sub">' + esc(b.refusal.message) + '</span>' : '')
    + (cancellable(b) ? '<br><button type="button" class="cancel" data-id="' + esc(b.id) + '" data-what="' + esc((b.restaurant ? b.restaurant.name : 'the restaurant') + ', ' + day(b.date) + ' at ' + b.time) + '">Cancel this booking</button>' : '')
    + '</li>';
  // A cancel answers the booking without its restaurant: keep what the list said.
  const known = new Map();
  const putBooking = (b) => { const next = Object.assign({}, known.get(b.id), b); known.set(b.id, next); const el = document.getElementById('b-' + b.id); if (el) el.outerHTML = bookingCard(next); };

  coming.addEventListener('click', async (event) => {
    const button = event.target.closest('button.cancel');
    if (!button || !window.confirm('Cancel your booking at ' + button.dataset.what + '?')) return;
    button.disabled = true; error.hidden = true;
    try {
      const res = await fetch('/public/me/bookings/' + encodeURIComponent(button.dataset.id) + '/cancel', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin' });
      const body = await res.json().catch(() => null);
      if (res.ok) { putBooking(body); return; }
      show((body && body.error && body.error.message) || 'Something went wrong; try again.');
    } catch { show('The service cannot be reached; check your connection and try again.'); }
    button.disabled = false;
  });

  (async () => {
    const me = await fetch('/public/me', { credentials: 'same-origin' });
    if (me.status === 401) { location.assign('/guest/login'); return; }
    const account = await me.json();
    who.textContent = account.email + (account.verified ? '' : ' — not confirmed yet: open the link we mailed you');

    const b = await fetch('/public/me/bookings', { credentials: 'same-origin' });
    if (b.ok) {
      const { bookings } = await b.json();
      for (const x of bookings) known.set(x.id, x);
      const now = Date.now();
      const ahead = bookings.filter((x) => x.startsAt > now && x.status !== 'cancelled' && x.status !== 'refused').sort((x, y) => x.startsAt - y.startsAt);
      const rest = bookings.filter((x) => !ahead.includes(x)).slice(0, ${PAST_SHOWN});
      coming.innerHTML = ahead.length ? ahead.map(bookingCard).join('') : '<li class="sub">No bookings to come.</li>';
      past.innerHTML = rest.map(bookingCard).join('');
      document.getElementById('past-title').hidden = rest.length === 0;
      for (const x of ahead.filter((x) => x.status === 'pending').slice(0, ${MAX_FEEDS_PER_GUEST - PLACE_FEEDS})) {
        follow('/public/me/bookings/' + encodeURIComponent(x.id) + '/live', 'booking', putBooking, (s) => s !== 'pending');
      }
    } else {
      const body = await b.json().catch(() => null);
      coming.innerHTML = '<li class="sub">' + esc(body && body.error && body.error.code === 'EMAIL_NOT_VERIFIED'
        ? 'Your bookings show here once your email is confirmed: open the link we mailed you.' : 'Your bookings cannot be read just now; try again in a moment.') + '</li>';
    }

    const { places: list } = await (await fetch('/public/me/waitlist', { credentials: 'same-origin' })).json();
    if (list.length === 0) places.innerHTML = '<li class="sub">No places in line yet.</li>';
    for (const p of list) {
      putPlace(p);
      if (['sent', 'waiting', 'notified'].includes(p.status)) {
        follow('/public/me/waitlist/' + encodeURIComponent(p.id) + '/live', 'place', putPlace, (s) => ['seated', 'left', 'cancelled', 'refused'].includes(s));
      }
    }
  })();
  document.getElementById('logout').addEventListener('click', async () => {
    await fetch('/public/accounts/logout', { method: 'POST', credentials: 'same-origin' });
    location.assign('/guest/login');
  });
})();`;

const ME_CSS = `ul.cards{list-style:none;padding:0;margin:0 0 8px;display:grid;gap:12px}ul.cards>li{padding:12px;border:1px solid #dde1e5;border-radius:10px}
ul.cards li.sub{border:0;padding:0}.ref{white-space:nowrap}h2{font-size:1.05rem;margin:22px 0 8px}.status{font-weight:600}li[data-status=confirmed] .status{color:#1f5f3f}
li[data-status=refused] .status,li[data-status=cancelled] .status{color:#5b6570}button.cancel{width:auto;margin-top:10px;padding:8px 14px;background:#fff;color:#8a1c1c;border:1px solid #8a1c1c}
#logout{background:#5b6570}`;

export function mePage() {
  return page('My bookings', html`<style>${raw(ME_CSS)}</style><h1>My bookings</h1><p class="sub" id="who"></p>
<div id="error" class="error" role="alert" hidden></div>
<ul id="bookings" class="cards" aria-live="polite"></ul>
<h2 id="past-title" hidden>Cancelled and past</h2><ul id="past" class="cards"></ul>
<h2>My places in line</h2>
<ul id="places" class="cards" aria-live="polite"></ul>
<button id="logout" type="button">Sign out</button>`, ME_SCRIPT);
}
