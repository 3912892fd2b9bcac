/** One dashboard load: every report of the asked locations and period, in one reader transaction. */
import type { Queryable } from '../db.js';
import { freshnessReport } from './freshness.js';
import { heatmapReport } from './heatmap.js';
import { itemsReport } from './items.js';
import { kitchenReport } from './kitchen.js';
import { periodsOf } from './period.js';
import { adjustmentsReport, paymentsReport, salesReport } from './sales.js';
import { lowStockNow, stockReport } from './stock.js';
import type { DashboardReport, ReportQuery } from './types.js';

/**
 * Runs the reports one after another on `q` (a transaction holds one connection). `q` must be a
 * reader transaction (cloud/auth/reader.ts withReader); call refreshReportRollups before it
 * to keep it fast — figures are exact either way.
 */
export async function dashboardReport(q: Queryable, query: ReportQuery): Promise<DashboardReport> {
  return {
    query,
    periods: periodsOf(query),
    freshness: await freshnessReport(q, query.locationIds),
    sales: await salesReport(q, query),
    payments: await paymentsReport(q, query),
    adjustments: await adjustmentsReport(q, query),
    items: await itemsReport(q, query),
    heatmap: await heatmapReport(q, query),
    kitchen: await kitchenReport(q, query),
    stock: await stockReport(q, query),
    lowStock: await lowStockNow(q, query.locationIds),
  };
}
