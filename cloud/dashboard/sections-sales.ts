/** Dashboard sections about money: the headline figures, sales per location, payments, refunds and voids, the week's rhythm. */
import type { DashboardReport, SalesFigures, AdjustmentRow } from '../reports/types.js';
import { change, count, esc, money } from './html.js';
import { csvHref, locationName, scopedRows, table, withChange } from './parts.js';
import { barChart, heatmap } from './svg.js';

/** Headline cards, sales per location, payments by method, refunds and voids, and the heatmap. */
export function salesSection(report: DashboardReport): string {
  return `<section class="block" id="sales"><h2>Sales</h2>
${cards(report)}
${salesTable(report)}
<div class="two">
  <div><h3>Payments by method</h3>${paymentsChart(report)}</div>
  <div>${paymentsTable(report)}</div>
</div>
<div class="two">
  <div>${adjustmentsTable(report, 'refunds', 'Refunds by staff and reason', report.adjustments.total?.refunds ?? flatten(report, 'refunds'))}</div>
  <div>${adjustmentsTable(report, 'voids', 'Voids by staff and reason', report.adjustments.total?.voids ?? flatten(report, 'voids'))}</div>
</div>
<h3>Orders by hour and weekday</h3>
${heatmapChart(report)}
</section>`;
}

function cards(report: DashboardReport): string {
  const total = report.sales.total;
  if (!total) {
    return `<p class="note">These locations use different currencies, so their money is not added up: see each location below.</p>`;
  }
  const cur = total.current;
  const prev = total.previous;
  const currency = total.currency ?? '';
  const card = (id: string, label: string, value: (f: SalesFigures) => number | null, isMoney: boolean) => {
    const now = value(cur) ?? 0;
    const before = value(prev) ?? 0;
    const shown = isMoney ? `${esc(currency)} ${money(now)}` : count(now);
    const cls = now > before ? 'up' : now < before ? 'down' : 'flat';
    return `<div class="card" id="card-${id}"><div class="label">${esc(label)}</div><div class="value">${shown}</div>`
      + `<div class="delta ${cls}">${esc(change(now, before))} <span>vs ${isMoney ? money(before) : count(before)}</span></div></div>`;
  };
  return `<div class="cards">
${card('net', 'Net sales', (f) => f.net, true)}
${card('orders', 'Orders', (f) => f.orders, false)}
${card('covers', 'Covers', (f) => f.covers, false)}
${card('average', 'Average check', (f) => f.averageCheck, true)}
${card('tips', 'Tips', (f) => f.tips, true)}
${card('tax', 'Tax', (f) => f.tax, true)}
</div>`;
}

function salesTable(report: DashboardReport): string {
  const head = ['Location', 'Orders', 'Covers', 'Gross', 'Discounts', 'Net', 'Tax', 'Service charge', 'Tips', 'Total', 'Average check'];
  const rows = scopedRows(report, report.sales, (r) => {
    const c = r.current;
    const p = r.previous;
    return [
      withChange(c.orders, p.orders, count), withChange(c.covers, p.covers, count),
      esc(money(c.gross)), esc(money(c.discounts)), withChange(c.net, p.net, money), esc(money(c.tax)),
      esc(money(c.serviceCharge)), esc(money(c.tips)), esc(money(c.total)),
      c.averageCheck === null ? '—' : withChange(c.averageCheck, p.averageCheck ?? 0, money),
    ];
  });
  return table('table-sales', 'Sales per location', head, rows, csvHref(report, 'sales'));
}

function paymentsChart(report: DashboardReport): string {
  const methods = report.payments.total?.methods ?? report.payments.byLocation.flatMap((l) => l.methods);
  const byMethod = new Map<string, { value: number; previous: number }>();
  for (const m of methods) {
    const seen = byMethod.get(m.method) ?? { value: 0, previous: 0 };
    byMethod.set(m.method, { value: seen.value + m.current.amount, previous: seen.previous + m.previous.amount });
  }
  const bars = [...byMethod].map(([label, v]) => ({ label, value: v.value, previous: v.previous })).sort((a, b) => b.value - a.value);
  return barChart(bars, money, 'Payments by method');
}

function paymentsTable(report: DashboardReport): string {
  const rows = report.payments.byLocation.flatMap((l) => l.methods.map((m) => [
    esc(locationName(report, l.locationId)), esc(m.method), withChange(m.current.payments, m.previous.payments, count),
    withChange(m.current.amount, m.previous.amount, money), esc(money(m.current.tips)),
  ]));
  return table('table-payments', 'Payments', ['Location', 'Method', 'Payments', 'Amount', 'Tips'], rows, csvHref(report, 'payments'), 2);
}

/** When the total is absent (mixed currencies) the per-location rows are listed one after another. */
function flatten(report: DashboardReport, kind: 'refunds' | 'voids'): AdjustmentRow[] {
  return report.adjustments.byLocation.flatMap((l) => l[kind]);
}

function adjustmentsTable(report: DashboardReport, kind: 'refunds' | 'voids', title: string, rows: readonly AdjustmentRow[]): string {
  const cells = rows.map((r) => [
    esc(r.staffName ?? r.staffId), esc(r.reason), withChange(r.current.count, r.previous.count, count), withChange(r.current.amount, r.previous.amount, money),
  ]);
  return table(`table-${kind}`, title, ['Staff', 'Reason', 'Count', 'Amount'], cells, csvHref(report, kind), 2);
}

function heatmapChart(report: DashboardReport): string {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const cells = report.heatmap.total?.current ?? report.heatmap.byLocation.flatMap((l) => l.current);
  for (const c of cells) grid[c.weekday - 1]![c.hour] = (grid[c.weekday - 1]![c.hour] ?? 0) + c.orders;
  return `<div class="heat">${heatmap(grid, (n) => `${count(n)} orders`, 'Orders by hour and weekday')}</div>
<p class="hint">Hours are each location's local time. <a class="csv" href="${esc(csvHref(report, 'heatmap'))}" download>CSV</a></p>`;
}
