/** Request bodies of the guest-account routes (zod, validated after the caller is known and counted). */
import { z } from 'zod';
import { PASSWORD_MIN } from '../auth/schemas.js';

const password = z.string().min(PASSWORD_MIN, `Use a password of at least ${PASSWORD_MIN} characters.`).max(200, 'Use a password of at most 200 characters.');
const email = z.string().trim().toLowerCase().max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter an email address like name@example.com.'));
const name = z.string().trim().min(1, 'Enter your name.').max(100, 'A name has at most 100 characters.');
/** As typed; parsed to E.164 (with a "+" country code, or in the restaurant's country when joining). */
const phone = z.string().trim().min(1, 'Enter a phone number.').max(40, 'A phone number has at most 40 characters.');
const linkToken = z.string().min(1, 'The link has no token: open the whole link from the email.').max(200);

export const RegisterBody = z.object({ email, password, name: name.optional(), phone: phone.optional() }).strict();
export const GuestLoginBody = z.object({ email, password: z.string().min(1, 'Enter your password.').max(200) }).strict();
export const VerifyBody = z.object({ token: linkToken }).strict();
export const ForgotBody = z.object({ email }).strict();
export const ResetBody = z.object({ token: linkToken, password }).strict();

export const PARTY_MAX = 100;
export const JoinWaitlistBody = z.object({
  /** Client-made UUID: a double tap or a retry joins once. The box keeps it as the party's id. */
  id: z.uuid('Send a UUID made by the client as id (a retry sends the same one).'),
  /** The restaurant's page address (`/r/{slug}`). */
  restaurant: z.string().regex(/^[a-z0-9][a-z0-9-]{1,58}[a-z0-9]$/, 'The restaurant is its page address, like "chez-camille".'),
  partySize: z.number().int().min(1, 'A party is at least 1 guest.').max(PARTY_MAX, `At most ${PARTY_MAX} guests.`),
  /** Defaults to the account's phone; the host calls or texts it when the table is ready. */
  phone: phone.optional(),
  /** Defaults to the account's name. */
  name: name.optional(),
  notes: z.string().trim().max(500, 'At most 500 characters.').optional(),
}).strict();

export type RegisterInput = z.infer<typeof RegisterBody>;
export type JoinWaitlistInput = z.infer<typeof JoinWaitlistBody>;
