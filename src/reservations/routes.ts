import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { Availability, AvailabilityQuery, CreateReservation, DayQuery, Reservation, ReservationDetail, SeatParty, SetReservationStatus, UpdateReservation } from './schemas.js';
import { CreateException, DoorException, DoorSettingsView, FromQuery, PutDoorSettings } from './settings-schemas.js';

const tags = ['reservations'];
const availability = defineRoute('reservations.read', { method: 'get', path: '/reservations/availability', tags,
  summary: 'Which times can seat a party on a date (opening hours, exceptions, tables and joined tables, turn times, pacing, buffers)',
  request: { query: AvailabilityQuery }, responses: { 200: jsonContent(Availability) } });
const list = defineRoute('reservations.read', { method: 'get', path: '/reservations', tags, summary: 'The bookings of a service date, by time',
  request: { query: DayQuery }, responses: { 200: jsonContent(z.object({ reservations: z.array(Reservation) })) } });
const get = defineRoute('reservations.read', { method: 'get', path: '/reservations/{id}', tags, summary: 'One booking with its status history (who and when)',
  request: { params: IdParam }, responses: { 200: jsonContent(ReservationDetail) } });
const create = defineRoute('reservations.write', { method: 'post', path: '/reservations', tags,
  summary: 'Book (client-made id: a retry answers the first; 409 TABLE_TAKEN names the clashing booking)',
  request: jsonBody(CreateReservation), responses: { 201: jsonContent(Reservation) } });
const update = defineRoute('reservations.write', { method: 'patch', path: '/reservations/{id}', tags,
  summary: 'Change a booking (time, party, tables, guest details); expectedVersion required',
  request: { params: IdParam, ...jsonBody(UpdateReservation) }, responses: { 200: jsonContent(Reservation) } });
const setStatus = defineRoute('reservations.write', { method: 'post', path: '/reservations/{id}/status', tags,
  summary: 'Confirm, check in (arrived), cancel, no-show, finish; recorded with who and when',
  request: { params: IdParam, ...jsonBody(SetReservationStatus) }, responses: { 200: jsonContent(Reservation) } });
const seat = defineRoute('reservations.write', { method: 'post', path: '/reservations/{id}/seat', tags,
  summary: 'Seat the party: opens the table for the waiter (an order with the guest count; client-made orderId)',
  request: { params: IdParam, ...jsonBody(SeatParty) }, responses: { 200: jsonContent(Reservation) } });
const getSettings = defineRoute('reservations.read', { method: 'get', path: '/reservations/settings', tags,
  summary: 'Opening hours, durations by party size, pacing, buffers, joinable tables', responses: { 200: jsonContent(DoorSettingsView) } });
const putSettings = defineRoute('reservations.settings', { method: 'put', path: '/reservations/settings', tags,
  summary: 'Set the door: opening hours per weekday, durations, pacing, buffers, joinable tables', request: jsonBody(PutDoorSettings), responses: { 200: jsonContent(DoorSettingsView) } });
const exceptions = defineRoute('reservations.read', { method: 'get', path: '/reservations/exceptions', tags,
  summary: 'Closed days and private events from a date (today by default)', request: { query: FromQuery }, responses: { 200: jsonContent(z.object({ exceptions: z.array(DoorException) })) } });
const addException = defineRoute('reservations.settings', { method: 'post', path: '/reservations/exceptions', tags,
  summary: 'Close a day, or hold the room or some tables for a private event', request: jsonBody(CreateException), responses: { 201: jsonContent(DoorException) } });
const removeException = defineRoute('reservations.settings', { method: 'delete', path: '/reservations/exceptions/{id}', tags,
  summary: 'Remove a closed day or private event', request: { params: IdParam }, responses: { 200: jsonContent(z.object({ id: z.string(), deleted: z.literal(true) })) } });

export function reservationRoutes({ services, authorize }: RouteDeps) {
  const s = () => services.reservations;
  return newRouter()
    .openapi(availability, async (c) => {
      authorize(c, availability);
      const { date, party } = c.req.valid('query');
      return c.json(s().bookings.availability(date, party), 200);
    })
    .openapi(getSettings, async (c) => { authorize(c, getSettings); return c.json(s().settings.get(), 200); })
    .openapi(putSettings, async (c) => c.json(await s().settings.put(authorize(c, putSettings), c.req.valid('json')), 200))
    .openapi(exceptions, async (c) => { authorize(c, exceptions); return c.json({ exceptions: s().settings.exceptions(c.req.valid('query').from) }, 200); })
    .openapi(addException, async (c) => c.json(await s().settings.addException(authorize(c, addException), c.req.valid('json')), 201))
    .openapi(removeException, async (c) => c.json(await s().settings.removeException(authorize(c, removeException), c.req.valid('param').id), 200))
    .openapi(list, async (c) => { authorize(c, list); return c.json({ reservations: s().bookings.list(c.req.valid('query').date) }, 200); })
    .openapi(get, async (c) => { authorize(c, get); return c.json(s().bookings.get(c.req.valid('param').id), 200); })
    .openapi(create, async (c) => c.json(await s().bookings.create(authorize(c, create), c.req.valid('json')), 201))
    .openapi(update, async (c) => c.json(await s().bookings.update(authorize(c, update), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(setStatus, async (c) => c.json(await s().bookings.setStatus(authorize(c, setStatus), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(seat, async (c) => c.json(await s().bookings.seat(authorize(c, seat), c.req.valid('param').id, c.req.valid('json')), 200));
}
