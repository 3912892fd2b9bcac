/**
 * The central menu pages (issue 17), server-rendered with one small script each:
 *   GET /menus      the organisation's menus, what is live at each location, and a new menu
 *   GET /menus/:id  the editor: categories, items, option groups and options row by row; per
 *                   location its mode (central / local menu), overrides, what is live and why not;
 *                   Save draft and Publish in a bar that stays on screen.
 * Every change goes through the /api/menus routes (routes.ts), which validate with the box's rules.
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { currencyDigits } from '../../src/menu/decimal.js';
import { AppError } from '../../src/errors.js';
import { viewerProfile } from '../auth/directory.js';
import { signedIn, type AuthEnv } from '../auth/middleware.js';
import { page, secureHeaders } from '../auth/page-layout.js';
import type { CloudDb } from '../db.js';
import { getMenu, listMenus, menuStatus } from './store.js';
import { EDITOR_SCRIPT } from './editor-script.js';
import { MENU_CSS } from './editor-styles.js';
import { categoryRow, groupRow, itemChoices, itemRow, locationCard, optionRow, overrideRow, type Ctx, type Doc } from './editor-html.js';

/** Creating a menu: its name and currency, an empty document; then on to its editor. */
const OVERVIEW_SCRIPT = `(() => {
  const form = document.getElementById('create');
  const error = document.getElementById('error');
  if (!form) return;
  let key = null;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    if (button.disabled) return;
    button.disabled = true; error.hidden = true;
    const name = form.elements.name.value;
    const currency = form.elements.currency.value.trim().toUpperCase();
    key = key || Array.from(crypto.getRandomValues(new Uint8Array(16)), (x) => x.toString(16).padStart(2, '0')).join('');
    try {
      const res = await fetch('/api/menus', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({ name, document: { format: 'brigade.menu', formatVersion: 1, currency, categories: [], optionGroups: [] } }) });
      const body = await res.json().catch(() => null);
      if (res.ok) { location.assign('/menus/' + body.id); return; }
      key = null;
      const details = body && body.error && Array.isArray(body.error.details) ? ' ' + body.error.details.map((d) => d.message || d.reason).join(' ') : '';
      error.textContent = ((body && body.error && body.error.message) || 'Something went wrong.') + details;
    } catch { error.textContent = 'The service cannot be reached; try again.'; }
    error.hidden = false; button.disabled = false;
  });
})();`;

/** A JSON value safe inside <script type="application/json">. */
const jsonForScript = (value: unknown) => raw(JSON.stringify(value).replace(/</g, '\\u003c'));

export function createMenuPages(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get('/menus', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    const profile = await viewerProfile(db, viewer, session.account);
    const names = new Map(profile.locations.map((l) => [l.id, l.name]));
    const menus = await listMenus(db, viewer.organisationId);
    const status = await menuStatus(db, viewer);
    const ctx: Ctx & { publishable: boolean } = { digits: 2, currency: '', groupNames: [], readOnly: true, publishable: false };
    const editor = viewer.role !== 'viewer';
    const body = html`<style>${raw(MENU_CSS)}</style><div class="ed"><h1>Central menu</h1><p class="sub">${profile.organisation.name} · <a href="/">dashboard</a></p>
      <div id="error" class="error" hidden></div>
      <section><h2>Menus</h2>${menus.length === 0 ? html`<p class="hint">No menu yet.</p>` : ''}
        <ul class="menus">${menus.map((m) => html`<li><a href="/menus/${m.id}">${m.name}</a> · draft v${m.version} · published v${m.publishedVersion}</li>`)}</ul></section>
      <section><h2>Per location</h2>${status.map((s) => locationCard(ctx, [], s, names.get(s.locationId) ?? s.locationId))}</section>
      ${editor ? html`<section><h2>New menu</h2><form id="create" class="grid">
        <label class="name"><span>Name</span><input name="name" value="Main menu" maxlength="80" required></label>
        <label><span>Currency</span><input name="currency" value="EUR" maxlength="3" required></label>
        <button type="submit">Create menu</button></form></section>` : ''}</div>`;
    return c.html(page('Central menu', body, OVERVIEW_SCRIPT));
  });

  app.get('/menus/:id', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    const menu = await getMenu(db, viewer.organisationId, c.req.param('id')).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
      throw e;
    });
    if (!menu) return c.html(page('Menu not found', html`<h1>Menu not found</h1><p>There is no such menu in your organisation. <a href="/menus">All menus</a></p>`), 404);
    const profile = await viewerProfile(db, viewer, session.account);
    const names = new Map(profile.locations.map((l) => [l.id, l.name]));
    const status = await menuStatus(db, viewer);
    const doc = menu.document as Doc;
    const { categories = [], optionGroups = [], ...top } = doc;
    const readOnly = viewer.role === 'viewer';
    const ctx: Ctx = { digits: currencyDigits(doc.currency ?? 'EUR'), currency: doc.currency ?? '', groupNames: optionGroups.map((g) => g.name), readOnly };
    const items = itemChoices(doc);
    const body = html`<style>${raw(MENU_CSS)}</style><div class="ed">
      <script type="application/json" id="menu-data">${jsonForScript({ id: menu.id, version: menu.version, digits: ctx.digits, top })}</script>
      <h1>${menu.name}</h1><p class="sub">${profile.organisation.name} · <a href="/menus">all menus</a> · draft version <span id="draft-version">${menu.version}</span>
        · last published v<span id="published-version">${menu.publishedVersion}</span></p>
      <div id="error" class="error" role="alert" hidden></div>
      <div id="editor">
        <section><h2>Categories and items</h2><p class="hint">Prices in ${ctx.currency || 'the currency'} (like 12.50), tax as a percent (like 10). Save keeps a draft; Publish sends it.</p>
          <div id="categories">${categories.map((cat) => categoryRow(ctx, cat))}</div>
          ${readOnly ? '' : html`<button type="button" class="add" data-act="add-category">+ Category</button>`}</section>
        <section><h2>Option groups</h2><p class="hint">Tick a group on an item to offer it there.</p>
          <div id="groups">${optionGroups.map((g) => groupRow(ctx, g))}</div>
          ${readOnly ? '' : html`<button type="button" class="add" data-act="add-group">+ Option group</button>`}</section>
      </div>
      <section id="locations"><h2>Locations</h2><p class="hint">A central location takes every publish, with its overrides applied; a location on a local menu keeps editing its menu on the box.</p>
        ${status.map((s) => locationCard({ ...ctx, publishable: !readOnly }, items, s, names.get(s.locationId) ?? s.locationId))}</section>
      ${readOnly ? '' : html`<div class="bar"><span id="note" role="status">All changes saved</span>
        <button type="button" data-act="save" id="save">Save draft</button><button type="button" data-act="publish" id="publish">Publish</button></div>
      <template id="tpl-category">${categoryRow(ctx, { name: '' })}</template>
      <template id="tpl-item">${itemRow(ctx, {})}</template>
      <template id="tpl-group">${groupRow(ctx, { name: '', selection: 'single' })}</template>
      <template id="tpl-option">${optionRow(ctx, { name: '' })}</template>
      <template id="tpl-override">${overrideRow(ctx, items, {})}</template>`}</div>`;
    return c.html(page(menu.name, body, readOnly ? '' : EDITOR_SCRIPT));
  });
  return app;
}
