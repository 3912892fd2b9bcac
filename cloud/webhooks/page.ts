/**
 * The owners' webhook pages (issue 21), server-rendered with one small script (page-assets.ts):
 *   GET /webhooks      the subscriptions with their delivery counts, test / pause / rotate / delete, and a form to add one
 *   GET /webhooks/:id  one subscription's delivery log: each delivery, its status and every attempt, with Replay
 * Managers and viewers are told webhooks are for owners. Everything changes through /api/webhooks.
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { AppError } from '../../src/errors.js';
import type { Clock } from '../../src/lib/clock.js';
import { viewerProfile } from '../auth/directory.js';
import { signedIn, type AuthEnv } from '../auth/middleware.js';
import { page, secureHeaders } from '../auth/page-layout.js';
import type { CloudDb } from '../db.js';
import { WEBHOOK_EVENTS } from './events.js';
import { listDeliveries, type DeliveryView } from './log.js';
import { WEBHOOKS_CSS, WEBHOOKS_SCRIPT } from './page-assets.js';
import { getSubscription, listSubscriptions, type SubscriptionView } from './store.js';

const when = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ') + ' UTC');

function card(s: SubscriptionView) {
  return html`<div class="card" data-subscription="${s.id}"><div class="url">${s.url}</div>
    <div class="meta">${s.description ? html`${s.description} · ` : ''}${s.format === 'slack' ? 'Slack text' : 'JSON'} · ${s.active ? 'active' : 'paused'} ·
      ${s.events.join(', ')} · <span class="delivered">${s.deliveries.delivered} delivered</span>, <span class="pending">${s.deliveries.pending} pending</span>,
      <span class="dead">${s.deliveries.dead} dead</span></div>
    <div class="actions"><a href="/webhooks/${s.id}">Delivery log</a>
      <button type="button" class="ghost" data-act="test" data-id="${s.id}">Send test</button>
      <button type="button" class="ghost" data-act="${s.active ? 'pause' : 'resume'}" data-id="${s.id}">${s.active ? 'Pause' : 'Resume'}</button>
      <button type="button" class="ghost" data-act="rotate" data-id="${s.id}">Rotate secret</button>
      <button type="button" class="danger" data-act="delete" data-id="${s.id}">Delete</button><span class="result" role="status"></span></div></div>`;
}

function deliveryRow(d: DeliveryView) {
  return html`<tr data-delivery="${d.id}"><td>${when(d.createdAt)}<br>${d.type}</td><td class="${d.status}">${d.status}${d.status === 'pending' ? html`<br>next ${when(d.nextAttemptAt)}` : ''}</td>
    <td class="attempts">${d.log.map((a) => html`#${a.number} ${a.trigger} ${a.statusCode ?? '—'} ${a.durationMs} ms${a.error ? html` · ${a.error}` : ''}<br>`)}</td>
    <td><button type="button" class="ghost" data-act="replay" data-id="${d.id}">Replay</button><span class="result" role="status"></span></td></tr>`;
}

export function createWebhookPages(db: CloudDb, clock: Clock): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/webhooks', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    if (viewer.role !== 'owner') return c.html(page('Webhooks', html`<h1>Webhooks</h1><p>Only an owner of the organisation manages its webhooks. <a href="/">Dashboard</a></p>`), 403);
    const profile = await viewerProfile(db, viewer, session.account);
    const subs = await listSubscriptions(db, viewer.organisationId, clock.now());
    const body = html`<style>${raw(WEBHOOKS_CSS)}</style><div class="wh"><h1>Webhooks</h1><p class="sub">${profile.organisation.name} · <a href="/">dashboard</a></p>
      <div id="error" class="error" role="alert" hidden></div>
      <section><h2>Subscriptions</h2><p class="hint" id="list-note">Each event is sent signed (Brigade-Signature), retried for 24 hours, then kept as dead for a replay.</p>
        ${subs.length === 0 ? html`<p class="hint">None yet.</p>` : subs.map(card)}</section>
      <section><h2>Add a URL</h2><form id="create">
        <label>URL<input name="url" type="url" placeholder="https://hooks.example.com/brigade" required></label>
        <label>Description<input name="description" maxlength="200" placeholder="Accounting, #kitchen-alerts…"></label>
        <label>Format<select name="format"><option value="json">JSON (signed envelope)</option><option value="slack">Slack-compatible text</option></select></label>
        <fieldset><legend><b>Events</b></legend><div class="events">${Object.entries(WEBHOOK_EVENTS).map(([type, what]) => html`<label class="check" title="${what}"><input type="checkbox" name="event" value="${type}">${type}</label>`)}</div></fieldset>
        <button type="submit">Add subscription</button></form>
        <div id="new-secret" class="secret" hidden>Signing secret — copy it now, it is shown once: <code></code></div></section></div>`;
    return c.html(page('Webhooks', body, WEBHOOKS_SCRIPT));
  });

  app.get('/webhooks/:id', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    if (viewer.role !== 'owner') return c.html(page('Webhooks', html`<h1>Webhooks</h1><p>Only an owner of the organisation manages its webhooks.</p>`), 403);
    const id = c.req.param('id');
    const found = await getSubscription(db, viewer.organisationId, id, clock.now()).catch((e: unknown) => {
      if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION_FAILED')) return null;
      throw e;
    });
    if (!found) return c.html(page('Not found', html`<h1>Subscription not found</h1><p><a href="/webhooks">All webhooks</a></p>`), 404);
    const deliveries = await listDeliveries(db, viewer.organisationId, id, { limit: 100 });
    const body = html`<style>${raw(WEBHOOKS_CSS)}</style><div class="wh"><h1>Delivery log</h1><p class="sub"><a href="/webhooks">All webhooks</a></p>
      <div id="error" class="error" role="alert" hidden></div>${card(found)}
      ${deliveries.length === 0 ? html`<p class="hint">No delivery yet.</p>` : html`<table><thead><tr><th>Event</th><th>Status</th><th>Attempts (code, time)</th><th></th></tr></thead>
      <tbody>${deliveries.map(deliveryRow)}</tbody></table>`}</div>`;
    return c.html(page('Delivery log', body, WEBHOOKS_SCRIPT));
  });
  return app;
}
