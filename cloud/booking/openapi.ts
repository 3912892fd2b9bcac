/** Online booking's routes in the cloud's OpenAPI document (cloud/openapi.ts), from the schemas the routes validate with. */
import { z } from 'zod';
import { allotmentGrant, ALLOTMENT_PATH } from '../../sync/booking-messages.js';
import { BookingInput, CancelInput, MAX_BOOKING_BODY_BYTES } from './schema.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, ...errorBody }]));
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const booking = { description: 'The booking: { id, reference, status (pending | confirmed | refused | cancelled), partySize, startsAt, date, time, name, phone, email, notes, refusal: { code, message } | null, restaurant: { slug, name } }', content: { 'application/json': { schema: { type: 'object' } } } };
const tags = ['public booking'];
const limited = { 429: 'RATE_LIMITED (Retry-After)' };

export function bookingPaths(): Record<string, unknown> {
  return {
    '/public/restaurants/{slug}/availability': {
      get: {
        tags, summary: 'The times a published restaurant offers online for a party on a date (its box\'s grant, less what was booked online since; public; rate-limited per address)', security: [],
        parameters: [path('slug'), { name: 'date', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'The restaurant\'s local date.' },
          { name: 'party', in: 'query', required: true, schema: { type: 'integer', minimum: 1, maximum: 100 } }],
        responses: { 200: { description: '{ restaurant, date, party, timeZone, bookableOnline, slots: [{ time, startsAt }] }', content: { 'application/json': { schema: { type: 'object' } } } },
          ...errors({ 400: 'VALIDATION_FAILED (a bad date or party, a party outside the restaurant\'s rules, an unknown parameter)', 404: 'NOT_FOUND (no published restaurant)', ...limited }) },
      },
    },
    '/public/restaurants/{slug}/bookings': {
      post: {
        tags, summary: 'Book online (public; rate-limited per address): 202 pending, sent to the restaurant\'s box, which confirms it by applying it with its own table rules — or refuses it, and the guest is told. The answer carries the reference and the secret manage token (shown this once, or again to a retry with the same Idempotency-Key)', security: [],
        parameters: [path('slug'), { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_\\-:.]{8,128}$' }, description: 'A double tap with the same key and booking answers the first (200); with another booking 422 IDEMPOTENCY_KEY_REUSED.' }],
        requestBody: { required: true, ...json(BookingInput) },
        responses: { 202: { ...booking, description: `${booking.description}, manageToken, manageUrl` }, 200: { description: 'A retry with the same Idempotency-Key' },
          ...errors({ 400: 'VALIDATION_FAILED (details name each field; a party or time outside the restaurant\'s rules), MALFORMED_JSON or IDEMPOTENCY_KEY_REQUIRED (a malformed key)', 404: 'NOT_FOUND (no published restaurant)',
            409: 'ONLINE_BOOKING_CLOSED (the restaurant takes none online, or its box has been silent for 48 h), SLOT_NOT_OFFERED (not a time the availability lists) or ALLOTMENT_EXHAUSTED (details.remaining, details.maxParty)',
            413: `PAYLOAD_TOO_LARGE (${MAX_BOOKING_BODY_BYTES / 1024} kB)`, 415: 'UNSUPPORTED_MEDIA_TYPE', 422: 'IDEMPOTENCY_KEY_REUSED', ...limited }) },
      },
    },
    '/public/bookings/{token}': {
      get: { tags, summary: 'The booking behind a manage link (public; the token is the secret)', security: [], parameters: [path('token')],
        responses: { 200: booking, ...errors({ 404: 'NOT_FOUND (no booking for this token)', ...limited }) } },
    },
    '/public/bookings/{token}/cancel': {
      post: {
        tags, summary: 'Cancel the booking behind a manage link: sent to the box (the host\'s door screen hears it); cancelling twice is once', security: [], parameters: [path('token')],
        requestBody: { required: false, ...json(CancelInput) },
        responses: { 200: booking, ...errors({ 400: 'VALIDATION_FAILED or MALFORMED_JSON', 404: 'NOT_FOUND', 409: 'CANCEL_TOO_LATE (its time has come, or it was refused)', 415: 'UNSUPPORTED_MEDIA_TYPE', ...limited }) },
      },
    },
    '/r/{slug}/book': {
      post: {
        tags, summary: 'The restaurant page\'s booking form (HTML, no script; public; rate-limited like the JSON route): 303 to /b/{token} once booked; a refusal is a page saying why, with the same status and code as the JSON route', security: [],
        parameters: [path('slug')],
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { party: { type: 'integer' }, startsAt: { type: 'integer' }, name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' }, notes: { type: 'string' }, key: { type: 'string', description: 'The form\'s own key: a double submit is one booking' } }, required: ['party', 'startsAt', 'name', 'email'] } } } },
        responses: { 303: { description: 'Booked: to the booking\'s page' }, 400: { description: 'A page naming what is wrong (HTML)' }, 404: { description: 'No published restaurant (HTML)' }, 409: { description: 'Not offered or no room left then (HTML)' }, 413: { description: 'Too large (HTML)' }, 415: { description: 'Not a form post (HTML)' }, 429: { description: 'Too many requests (HTML; Retry-After)' } },
      },
    },
    '/b/{token}': {
      get: { tags, summary: 'The booking\'s own page (HTML, no script): status (refreshed every 3 s while pending), time, party, a cancel button; the manage link', security: [], parameters: [path('token')],
        responses: { 200: { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } }, 404: { description: 'No booking for this link (HTML)' }, 429: { description: 'Too many requests (HTML)' } } },
    },
    '/b/{token}/cancel': {
      post: { tags, summary: 'Cancel from the booking\'s page (HTML form): 303 back to it', security: [], parameters: [path('token')],
        responses: { 303: { description: 'Cancelled (or already): back to the booking\'s page' }, 404: { description: 'No booking for this link (HTML)' }, 409: { description: 'CANCEL_TOO_LATE (HTML)' }, 429: { description: 'Too many requests (HTML)' } } },
    },
    [ALLOTMENT_PATH]: {
      post: {
        tags: ['channel'], summary: 'The box\'s grant for online booking: covers and the largest party per 15-minute slot, with the channel seq it had applied; an older grant never replaces a newer one', security: [{ device: [] }],
        requestBody: { required: true, ...json(allotmentGrant) },
        responses: { 200: { description: '{ stored }: false when a newer grant was already there', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors({ 400: 'MALFORMED_JSON or VALIDATION_FAILED', 401: 'UNAUTHENTICATED' }) },
      },
    },
  };
}
