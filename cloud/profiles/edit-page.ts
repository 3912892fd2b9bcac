/**
 * The owner's edit form of a location's public profile (issue 20), GET /locations/{id}/profile:
 * server-rendered with the current values, saved through PUT /api/locations/{id}/profile (the same
 * validation as the API; a stale version is refused and says so). Managers see it read-only;
 * viewers and other organisations' locations get a refusal page.
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { AppError } from '../../src/errors.js';
import { assertLocations } from '../auth/reader.js';
import { signedIn, type AuthEnv } from '../auth/middleware.js';
import { secureHeaders } from '../auth/page-layout.js';
import type { CloudDb } from '../db.js';
import { CUISINES, CUISINE_IDS } from './cuisines.js';
import { WEEKDAYS, WEEKDAY_NAMES } from './hours.js';
import { MAX_PHOTOS } from './schema.js';
import { readProfile, type Profile } from './store.js';
import { PROFILE_SCRIPT } from './edit-script.js';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d232a;background:#f3f1ec}
.wrap{max-width:1180px;margin:0 auto;padding:20px 20px 90px}h1{font-size:1.4rem;margin:0 0 4px}.sub{margin:0 0 16px;color:#5b6570}
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}
fieldset{border:0;margin:0;background:#fff;border-radius:12px;padding:14px 16px;box-shadow:0 1px 3px #0002;min-width:0}
legend{font-weight:700;padding:0;margin-bottom:4px}h2.part{font-size:1rem;margin:16px 0 0}
label{display:block;margin:8px 0 2px;font-weight:600;font-size:.9rem}input,select,textarea{width:100%;padding:8px 10px;font:inherit;border:1px solid #b9c0c7;border-radius:8px;background:#fff}
textarea{min-height:70px;resize:vertical}.row{display:grid;grid-template-columns:1fr 1fr;gap:10px}.row3{display:grid;grid-template-columns:1fr 1fr 1fr;gap:10px}
.cuisines{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:2px 10px}.cuisines label,.check{font-weight:400;display:flex;gap:6px;align-items:center}
.cuisines input,.check input{width:auto}.hint{color:#5b6570;font-size:.85rem;margin:4px 0 0}
.hours label{display:grid;grid-template-columns:110px 1fr;align-items:center;gap:8px;font-weight:400}
.error{margin:0 0 12px;padding:10px 12px;color:#8a1c1c;background:#fdecec;border-radius:8px}.error ul{margin:6px 0 0;padding-left:18px}
.bar{position:fixed;left:0;right:0;bottom:0;display:flex;gap:12px;justify-content:flex-end;align-items:center;padding:10px 20px;background:#fff;box-shadow:0 -1px 4px #0002}
.bar button{padding:10px 22px;font:inherit;font-weight:700;color:#fff;background:#1f5f3f;border:0;border-radius:8px;cursor:pointer}.bar button:disabled{opacity:.6}
a{color:#1f5f3f}
`;

const layout = (title: string, body: unknown, script = '') => html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Brigade</title><style>${raw(CSS)}</style></head><body><div class="wrap">${body}</div>${script ? html`<script>${raw(script)}</script>` : ''}</body></html>`;

const jsonForScript = (value: unknown) => raw(JSON.stringify(value).replace(/</g, '\\u003c'));
const rangesText = (p: Profile | null, day: (typeof WEEKDAYS)[number]) => (p?.hours[day] ?? []).map((r) => `${r.open}-${r.close}`).join(', ');

export function createProfilePages(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/locations/:id/profile', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const { viewer } = session;
    const id = c.req.param('id');
    const refuse = (message: string) => c.html(layout('Not allowed', html`<h1>Not allowed</h1><p>${message} <a href="/">Dashboard</a></p>`), 403);
    if (viewer.role === 'viewer') return refuse('Viewers do not see the public profile\'s settings.');
    try { assertLocations(viewer, [id]); } catch (e) { if (e instanceof AppError) return refuse('This is not one of your locations.'); throw e; }
    const answer = await readProfile(db, viewer, id);
    const locationName = (await db.query<{ name: string }>('SELECT name FROM locations WHERE id = $1', [id])).rows[0]?.name ?? id;
    const p = answer.profile;
    const readOnly = viewer.role !== 'owner';
    const dis = readOnly ? raw(' disabled') : '';
    const body = html`<script type="application/json" id="profile-data">${jsonForScript({ api: `/api/locations/${id}/profile`, version: answer.version, weekdays: WEEKDAYS })}</script>
      <h1>Public page · ${locationName}</h1>
      <p class="sub"><a href="/">Dashboard</a> · version <span id="version">${answer.version}</span>
        <span ${p?.published ? '' : raw('hidden')}> · live at <a id="public-link" href="/r/${p?.slug ?? ''}">/r/${p?.slug ?? ''}</a></span>
        ${readOnly ? html` · read-only: only an owner can change it` : ''}</p>
      <div id="error" class="error" role="alert" hidden></div>
      <form id="profile" novalidate><div class="cols">
        <fieldset><legend>The restaurant</legend>
          <label for="name">Name</label><input id="name" name="name" maxlength="120" value="${p?.name ?? locationName}"${dis}>
          <label for="slug">Page address (/r/…)</label><input id="slug" name="slug" maxlength="60" value="${p?.slug ?? ''}" placeholder="chez-olive-paris"${dis}>
          <label>Cuisines (up to 3)</label><div class="cuisines">${CUISINE_IDS.map((cu) => html`<label><input type="checkbox" name="cuisine" value="${cu}"${p?.cuisines.includes(cu) ? raw(' checked') : ''}${dis}> ${CUISINES[cu]}</label>`)}</div>
          <label for="priceRange">Price range</label><select id="priceRange" name="priceRange"${dis}>${[1, 2, 3, 4].map((n) => html`<option value="${n}"${(p?.priceRange ?? 2) === n ? raw(' selected') : ''}>${'●'.repeat(n)} ${['Inexpensive', 'Moderate', 'Expensive', 'Very expensive'][n - 1]}</option>`)}</select>
          <label for="phone">Phone</label><input id="phone" name="phone" type="tel" maxlength="40" value="${p?.phone ?? ''}" placeholder="+33 1 23 45 67 89"${dis}>
          <label for="photos">Photos (https addresses, one a line, at most ${MAX_PHOTOS})</label><textarea id="photos" name="photos"${dis}>${(p?.photos ?? []).join('\n')}</textarea>
          <label class="check"><input type="checkbox" id="published" name="published"${p?.published ? raw(' checked') : ''}${dis}> Published: guests can find it and open its page</label>
        </fieldset>
        <fieldset><legend>Where</legend>
          <label for="street">Street</label><input id="street" name="street" maxlength="200" value="${p?.address.street ?? ''}"${dis}>
          <div class="row3"><div><label for="postcode">Postcode</label><input id="postcode" name="postcode" maxlength="20" value="${p?.address.postcode ?? ''}"${dis}></div>
            <div><label for="city">City</label><input id="city" name="city" maxlength="100" value="${p?.address.city ?? ''}"${dis}></div>
            <div><label for="country">Country</label><input id="country" name="country" maxlength="2" value="${p?.address.country ?? ''}" placeholder="FR"${dis}></div></div>
          <div class="row"><div><label for="lat">Latitude</label><input id="lat" name="lat" inputmode="decimal" value="${p?.lat ?? ''}" placeholder="48.8566"${dis}></div>
            <div><label for="lon">Longitude</label><input id="lon" name="lon" inputmode="decimal" value="${p?.lon ?? ''}" placeholder="2.3522"${dis}></div></div>
          <p class="hint">Coordinates decide where guests searching nearby find you.</p>
          ${answer.syncedTimeZone ? html`<p class="hint">Time zone: ${answer.syncedTimeZone} (from the restaurant's box).</p>`
            : html`<label for="timeZone">Time zone</label><input id="timeZone" name="timeZone" value="${p?.timeZone ?? ''}" placeholder="Europe/Paris"${dis}>
              <p class="hint">Until the box syncs its own.</p>`}
          <h2 class="part">Tables</h2>
          <div class="row3"><div><label for="minParty">Smallest party</label><input id="minParty" name="minParty" inputmode="numeric" value="${p?.booking.minParty ?? 1}"${dis}></div>
            <div><label for="maxParty">Largest party</label><input id="maxParty" name="maxParty" inputmode="numeric" value="${p?.booking.maxParty ?? 8}"${dis}></div>
            <div><label for="maxDaysAhead">Days ahead</label><input id="maxDaysAhead" name="maxDaysAhead" inputmode="numeric" value="${p?.booking.maxDaysAhead ?? 30}"${dis}></div></div>
        </fieldset>
        <fieldset class="hours"><legend>Opening hours</legend>
          ${WEEKDAYS.map((d) => html`<label>${WEEKDAY_NAMES[d]}<input name="hours-${d}" data-label="${WEEKDAY_NAMES[d]}" value="${rangesText(p, d)}" placeholder="closed"${dis}></label>`)}
          <p class="hint">Ranges like 12:00-14:30, 19:00-23:00; a close before the open runs past midnight (19:00-02:00). Empty: closed.</p>
          <label for="closedDates" style="display:block;font-weight:600">Closed dates (YYYY-MM-DD, one a line)</label><textarea id="closedDates" name="closedDates"${dis}>${(p?.closedDates ?? []).join('\n')}</textarea>
        </fieldset>
      </div>
      ${readOnly ? '' : html`<div class="bar"><span id="note" role="status">${p ? 'All changes saved' : 'Not created yet'}</span><button type="submit" id="save">Save</button></div>`}
      </form>`;
    return c.html(layout(`Public page · ${locationName}`, body, readOnly ? '' : PROFILE_SCRIPT));
  });
  return app;
}
