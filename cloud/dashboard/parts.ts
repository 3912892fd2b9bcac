/** Pieces shared by the dashboard's sections: tables with a CSV link, change against the previous period, location labels. */
import type { DashboardReport, Scoped } from '../reports/types.js';
import { change, esc } from './html.js';

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
