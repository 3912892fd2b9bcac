/** Dashboard sections about the floor and the kitchen: what sold, how fast tickets went out, stock. */
import type { CategoryRow, DashboardReport, IngredientStockRow, ItemRow, LowStockRow } from '../reports/types.js';
import { count, esc, money } from './html.js';
import { csvHref, locationName, table, withChange } from './parts.js';
import { barChart } from './svg.js';

/** Items and categories: best and worst sellers by quantity and by net sales. */
export function itemsSection(report: DashboardReport): string {
  const scope = report.items.total ?? report.items.byLocation[0];
  if (!scope) return '';
  const mixed = !report.items.total && report.items.byLocation.length > 1
    ? `<p class="note">Different currencies: showing ${esc(locationName(report, report.items.byLocation[0]!.locationId))} only; the CSV has every location.</p>` : '';
  const items = scope.items;
  const itemCells = (rows: readonly ItemRow[]) => rows.map((r) => [esc(r.name), esc(r.category), withChange(r.current.quantity, r.previous.quantity, count), withChange(r.current.net, r.previous.net, money)]);
  const catCells = (rows: readonly CategoryRow[]) => rows.map((r) => [esc(r.category), withChange(r.current.quantity, r.previous.quantity, count), withChange(r.current.net, r.previous.net, money)]);
  return `<section class="block" id="items"><h2>Menu</h2>${mixed}
<div class="two">
  <div><h3>Top items by net sales</h3>${barChart(items.topByNet.map((r) => ({ label: r.name, value: r.current.net, previous: r.previous.net })), money, 'Top items by net sales')}</div>
  <div><h3>Top categories by net sales</h3>${barChart(scope.categories.topByNet.map((r) => ({ label: r.category, value: r.current.net, previous: r.previous.net })), money, 'Top categories by net sales')}</div>
</div>
<div class="two">
  <div>${table('table-top-items', 'Top items by quantity', ['Item', 'Category', 'Sold', 'Net'], itemCells(items.topByQuantity), csvHref(report, 'items'), 2)}</div>
  <div>${table('table-bottom-items', 'Bottom items by quantity', ['Item', 'Category', 'Sold', 'Net'], itemCells(items.bottomByQuantity), csvHref(report, 'items'), 2)}</div>
</div>
<div class="two">
  <div>${table('table-top-categories', 'Top categories', ['Category', 'Sold', 'Net'], catCells(scope.categories.topByNet), csvHref(report, 'categories'))}</div>
  <div>${table('table-bottom-categories', 'Bottom categories', ['Category', 'Sold', 'Net'], catCells(scope.categories.bottomByNet), csvHref(report, 'categories'))}</div>
</div>
</section>`;
}

/** Ticket times per station (fire to bump), per location. */
export function kitchenSection(report: DashboardReport): string {
  const secs = (s: number | null) => (s === null ? '—' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);
  const rows = report.kitchen.byLocation.flatMap((l) => l.stations.map((s) => [
    esc(locationName(report, l.locationId)), esc(s.station), withChange(s.current.tickets, s.previous.tickets, count),
    esc(secs(s.current.p50Seconds)), esc(secs(s.current.p90Seconds)), esc(secs(s.previous.p50Seconds)),
  ]));
  const bars = report.kitchen.byLocation.flatMap((l) => l.stations.map((s) => ({
    label: report.kitchen.byLocation.length > 1 ? `${locationName(report, l.locationId)} · ${s.station}` : s.station,
    value: s.current.p50Seconds ?? 0, previous: s.previous.p50Seconds ?? undefined,
  })));
  return `<section class="block" id="kitchen"><h2>Kitchen</h2>
<div class="two">
  <div><h3>Median ticket time per station</h3>${barChart(bars, secs, 'Median ticket time per station')}</div>
  <div>${table('table-kitchen', 'Ticket times (fire → bump, m:ss)', ['Location', 'Station', 'Tickets', 'Median', '90th pct', 'Median before'], rows, csvHref(report, 'kitchen'), 2)}</div>
</div>
</section>`;
}

/** Stock usage, waste and count variance per ingredient, and what is low right now. */
export function stockSection(report: DashboardReport): string {
  const qty = (r: IngredientStockRow, n: number) => `${(n / 1000).toLocaleString('en-US', { maximumFractionDigits: 3 })} ${r.baseUnit}`;
  const cost = (n: number | null) => (n === null ? '—' : money(n));
  const rows = report.stock.byLocation.flatMap((l) => l.ingredients.map((r) => [
    esc(locationName(report, l.locationId)), esc(r.name), esc(qty(r, r.current.used)), esc(cost(r.current.usedCost)),
    esc(qty(r, r.current.wasted)), esc(cost(r.current.wastedCost)), esc(qty(r, r.current.countVariance)), esc(cost(r.current.varianceCost)),
  ]));
  return `<section class="block" id="stock"><h2>Stock</h2>
${table('table-low-stock', 'Low stock now', ['Location', 'Ingredient', 'Alert', 'On hand'], lowStockRows(report.lowStock, report), csvHref(report, 'low-stock'), 3)}
${table('table-stock', 'Usage, waste and count variance', ['Location', 'Ingredient', 'Used', 'Used cost', 'Wasted', 'Waste cost', 'Count variance', 'Variance cost'], rows, csvHref(report, 'stock'), 2)}
</section>`;
}

function lowStockRows(rows: readonly LowStockRow[], report: DashboardReport): string[][] {
  return rows.map((r) => [esc(locationName(report, r.locationId)), esc(r.name), esc(r.kind), esc(`${(r.onHand / 1000).toLocaleString('en-US')} ${r.baseUnit}`)]);
}

