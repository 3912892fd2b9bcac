/**
 * The owners' dashboard (GET /): one server-rendered page of HTML and inline SVG for the chosen
 * business days and locations. Filters are a plain GET form, so every view is a URL an owner can
 * bookmark or send; every table links to its CSV. Nothing is fetched from elsewhere.
 */
import type { DashboardReport, FreshnessRow, LowStockRow, Scoped } from '../reports/types.js';
import { DASHBOARD_CSS } from './styles.js';
import { change, count, esc, money } from './html.js';
import { freshnessLabel } from './freshness.js';
import { salesSection } from './sections-sales.js';
import { itemsSection, kitchenSection, stockSection } from './sections-operations.js';

export interface DashboardPageInput {
  report: DashboardReport;
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
    freshnessStrip(report.freshness, input.now),
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
  <div class="who"><span id="who">${esc(input.who.name)} (${esc(input.who.email)}), ${esc(input.who.role)}</span><button type="button" id="logout">Sign out</button></div>
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

/** Yesterday, last 7 / 30 days and the last 365, each ending on the chosen `to`'s day before today. */
function quickRanges(input: DashboardPageInput): string[] {
  const yesterday = new Date(input.now - 86_400_000).toISOString().slice(0, 10);
  const locs = input.report.query.locationIds.map((id) => `&locations=${encodeURIComponent(id)}`).join('');
  const range = (days: number) => new Date(Date.parse(`${yesterday}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return [['Yesterday', 1], ['Last 7 days', 7], ['Last 30 days', 30], ['Last 365 days', 365]].map(([label, days]) =>
    `<a href="/?from=${range(days as number)}&to=${yesterday}${locs}">${label}</a>`);
}

function freshnessStrip(rows: readonly FreshnessRow[], now: number): string {
  const items = rows.map((r) => {
    const f = freshnessLabel(r, now);
    return `<li class="fresh ${f.stale ? 'stale' : ''}" data-location="${esc(r.locationId)}"><strong>${esc(r.name ?? r.locationId)}</strong> <span>${esc(f.text)}</span></li>`;
  });
  return `<ul class="freshness" aria-label="How fresh the data is">${items.join('')}</ul>`;
}

/** A table with a CSV link; `rows` are already-escaped cells. */
export function table(id: string, title: string, head: readonly string[], rows: readonly string[][], csvHref: string, numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.length === 0
    ? `<tr><td colspan="${head.length}" class="empty">Nothing in this period</td></tr>`
    : rows.map((r) => `<tr>${r.map((cell, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`).join('');
  return `<div class="table-wrap" id="${esc(id)}"><div class="table-head"><h3>${esc(title)}</h3><a class="csv" href="${esc(csvHref)}" download>CSV</a></div>
<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** Current value with its change against the previous period, for a table cell. */
export function withChange(current: number, previous: number, format: (n: number) => string): string {
  const delta = change(current, previous);
  const cls = current > previous ? 'up' : current < previous ? 'down' : 'flat';
  return `${esc(format(current))} <small class="${cls}" title="previous period: ${esc(format(previous))}">${esc(delta)}</small>`;
}

/** Name of a location for labels. */
export function locationName(report: DashboardReport, id: string): string {
  return report.freshness.find((f) => f.locationId === id)?.name ?? id;
}

/** The CSV link of one report table, for the same filter. */
export function csvHref(report: DashboardReport, name: string): string {
  const q = report.query;
  return `/api/reports/${name}.csv?from=${q.from}&to=${q.to}&locations=${q.locationIds.map(encodeURIComponent).join(',')}`;
}

/** Rows per location, then the total row (when the currencies allow one). */
export function scopedRows<T>(report: DashboardReport, scoped: Scoped<T>, cells: (row: T, currency: string | null) => string[]): string[][] {
  const rows = scoped.byLocation.map((r) => [esc(locationName(report, r.locationId)), ...cells(r, r.currency)]);
  if (scoped.total && scoped.byLocation.length > 1) rows.push([`<strong>All locations</strong>`, ...cells(scoped.total, scoped.total.currency)]);
  return rows;
}

export function lowStockRows(rows: readonly LowStockRow[], report: DashboardReport): string[][] {
  return rows.map((r) => [esc(locationName(report, r.locationId)), esc(r.name), esc(r.kind), esc(`${(r.onHand / 1000).toLocaleString('en-US')} ${r.baseUnit}`)]);
}

export { money, count };
