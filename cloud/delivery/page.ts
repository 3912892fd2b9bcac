/**
 * GET /platforms — the delivery platform connections of every location the signed-in person sees
 * (issue 21), server-rendered: per connection the platform, store id, auto-accept, prep time,
 * whether it is active or paused, its last verified request, the webhook URL to give the platform,
 * and its latest refused requests with the reason (bad signature, stale…). Owners connect a
 * platform (a secret the cloud makes is shown once), rotate the secret, pause, resume and delete;
 * managers and viewers read. Everything changes through /api/locations/:id/platforms.
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { viewerProfile } from '../auth/directory.js';
import { signedIn, type AuthEnv } from '../auth/middleware.js';
import { page, secureHeaders } from '../auth/page-layout.js';
import type { CloudDb } from '../db.js';
import { PLATFORMS } from '../platforms/index.js';
import { WEBHOOKS_CSS } from '../webhooks/page-assets.js';
import { connectionsOf, connectionView, refusedRequests, type ConnectionView, type RefusedRequest } from './connections.js';
import { PLATFORMS_CSS, PLATFORMS_SCRIPT } from './page-assets.js';

const NAMES: Record<string, string> = { uber_eats: 'Uber Eats', deliveroo: 'Deliveroo', generic: 'Other platform (generic signing)' };
const nameOf = (p: string) => NAMES[p] ?? p;
const when = (ms: number | null) => (ms === null ? 'never' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC');
const REFUSED: Record<string, string> = { bad_signature: 'bad signature', stale: 'stale (replayed or clock off)', unsigned: 'unsigned' };

function refusedTable(rows: readonly RefusedRequest[]) {
  if (rows.length === 0) return html`<p class="hint">No refused request.</p>`;
  return html`<table class="refused"><thead><tr><th>When</th><th>Why</th><th>From</th></tr></thead><tbody>${rows.map((r) => html`<tr>
    <td>${when(r.at)}</td><td class="bad" title="${r.reason}">${REFUSED[r.code] ?? r.code.replace(/_/g, ' ')}</td><td>${r.remote ?? '—'}</td></tr>`)}</tbody></table>`;
}

function card(origin: string, c: ConnectionView & { refused: RefusedRequest[] }, canEdit: boolean) {
  const ids = { location: c.locationId, platform: c.platform };
  const button = (act: string, label: string, cls = 'ghost') =>
    html`<button type="button" class="${cls}" data-act="${act}" data-location="${ids.location}" data-platform="${ids.platform}">${label}</button>`;
  return html`<div class="card" data-connection="${c.platform}"><div class="url">${nameOf(c.platform)}
      <span class="${c.enabled ? 'ok' : 'paused'} status">${c.enabled ? 'active' : 'paused'}</span></div>
    <div class="meta">Store ${c.storeRef ?? '—'} · ${c.autoAccept ? 'auto-accept' : 'manual accept'} · prep ${c.prepMinutes} min ·
      statuses ${c.apiUrl ? html`to ${c.apiUrl}` : 'not sent (no API URL)'} · last request <span class="last">${when(c.lastRequestAt)}</span></div>
    <div class="meta">Webhook URL for the platform: <code class="url">${origin}/platforms/${c.platform}/${c.locationId}/orders</code></div>
    <details${c.refused.length > 0 ? ' open' : ''}><summary>Refused requests (${c.refused.length === 5 ? 'latest 5' : c.refused.length})</summary>${refusedTable(c.refused)}</details>
    ${canEdit ? html`<div class="actions">${button(c.enabled ? 'pause' : 'resume', c.enabled ? 'Pause' : 'Resume')}${button('rotate', 'Rotate secret')}${button('delete', 'Delete', 'danger')}</div>
      <div class="secret" hidden>New secret — copy it into the platform now, it is shown once: <code></code></div>` : ''}</div>`;
}

function connectForm(locationId: string, taken: readonly string[]) {
  const free = [...PLATFORMS.keys()].filter((p) => !taken.includes(p));
  if (free.length === 0) return html`<p class="hint">Every platform is connected here.</p>`;
  return html`<details><summary>Connect a platform</summary><form class="connect" data-location="${locationId}">
    <div class="grid"><label>Platform<select name="platform">${free.map((p) => html`<option value="${p}">${nameOf(p)}</option>`)}</select></label>
      <label>Store id at the platform<input name="storeRef" maxlength="200" autocomplete="off"></label>
      <label>Shared secret<input name="secret" type="password" minlength="16" maxlength="256" autocomplete="off" placeholder="blank: made for you"></label>
      <label>Status API URL<input name="apiUrl" type="url" maxlength="500" placeholder="https://api…"></label>
      <label>Status API token<input name="apiToken" type="password" maxlength="2000" autocomplete="off"></label>
      <label>Prep time (minutes)<input name="prepMinutes" type="number" min="1" max="240" value="20" required></label></div>
    <label class="check"><input type="checkbox" name="autoAccept">Accept orders automatically (an unknown item still waits for a person)</label>
    <button type="submit">Connect</button> <span class="saved hint" role="status"></span></form>
    <div class="secret" hidden>Shared secret — give it to the platform now, it is shown once: <code></code></div></details>`;
}

export function createPlatformPages(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/platforms', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    const profile = await viewerProfile(db, viewer, session.account);
    const canEdit = viewer.role === 'owner';
    const origin = new URL(c.req.url).origin;
    const sections = await Promise.all(profile.locations.filter((l) => viewer.locationIds.includes(l.id)).map(async (l) => {
      const connections = await Promise.all((await connectionsOf(db, l.id)).map(async (conn) => ({ ...connectionView(conn), refused: await refusedRequests(db, l.id, conn.platform) })));
      return html`<section class="loc" data-location="${l.id}"><h2>${l.name}</h2>
        ${connections.length === 0 ? html`<p class="hint">No platform connected.</p>` : connections.map((conn) => card(origin, conn, canEdit))}
        ${canEdit ? connectForm(l.id, connections.map((conn) => conn.platform)) : ''}</section>`;
    }));
    const body = html`<style>${raw(WEBHOOKS_CSS + PLATFORMS_CSS)}</style><div class="wh"><h1>Delivery platforms</h1>
      <p class="sub">${profile.organisation.name} · <a href="/">dashboard</a>${canEdit ? '' : ' · read only: an owner changes connections'}</p>
      <div id="error" class="error" role="alert" hidden></div>
      ${sections.length === 0 ? html`<p class="hint">You cannot see any location yet.</p>` : sections}</div>`;
    return c.html(page('Delivery platforms', body, canEdit ? PLATFORMS_SCRIPT : ''));
  });
  return app;
}
