import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { AllDayItem, AllDayQuery, ListTicketsQuery, StationSummary, TicketView } from './schemas.js';

const LineParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  lineId: z.uuid().openapi({ param: { name: 'lineId', in: 'path' } }),
});
const tags = ['kitchen'];
const ticket = jsonContent(TicketView);

const stations = defineRoute('kitchen.read', { method: 'get', path: '/kitchen/stations', tags, summary: 'Stations on the menu, with their open ticket counts', responses: { 200: jsonContent(z.array(StationSummary)) } });
const list = defineRoute('kitchen.read', { method: 'get', path: '/kitchen/tickets', tags, summary: 'Kitchen tickets in fire order (oldest first); open by default', request: { query: ListTicketsQuery }, responses: { 200: jsonContent(z.array(TicketView)) } });
const bump = defineRoute('orders.bump', { method: 'post', path: '/kitchen/tickets/{id}/bump', tags, summary: 'Bump a ticket: its fired lines are ready (a VOID ticket: acknowledged)', request: { params: IdParam }, responses: { 200: ticket } });
const bumpLine = defineRoute('orders.bump', { method: 'post', path: '/kitchen/tickets/{id}/lines/{lineId}/bump', tags, summary: 'Bump one line of a ticket (ready); the ticket is bumped with its last line', request: { params: LineParams }, responses: { 200: ticket } });
const recall = defineRoute('orders.bump', { method: 'post', path: '/kitchen/tickets/{id}/recall', tags, summary: 'Bring a bumped ticket back (its ready lines back to fired); an open ticket: 409', request: { params: IdParam }, responses: { 200: ticket } });
const allDay = defineRoute('kitchen.read', { method: 'get', path: '/kitchen/all-day', tags, summary: 'All-day counts: fired, not yet ready, per item', request: { query: AllDayQuery }, responses: { 200: jsonContent(z.array(AllDayItem)) } });

export function kitchenRoutes({ services, authorize }: RouteDeps) {
  const kitchen = services.kitchen;
  return newRouter()
    .openapi(stations, (c) => {
      authorize(c, stations);
      return c.json(kitchen.stations(), 200);
    })
    .openapi(list, (c) => {
      authorize(c, list);
      return c.json(kitchen.list(c.req.valid('query')), 200);
    })
    .openapi(bump, async (c) => {
      const actor = authorize(c, bump);
      return c.json(await kitchen.bump(actor, c.req.valid('param').id), 200);
    })
    .openapi(bumpLine, async (c) => {
      const actor = authorize(c, bumpLine);
      const { id, lineId } = c.req.valid('param');
      return c.json(await kitchen.bumpLine(actor, id, lineId), 200);
    })
    .openapi(recall, async (c) => {
      const actor = authorize(c, recall);
      return c.json(await kitchen.recall(actor, c.req.valid('param').id), 200);
    })
    .openapi(allDay, (c) => {
      authorize(c, allDay);
      return c.json(kitchen.allDay(c.req.valid('query').station), 200);
    });
}
