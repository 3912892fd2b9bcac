import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { CreatePrinter, DiscoverBody, DiscoveredPrinter, ListJobsQuery, PrinterRouteView, PrinterView, PrintForOrder, PrintJobView, RouteParams, SetRoute, UpdatePrinter } from './schemas.js';

const tags = ['printing'];
const job = jsonContent(PrintJobView);
const optionalBody = (schema: typeof PrintForOrder) => ({ body: { required: false, content: { 'application/json': { schema } } } });

const list = defineRoute('printers.read', { method: 'get', path: '/printers', tags, summary: 'Printers with their current problem (paper out, unreachable…) and queue length', responses: { 200: jsonContent(z.array(PrinterView)) } });
const getOne = defineRoute('printers.read', { method: 'get', path: '/printers/{id}', tags, summary: 'One printer', request: { params: IdParam }, responses: { 200: jsonContent(PrinterView) } });
const add = defineRoute('printers.manage', { method: 'post', path: '/printers', tags, summary: 'Add a printer: TCP host:port (9100) or a USB device file', request: jsonBody(CreatePrinter), responses: { 201: jsonContent(PrinterView) } });
const update = defineRoute('printers.manage', { method: 'patch', path: '/printers/{id}', tags, summary: 'Change a printer (name, address, width, code page, enabled)', request: { params: IdParam, ...jsonBody(UpdatePrinter) }, responses: { 200: jsonContent(PrinterView) } });
const test = defineRoute('printers.manage', { method: 'post', path: '/printers/{id}/test', tags, summary: 'Queue a test page (accents, €, styles, width)', request: { params: IdParam }, responses: { 202: job } });
const discover = defineRoute('printers.manage', { method: 'post', path: '/printers/discover', tags, summary: 'Suggest printers: mDNS (when MDNS=on) and a probe of the subnet for port 9100 answering DLE EOT', request: jsonBody(DiscoverBody), responses: { 200: jsonContent(z.array(DiscoveredPrinter)) } });
const routes = defineRoute('printers.read', { method: 'get', path: '/printer-routes', tags, summary: 'What prints where: stations → printer (+ backup), areas → receipt printer', responses: { 200: jsonContent(z.array(PrinterRouteView)) } });
const setRoute = defineRoute('printers.manage', { method: 'put', path: '/printer-routes', tags, summary: 'Route a station\'s tickets or an area\'s receipts to a printer, with an optional backup', request: jsonBody(SetRoute), responses: { 200: jsonContent(PrinterRouteView) } });
const deleteRoute = defineRoute('printers.manage', { method: 'delete', path: '/printer-routes/{kind}/{key}', tags, summary: 'Remove a route (the station then prints nowhere; screens still show it)', request: { params: RouteParams }, responses: { 200: jsonContent(z.object({ deleted: z.literal(true) })) } });
const jobs = defineRoute('printers.read', { method: 'get', path: '/print-jobs', tags, summary: 'Print jobs, newest first, with their state', request: { query: ListJobsQuery }, responses: { 200: jsonContent(z.array(PrintJobView)) } });
const jobOne = defineRoute('printers.read', { method: 'get', path: '/print-jobs/{id}', tags, summary: 'One print job', request: { params: IdParam }, responses: { 200: job } });
const reprint = defineRoute('print.reprint', { method: 'post', path: '/print-jobs/{id}/reprint', tags, summary: 'Print a job again, marked REPRINT', request: { params: IdParam }, responses: { 202: job } });
const guestCheck = defineRoute('print.receipt', { method: 'post', path: '/orders/{id}/print/guest-check', tags, summary: 'Print the guest check on the area\'s receipt printer', request: { params: IdParam, ...optionalBody(PrintForOrder) }, responses: { 202: job } });
const receipt = defineRoute('print.receipt', { method: 'post', path: '/orders/{id}/print/receipt', tags, summary: 'Print the customer receipt on the area\'s receipt printer', request: { params: IdParam, ...optionalBody(PrintForOrder) }, responses: { 202: job } });

/** Printing routes: every one answers once the job row is written; none waits for a printer (except discover, which is its point). */
export function printingRoutes({ services, authorize }: RouteDeps) {
  const printing = services.printing;
  return newRouter()
    .openapi(list, (c) => { authorize(c, list); return c.json(printing.listPrinters(), 200); })
    .openapi(discover, async (c) => {
      const actor = authorize(c, discover);
      void actor;
      return c.json(await services.discovery.discover(c.req.valid('json'), printing.listPrinters()), 200);
    })
    .openapi(getOne, (c) => { authorize(c, getOne); return c.json(printing.getPrinter(c.req.valid('param').id), 200); })
    .openapi(add, async (c) => { const actor = authorize(c, add); return c.json(await printing.addPrinter(actor, c.req.valid('json')), 201); })
    .openapi(update, async (c) => { const actor = authorize(c, update); return c.json(await printing.updatePrinter(actor, c.req.valid('param').id, c.req.valid('json')), 200); })
    .openapi(test, async (c) => { const actor = authorize(c, test); return c.json(await printing.printTest(actor, c.req.valid('param').id), 202); })
    .openapi(routes, (c) => { authorize(c, routes); return c.json(printing.listRoutes(), 200); })
    .openapi(setRoute, async (c) => { const actor = authorize(c, setRoute); return c.json(await printing.setRoute(actor, c.req.valid('json')), 200); })
    .openapi(deleteRoute, async (c) => {
      const actor = authorize(c, deleteRoute);
      const { kind, key } = c.req.valid('param');
      return c.json(await printing.deleteRoute(actor, kind, key), 200);
    })
    .openapi(jobs, (c) => { authorize(c, jobs); return c.json(printing.listJobs(c.req.valid('query')), 200); })
    .openapi(jobOne, (c) => { authorize(c, jobOne); return c.json(printing.getJob(c.req.valid('param').id), 200); })
    .openapi(reprint, async (c) => { const actor = authorize(c, reprint); return c.json(await printing.reprint(actor, c.req.valid('param').id), 202); })
    .openapi(guestCheck, async (c) => {
      const actor = authorize(c, guestCheck);
      return c.json(await printing.printBill(actor, c.req.valid('param').id, 'guest-check', c.req.valid('json') ?? {}), 202);
    })
    .openapi(receipt, async (c) => {
      const actor = authorize(c, receipt);
      return c.json(await printing.printBill(actor, c.req.valid('param').id, 'receipt', c.req.valid('json') ?? {}), 202);
    });
}
