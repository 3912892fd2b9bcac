/**
 * What a guest may send to book online (issue 20), checked before anything is read or written.
 * Control characters (NUL above all, which PostgreSQL text refuses) are refused in every field.
 */
import { z } from 'zod';
import { AppError } from '../../src/errors.js';

export const MAX_BOOKING_BODY_BYTES = 8 * 1024;
const NO_CONTROL = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

const text = (max: number, what: string) => z.string().trim()
  .max(max, `${what}: at most ${max} characters.`)
  .regex(NO_CONTROL, `${what}: control characters are not allowed.`);

export const BookingInput = z.object({
  partySize: z.number().int('A party is a whole number of guests.').min(1, 'A party is at least 1 guest.').max(100, 'At most 100 guests.'),
  /** UTC ms of a slot, as the availability route answers it (unambiguous on clock-change nights). */
  startsAt: z.number().int().min(0).max(8_640_000_000_000),
  name: text(120, 'name').min(1, 'name: please fill this in.'),
  phone: text(40, 'phone').nullable().optional(),
  email: z.string().trim().max(254, 'email: at most 254 characters.').pipe(z.email('email: not an e-mail address.')),
  notes: text(500, 'notes').nullable().optional(),
}).strict();
export type BookingInputT = z.infer<typeof BookingInput>;

export const CancelInput = z.object({
  reason: text(200, 'reason').nullable().optional(),
}).strict();

export const AvailabilityQuery = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date: a date as YYYY-MM-DD.')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'date: not a real date.'),
  party: z.string().regex(/^\d{1,3}$/, 'party: a whole number of guests.').transform(Number).pipe(z.number().min(1, 'party: at least 1.').max(100, 'party: at most 100.')),
}).strict();

export function invalid(error: z.ZodError): AppError {
  return new AppError('VALIDATION_FAILED', `The request is not valid: ${error.issues.map((i) => i.message).join('; ')}`.slice(0, 500),
    error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

/** The JSON body of a public write: a bounded size, JSON content type, parsed — each refusal a clear 4xx. */
export async function readJsonBody(req: Request, max = MAX_BOOKING_BODY_BYTES): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the booking as JSON (Content-Type: application/json).');
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new AppError('PAYLOAD_TOO_LARGE', `A booking is at most ${max} bytes.`);
  const buf = Buffer.from(await req.arrayBuffer());
  if (buf.length > max) throw new AppError('PAYLOAD_TOO_LARGE', `A booking is at most ${max} bytes.`);
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new AppError('MALFORMED_JSON', 'The body is not valid JSON.');
  }
}

/** An empty body is allowed where every field is optional (cancel). */
export async function readOptionalJsonBody(req: Request): Promise<unknown> {
  const length = req.headers.get('content-length');
  if (length === '0' || (!req.headers.get('content-type') && !length)) return {};
  return readJsonBody(req, 2048);
}

/** A form post (the restaurant's page): urlencoded, bounded like the JSON body. */
export async function readFormBody(req: Request): Promise<URLSearchParams> {
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the booking form as the page does (application/x-www-form-urlencoded).');
  const buf = Buffer.from(await req.arrayBuffer());
  if (buf.length > MAX_BOOKING_BODY_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A booking is at most ${MAX_BOOKING_BODY_BYTES} bytes.`);
  const form = new URLSearchParams(buf.toString('utf8'));
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) throw new AppError('VALIDATION_FAILED', `The form sent "${name.slice(0, 40)}" twice.`, [{ path: name.slice(0, 40), message: 'Sent twice.' }]);
  }
  return form;
}
