/**
 * Channel messages about customers (issue 18), shared by the cloud that writes them and the box
 * that applies them (sync/channel-protocol.ts carries them).
 *
 * - `customer.merged` v1: the cloud found that records made at several locations are one person
 *   (same phone or email) and kept the oldest. The box marks each of `fromIds` it holds as merged
 *   into `intoId`, re-points their orders, and takes `customer` as the surviving record.
 * - `customer.erased` v1: anonymise these ids (the record and every id merged into it) on request
 *   (GDPR art. 17). Orders keep their link and their money; no personal field survives.
 *   No personal data travels in this message.
 */
import { z } from 'zod';

export const CUSTOMER_MERGED = 'customer.merged';
export const CUSTOMER_ERASED = 'customer.erased';

const Address = z.object({
  label: z.string(), street: z.string(), city: z.string(), postcode: z.string(),
  notes: z.string().nullable(), lat: z.number().nullable(), lon: z.number().nullable(),
});

/** The surviving record as the organisation holds it. */
export const mergedCustomer = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(120),
  phone: z.string().max(20).nullable(),
  email: z.string().max(254).nullable(),
  birthday: z.string().max(10).nullable(),
  allergies: z.string().max(500).nullable(),
  notes: z.string().max(2000).nullable(),
  tags: z.array(z.string().max(30)).max(40),
  addresses: z.array(Address).max(20),
  marketingConsent: z.boolean(),
  consentAt: z.number().int().nullable(),
  consentSource: z.string().max(80).nullable(),
  blockedReason: z.string().max(200).nullable(),
  blockedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
});
export type MergedCustomer = z.infer<typeof mergedCustomer>;

export const customerMergedV1 = z.object({
  intoId: z.string().min(1).max(100),
  fromIds: z.array(z.string().min(1).max(100)).min(1).max(100),
  customer: mergedCustomer,
});
export type CustomerMergedV1 = z.infer<typeof customerMergedV1>;

export const customerErasedV1 = z.object({
  customerId: z.string().min(1).max(100),
  /** The record and every id merged into it. */
  ids: z.array(z.string().min(1).max(100)).min(1).max(200),
});
export type CustomerErasedV1 = z.infer<typeof customerErasedV1>;
