import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { IdempotencyHeader } from '../payments/schemas.js';
import { PrintJobView } from '../printing/schemas.js';
import { ListZQuery, XReportView, ZCloseResult, ZNumberParam, ZReportView } from './schemas.js';

const tags = ['reports'];
const x = defineRoute('reports.read', { method: 'get', path: '/reports/x', tags, summary: 'X report: the current business day so far, and the orders still open', responses: { 200: jsonContent(XReportView) } });
const close = defineRoute('reports.close', {
  method: 'post', path: '/reports/z', tags,
  summary: 'Z report: close the current business day (refused while it has open orders, and for a day that has not started: DAY_NOT_STARTED). Prints on the receipt printer when one is routed. Needs Idempotency-Key.',
  request: { headers: IdempotencyHeader },
  responses: { 201: jsonContent(ZCloseResult, 'The Z (a retry with the same key returns the same Z)') },
});
const list = defineRoute('reports.read', { method: 'get', path: '/reports/z', tags, summary: 'Z reports, newest first', request: { query: ListZQuery }, responses: { 200: jsonContent(z.array(ZReportView)) } });
const get = defineRoute('reports.read', { method: 'get', path: '/reports/z/{number}', tags, summary: 'One Z report by its number', request: { params: ZNumberParam }, responses: { 200: jsonContent(ZReportView) } });
const printZ = defineRoute('reports.print', { method: 'post', path: '/reports/z/{number}/print', tags, summary: 'Print a Z again, labelled REPRINT', request: { params: ZNumberParam }, responses: { 202: jsonContent(PrintJobView, 'Queued') } });
const printX = defineRoute('reports.print', { method: 'post', path: '/reports/x/print', tags, summary: 'Print an X report of the business day so far', responses: { 202: jsonContent(PrintJobView, 'Queued') } });

export function reportsRoutes({ services, authorize }: RouteDeps) {
  const reports = services.reports;
  return newRouter()
    .openapi(x, (c) => {
      authorize(c, x);
      return c.json(reports.x(), 200);
    })
    .openapi(close, async (c) => {
      const actor = authorize(c, close);
      return c.json(await reports.closeZ(actor, c.req.valid('header')['idempotency-key']), 201);
    })
    .openapi(list, (c) => {
      authorize(c, list);
      return c.json(reports.list(c.req.valid('query')), 200);
    })
    .openapi(get, (c) => {
      authorize(c, get);
      return c.json(reports.get(c.req.valid('param').number), 200);
    })
    .openapi(printZ, async (c) => {
      const actor = authorize(c, printZ);
      return c.json(await reports.printZ(actor, c.req.valid('param').number), 202);
    })
    .openapi(printX, async (c) => {
      const actor = authorize(c, printX);
      return c.json(await reports.printX(actor), 202);
    });
}
