/**
 * Table tokens (issue 19): what a table's QR code carries. `<table id>.<qr version>.<mac>`, the mac
 * being HMAC-SHA256 under the box's own secret over the table id and its QR version, cut to 128
 * bits (a short code scans quickly from a printed sheet).
 *
 * Box-signed rather than cloud-signed: the box must check a guest's token with the internet down
 * (architecture §1.1), and it alone decides when a code stops working (a rotation bumps the version
 * in the same SQLite file the check reads). The cloud path, when built, will get from the box a
 * digest per table to check tokens against, never the key (docs/guests.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;
const TOKEN_SHAPE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{22})$/;

function mac(secret: Buffer, tableId: string, version: number): Buffer {
  return createHmac('sha256', secret).update(`brigade-table-qr:v1:${tableId}:${version}`).digest().subarray(0, MAC_BYTES);
}

export function signTableToken(secret: Buffer, tableId: string, version: number): string {
  return `${tableId}.${version}.${mac(secret, tableId, version).toString('base64url')}`;
}

export interface TokenClaims { tableId: string; version: number }

/**
 * The table and version a token claims, if its mac is right; null for anything else (wrong shape,
 * forged). Whether that version is still the table's current one is the caller's check.
 */
export function readTableToken(secret: Buffer, token: string): TokenClaims | null {
  const parts = TOKEN_SHAPE.exec(token);
  if (!parts) return null;
  const tableId = parts[1]!;
  const version = Number(parts[2]);
  const given = Buffer.from(parts[3]!, 'base64url');
  if (given.length !== MAC_BYTES || !timingSafeEqual(given, mac(secret, tableId, version))) return null;
  return { tableId, version };
}

/**
 * The table and version a token names, by its shape only (no key): what the cloud reads before it
 * compares the token's digest with the one the box pushed. Null for anything not shaped like a token.
 */
export function tokenClaimsUnverified(token: string): TokenClaims | null {
  const parts = TOKEN_SHAPE.exec(token);
  return parts ? { tableId: parts[1]!, version: Number(parts[2]) } : null;
}
