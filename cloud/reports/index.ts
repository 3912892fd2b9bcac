/** The cloud's owner reports (issue 7): query functions over a reader transaction, and the rollups behind them. */
export { dashboardReport } from './dashboard.js';
export { salesReport, paymentsReport, adjustmentsReport } from './sales.js';
export { itemsReport, RANKED_ROWS } from './items.js';
export { heatmapReport } from './heatmap.js';
export { kitchenReport, histogramPercentile } from './kitchen.js';
export { stockReport, lowStockNow } from './stock.js';
export { freshnessReport } from './freshness.js';
export { refreshReportRollups, refreshInBackground, backgroundRefreshesSettled, type RefreshResult } from './refresh.js';
export { createReportRoutes } from './routes.js';
export { dashboardCsv, CSV_TABLES, type CsvTable } from './csv.js';
export { parseReportQuery, MAX_REPORT_DAYS } from './query.js';
export { markReportDays } from './dirty.js';
export { bucketSeconds } from './kitchen-buckets.js';
export { addDays, daysIn, isBusinessDay, periodsOf } from './period.js';
export type * from './types.js';
