/** The guest-account routes in the cloud's OpenAPI document (cloud/openapi.ts), tag `guest accounts`, from the schemas the routes validate with. */
import { z } from 'zod';
import { ForgotBody, GuestLoginBody, JoinWaitlistBody, RegisterBody, ResetBody, VerifyBody } from './schemas.js';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const json = (s: z.ZodType) => ({ content: { 'application/json': { schema: schema(s) } } });
const errorBody = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
const errors = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([status, description]) => [status, { description, ...errorBody }]));
const anyJson = { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const tags = ['guest accounts'];
const guest = [{ guestSession: [] }];
const open: never[] = [];
const body = { 400: 'VALIDATION_FAILED or MALFORMED_JSON', 413: 'PAYLOAD_TOO_LARGE (16 kB)', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'RATE_LIMITED (Retry-After)' };
const signedIn = { 401: 'UNAUTHENTICATED (before the body is read)', 429: 'RATE_LIMITED (Retry-After)' };
const mailed = { description: 'The same answer whether or not the email has an account: `{ status: "mail_sent", message }`', content: { 'application/json': { schema: { type: 'object' } } } };

export function guestAccountPaths(): Record<string, unknown> {
  return {
    '/public/accounts/register': {
      post: { tags, summary: 'Create a guest account (email, password, optional name and +country phone); a verification link is mailed. An email with an account gets a mail saying so, the caller the same 202', security: open,
        requestBody: { required: true, ...json(RegisterBody) }, responses: { 202: mailed, ...errors({ ...body, 429: 'RATE_LIMITED (Retry-After; also 5 mails a minute per address and per recipient)' }) } },
    },
    '/public/accounts/verify': {
      post: { tags, summary: 'Verify the email with the token from the mailed link (single use, 48 hours)', security: open,
        requestBody: { required: true, ...json(VerifyBody) }, responses: { 200: anyJson, ...errors({ ...body, 410: 'GUEST_LINK_INVALID' }) } },
    },
    '/public/accounts/verify/resend': {
      post: { tags, summary: 'Mail a new verification link (the older ones stop working)', security: guest,
        responses: { 200: { description: '`{ status: "already_verified" }`' }, 202: mailed, ...errors(signedIn) } },
    },
    '/public/accounts/login': {
      post: { tags, summary: 'Sign in: a session token, also set as the httpOnly SameSite=Lax cookie `brigade_guest` (14 days from last use, 60 at most)', security: open,
        requestBody: { required: true, ...json(GuestLoginBody) },
        responses: { 200: anyJson, ...errors({ ...body, 401: 'BAD_CREDENTIALS (the same for an unknown email)', 429: 'LOGIN_THROTTLED (5 wrong in 15 min per email and address; Retry-After) or RATE_LIMITED' }) } },
    },
    '/public/accounts/logout': {
      post: { tags, summary: 'End this session and clear the cookie', security: guest, responses: { 200: anyJson, ...errors({ 429: 'RATE_LIMITED (Retry-After)' }) } },
    },
    '/public/accounts/password/forgot': {
      post: { tags, summary: 'Mail a link to choose a new password (1 hour, single use); the same 202 for an unknown email', security: open,
        requestBody: { required: true, ...json(ForgotBody) }, responses: { 202: mailed, ...errors({ ...body, 429: 'RATE_LIMITED (Retry-After; 5 mails a minute per address and per recipient)' }) } },
    },
    '/public/accounts/password/reset': {
      post: { tags, summary: 'Set a new password with the mailed token; every session of the account ends, and the email counts as verified', security: open,
        requestBody: { required: true, ...json(ResetBody) }, responses: { 200: anyJson, ...errors({ ...body, 410: 'GUEST_LINK_INVALID' }) } },
    },
    '/public/me': {
      get: { tags, summary: 'The signed-in guest: id, email, name, phone, verified', security: guest, responses: { 200: anyJson, ...errors(signedIn) } },
    },
    '/public/me/bookings': {
      get: { tags, summary: 'My online bookings (made with this account\'s email; verified email only), newest first, with the restaurant', security: guest,
        responses: { 200: anyJson, ...errors({ ...signedIn, 403: 'EMAIL_NOT_VERIFIED' }) } },
    },
    '/public/me/bookings/{id}/cancel': {
      post: { tags, summary: 'Cancel one of my online bookings ({reason?}, optional body); twice is once. Goes to the box as reservation.online_cancel', security: guest,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: anyJson, ...errors({ ...signedIn, 400: 'VALIDATION_FAILED or MALFORMED_JSON', 403: 'EMAIL_NOT_VERIFIED', 404: 'NOT_FOUND (also another email\'s booking)', 409: 'CANCEL_TOO_LATE' }) } },
    },
    '/public/me/bookings/{id}/live': {
      get: { tags, summary: 'Server-Sent Events: a `booking` event (the booking as listed) whenever its status changes, and at least once a minute; ends once cancelled or refused, or after an hour', security: guest,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...errors({ ...signedIn, 400: 'VALIDATION_FAILED', 403: 'EMAIL_NOT_VERIFIED', 404: 'NOT_FOUND', 429: 'TOO_MANY_STREAMS (5 per account) or RATE_LIMITED' }) } },
    },
    '/public/me/waitlist': {
      get: { tags, summary: 'My waitlist places, newest first (50), each as the box last told the cloud', security: guest, responses: { 200: anyJson, ...errors(signedIn) } },
      post: { tags, summary: 'Join a restaurant\'s waitlist from afar (verified email). Goes down the channel as waitlist.join; a retry with the same id and details answers the first (200)', security: guest,
        requestBody: { required: true, ...json(JoinWaitlistBody) },
        responses: { 201: anyJson, 200: { description: 'A retry of the same join' }, ...errors({ ...signedIn, ...body, 403: 'EMAIL_NOT_VERIFIED', 404: 'NOT_FOUND (no published restaurant there)', 409: 'IDEMPOTENCY_CONFLICT' }) } },
    },
    '/public/me/waitlist/{id}': {
      get: { tags, summary: 'One of my places: status (sent, waiting, notified, seated, left, cancelled, refused), position, estimatedMinutes, quotedMinutes', security: guest, parameters: [id],
        responses: { 200: anyJson, ...errors({ ...signedIn, 400: 'VALIDATION_FAILED', 404: 'NOT_FOUND (also another guest\'s)' }) } },
    },
    '/public/me/waitlist/{id}/live': {
      get: { tags, summary: 'Server-Sent Events: a `place` event (the same body as GET) whenever it changes, and at least once a minute; ends after the final state or an hour', security: guest, parameters: [id],
        responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
          ...errors({ ...signedIn, 400: 'VALIDATION_FAILED', 404: 'NOT_FOUND', 429: 'TOO_MANY_STREAMS (5 per account) or RATE_LIMITED' }) } },
    },
  };
}
