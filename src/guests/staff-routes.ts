/** The staff's side of QR ordering (issue 19): requests to answer, settings, and each table's code. */
import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { AcceptRequest, GuestSettings, GuestSettingsPatch, ListRequestsQuery, QrSheetQuery, RefuseRequest, StaffGuestRequest, TableQr } from './schemas.js';
import { PrintJobView } from '../printing/schemas.js';
import { sheetPng, sheetSvg } from './qr-sheet.js';

const tags = ['guest requests'];
const request = jsonContent(StaffGuestRequest);

const list = defineRoute('orders.read', { method: 'get', path: '/guest-requests', tags, summary: 'Guest orders, calls and bill requests (pending ones oldest first)', request: { query: ListRequestsQuery }, responses: { 200: jsonContent(z.array(StaffGuestRequest)) } });
const get = defineRoute('orders.read', { method: 'get', path: '/guest-requests/{id}', tags, summary: 'One guest request', request: { params: IdParam }, responses: { 200: request } });
const accept = defineRoute('orders.write', { method: 'post', path: '/guest-requests/{id}/accept', tags, summary: "Accept (with edits): an order becomes order lines on the table's order and is fired; a call or bill is answered", request: { params: IdParam, ...jsonBody(AcceptRequest) }, responses: { 200: request } });
const refuse = defineRoute('orders.write', { method: 'post', path: '/guest-requests/{id}/refuse', tags, summary: 'Refuse with a reason the guest sees', request: { params: IdParam, ...jsonBody(RefuseRequest) }, responses: { 200: request } });
const getSettings = defineRoute('guests.settings', { method: 'get', path: '/guest-ordering/settings', tags, summary: 'QR ordering settings', responses: { 200: jsonContent(GuestSettings) } });
const patchSettings = defineRoute('guests.settings', { method: 'patch', path: '/guest-ordering/settings', tags, summary: 'Change QR ordering settings (fields given only)', request: jsonBody(GuestSettingsPatch), responses: { 200: jsonContent(GuestSettings) } });
const qr = defineRoute('tables.qr', { method: 'get', path: '/tables/{id}/qr', tags: ['tables'], summary: "The table's current QR token and the URL its code opens", request: { params: IdParam }, responses: { 200: jsonContent(TableQr) } });
const rotate = defineRoute('tables.qr', { method: 'post', path: '/tables/{id}/qr', tags: ['tables'], summary: 'A new QR code for the table: the old one stops working at once', request: { params: IdParam }, responses: { 200: jsonContent(TableQr) } });

const sheet = defineRoute('tables.qr', { method: 'get', path: '/tables/qr-sheet', tags: ['tables'], summary: "Printable QR codes of an area's tables (all areas without area=): A4, three by four, with each table's label and the restaurant's name; SVG or PNG", request: { query: QrSheetQuery },
  responses: { 200: { description: 'The sheet', content: { 'image/svg+xml': { schema: z.string() }, 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } } } });
const print = defineRoute('tables.qr', { method: 'post', path: '/tables/{id}/qr/print', tags: ['tables'], summary: "Print the table's QR code on its area's receipt printer (ESC/POS QR)", request: { params: IdParam }, responses: { 202: jsonContent(PrintJobView, 'Queued') } });

/** Where phones reach the box: the setting, else the address the caller used (a manager at the box). */
export function guestBaseUrl(setting: string | null, requestUrl: string): string {
  return (setting ?? new URL(requestUrl).origin).replace(/\/+$/, '');
}

export function guestStaffRoutes({ services, authorize }: RouteDeps) {
  const guests = services.guests;
  const qrView = (url: string, tableId: string) => {
    const t = guests.tokenFor(tableId);
    return { ...t, url: `${guestBaseUrl(guests.settings().guestBaseUrl, url)}/t/${t.token}` };
  };
  return newRouter()
    .openapi(list, (c) => {
      authorize(c, list);
      const { status, limit } = c.req.valid('query');
      return c.json(guests.list(status, limit), 200);
    })
    .openapi(get, (c) => {
      authorize(c, get);
      return c.json(guests.get(c.req.valid('param').id), 200);
    })
    .openapi(accept, async (c) => c.json(await guests.accept(authorize(c, accept), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(refuse, async (c) => c.json(await guests.refuse(authorize(c, refuse), c.req.valid('param').id, c.req.valid('json').reason), 200))
    .openapi(getSettings, (c) => {
      authorize(c, getSettings);
      return c.json(guests.settings(), 200);
    })
    .openapi(patchSettings, async (c) => c.json(await guests.updateSettings(authorize(c, patchSettings), c.req.valid('json')), 200))
    .openapi(qr, async (c) => {
      authorize(c, qr);
      // A code being shown or printed is one the cloud must know: queue any missing digest now, not at the next tick.
      if (services.sync.target()) await guests.publishMissingCodes();
      return c.json(qrView(c.req.url, c.req.valid('param').id), 200);
    })
    .openapi(sheet, async (c) => {
      authorize(c, sheet);
      if (services.sync.target()) await guests.publishMissingCodes();
      const { area, format } = c.req.valid('query');
      const tables = services.tables.list(area ? { areaId: area } : {}).filter((t) => t.status !== 'inactive');
      const content = { restaurantName: services.setup.get().name, cards: tables.map((t) => ({ label: t.label, url: qrView(c.req.url, t.id).url })) };
      c.header('Cache-Control', 'no-store');
      if (format === 'png') return c.body(new Uint8Array(sheetPng(content)), 200, { 'Content-Type': 'image/png' });
      return c.body(await sheetSvg(content), 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
    })
    .openapi(print, async (c) => {
      const actor = authorize(c, print);
      const { label, url } = qrView(c.req.url, c.req.valid('param').id);
      return c.json(await services.printing.printTableQr(actor, c.req.valid('param').id, { tableLabel: label, url }), 202);
    })
    .openapi(rotate, async (c) => {
      const actor = authorize(c, rotate);
      await guests.rotate(actor, c.req.valid('param').id);
      return c.json(qrView(c.req.url, c.req.valid('param').id), 200);
    });
}
