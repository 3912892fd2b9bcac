/**
 * Joining a restaurant's waitlist from its page (issue 20): `/r/{slug}` links here with the party
 * size (`/guest/join?restaurant=…&party=…`). A guest not signed in is offered sign-in (which comes
 * back here) or an account; a signed-in guest confirms name and phone — prefilled from the account —
 * and joins with `POST /public/me/waitlist`. The join's id is made once per page and kept in
 * sessionStorage, so a double tap or a reload after a lost answer joins once. The box decides
 * (its waitlist may be closed); the place then follows live on /guest/me.
 */
import { html } from 'hono/html';
import { page } from '../auth/page-layout.js';

const JOIN_SCRIPT = `(() => {
  const q = new URLSearchParams(location.search);
  const restaurant = q.get('restaurant') || '';
  const party = Number(q.get('party'));
  const form = document.getElementById('join');
  const error = document.getElementById('error');
  const out = document.getElementById('out');
  const show = (text) => { error.textContent = text; error.hidden = false; };
  if (!/^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/.test(restaurant) || !Number.isInteger(party) || party < 1) {
    out.textContent = 'This link does not name a restaurant and a party size: go back to the restaurant\\u2019s page.';
    return;
  }
  document.getElementById('party').value = String(party);
  document.getElementById('what').textContent = 'Party of ' + party + ' at /r/' + restaurant + '.';
  const back = location.pathname + location.search;
  (async () => {
    const me = await fetch('/public/me', { credentials: 'same-origin' });
    if (me.status === 401) {
      out.innerHTML = 'Sign in to join the line; the restaurant texts you when your table is ready.<br>'
        + '<a id="signin" href="/guest/login?next=' + encodeURIComponent(back) + '">Sign in</a> · <a href="/guest/register">Create an account</a>';
      return;
    }
    const account = await me.json();
    document.getElementById('name').value = account.name || '';
    document.getElementById('phone').value = account.phone || '';
    form.hidden = false;
  })().catch(() => { out.textContent = 'The service cannot be reached; check your connection and try again.'; });
  const key = 'join:' + restaurant + ':' + party;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    let id = sessionStorage.getItem(key);
    if (!id) { id = crypto.randomUUID(); sessionStorage.setItem(key, id); }
    const data = { id, restaurant, partySize: Number(document.getElementById('party').value) };
    for (const f of ['name', 'phone', 'notes']) { const v = document.getElementById(f).value.trim(); if (v) data[f] = v; }
    button.disabled = true; error.hidden = true;
    try {
      const res = await fetch('/public/me/waitlist', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data), credentials: 'same-origin' });
      if (res.ok) { sessionStorage.removeItem(key); location.assign('/guest/me'); return; }
      const body = await res.json().catch(() => null);
      // Other details under the same id: a new id for the new details.
      if (body && body.error && body.error.code === 'IDEMPOTENCY_CONFLICT') sessionStorage.removeItem(key);
      const details = body && body.error && Array.isArray(body.error.details) ? body.error.details.map((d) => d.message).join(' ') : '';
      show(details || (body && body.error && body.error.message) || 'Something went wrong; try again.');
    } catch { show('The service cannot be reached; check your connection and try again.'); }
    button.disabled = false;
  });
})();`;

export function joinPage() {
  return page('Join the line', html`<h1>Join the line</h1><p class="sub" id="what"></p><p class="sub" id="out"></p>
<form id="join" novalidate hidden>
  <label for="party">Party size</label><input id="party" name="party" type="number" min="1" max="100" inputmode="numeric" required>
  <label for="name">Name the host calls</label><input id="name" name="name" autocomplete="name" required>
  <label for="phone">Phone, for the text when your table is ready</label><input id="phone" name="phone" type="tel" autocomplete="tel" required>
  <label for="notes">Notes (optional)</label><input id="notes" name="notes" maxlength="300" placeholder="A high chair, a table outside…">
  <div id="error" class="error" role="alert" hidden></div><button id="submit" type="submit">Join the line</button>
</form>
<p class="sub" style="margin-top:16px"><a href="/guest/me">My bookings and places in line</a></p>`, JOIN_SCRIPT);
}
