/**
 * The owners' report API (issue 7), behind the signed-in person's reader wall:
 *   GET /api/reports?from=YYYY-MM-DD&to=YYYY-MM-DD&locations=a,b   → every dashboard figure (JSON)
 *   GET /api/reports/<table>.csv?…same query…                      → one table as CSV
 * `locations` defaults to every location the viewer may see; one outside them is 403
 * LOCATION_FORBIDDEN (withReader). Bad dates, from after to, or more than 400 days: 400
 * VALIDATION_FAILED. After answering, the dirty days of the asked locations are rebuilt in the
 * background, so the next request reads rollups (figures are exact either way).
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { AppError } from '../../src/errors.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import { withReader } from '../auth/reader.js';
import type { CloudDb } from '../db.js';
import { CSV_TABLES, dashboardCsv, type CsvTable } from './csv.js';
import { dashboardReport } from './dashboard.js';
import { parseReportQuery } from './query.js';
import { refreshInBackground } from './refresh.js';

export function createReportRoutes(db: CloudDb, logger: Logger): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const load = async (viewer: AuthEnv['Variables']['viewer'], raw: Record<string, string>) => {
    const query = parseReportQuery(raw, viewer.locationIds);
    const report = await withReader(db, viewer, query.locationIds, (q) => dashboardReport(q, query));
    refreshInBackground(db, query.locationIds, logger);
    return report;
  };

  app.get('/api/reports', requireViewer, async (c) => c.json(await load(c.var.viewer, c.req.query())));

  app.get('/api/reports/:file', requireViewer, async (c) => {
    const file = c.req.param('file');
    const table = file.endsWith('.csv') ? file.slice(0, -4) : '';
    if (!(CSV_TABLES as readonly string[]).includes(table)) {
      throw new AppError('NOT_FOUND', `No report table "${file}"; ask for one of ${CSV_TABLES.map((t) => `${t}.csv`).join(', ')}.`, { entity: 'report table', tables: CSV_TABLES });
    }
    const report = await load(c.var.viewer, c.req.query());
    return c.body(dashboardCsv(report, table as CsvTable), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="brigade-${table}-${report.query.from}-to-${report.query.to}.csv"`,
    });
  });
  return app;
}
