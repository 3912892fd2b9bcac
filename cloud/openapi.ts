/**
 * The cloud service's own OpenAPI document (GET /openapi.json; Swagger UI at /docs). Built from
 * the same zod schemas the routes validate with, so it cannot drift from them. It covers the
 * cloud → box channel and the central menu (issue 17), the off-box copy (issue 22) and delivery platforms (issue 21); older cloud
 * routes are listed in the README.
 */
import { z } from 'zod';
import { ackAnswer, ackRequest, messagesAnswer } from '../sync/channel-protocol.js';
import { CreateMenu, LocationMenu, Publish, UpdateMenu } from './menus/routes.js';
import { ProgrammeBody } from './loyalty/routes.js';
import { ConnectionInput } from './delivery/connections.js';
import { CreateConnection, RotateSecret } from './delivery/connection-routes.js';
import { MAX_SEALED_CHUNK_BYTES, copyAnswer, startRequest } from '../sync/offbox-protocol.js';
import { ProfileInput } from './profiles/schema.js';
import { CUISINE_IDS } from './profiles/cuisines.js';
import { DEFAULT_LIMIT, DEFAULT_RADIUS_M, MAX_LIMIT, MAX_OFFSET, MAX_RADIUS_M } from './profiles/discovery.js';
import { webhookPaths } from './webhooks/openapi.js';
import { guestAccountPaths } from './guest-accounts/openapi.js';
import { bookingPaths } from './booking/openapi.js';
import { guestPaths, tableTokenScheme } from './guests/openapi.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, ...errorBody }]));
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const anyJson = { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
const idempotencyKey = (required: boolean) => ({ name: 'Idempotency-Key', in: 'header', required, schema: { type: 'string', pattern: '^[A-Za-z0-9_\\-:.]{8,128}$' },
  description: `${required ? 'Required. ' : ''}A new key per change, the same on a retry: the same key and request return the first answer; another request with it is 422 IDEMPOTENCY_KEY_REUSED.` });
const device = [{ device: [] }];
const binary = { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } };
const chunkParams = [path('id'), { name: 'index', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }];
const person = [{ session: [] }];

