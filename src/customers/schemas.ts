import { z } from '@hono/zod-openapi';
import { Approval, Text } from '../http/schemas.js';
import { CustomerLoyaltyView } from '../loyalty/schemas.js';

/** Longest free text on a customer: notes a host writes, not documents (a 10 KB paste is refused). */
export const NOTES_MAX = 2000;
export const ALLERGIES_MAX = 500;

const Optional = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).nullable().optional();

export const CustomerAddressSchema = z.object({
  label: Text(40),
  street: Text(200),
  city: Text(100),
  postcode: Text(20),
  notes: z.string().trim().max(300, 'At most 300 characters.').nullable().default(null),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lon: z.number().min(-180).max(180).nullable().default(null),
}).strict().openapi('CustomerAddress');

const Tag = z.string().trim().min(1).max(30, 'A tag is at most 30 characters.');
const Birthday = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD.')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Not a real date.');

/** Consent to marketing: given or not, and how (the when is the moment the box records it). */
const Consent = z.object({ given: z.boolean(), source: Text(80) }).strict();

const fields = {
  name: Text(120),
  /** As typed: "06 12 34 56 78" (in the restaurant's country) or "+44 20 7946 0958"; stored as E.164. */
  phone: z.string().max(40, 'At most 40 characters.').nullable().optional(),
  email: z.string().max(254, 'At most 254 characters.').nullable().optional(),
  birthday: Birthday.nullable().optional(),
  allergies: Optional(ALLERGIES_MAX),
  notes: Optional(NOTES_MAX),
  tags: z.array(Tag).max(20, 'At most 20 tags.').optional(),
  addresses: z.array(CustomerAddressSchema).max(10, 'At most 10 addresses.').optional(),
  marketingConsent: Consent.optional(),
  /** A reason blocks the customer (guest channels refuse them; the waiter sees why); null unblocks. A manager's decision: `approval` from a waiter. */
  blockedReason: Optional(200),
  approval: Approval.optional(),
};

export const CreateCustomer = z.object({ id: z.uuid().optional(), ...fields }).strict().openapi('CreateCustomer');
export type CreateCustomerInput = z.infer<typeof CreateCustomer>;

export const UpdateCustomer = z.object({ ...fields, name: fields.name.optional(), expectedVersion: z.number().int().min(1).optional() })
  .strict().openapi('UpdateCustomer');
export type UpdateCustomerInput = z.infer<typeof UpdateCustomer>;

export const Customer = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  birthday: z.string().nullable(),
  allergies: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  addresses: z.array(CustomerAddressSchema),
  marketingConsent: z.object({ given: z.boolean(), at: z.number().int().nullable(), source: z.string().nullable() }),
  blocked: z.object({ reason: z.string(), at: z.number().int().nullable() }).nullable(),
  mergedInto: z.string().nullable(),
  erased: z.boolean(),
  version: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
}).openapi('Customer');
export type CustomerView = z.infer<typeof Customer>;

export const CustomerHistory = z.object({
  visits: z.number().int(),
  /** What the customer paid, net of refunds and without tips, in minor units. */
  spend: z.number().int(),
  lastVisitAt: z.number().int().nullable(),
  favouriteItems: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
}).openapi('CustomerHistory');

export const CustomerDetail = Customer.extend({ history: CustomerHistory, loyalty: CustomerLoyaltyView.nullable() }).openapi('CustomerDetail');

/** A search hit: enough to pick the right person at the till. */
export const CustomerHit = z.object({
  id: z.string(), name: z.string(), phone: z.string().nullable(), email: z.string().nullable(),
  allergies: z.string().nullable(), blockedReason: z.string().nullable(),
}).openapi('CustomerHit');

export const SearchQuery = z.object({
  q: z.string().trim().min(1, 'Type a name or at least 3 digits of a phone number.').max(80).openapi({ param: { name: 'q', in: 'query' } }),
  limit: z.coerce.number().int().min(1).max(50).default(20).openapi({ param: { name: 'limit', in: 'query' } }),
});

export const AttachCustomer = z.object({ customerId: z.uuid() }).strict().openapi('AttachCustomer');

export const OrderCustomer = z.object({
  orderId: z.string(),
  customer: CustomerHit.nullable(),
  version: z.number().int(),
}).openapi('OrderCustomer');
