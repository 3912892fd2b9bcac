/**
 * The HTML of the owners' customers pages (page.ts): the search with its list, and one customer's
 * card. Hono's html template escapes every value; nothing from a box is ever parsed as markup.
 */
import { html, raw } from 'hono/html';
import { currencyDigits } from '../../src/menu/decimal.js';
import type { CustomerCard, CustomerHit } from './directory.js';

export const CUSTOMERS_CSS = `
main{max-width:900px;margin:2vh auto;padding:20px 24px}
@media (max-width:640px){main{margin:0;border-radius:0;padding:12px}}
a{color:#1f5f3f}h2{font-size:1.1rem;margin:24px 0 8px}.hint{color:#5b6570;font-size:14px}
form.search{display:flex;gap:8px;align-items:center}form.search input{flex:1;min-width:0}form.search button{width:auto;margin:0;padding:10px 16px}
ul.hits{list-style:none;padding:0;margin:12px 0}ul.hits li{border-bottom:1px solid #e3e0d8}
ul.hits a{display:flex;flex-wrap:wrap;gap:2px 12px;padding:10px 4px;text-decoration:none;color:inherit}ul.hits a:hover{background:#f6f4ee}
ul.hits .name{font-weight:600;flex:1 1 200px;color:#1f5f3f}ul.hits .meta{color:#5b6570;font-size:14px;overflow-wrap:anywhere}
.badge{display:inline-block;border-radius:6px;padding:1px 8px;font-size:13px;font-weight:700}.badge.blocked{background:#fbe7c6;color:#6b4500}.badge.erased{background:#e6e6e6;color:#444}
.allergy{background:#fdecec;color:#8a1c1c}
dl.facts{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:6px 16px;margin:8px 0}dl.facts dt{color:#5b6570}dl.facts dd{margin:0;overflow-wrap:anywhere}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:6px 8px;border-bottom:1px solid #eee;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.actions{display:flex;flex-wrap:wrap;gap:10px;margin:18px 0 4px}.actions a,.actions button{width:auto;margin:0;padding:10px 16px;border-radius:8px;font-weight:600;text-decoration:none}
.actions a{border:1px solid #1f5f3f;color:#1f5f3f;background:#fff}button.danger{background:#a32020}
dialog{max-width:min(460px,calc(100vw - 24px));border:0;border-radius:12px;padding:20px;box-shadow:0 6px 30px #0004}dialog::backdrop{background:#0006}
dialog .actions{justify-content:flex-end}dialog button.quiet{background:#fff;color:#1d232a;border:1px solid #b9c0c7}
.paging{display:flex;justify-content:space-between;margin:10px 0}code{font-size:13px;overflow-wrap:anywhere}
`;

const day = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString().slice(0, 10) : '—');

