/**
 * CSV export of every dashboard table (RFC 4180: comma-separated, CRLF, fields quoted when they
 * hold a comma, quote or line break, quotes doubled). Money is written in major units with the
 * currency's own number of decimals (12.34 EUR, 1234 JPY) and a `currency` column; the total row
 * of a table is the location `total`. Each period's figures sit side by side with the previous
 * period's (`previous_…` columns).
 */
import type { Compared, DashboardReport, Scoped } from './types.js';

export const CSV_TABLES = ['sales', 'payments', 'refunds', 'voids', 'items', 'categories', 'heatmap', 'kitchen', 'stock', 'low-stock', 'freshness'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

type Cell = string | number | null;

/** One field, quoted only when it must be. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** How many decimals the currency's minor unit has (2 when the currency is unknown). */
function decimals(currency: string | null): number {
  if (!currency) return 2;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a major-unit decimal string, exactly (no float rounding): 123456 → "1234.56". */
export function majorUnits(minor: number | null, currency: string | null): string | null {
  if (minor === null) return null;
  const d = decimals(currency);
  if (d === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(d + 1, '0');
  return `${sign}${digits.slice(0, -d)}.${digits.slice(-d)}`;
}

interface Scope<T> { location: string; currency: string | null; body: T }

/** Each location, then the total (when there is one). */
function scopes<T>(s: Scoped<T>): Array<Scope<T>> {
  const list: Array<Scope<T>> = s.byLocation.map((l) => ({ location: l.locationId, currency: l.currency, body: l }));
  if (s.total) list.push({ location: 'total', currency: s.total.currency, body: s.total });
  return list;
}

/** Current and previous values of `fields`, money fields converted. */
function pair<F>(c: Compared<F>, fields: ReadonlyArray<keyof F & string>, money: ReadonlySet<string>, currency: string | null): Cell[] {
  const value = (f: F, k: keyof F & string): Cell => {
    const v = f[k] as unknown as number | null;
    return money.has(k) ? majorUnits(v, currency) : v;
  };
  return [...fields.map((k) => value(c.current, k)), ...fields.map((k) => value(c.previous, k))];
}
const heads = (fields: readonly string[]) => [...fields, ...fields.map((f) => `previous_${f}`)];

/** The CSV of one table of a dashboard report. */
export function dashboardCsv(report: DashboardReport, table: CsvTable): string {
  const base = ['location', 'currency', 'from', 'to', 'previous_from', 'previous_to'];
  const p = report.periods;
  const lead = (s: { location: string; currency: string | null }): Cell[] => [s.location, s.currency, p.current.from, p.current.to, p.previous.from, p.previous.to];
  switch (table) {
    case 'sales': {
      const f = ['orders', 'covers', 'gross', 'discounts', 'net', 'serviceCharge', 'tax', 'total', 'tips', 'averageCheck'] as const;
      const money = new Set(['gross', 'discounts', 'net', 'serviceCharge', 'tax', 'total', 'tips', 'averageCheck']);
      return toCsv([...base, ...heads(f)], scopes(report.sales).map((s) => [...lead(s), ...pair(s.body, f, money, s.currency)]));
    }
    case 'payments': {
      const f = ['payments', 'amount', 'tips'] as const;
      return toCsv([...base, 'method', ...heads(f)], scopes(report.payments).flatMap((s) => s.body.methods.map((m) => [...lead(s), m.method, ...pair(m, f, new Set(['amount', 'tips']), s.currency)])));
    }
    case 'refunds':
    case 'voids': {
      const f = ['count', 'amount'] as const;
      return toCsv([...base, 'staff_id', 'staff_name', 'reason', ...heads(f)], scopes(report.adjustments).flatMap((s) =>
        (table === 'refunds' ? s.body.refunds : s.body.voids).map((r) => [...lead(s), r.staffId, r.staffName, r.reason, ...pair(r, f, new Set(['amount']), s.currency)])));
    }
    case 'items':
    case 'categories': {
      const f = ['quantity', 'net'] as const;
      const lists = ['topByQuantity', 'bottomByQuantity', 'topByNet', 'bottomByNet'] as const;
      if (table === 'items') {
        return toCsv([...base, 'list', 'rank', 'item_id', 'name', 'category', ...heads(f)], scopes(report.items).flatMap((s) => lists.flatMap((list) =>
          s.body.items[list].map((r, i) => [...lead(s), list, i + 1, r.itemId, r.name, r.category, ...pair(r, f, new Set(['net']), s.currency)]))));
      }
      return toCsv([...base, 'list', 'rank', 'category', ...heads(f)], scopes(report.items).flatMap((s) => lists.flatMap((list) =>
        s.body.categories[list].map((r, i) => [...lead(s), list, i + 1, r.category, ...pair(r, f, new Set(['net']), s.currency)]))));
    }
    case 'heatmap':
      return toCsv([...base, 'period', 'weekday', 'hour', 'orders', 'net'], scopes(report.heatmap).flatMap((s) => (['current', 'previous'] as const).flatMap((period) =>
        s.body[period].map((c) => [...lead(s), period, c.weekday, c.hour, c.orders, majorUnits(c.net, s.currency)]))));
    case 'kitchen': {
      const f = ['tickets', 'p50Seconds', 'p90Seconds'] as const;
      return toCsv([...base, 'station', ...heads(f)], scopes(report.kitchen).flatMap((s) => s.body.stations.map((r) => [...lead(s), r.station, ...pair(r, f, new Set(), s.currency)])));
    }
    case 'stock': {
      const f = ['used', 'wasted', 'countVariance', 'counts', 'usedCost', 'wastedCost', 'varianceCost'] as const;
      return toCsv([...base, 'ingredient_id', 'name', 'base_unit_thousandths', ...heads(f)], scopes(report.stock).flatMap((s) =>
        s.body.ingredients.map((r) => [...lead(s), r.ingredientId, r.name, r.baseUnit, ...pair(r, f, new Set(['usedCost', 'wastedCost', 'varianceCost']), s.currency)])));
    }
    case 'low-stock':
      return toCsv(['location', 'ingredient_id', 'name', 'base_unit_thousandths', 'kind', 'on_hand', 'raised_at'], report.lowStock.map((r) =>
        [r.locationId, r.ingredientId, r.name, r.baseUnit, r.kind, r.onHand, r.raisedAt === null ? null : new Date(r.raisedAt).toISOString()]));
    case 'freshness':
      return toCsv(['location', 'name', 'currency', 'time_zone', 'last_sync_at'], report.freshness.map((r) => [r.locationId, r.name, r.currency, r.timeZone, r.lastSyncAt]));
  }
}
