/**
 * The signature on every delivery (issue 21), in the scheme Stripe made familiar:
 *
 *   Brigade-Signature: t=1733385600,v1=5257a869e7…[,v1=…]
 *
 * `v1` is the hex HMAC-SHA256, keyed with the subscription's secret, of `<t>.<raw body>`. The
 * timestamp is inside what is signed, so a receiver that refuses old timestamps (5 minutes is the
 * usual tolerance) refuses a captured delivery replayed later. During a secret rotation both the
 * new and the previous secret sign, one `v1=` each, so a receiver can switch at its own pace.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'brigade-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  return crypto.createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** The header value for `body` sent at `timestampSeconds`, signed by each secret given. */
export function signatureHeader(secrets: readonly string[], timestampSeconds: number, body: string): string {
  return [`t=${timestampSeconds}`, ...secrets.map((s) => `v1=${signPayload(s, timestampSeconds, body)}`)].join(',');
}

/**
 * What a receiver does (the docs show the same in a few lines): parse the header, refuse a stale
 * timestamp, recompute the HMAC over the raw body and compare in constant time with any v1.
 */
export function verifySignature(secret: string, header: string | null | undefined, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): boolean {
  if (!header) return false;
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signPayload(secret, t, body), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !v || !/^[0-9a-f]{64}$/.test(v)) return false;
    return crypto.timingSafeEqual(expected, Buffer.from(v, 'hex'));
  });
}

/** A new signing secret: 32 random bytes, prefixed so a leaked one is recognisable in a scan. */
export function newSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString('base64url')}`;
}
