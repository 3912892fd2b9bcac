import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { SeatParty } from './schemas.js';
import { AddToWaitlist, LeaveWaitlist, NotifyParty, WaitlistEntry } from './waitlist-schemas.js';

const tags = ['waitlist'];
const list = defineRoute('reservations.read', { method: 'get', path: '/waitlist', tags,
  summary: 'Parties waiting now, in order, each with its live estimated wait', responses: { 200: jsonContent(z.object({ waitlist: z.array(WaitlistEntry) })) } });
const add = defineRoute('reservations.write', { method: 'post', path: '/waitlist', tags,
  summary: 'Add a walk-in party with a phone number (client-made id); answers with the quoted wait', request: jsonBody(AddToWaitlist), responses: { 201: jsonContent(WaitlistEntry) } });
const notify = defineRoute('reservations.write', { method: 'post', path: '/waitlist/{id}/notify', tags,
  summary: 'Their table is ready (table_ready event)', request: { params: IdParam, ...jsonBody(NotifyParty) }, responses: { 200: jsonContent(WaitlistEntry) } });
const seat = defineRoute('reservations.write', { method: 'post', path: '/waitlist/{id}/seat', tags,
  summary: 'Seat the party: opens the table for the waiter (client-made orderId)', request: { params: IdParam, ...jsonBody(SeatParty) }, responses: { 200: jsonContent(WaitlistEntry) } });
const leave = defineRoute('reservations.write', { method: 'post', path: '/waitlist/{id}/leave', tags,
  summary: 'The party left or cancelled', request: { params: IdParam, ...jsonBody(LeaveWaitlist) }, responses: { 200: jsonContent(WaitlistEntry) } });

export function waitlistRoutes({ services, authorize }: RouteDeps) {
  const w = () => services.reservations.waitlist;
  return newRouter()
    .openapi(list, async (c) => { authorize(c, list); return c.json({ waitlist: w().list() }, 200); })
    .openapi(add, async (c) => c.json(await w().add(authorize(c, add), c.req.valid('json')), 201))
    .openapi(notify, async (c) => c.json(await w().notify(authorize(c, notify), c.req.valid('param').id, c.req.valid('json').tableIds), 200))
    .openapi(seat, async (c) => c.json(await w().seat(authorize(c, seat), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(leave, async (c) => c.json(await w().leave(authorize(c, leave), c.req.valid('param').id, c.req.valid('json').status), 200));
}
