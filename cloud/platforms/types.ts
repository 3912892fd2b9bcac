/**
 * One delivery platform, as the cloud talks to it (issue 21). A new platform is one file in this
 * folder exporting a `PlatformAdapter`, listed in ./index.ts: how its requests are signed, what its
 * order looks like, and how a status is sent back. Everything else (idempotency, mapping, the
 * channel, the outbox) is the same for every platform (cloud/delivery/).
 */
import crypto from 'node:crypto';
import type { DeliveryStatus, RejectReason } from '../../sync/delivery-messages.js';

/** An order as every platform's payload is turned into (money in minor units). */
export interface PlatformOrder {
  platformOrderId: string;
  displayRef: string;
  placedAt: number;
  customer: { name: string; phone: string | null };
  delivery: { mode: 'platform' | 'restaurant' | 'pickup'; address: string | null; notes: string | null };
  lines: Array<{
    externalId: string; name: string; quantity: number; unitPrice: number; notes: string | null;
    options: Array<{ externalId: string; name: string; quantity: number; unitPrice: number }>;
  }>;
  currency: string;
  subtotal: number;
  deliveryFee: number;
  /** Null when the platform does not say: the connection's commission rate applies. */
  commission: number | null;
  total: number;
  notes: string | null;
}

/** The platform cancelled one of its orders (the guest, its support, a rider not found). */
export interface PlatformCancel { platformOrderId: string; reason: string | null }

/** What a verified request asks: a new order, a cancellation, or an event the cloud acknowledges and ignores. */
export type PlatformEvent = { kind: 'order'; order: PlatformOrder } | { kind: 'cancel'; cancel: PlatformCancel } | { kind: 'ignored'; event: string };

export interface SignedRequest {
  rawBody: string;
  header(name: string): string | undefined;
}

/** What the outbox sends for one status (null: this platform is not told this status). */
export interface StatusCall { method: 'POST' | 'PATCH' | 'PUT'; path: string; body: unknown }

export interface StatusToSend {
  platformOrderId: string;
  storeRef: string | null;
  status: DeliveryStatus;
  reason: RejectReason | null;
  /** A restaurant's cancellation in its own words (the till's reason), for the platforms that take one. */
  note: string | null;
  prepMinutes: number | null;
}

export interface PlatformAdapter {
  name: string;
  /**
   * Throws SignatureRefused unless the request is signed with `secret` and fresh (now, epoch ms).
   * Runs on the raw body, before any JSON is parsed.
   */
  verify(request: SignedRequest, secret: string, now: number): void;
  /** The platform's JSON as an event; throws a zod error for a payload that is not the platform's shape. */
  parse(body: unknown): PlatformEvent;
  statusCall(status: StatusToSend): StatusCall | null;
}

export class SignatureRefused extends Error {
  constructor(readonly code: 'unsigned' | 'bad_signature' | 'stale', message: string) {
    super(message);
  }
}

/** HMAC-SHA256 hex of `message` with `secret`. */
export const hmacHex = (secret: string, message: string): string => crypto.createHmac('sha256', secret).update(message, 'utf8').digest('hex');

/** Constant-time comparison of two hex digests (a wrong length is simply unequal). */
export function sameDigest(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.trim().toLowerCase(), 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Refuses a timestamp (epoch ms) further than `toleranceMs` from now, either way. */
export function assertFresh(at: number, now: number, toleranceMs: number, what: string): void {
  if (!Number.isFinite(at)) throw new SignatureRefused('stale', `${what} is missing or not a time.`);
  if (Math.abs(now - at) > toleranceMs) throw new SignatureRefused('stale', `${what} is ${Math.round((now - at) / 1000)} s from now; more than ${toleranceMs / 1000} s is refused as a replay.`);
}

/** Major-unit decimal amounts some platforms send → integer minor units (two decimals). */
export const minor = (amount: number): number => Math.round(amount * 100);
