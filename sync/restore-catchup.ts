/**
 * `restore.catchup` v1, a cloud → box message (issue 22), shared by both ends: what a restored box
 * lost, exactly as the cloud holds it (row images as the box pushed them, ids unchanged), sent
 * when the cloud learns the box opened an epoch that branched off an earlier point.
 *
 * Rows travel grouped per order (an order and its lines, options, voids, payments, refunds,
 * kitchen tickets and stock movements; `orderId` null for the rest: stock movements of no order
 * and Z reports, which close the days they cover on the box too), parents
 * before children, so the box applies or sets aside one order whole. A large catch-up is cut into
 * `parts` messages at order boundaries; each part is applied on its own (one SQLite transaction).
 */
import { z } from 'zod';
import { forkSchema } from './protocol.js';

export const RESTORE_CATCHUP_KIND = 'restore.catchup';
export const RESTORE_CATCHUP_VERSION = 1;

/** The entities a catch-up carries, in the order the box inserts them (parents first). */
export const CATCHUP_ENTITIES = [
  'order', 'order_line', 'order_line_option', 'line_void', 'payment', 'refund', 'kitchen_ticket', 'kitchen_ticket_line', 'stock_movement', 'z_report',
] as const;
export type CatchupEntity = (typeof CATCHUP_ENTITIES)[number];

export const catchupRow = z.object({
  entity: z.enum(CATCHUP_ENTITIES),
  /** The row's version in the cloud (0 for facts). */
  version: z.number().int().min(0),
  /** The row image as the box wrote it to its change log. */
  row: z.record(z.string(), z.unknown()),
});
export type CatchupRow = z.infer<typeof catchupRow>;

export const catchupGroup = z.object({ orderId: z.string().min(1).max(200).nullable(), rows: z.array(catchupRow).min(1) });
export type CatchupGroup = z.infer<typeof catchupGroup>;

export const restoreCatchupV1 = z.object({
  /** The box's epoch this catch-up was computed for (a box that moved on still applies it: inserts are by id). */
  epoch: z.number().int().positive(),
  /** Where that epoch branched off (null: the cloud had no branch point for it). */
  forkedFrom: forkSchema.nullable(),
  part: z.number().int().positive(),
  parts: z.number().int().positive(),
  groups: z.array(catchupGroup),
});
export type RestoreCatchupV1 = z.infer<typeof restoreCatchupV1>;
