import { z } from '@hono/zod-openapi';
import { Text } from '../http/schemas.js';
import { WAITLIST_STATUSES } from '../db/schema-reservations.js';
import { PARTY_MAX, RESERVATION_NOTES_MAX } from './schemas.js';

export const AddToWaitlist = z.object({
  /** Client-made UUID: a double tap adds the party once. */
  id: z.uuid(),
  partySize: z.number().int().min(1, 'A party is at least 1 guest.').max(PARTY_MAX, `At most ${PARTY_MAX} guests.`),
  name: Text(120),
  /** Required: the host calls or texts them when their table is ready. As typed; stored E.164. */
  phone: z.string().trim().min(1, 'A phone number to reach them when their table is ready.').max(40, 'At most 40 characters.'),
  customerId: z.uuid().nullable().optional(),
  notes: z.string().trim().max(RESERVATION_NOTES_MAX, `At most ${RESERVATION_NOTES_MAX} characters.`).nullable().optional(),
}).strict().openapi('AddToWaitlist');
export type AddToWaitlistInput = z.infer<typeof AddToWaitlist>;

export const NotifyParty = z.object({
  /** The table that is ready for them, to tell the host screen and (later) the guest. */
  tableIds: z.array(z.uuid()).min(1).max(8).optional(),
}).strict().openapi('NotifyParty');

export const LeaveWaitlist = z.object({
  status: z.enum(['left', 'cancelled']),
}).strict().openapi('LeaveWaitlist');

export const WaitlistEntry = z.object({
  id: z.string(), partySize: z.number().int(), name: z.string(), phone: z.string(), customerId: z.string().nullable(), notes: z.string().nullable(),
  status: z.enum(WAITLIST_STATUSES), quotedMinutes: z.number().int(),
  /** The live estimate (minutes from now), recomputed on every read; null once seated or gone. */
  estimatedMinutes: z.number().int().nullable(),
  /** Where they would most likely sit. */
  likelyTableIds: z.array(z.string()).nullable(),
  tableIds: z.array(z.string()), orderId: z.string().nullable(),
  addedAt: z.number().int(), notifiedAt: z.number().int().nullable(), seatedAt: z.number().int().nullable(), leftAt: z.number().int().nullable(),
  version: z.number().int(),
}).openapi('WaitlistEntry');
export type WaitlistEntryView = z.infer<typeof WaitlistEntry>;
