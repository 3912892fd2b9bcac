/** The cloud's public guest routes in its OpenAPI document (tag `public (guests)`), from the schemas they validate with. */
import { z } from 'zod';
import { GuestMenu, GuestRequestInput, GuestRequestView } from '../../src/guests/schemas.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, ...errorBody }]));
const tags = ['public (guests)'];
const security = [{ tableToken: [] }];
const tableId = { name: 'tableId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const common = { 401: 'TABLE_TOKEN_INVALID: forged, replaced by a rotation (after the box pushed it), or for another table; nothing written', 429: 'RATE_LIMITED (Retry-After)' };

export const tableTokenScheme = { type: 'apiKey', in: 'header', name: 'X-Table-Token', description: "A table's QR token (the part of the QR code's URL after /t/); the cloud checks it against the digest the box pushed." };

export function guestPaths(): Record<string, unknown> {
  return {
    '/t/{token}': {
      get: { tags, summary: "The guest page a table's QR code opens (the box's own page and bundle, served by the cloud for phones on mobile data)", security: [],
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'The page (HTML)', content: { 'text/html': { schema: { type: 'string' } } } } } },
    },
    '/public/tables/{tableId}/menu': {
      get: { tags, summary: "The table's page from the synced menu: restaurant, table, whether ordering is open, 86'd items unavailable", security, parameters: [tableId],
        responses: { 200: { description: 'The menu', ...json(GuestMenu) }, ...errors({ ...common, 400: 'VALIDATION_FAILED' }) } },
    },
    '/public/tables/{tableId}/requests': {
      post: { tags, summary: 'A guest orders, calls the waiter or asks for the bill; priced from the synced menu and sent down the channel (guest.request v1). Client-made id: a replay, through the cloud or the box, answers the first', security,
        parameters: [tableId], requestBody: { required: true, ...json(GuestRequestInput) },
        responses: { 201: { description: 'Sent', ...json(GuestRequestView) }, 200: { description: 'The same request, sent earlier (here or on the Wi-Fi), or the call already waiting', ...json(GuestRequestView) },
          ...errors({ ...common, 400: 'VALIDATION_FAILED or MALFORMED_JSON', 403: 'GUEST_BLOCKED', 404: 'NOT_FOUND (an item the menu does not have)', 409: 'GUEST_ORDERING_CLOSED, ITEM_UNAVAILABLE or IDEMPOTENCY_CONFLICT', 422: 'OPTION_RULES_VIOLATED or GUEST_ORDER_TOO_LARGE',
            413: 'PAYLOAD_TOO_LARGE (64 kB)', 415: 'UNSUPPORTED_MEDIA_TYPE' }) } },
    },
    '/public/tables/{tableId}/requests/{requestId}': {
      get: { tags, summary: "The request's state as the box reports it (waiting, accepted, in the kitchen, ready, served, refused with the reason); with state= and wait=, answers when it changes (up to 25 s)", security,
        parameters: [tableId, { name: 'requestId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'state', in: 'query', schema: { type: 'string', enum: ['waiting', 'accepted', 'in_kitchen', 'ready', 'served', 'refused'] } },
          { name: 'wait', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 25, default: 0 } }],
        responses: { 200: { description: 'The request', ...json(GuestRequestView) }, ...errors({ ...common, 400: 'VALIDATION_FAILED', 404: 'NOT_FOUND' }) } },
    },
  };
}
