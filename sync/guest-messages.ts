/**
 * Guests ordering from their table through the cloud (issue 19), shared by the cloud and the box.
 *
 * Up the sync push:
 * - `table_qr` (mutable, id = the table id): `{ tableId, version, digest }`, the SHA-256 of the
 *   table's current token. The cloud checks a presented token by its digest — it never holds the
 *   box's key, and a digest cannot be turned back into a token. A rotation pushes the new digest
 *   in the rotation's own transaction, so the old code is refused by the cloud after that push.
 * - `guest_settings` (mutable, id `guest-ordering`): the restaurant's rules, so the cloud's page
 *   says whether ordering is open and refuses what the box would refuse (its total limit).
 * - `guest_request` (mutable): each request as the box holds it (status, lines with the order line
 *   each became). The cloud shows its guest the state from it and the synced order lines.
 *
 * Down the channel — `guest.request` v1: what a guest sent to the cloud, applied by the box like a
 * request from its own page (`via: 'cloud'`), in the transaction that moves the channel cursor.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const GUEST_REQUEST = 'guest.request';
export const TABLE_QR_ENTITY = 'table_qr';
export const GUEST_REQUEST_ENTITY = 'guest_request';
export const GUEST_SETTINGS_ENTITY = 'guest_settings';
/** The one `guest_settings` row's id in the cloud. */
export const GUEST_SETTINGS_ID = 'guest-ordering';

/** A request that reaches the box later than this after the guest sent it waited in the cloud: it is held. */
export const LATE_AFTER_MS = 60_000;

/** What the cloud keeps and compares: hex SHA-256 of the whole token. */
export const tableTokenDigest = (token: string): string => createHash('sha256').update(`brigade-table-qr-digest:v1:${token}`).digest('hex');

export const guestRequestV1 = z.object({
  /** The table the token opened (checked by the cloud against the pushed digest). */
  tableId: z.string().uuid(),
  /** The guest's body as sent, checked again by the box with its own schema (same id: same request). */
  request: z.unknown(),
  /** When the cloud took it (UTC epoch ms). */
  placedAt: z.number().int().positive(),
  /** False when no box of the location was listening on the channel when it was placed: held on arrival. */
  boxListening: z.boolean(),
}).strict();
export type GuestRequestV1 = z.infer<typeof guestRequestV1>;
