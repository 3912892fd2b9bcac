/** Request bodies of the webhook routes (issue 21), also published in the cloud's OpenAPI document. */
import { z } from 'zod';
import { MAX_URL_LENGTH } from './url-policy.js';

const Events = z.array(z.string().min(1).max(64)).min(1, 'Choose at least one event.').max(20)
  .refine((e) => new Set(e).size === e.length, 'An event is listed twice.');
const LocationIds = z.array(z.string().min(1).max(100)).min(1).max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'A location is listed twice.').nullable();

export const CreateSubscription = z.object({
  /** Client-made, so a retry after a lost answer returns the first (with its secret) instead of making a second. */
  id: z.string().regex(/^[A-Za-z0-9-]{8,100}$/, 'An id is 8 to 100 letters, digits or dashes (a UUID).').optional(),
  url: z.string().min(1).max(MAX_URL_LENGTH),
  events: Events,
  format: z.enum(['json', 'slack']).default('json'),
  description: z.string().max(200).default(''),
  /** Only these locations' events; null or absent: every location, including ones added later. */
  locationIds: LocationIds.default(null),
  active: z.boolean().default(true),
}).strict();

export const UpdateSubscription = z.object({
  url: z.string().min(1).max(MAX_URL_LENGTH).optional(),
  events: Events.optional(),
  format: z.enum(['json', 'slack']).optional(),
  description: z.string().max(200).optional(),
  locationIds: LocationIds.optional(),
  active: z.boolean().optional(),
}).strict().refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.');

export const RotateSecret = z.object({
  /** How long the previous secret keeps signing beside the new one (0: stop at once). */
  overlapHours: z.number().int().min(0).max(72).default(24),
}).strict();

export const DeliveryQuery = z.object({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type CreateSubscriptionInput = z.infer<typeof CreateSubscription>;
export type UpdateSubscriptionInput = z.infer<typeof UpdateSubscription>;