export function cloudOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Brigade cloud API', version: '1', description: 'The cloud → box channel, the central menu, the off-box copy of backups, the restaurants\' public profiles, discovery and online booking, guest accounts, guests ordering from their table, and webhooks. Errors: `{ error: { code, message, details } }` with a code from src/errors.ts.' },
    components: {
      securitySchemes: {
        device: { type: 'http', scheme: 'bearer', description: 'A box\'s device credential `<device id>.<secret>`.' },
        session: { type: 'http', scheme: 'bearer', description: 'A signed-in person\'s session token (or the session cookie).' },
        guestSession: { type: 'http', scheme: 'bearer', description: 'A guest account\'s session token `bgs_…` (or the `brigade_guest` cookie); staff sessions are not accepted.' },
        tableToken: tableTokenScheme,
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } },
      },
    },
    paths: {
      ...guestPaths(),
      '/sync/messages': {
        get: {
          tags: ['channel'], summary: 'Long-poll the location\'s messages after a cursor (or a resync answer)', security: device,
          parameters: [
            { name: 'after', in: 'query', required: true, schema: { type: 'integer', minimum: 0 }, description: 'The box\'s cursor: the last seq it applied.' },
            { name: 'wait', in: 'query', schema: { type: 'integer', minimum: 0, maximum: 55, default: 0 }, description: 'Seconds to hold the request when there is nothing new.' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 500 } },
          ],
          responses: { 200: { description: 'Messages in seq order, or resync with the current state', ...json(messagesAnswer) }, ...errors({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED' }) },
        },
      },
      '/sync/messages/ack': {
        post: {
          tags: ['channel'], summary: 'Record what the box did with messages: applied (when) or refused (code, reason)', security: device,
          requestBody: { required: true, ...json(ackRequest) },
          responses: { 200: { description: 'How many messages changed', ...json(ackAnswer) }, ...errors({ 400: 'MALFORMED_JSON or VALIDATION_FAILED', 401: 'UNAUTHENTICATED' }) },
        },
      },
      '/sync/offbox/copies': {
        post: {
          tags: ['offbox'], summary: 'Start an off-box copy, or find it again to resume: the answer lists the chunks the cloud lacks', security: device,
          requestBody: { required: true, ...json(startRequest) },
          responses: { 200: { description: 'The copy existed (a resume)', ...json(copyAnswer) }, 201: { description: 'A new copy', ...json(copyAnswer) },
            ...errors({ 400: 'MALFORMED_JSON or VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 409: 'OFFBOX_COPY_MISMATCH or DEVICE_CREDENTIAL_IN_USE', 413: 'PAYLOAD_TOO_LARGE (64 kB)', 415: 'UNSUPPORTED_MEDIA_TYPE' }) },
        },
      },
      '/sync/offbox/latest': {
        get: { tags: ['offbox'], summary: 'The location\'s newest complete copy: manifest and wrapped key', security: device,
          responses: { 200: { description: 'The copy', ...json(copyAnswer) }, ...errors({ 401: 'UNAUTHENTICATED', 404: 'OFFBOX_NONE' }) } },
      },
      '/sync/offbox/copies/{id}': {
        get: { tags: ['offbox'], summary: 'One copy of this location: status and missing chunks', security: device, parameters: [path('id')],
          responses: { 200: { description: 'The copy', ...json(copyAnswer) }, ...errors({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND' }) } },
      },
      '/sync/offbox/copies/{id}/chunks/{index}': {
        put: {
          tags: ['offbox'], summary: `Store one sealed chunk (nonce | ciphertext | tag), exactly its manifest size; idempotent (at most ${MAX_SEALED_CHUNK_BYTES} bytes)`, security: device,
          parameters: chunkParams, requestBody: { required: true, ...binary },
          responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED (size or index)', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' }) },
        },
        get: { tags: ['offbox'], summary: 'One sealed chunk, for a restore', security: device, parameters: chunkParams,
          responses: { 200: { description: 'The sealed chunk', ...binary }, ...errors({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND' }) } },
      },
      '/sync/offbox/copies/{id}/complete': {
        post: { tags: ['offbox'], summary: 'Mark the copy complete once every chunk is in; the cloud then keeps the location\'s newest 2', security: device, parameters: [path('id')],
          responses: { 200: { description: 'The complete copy', ...json(copyAnswer) }, ...errors({ 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND', 409: 'OFFBOX_INCOMPLETE' }) } },
      },
      '/api/customers': {
        get: {
          tags: ['customers'], summary: 'Search the organisation\'s customers by name, phone or email, sorted by name, a page at a time (a person with some locations only finds the customers those locations know)', security: person,
          parameters: [
            { name: 'q', in: 'query', schema: { type: 'string', maxLength: 80 }, description: 'A part of the name or email, or 3+ digits of the phone (national or international form). Empty: everyone.' },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'The `nextCursor` of the previous page.' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 25 } },
          ],
          responses: { 200: { description: '`{ customers: [{ id, name, phone, email, blockedReason }], nextCursor }` (nextCursor null on the last page)', content: anyJson.content }, ...errors({ 400: 'VALIDATION_FAILED (q too long, bad cursor or limit)', 401: 'UNAUTHENTICATED' }) },
        },
      },
      '/platforms/{platform}/{locationId}/orders': {
        post: {
          tags: ['delivery'], summary: 'A delivery platform\'s order webhook (uber_eats, deliveroo, generic), signed as that platform signs (docs/guests.md#delivery-platforms). Stored once per platform order id and sent to the box; answers 200 {status: received | duplicate | ignored, id, flagged}. A platform\'s cancellation (Uber orders.cancel, Deliveroo order.status_update canceled, generic order.cancelled) the same way: 200 {status: cancelled | duplicate | unknown_order}',
          parameters: [path('platform'), path('locationId')],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { 200: anyJson, ...errors({ 400: 'MALFORMED_JSON or VALIDATION_FAILED', 401: 'PLATFORM_SIGNATURE (unsigned, bad_signature, stale, unknown_connection): logged, nothing applied', 404: 'ROUTE_NOT_FOUND (no such platform)', 413: 'PAYLOAD_TOO_LARGE', 429: 'PLATFORM_RATE_LIMITED' }) },
        },
      },
      '/api/locations/{locationId}/platforms': {
        get: { tags: ['delivery'], summary: 'The location\'s platform connections (never the secret or the API token: only whether they are set), each with its last verified request and latest refused requests, and the platforms available', security: person, parameters: [path('locationId')], responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED', 403: 'LOCATION_FORBIDDEN' }) } },
        post: { tags: ['delivery'], summary: 'Connect a platform (owner): {platform, secret?, …settings}; without a secret the cloud makes one and answers it once as `secret`', security: person,
          parameters: [path('locationId')], requestBody: { required: true, ...json(CreateConnection) },
          responses: { 201: anyJson, ...errors({ 400: 'MALFORMED_JSON or VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'LOCATION_FORBIDDEN or FORBIDDEN (not an owner)', 404: 'NOT_FOUND (no such platform)', 409: 'DUPLICATE (already connected)', 415: 'UNSUPPORTED_MEDIA_TYPE' }) } },
      },
      '/api/locations/{locationId}/platforms/{platform}/rotate-secret': {
        post: { tags: ['delivery'], summary: 'Replace the shared secret at once (owner): {secret?}; without one the cloud makes it and answers it once as `secret`', security: person,
          parameters: [path('locationId'), path('platform')], requestBody: { required: true, ...json(RotateSecret) },
          responses: { 200: anyJson, ...errors({ 400: 'MALFORMED_JSON or VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'LOCATION_FORBIDDEN or FORBIDDEN (not an owner)', 404: 'NOT_FOUND', 415: 'UNSUPPORTED_MEDIA_TYPE' }) } },
      },
      '/api/locations/{locationId}/platforms/{platform}': {
        put: { tags: ['delivery'], summary: 'Create or change a platform connection: secret (required the first time, write-only), store, status API, auto-accept, prep time, hold time, commission rate, enabled (pause / resume) (owner)', security: person,
          parameters: [path('locationId'), path('platform')], requestBody: { required: true, ...json(ConnectionInput) },
          responses: { 200: anyJson, ...errors({ 400: 'MALFORMED_JSON or VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'LOCATION_FORBIDDEN or FORBIDDEN', 404: 'NOT_FOUND (no such platform)', 415: 'UNSUPPORTED_MEDIA_TYPE' }) } },
        delete: { tags: ['delivery'], summary: 'Disconnect a platform (owner): its requests are refused from then on', security: person, parameters: [path('locationId'), path('platform')],
          responses: { 204: { description: 'Deleted' }, ...errors({ 401: 'UNAUTHENTICATED', 403: 'LOCATION_FORBIDDEN or FORBIDDEN (not an owner)', 404: 'NOT_FOUND' }) } },
      },
      '/api/locations/{locationId}/platform-orders': {
        get: { tags: ['delivery'], summary: 'The latest platform orders of the location: state, reason, flagged, the platform\'s money, whether the box took it, and each status sent to the platform with its attempts', security: person,
          parameters: [path('locationId'), { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } }], responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED', 403: 'LOCATION_FORBIDDEN' }) } },
      },
      '/api/reports/sources': {
        get: { tags: ['delivery'], summary: 'Sales by source over business days: dine_in, takeaway, delivery, qr and each platform, with each platform\'s commission and delivery fee beside (never in) its sales', security: person,
          parameters: [...['from', 'to'].map((name) => ({ name, in: 'query', required: true, schema: { type: 'string', format: 'date' } })), { name: 'locations', in: 'query', required: false, schema: { type: 'string' } }],
          responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'LOCATION_FORBIDDEN' }) } },
      },
      '/api/customers/{id}': {
        get: { tags: ['customers'], summary: 'The organisation\'s record of a customer (a merged id answers the surviving one): consent, blocked, the ids merged into it, and per location of the reader that knows them visits, spend (paid net of refunds, no tips) and last visit', security: person, parameters: [path('id')], responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND' }) } },
      },
      '/api/customers/{id}/export': {
        get: { tags: ['customers'], summary: 'Everything held about one customer, as JSON: the record, merged ids, each location\'s copy, their orders with money figures (owner only)', security: person, parameters: [path('id')], responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }) } },
      },
      '/api/customers/{id}/erase': {
        post: { tags: ['customers'], summary: 'Erase a customer on request (GDPR art. 17): anonymised in the cloud and, through a customer.erased message, on every box; orders keep their money (owner only). A second call changes nothing', security: person, parameters: [path('id')], responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }) } },
      },
      '/api/locations/{id}/profile': {
        get: { tags: ['public page'], summary: 'The location\'s public profile (null before the first save), its version, and the time zone its box synced (owners, and managers of the location)', security: person, parameters: [path('id')],
          responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN (viewer) or LOCATION_FORBIDDEN (not yours, or no such location)' }) } },
        put: {
          tags: ['public page'], summary: 'Create (expectedVersion 0) or replace the public profile (owners only); nothing is written on any refusal', security: person,
          parameters: [path('id')], requestBody: { required: true, ...json(ProfileInput) },
          responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED or MALFORMED_JSON', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN or LOCATION_FORBIDDEN', 409: 'VERSION_CONFLICT (details.currentVersion) or DUPLICATE (slug taken)', 413: 'PAYLOAD_TOO_LARGE (64 kB)', 415: 'UNSUPPORTED_MEDIA_TYPE' }) },
        },
      },
      '/public/restaurants': {
        get: {
          tags: ['public page'], summary: 'Published restaurants within a radius, nearest first, paged (public; rate-limited per address)', security: [],
          parameters: [
            { name: 'lat', in: 'query', required: true, schema: { type: 'number', minimum: -90, maximum: 90 } },
            { name: 'lon', in: 'query', required: true, schema: { type: 'number', minimum: -180, maximum: 180 } },
            { name: 'radius', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_RADIUS_M, default: DEFAULT_RADIUS_M }, description: 'Metres.' },
            { name: 'cuisine', in: 'query', schema: { type: 'string', enum: CUISINE_IDS } },
            { name: 'open_now', in: 'query', schema: { type: 'boolean' }, description: 'Only those open now, in each restaurant\'s own time zone.' },
            { name: 'party_size', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 }, description: 'Only those whose booking rules take this party (with time: and that time inside their booking window).' },
            { name: 'time', in: 'query', schema: { type: 'string', examples: ['2026-12-05T20:00', '2026-12-05T19:00Z'] }, description: 'Only those open then. Without an offset: each restaurant\'s local time; with one: an instant. Not with open_now.' },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
            { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0 } },
          ],
          responses: { 200: { description: '{ restaurants: [{ slug, name, url, cuisines, priceRange, address, lat, lon, distanceMetres, openNow, phone, photo }], limit, offset, next }', content: { 'application/json': { schema: { type: 'object' } } } },
            ...errors({ 400: 'BAD_COORDINATES, RADIUS_TOO_LARGE, UNKNOWN_CUISINE, BAD_TIME or VALIDATION_FAILED (details name the parameter)', 429: 'RATE_LIMITED (Retry-After)' }) },
        },
      },
      '/r/{slug}': {
        get: { tags: ['public page'], summary: 'A published restaurant\'s public page (HTML; public; rate-limited per address)', security: [], parameters: [path('slug')],
          responses: { 200: { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } }, 404: { description: 'No published restaurant there (HTML)' }, ...errors({ 429: 'RATE_LIMITED (Retry-After)' }) } },
      },
      '/api/loyalty/programme': {
        get: { tags: ['loyalty'], summary: 'The organisation\'s loyalty programme and its version (0 and null: none yet)', security: person, responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED' }) } },
        put: {
          tags: ['loyalty'], summary: 'Replace the loyalty programme (owner): a new version, sent to every location as loyalty.programme in the same transaction; the same document again changes nothing', security: person,
          requestBody: { required: true, ...json(ProgrammeBody) },
          responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED or MALFORMED_JSON', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 409: 'VERSION_CONFLICT', 415: 'UNSUPPORTED_MEDIA_TYPE' }) },
        },
      },
      '/api/reports/loyalty': {
        get: { tags: ['loyalty'], summary: 'Loyalty report (owner): liability, points issued, redeemed, reversed and expired, repeat-visit rate, customers by tier, negative balances', security: person,
          parameters: [{ name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date' } }, { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date' } }],
          responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN' }) } },
      },
      '/api/menus': {
        get: { tags: ['menus'], summary: 'The organisation\'s menus', security: person, responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED' }) } },
        post: {
          tags: ['menus'], summary: 'Create a menu (owner, manager); the document is checked with the box\'s import rules', security: person,
          parameters: [idempotencyKey(false)], requestBody: { required: true, ...json(CreateMenu) },
          responses: { 201: anyJson, ...errors({ 400: 'IMPORT_INVALID, VALIDATION_FAILED, MALFORMED_JSON, IDEMPOTENCY_KEY_REQUIRED (malformed key)', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 409: 'DUPLICATE', 422: 'IDEMPOTENCY_KEY_REUSED' }) },
        },
      },
      '/api/menus/status': {
        get: { tags: ['menus'], summary: 'Per location: mode, overrides, the live version and when it was applied, the last one sent and why refused', security: person, responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED' }) } },
      },
      '/api/menus/{id}': {
        get: { tags: ['menus'], summary: 'One menu with its draft document', security: person, parameters: [path('id')], responses: { 200: anyJson, ...errors({ 401: 'UNAUTHENTICATED', 404: 'NOT_FOUND' }) } },
        put: {
          tags: ['menus'], summary: 'Replace the draft (owner, manager)', security: person, parameters: [path('id'), idempotencyKey(false)], requestBody: { required: true, ...json(UpdateMenu) },
          responses: { 200: anyJson, ...errors({ 400: 'IMPORT_INVALID, VALIDATION_FAILED, IDEMPOTENCY_KEY_REQUIRED (malformed key)', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'VERSION_CONFLICT', 422: 'IDEMPOTENCY_KEY_REUSED' }) },
        },
      },
      '/api/menus/{id}/publish': {
        post: {
          tags: ['menus'], summary: 'Publish the draft as the next version to these locations (one menu.publish message each, in one transaction)', security: person,
          parameters: [path('id'), idempotencyKey(true)], requestBody: { required: true, ...json(Publish) },
          responses: { 201: anyJson, ...errors({ 400: 'IDEMPOTENCY_KEY_REQUIRED or VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN or LOCATION_FORBIDDEN', 404: 'NOT_FOUND', 422: 'IDEMPOTENCY_KEY_REUSED' }) },
        },
      },
      ...webhookPaths(),
      ...guestAccountPaths(),
      ...bookingPaths(),
      '/api/menus/locations/{locationId}': {
        put: {
          tags: ['menus'], summary: 'A location\'s mode (central or local menu) and overrides (price, availability, station)', security: person,
          parameters: [path('locationId')], requestBody: { required: true, ...json(LocationMenu) },
          responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN or LOCATION_FORBIDDEN' }) },
        },
      },
    },
  };
}
