/**
 * The cloud service's own OpenAPI document (GET /openapi.json; Swagger UI at /docs). Built from
 * the same zod schemas the routes validate with, so it cannot drift from them. It covers the
 * cloud → box channel and the central menu (issue 17); older cloud routes are listed in the README.
 */
import { z } from 'zod';
import { ackAnswer, ackRequest, messagesAnswer } from '../sync/channel-protocol.js';
import { CreateMenu, LocationMenu, Publish, UpdateMenu } from './menus/routes.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, ...errorBody }]));
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const anyJson = { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
const idempotencyKey = (required: boolean) => ({ name: 'Idempotency-Key', in: 'header', required, schema: { type: 'string', pattern: '^[A-Za-z0-9_\\-:.]{8,128}$' },
  description: `${required ? 'Required. ' : ''}A new key per change, the same on a retry: the same key and request return the first answer; another request with it is 422 IDEMPOTENCY_KEY_REUSED.` });
const device = [{ device: [] }];
const person = [{ session: [] }];

export function cloudOpenApi(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Brigade cloud API', version: '1', description: 'The cloud → box channel and the central menu. Errors: `{ error: { code, message, details } }` with a code from src/errors.ts.' },
    components: {
      securitySchemes: {
        device: { type: 'http', scheme: 'bearer', description: 'A box\'s device credential `<device id>.<secret>`.' },
        session: { type: 'http', scheme: 'bearer', description: 'A signed-in person\'s session token (or the session cookie).' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } },
      },
    },
    paths: {
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
