/** The webhook routes in the cloud's OpenAPI document (cloud/openapi.ts), from the schemas the routes validate with. */
import { z } from 'zod';
import { CreateSubscription, RotateSecret, UpdateSubscription } from './schemas.js';
import { MAX_WEBHOOK_BODY_BYTES } from './routes.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, ...errorBody }]));
const anyJson = { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const person = [{ session: [] }];
const tags = ['webhooks'];
const owner = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN (owners only)' };
const write = { ...owner, 413: `PAYLOAD_TOO_LARGE (${MAX_WEBHOOK_BODY_BYTES / 1024} kB)`, 415: 'UNSUPPORTED_MEDIA_TYPE' };

export function webhookPaths(): Record<string, unknown> {
  return {
    '/api/webhooks/events': {
      get: { tags, summary: 'The events a subscription can choose, with what each means', security: person, responses: { 200: anyJson, ...errors(owner) } },
    },
    '/api/webhooks/subscriptions': {
      get: { tags, summary: 'The organisation\'s subscriptions (never their secrets), with counts of pending, delivered and dead deliveries', security: person, responses: { 200: anyJson, ...errors(owner) } },
      post: {
        tags, summary: 'Subscribe a URL to events. The answer carries the signing secret, shown this once. A retry with the same client-made id and request answers the first (200)', security: person,
        requestBody: { required: true, ...json(CreateSubscription) },
        responses: { 201: anyJson, 200: { description: 'A retry of the same create' }, ...errors({ 400: 'VALIDATION_FAILED (url: scheme, private address, credentials; events: unknown name) or MALFORMED_JSON', ...write, 403: 'FORBIDDEN or LOCATION_FORBIDDEN', 409: 'DUPLICATE (the id is taken)' }) },
      },
    },
    '/api/webhooks/subscriptions/{id}': {
      get: { tags, summary: 'One subscription', security: person, parameters: [id], responses: { 200: anyJson, ...errors({ ...owner, 404: 'NOT_FOUND' }) } },
      patch: {
        tags, summary: 'Change the URL, events, format, description, locations or pause it (active: false)', security: person, parameters: [id],
        requestBody: { required: true, ...json(UpdateSubscription) },
        responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED', ...write, 404: 'NOT_FOUND' }) },
      },
      delete: { tags, summary: 'Delete the subscription with its deliveries and their log', security: person, parameters: [id], responses: { 204: { description: 'Deleted' }, ...errors({ ...owner, 404: 'NOT_FOUND' }) } },
    },
    '/api/webhooks/subscriptions/{id}/rotate-secret': {
      post: {
        tags, summary: 'A new signing secret, shown once; the previous one keeps signing beside it (a second v1=) for overlapHours (default 24)', security: person, parameters: [id],
        requestBody: { required: false, ...json(RotateSecret) },
        responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED', ...write, 404: 'NOT_FOUND' }) },
      },
    },
    '/api/webhooks/subscriptions/{id}/test': {
      post: { tags, summary: 'Send a webhook.ping to the URL now and answer what it said (tried once, kept in the log)', security: person, parameters: [id], responses: { 200: anyJson, ...errors({ ...owner, 404: 'NOT_FOUND' }) } },
    },
    '/api/webhooks/subscriptions/{id}/deliveries': {
      get: {
        tags, summary: 'The delivery log: newest deliveries with status, response codes and timings of every attempt', security: person,
        parameters: [id, { name: 'status', in: 'query', schema: { type: 'string', enum: ['pending', 'delivered', 'dead'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }],
        responses: { 200: anyJson, ...errors({ 400: 'VALIDATION_FAILED', ...owner, 404: 'NOT_FOUND' }) },
      },
    },
    '/api/webhooks/deliveries/{id}': {
      get: { tags, summary: 'One delivery and its attempts', security: person, parameters: [id], responses: { 200: anyJson, ...errors({ ...owner, 404: 'NOT_FOUND' }) } },
    },
    '/api/webhooks/deliveries/{id}/replay': {
      post: { tags, summary: 'Send one delivery again now, with the same id and body (a dead one included); answers what the receiver said', security: person, parameters: [id],
        responses: { 200: anyJson, ...errors({ ...owner, 404: 'NOT_FOUND', 409: 'IN_USE (being sent right now)' }) } },
    },
  };
}
