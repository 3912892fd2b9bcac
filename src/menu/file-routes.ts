/** The menu as a whole: the tree tablets load (with ETag / 304), export and import. */
import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { AppError } from '../errors.js';
import { MenuTree } from './schemas.js';
import { MenuDocument } from './document.js';
import { etagMatches } from './tree.js';
import { acceptsGzip } from '../http/accept-encoding.js';
import { parseMenuCsv } from './menu-csv.js';
import { parseMenuJson } from './import-json.js';

const tags = ['menu'];
const Counts = z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), madeUnavailable: z.number() });
const ImportResult = z.object({
  format: z.enum(['json', 'csv']), mode: z.enum(['merge', 'replace']), changed: z.boolean(), menuVersion: z.number(),
  categories: Counts, items: Counts, optionGroups: Counts, options: Counts,
}).openapi('MenuImportResult');
const ImportProblem = z.object({ line: z.number().optional(), path: z.string().optional(), field: z.string().optional(), reason: z.string() });

const getTree = defineRoute('menu.read', {
  method: 'get', path: '/menu', tags,
  summary: 'The whole menu as one tree: categories → items (unavailable ones flagged) → option groups → options, in sort order',
  description: 'Answers with a weak `ETag` (the menu version). Send it back in `If-None-Match` to get 304 with no body while the menu is unchanged; every menu change bumps the version. Gzipped when `Accept-Encoding` allows it (browsers do).',
  request: { headers: z.object({ 'if-none-match': z.string().optional() }) },
  responses: { 200: jsonContent(MenuTree), 304: { description: 'The menu has not changed since that ETag' } },
});

const exportMenu = defineRoute('menu.read', {
  method: 'get', path: '/menu/export', tags, summary: 'The whole menu as a JSON document or a CSV sheet, ready to edit and import back',
  description: 'CSV: one row per category, item, option group and option (column `kind`); prices in major units (12.50), tax in percent, lists separated by |. See src/menu/menu-csv.ts.',
  request: { query: z.object({ format: z.enum(['json', 'csv']).default('json') }) },
  responses: { 200: { description: 'The menu file', content: { 'application/json': { schema: MenuDocument }, 'text/csv': { schema: z.string() } } } },
});

const importMenu = defineRoute('menu.write', {
  method: 'post', path: '/menu/import', tags,
  summary: 'Import a whole menu (JSON document, or CSV with Content-Type: text/csv), matched by name; all or nothing',
  description: 'Rows are matched by name (ignoring case): known names are updated, new names created, identical rows left alone, so re-importing an export changes nothing. '
    + '`mode=merge` (default) leaves what the file does not mention; `mode=replace` also marks items and options missing from the file unavailable (never deletes them). '
    + 'Every row is checked before anything is written: any problem answers 400 IMPORT_INVALID with `details: [{line | path, field?, reason}]` for every bad row.',
  request: {
    query: z.object({ mode: z.enum(['merge', 'replace']).default('merge') }),
    // Not zod schemas on purpose: the file is read by the importer, which reports every bad row, not by the request validator.
    body: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/MenuFile' } }, 'text/csv': { schema: { type: 'string' } } } },
  },
  responses: {
    200: jsonContent(ImportResult),
    400: { description: 'IMPORT_INVALID (details list every bad row), MALFORMED_JSON or VALIDATION_FAILED', content: { 'application/json': { schema: z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.array(ImportProblem).optional() }) }) } } },
  },
});

export function menuFileRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(getTree, async (c) => {
      authorize(c, getTree);
      const tree = services.menu.servedTree();
      c.header('ETag', tree.etag);
      // Tablets may keep the tree, but must ask (cheaply, with If-None-Match) before using it.
      c.header('Cache-Control', 'private, no-cache');
      c.header('Vary', 'Accept-Encoding');
      if (etagMatches(c.req.valid('header')['if-none-match'], tree.etag)) return c.body(null, 304);
      // 250 kB of JSON for 120 items is about 10 kB gzipped: less to send, on the box and on the Wi-Fi.
      if (acceptsGzip(c.req.header('accept-encoding'))) {
        return c.body(tree.gzipped(), 200, { 'Content-Type': 'application/json; charset=UTF-8', 'Content-Encoding': 'gzip' });
      }
      return c.body(tree.body, 200, { 'Content-Type': 'application/json; charset=UTF-8' });
    })
    .openapi(exportMenu, async (c) => {
      authorize(c, exportMenu);
      const { format } = c.req.valid('query');
      if (format === 'csv') {
        const { csv, menuVersion } = await services.menu.exportMenu('csv');
        c.header('Content-Disposition', `attachment; filename="menu-v${menuVersion}.csv"`);
        return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=UTF-8' });
      }
      const { document, menuVersion } = await services.menu.exportMenu('json');
      c.header('Content-Disposition', `attachment; filename="menu-v${menuVersion}.json"`);
      return c.json(document, 200);
    })
    .openapi(importMenu, async (c) => {
      const { mode } = c.req.valid('query');
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const text = await c.req.text();
      if (text.trim() === '') throw new AppError('VALIDATION_FAILED', 'Send the menu file as the body: JSON, or CSV with Content-Type: text/csv.');
      const parsed = type === 'text/csv'
        ? parseMenuCsv(text, services.menu.currencyDigits())
        : parseMenuJson(text, services.setup.get().currency);
      const actor = authorize(c, importMenu);
      return c.json(await services.menu.importMenu(actor, parsed, mode), 200);
    });
}