function money(minor: number, currency: string | null): string {
  if (!currency) return (minor / 100).toFixed(2);
  const digits = currencyDigits(currency);
  try { return new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits); }
  catch { return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`; }
}

export function listBody(org: string, q: string, hits: CustomerHit[], next: string | null, first: boolean) {
  const nextHref = next ? `/customers?${new URLSearchParams({ ...(q ? { q } : {}), cursor: next }).toString()}` : null;
  return html`<h1>Customers</h1><p class="sub">${org} · <a href="/">dashboard</a></p>
    <form class="search" method="get" action="/customers" role="search">
      <input id="q" name="q" type="search" value="${q}" maxlength="80" placeholder="Name, phone or email" aria-label="Name, phone or email">
      <button type="submit" id="search">Search</button></form>
    ${hits.length === 0 ? html`<p class="hint" id="none">${q ? `No customer matches "${q}".` : 'No customer yet: they appear here once a box syncs them.'}</p>` : ''}
    <ul class="hits" id="hits">${hits.map((c) => html`<li><a href="/customers/${c.id}" data-customer="${c.name}"><span class="name">${c.name}</span>
      <span class="meta">${[c.phone, c.email].filter(Boolean).join(' · ')}</span>${c.blockedReason ? html`<span class="badge blocked">Blocked</span>` : ''}</a></li>`)}</ul>
    <div class="paging">${first ? html`<span></span>` : html`<a href="/customers${q ? `?q=${encodeURIComponent(q)}` : ''}" id="first">« First page</a>`}
      ${nextHref ? html`<a href="${nextHref}" id="next">Next page »</a>` : ''}</div>`;
}


export function cardBody(org: string, c: CustomerCard, isOwner: boolean) {
  const consent = c.marketingConsent.given ? `Given ${day(c.marketingConsent.at)}${c.marketingConsent.source ? ` (${c.marketingConsent.source})` : ''}`
    : c.marketingConsent.at ? `Withdrawn ${day(c.marketingConsent.at)}` : 'Not given';
  return html`<script type="application/json" id="customer-data">${raw(JSON.stringify({ id: c.id, name: c.name }).replace(/</g, '\\u003c'))}</script>
    <h1 id="name">${c.name}</h1><p class="sub">${org} · <a href="/customers">all customers</a></p>
    <div id="error" class="error" role="alert" hidden></div>
    <p>${c.erasedAt ? html`<span class="badge erased" id="erased">Erased ${c.erasedAt.toISOString().slice(0, 10)} at their request</span>` : ''}
      ${c.blocked ? html`<span class="badge blocked" id="blocked">Blocked: ${c.blocked.reason}${c.blocked.at ? ` (since ${day(c.blocked.at)})` : ''}</span>` : ''}
      ${c.allergies ? html`<span class="badge allergy">Allergy: ${c.allergies}</span>` : ''}</p>
    <dl class="facts">
      <dt>Phone</dt><dd>${c.phone ?? '—'}</dd><dt>Email</dt><dd>${c.email ?? '—'}</dd>
      ${c.birthday ? html`<dt>Birthday</dt><dd>${c.birthday}</dd>` : ''}
      <dt>Marketing</dt><dd id="consent">${consent}</dd>
      ${c.tags.length ? html`<dt>Tags</dt><dd>${c.tags.join(', ')}</dd>` : ''}
      ${c.notes ? html`<dt>Notes</dt><dd>${c.notes}</dd>` : ''}
      <dt>Known since</dt><dd>${day(c.createdAt)}</dd>
      <dt>Merged ids</dt><dd id="merged">${c.mergedIds.length ? c.mergedIds.map((m) => html`<code>${m}</code> `) : 'none'}</dd>
    </dl>
    <h2>Locations</h2>
    <div class="table-wrap"><table id="locations"><thead><tr><th>Location</th><th class="num">Visits</th><th class="num">Spend</th><th class="num">Last visit</th></tr></thead>
      <tbody>${c.locations.length === 0 ? html`<tr><td colspan="4" class="hint">None of your locations knows them.</td></tr>` : ''}
      ${c.locations.map((l) => html`<tr data-location="${l.name}"><td>${l.name}</td><td class="num">${l.visits}</td><td class="num">${money(l.spend, l.currency)}</td><td class="num">${day(l.lastVisitAt)}</td></tr>`)}</tbody></table></div>
    <p class="hint">Spend is what they paid, net of refunds, without tips.</p>
    ${isOwner ? html`<div class="actions"><a id="export" href="/api/customers/${c.id}/export" download="customer-${c.id}.json">Export JSON</a>
      ${c.erasedAt ? '' : html`<button type="button" id="erase" class="danger">Erase…</button>`}</div>
      <dialog id="erase-dialog" aria-labelledby="erase-title"><h2 id="erase-title">Erase ${c.name}?</h2>
        <p>Every personal detail of ${c.name} is removed here and on every location's box (a box that is off does it when it reconnects). Orders keep their money figures. This cannot be undone.</p>
        <div class="actions"><button type="button" class="quiet" id="erase-cancel">Cancel</button><button type="button" class="danger" id="erase-confirm">Erase ${c.name}</button></div></dialog>`
    : html`<p class="hint" id="owners-only">Only an owner of the organisation can export or erase a customer's data.</p>`}`;
}

/** Erase: a dialog that names the person, then one POST; the page reloads to show what is left. */
export const ERASE_SCRIPT = `(() => {
  const open = document.getElementById('erase');
  if (!open) return;
  const dialog = document.getElementById('erase-dialog');
  const error = document.getElementById('error');
  const { id } = JSON.parse(document.getElementById('customer-data').textContent);
  open.addEventListener('click', () => dialog.showModal());
  document.getElementById('erase-cancel').addEventListener('click', () => dialog.close());
  const confirm = document.getElementById('erase-confirm');
  confirm.addEventListener('click', async () => {
    if (confirm.disabled) return;
    confirm.disabled = true;
    try {
      const res = await fetch('/api/customers/' + encodeURIComponent(id) + '/erase', { method: 'POST', credentials: 'same-origin' });
      const body = await res.json().catch(() => null);
      if (res.ok) { location.reload(); return; }
      error.textContent = (body && body.error && body.error.message) || 'The customer could not be erased.';
    } catch { error.textContent = 'The service cannot be reached; try again.'; }
    dialog.close(); error.hidden = false; confirm.disabled = false;
  });
})();`;
