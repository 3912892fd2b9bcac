/**
 * GET /menus — the central menu page: edit a menu's document (the box's export JSON), publish it to
 * chosen locations, and see per location which version is live, applied when, or refused why.
 * Server-rendered; the buttons call the /api/menus routes with the session cookie and reload.
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { viewerProfile } from '../auth/directory.js';
import { signedIn, type AuthEnv } from '../auth/middleware.js';
import { page, secureHeaders } from '../auth/page-layout.js';
import type { CloudDb } from '../db.js';
import { getMenu, listMenus, menuStatus, type LocationMenuStatus } from './store.js';

const WIDE = 'main{max-width:980px;margin:4vh auto}textarea{width:100%;min-height:220px;font:13px/1.4 ui-monospace,monospace;padding:8px;border:1px solid #b9c0c7;border-radius:8px}'
  + 'table{border-collapse:collapse;width:100%;margin:8px 0 18px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e0d8;font-size:14px}'
  + 'button.inline{width:auto;margin:8px 8px 0 0;padding:8px 14px}.loc{display:inline-block;margin-right:14px;font-weight:400}.loc input{width:auto}'
  + '.refused{color:#8a1c1c}.pending{color:#8a6a1c}.applied{color:#1f5f3f}section{margin-top:22px}h2{font-size:1.1rem}';

const SCRIPT = `(() => {
  const error = document.getElementById('error');
  const fail = (m) => { error.textContent = m; error.hidden = false; };
  // One Idempotency-Key per change the person asks for: a second click while it is on its way, or a
  // retry after the answer was lost, sends the same key (the cloud answers it once); a new key only
  // once the cloud has answered. Buttons are also disabled while a request is in flight.
  const keys = new Map();
  let busy = false;
  const call = async (method, url, body) => {
    if (busy) return;
    busy = true;
    document.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    error.hidden = true;
    const text = JSON.stringify(body);
    const action = method + ' ' + url + ' ' + text;
    if (!keys.has(action)) keys.set(action, Array.from(crypto.getRandomValues(new Uint8Array(16)), (x) => x.toString(16).padStart(2, '0')).join(''));
    try {
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json', 'idempotency-key': keys.get(action) }, body: text, credentials: 'same-origin' });
      keys.delete(action);
      if (res.ok) { location.reload(); return; }
      const b = await res.json().catch(() => null);
      const details = b && b.error && Array.isArray(b.error.details) ? ' ' + b.error.details.slice(0, 5).map((d) => (d.path || '') + ' ' + (d.field || '') + ': ' + (d.reason || d.message)).join('; ') : '';
      fail(((b && b.error && b.error.message) || 'Something went wrong.') + details);
    } catch { fail('The service cannot be reached; try again.'); }
    busy = false;
    document.querySelectorAll('button').forEach((b) => { b.disabled = false; });
  };
  const parse = (id) => { try { return JSON.parse(document.getElementById(id).value); } catch { fail('The document is not valid JSON.'); return null; } };
  document.querySelectorAll('[data-save]').forEach((b) => b.addEventListener('click', () => {
    const doc = parse('doc-' + b.dataset.save); if (doc) call('PUT', '/api/menus/' + b.dataset.save, { document: doc, expectedVersion: Number(b.dataset.version) });
  }));
  document.querySelectorAll('[data-publish]').forEach((b) => b.addEventListener('click', () => {
    const ids = Array.from(document.querySelectorAll('input[name="loc-' + b.dataset.publish + '"]:checked')).map((i) => i.value);
    if (ids.length === 0) { fail('Choose at least one location.'); return; }
    call('POST', '/api/menus/' + b.dataset.publish + '/publish', { locationIds: ids });
  }));
  const create = document.getElementById('create');
  if (create) create.addEventListener('click', () => {
    const doc = parse('doc-new'); if (doc) call('POST', '/api/menus', { name: document.getElementById('name-new').value, document: doc });
  });
})();`;

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').slice(0, 19) + ' UTC' : '—');

function statusRows(rows: LocationMenuStatus[], names: Map<string, string>) {
  return rows.map((s) => html`<tr data-location="${s.locationId}"><td>${names.get(s.locationId) ?? s.locationId}</td><td>${s.mode === 'local' ? 'local menu' : 'central'}</td>
    <td class="live">${s.live ? `v${s.live.menuVersion}, applied ${when(s.live.appliedAt)}` : '—'}</td>
    <td class="latest ${s.latest?.status ?? ''}">${s.latest ? `v${s.latest.menuVersion} ${s.latest.status}${s.latest.errorCode ? ` (${s.latest.errorCode}: ${s.latest.errorMessage ?? ''})` : ''}` : '—'}</td></tr>`);
}

export function createMenuPages(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/menus', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    const profile = await viewerProfile(db, viewer, session.account);
    const names = new Map(profile.locations.map((l) => [l.id, l.name]));
    const menus = await Promise.all((await listMenus(db, viewer.organisationId)).map((m) => getMenu(db, viewer.organisationId, m.id)));
    const status = await menuStatus(db, viewer);
    const editor = viewer.role !== 'viewer';
    const body = html`<style>${raw(WIDE)}</style><h1>Central menu</h1><p class="sub">${profile.organisation.name} · <a href="/">dashboard</a></p>
      <div id="error" class="error" hidden></div>
      <section><h2>Per location</h2><table id="status"><thead><tr><th>location</th><th>menu</th><th>live</th><th>last sent</th></tr></thead>
      <tbody>${statusRows(status, names)}</tbody></table></section>
      ${menus.map((m) => html`<section class="menu" id="menu-${m.id}"><h2>${m.name}</h2><p class="sub">draft version ${m.version} · last published v${m.publishedVersion}</p>
        <textarea id="doc-${m.id}" ${editor ? '' : 'readonly'}>${JSON.stringify(m.document, null, 2)}</textarea>
        ${editor ? html`<div>${profile.locations.map((l) => html`<label class="loc"><input type="checkbox" name="loc-${m.id}" value="${l.id}"> ${l.name}</label>`)}</div>
        <button class="inline" data-save="${m.id}" data-version="${m.version}">Save draft</button><button class="inline" data-publish="${m.id}">Publish to chosen locations</button>` : ''}
      </section>`)}
      ${editor ? html`<section><h2>New menu</h2><label for="name-new">Name</label><input id="name-new" value="Main menu">
        <label for="doc-new">Document (the box's menu export JSON)</label><textarea id="doc-new">${JSON.stringify({ categories: [{ name: 'Mains', items: [] }], optionGroups: [] }, null, 2)}</textarea>
        <button class="inline" id="create">Create menu</button></section>` : ''}`;
    return c.html(page('Central menu', body, SCRIPT));
  });
  return app;
}
