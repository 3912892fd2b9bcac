/**
 * The owners' dashboard (GET /): one server-rendered page of HTML and inline SVG for the chosen
 * business days and locations. Filters are a plain GET form, so every view is a URL an owner can
 * bookmark or send; every table links to its CSV. Nothing is fetched from elsewhere.
 */
import { addDays } from '../reports/period.js';
import type { DashboardReport, FreshnessRow } from '../reports/types.js';
import { DASHBOARD_CSS } from './styles.js';
import { esc } from './html.js';
import { freshnessLabel } from './freshness.js';
import { salesSection } from './sections-sales.js';
import { itemsSection, kitchenSection, stockSection } from './sections-operations.js';

export interface DashboardPageInput {
  report: DashboardReport;
  /** Today's business day where the first chosen location is: the page opens on it, live. */
  today: string;
  /** Every location this person may see, for the filter (the report covers the chosen ones). */
  locations: Array<{ id: string; name: string }>;
  who: { name: string; email: string; role: string; organisation: string };
  now: number;
}

/** The whole page. */
export function dashboardPage(input: DashboardPageInput): string {
  const { report } = input;
  const body = [
    header(input),
    filters(input),
    liveNote(input),
    freshnessStrip(report.freshness, input.now, input.who.role !== 'viewer'),
    salesSection(report),
    itemsSection(report),
    kitchenSection(report),
    stockSection(report),
  ].join('\n');
  return shell('Dashboard', body);
}

/** A page of the dashboard's look with a message instead of figures (bad filter, no locations). */
export function messagePage(title: string, message: string, backHref = '/'): string {
  return shell(title, `<main class="message"><h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="${esc(backHref)}">Back to the dashboard</a></p></main>`);
}

/** The one script of the page: signing out is a POST (a GET link could be fired by a prefetch). */
const LOGOUT_SCRIPT = `(function () {
  var b = document.getElementById('logout');
  if (b) b.addEventListener('click', function () {
    fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }).finally(function () { location.assign('/login'); });
  });
})();`;

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Brigade</title><style>${DASHBOARD_CSS}</style></head>
<body>${body}<script>${LOGOUT_SCRIPT}</script></body></html>`;
}

function header(input: DashboardPageInput): string {
  return `<header class="top">
  <div class="brand">BRIGADE</div>
  <h1 class="org">${esc(input.who.organisation)}</h1>
  <div class="who"><a href="/menus" id="menus-link">Central menu</a><a href="/customers" id="customers-link">Customers</a><a href="/platforms" id="platforms-link">Platforms</a>${input.who.role === 'owner' ? '<a href="/webhooks" id="webhooks-link">Webhooks</a>' : ''}<span id="who">${esc(input.who.name)} (${esc(input.who.email)}), ${esc(input.who.role)}</span><button type="button" id="logout">Sign out</button></div>
</header>`;
}

function filters(input: DashboardPageInput): string {
  const { query } = input.report;
  const chosen = new Set(query.locationIds);
  const boxes = input.locations.map((l) => `<label class="loc"><input type="checkbox" name="locations" value="${esc(l.id)}"${chosen.has(l.id) ? ' checked' : ''}> ${esc(l.name)}</label>`).join('');
  return `<form class="filters" method="get" action="/" id="filters">
  <label>From <input type="date" name="from" value="${esc(query.from)}" required></label>
  <label>To <input type="date" name="to" value="${esc(query.to)}" required></label>
  <fieldset><legend>Locations</legend>${boxes}</fieldset>
  <button type="submit" id="apply">Apply</button>
  <nav class="quick">${quickRanges(input).join('')}</nav>
</form>`;
}

/** Today (live), yesterday, and the last 7 / 30 / 365 whole business days up to last night, for the same locations. */
function quickRanges(input: DashboardPageInput): string[] {
  const { today } = input;
  const yesterday = addDays(today, -1);
  const locs = input.report.query.locationIds.map((id) => `&locations=${encodeURIComponent(id)}`).join('');
  const link = (label: string, from: string, to: string) => `<a href="/?from=${from}&to=${to}${locs}">${label}</a>`;
  return [link('Today', today, today), ...([['Yesterday', 1], ['Last 7 days', 7], ['Last 30 days', 30], ['Last 365 days', 365]] as const)
    .map(([label, days]) => link(label, addDays(yesterday, 1 - days), yesterday))];
}

/** When the view reaches today, its figures are what the boxes have synced so far: say so next to the freshness. */
function liveNote(input: DashboardPageInput): string {
  const { query } = input.report;
  if (query.to < input.today) return '';
  const what = query.from === input.today ? `Today (${esc(input.today)}) so far` : `Up to today (${esc(input.today)}) so far`;
  return `<p class="live" id="live"><strong>Live</strong> ${what}: figures grow as each location's box syncs; last sync per location below.</p>`;
}

/** Each location's row; owners and managers also get its public page's settings (issue 20), here rather than in the header, which must fit a phone. */
function freshnessStrip(rows: readonly FreshnessRow[], now: number, profileLink: boolean): string {
  const items = rows.map((r) => {
    const f = freshnessLabel(r, now);
    const link = profileLink ? ` <a class="profile-link" href="/locations/${encodeURIComponent(r.locationId)}/profile">Public page</a>` : '';
    return `<li class="fresh ${f.stale ? 'stale' : ''}" data-location="${esc(r.locationId)}"><strong>${esc(r.name ?? r.locationId)}</strong> <span>${esc(f.text)}</span>${link}</li>`;
  });
  return `<ul class="freshness" aria-label="How fresh the data is">${items.join('')}</ul>`;
}
