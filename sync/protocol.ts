/**
 * The wire between a box and the cloud ingest endpoint (architecture §6), shared by both ends.
 *
 * Schema versions — the cloud accepts the current one and the previous one:
 *   1: `row` is the change log's row image as a JSON-encoded string (exactly the box's column).
 *   2: `row` is the row image as a JSON object, so the box can splice its stored JSON into the
 *      body without parsing it, and the cloud parses the body once. Ingest upgrades a v1 batch by
 *      parsing each `row` string (see `upgradeBatch`).
 *
 * Additions that need no new version (issue 15; a cloud ignores what it does not know, and a box
 * that sends none of them is served as before): the box's identity in the BOX_ID_HEADER of every
 * request, `forkedFrom` in a batch (where the epoch's history branched off after a restore), and
 * `nextSeq` in an empty batch that opens such an epoch (issue 22), and `forkedFrom.boxId` (the box
 * whose history the epoch continues: another box's after a replacement restored its backup).
 * A credential already bound to a box identity refuses requests without one.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 2;
export const PREVIOUS_SCHEMA_VERSION = 1;
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = [PREVIOUS_SCHEMA_VERSION, SCHEMA_VERSION];

export const INGEST_PATH = '/sync/ingest';
export const WATERMARK_PATH = '/sync/watermark';
/** After a restore: the highest order number the cloud holds for the location's latest business days. */
export const ORDER_NUMBERS_PATH = '/sync/order-numbers';
export const orderNumbersResponse = z.object({ days: z.array(z.object({ businessDay: z.string().min(1).max(20), lastNumber: z.number().int().min(0) })).max(10) });
export type OrderNumbers = z.infer<typeof orderNumbersResponse>;

/** The box's identity (sync_state.box_id), sent with every request a box makes to the cloud. */
export const BOX_ID_HEADER = 'x-brigade-box-id';

/** Epochs are PostgreSQL integers in the cloud (and on the wire, positive). */
export const MAX_EPOCH = 2_147_483_647;
const epochSchema = z.number().int().positive().max(MAX_EPOCH);

/** A box identity: minted by the box at its first start (a UUID). */
export const BOX_ID_PATTERN = /^[A-Za-z0-9-]{8,100}$/;

/**
 * Where a new epoch's history branched off: the box held everything of `epoch` up to `seq`.
 * `boxId`: the box whose epoch that is (this box's own after a restore on it; the dead box's when a
 * replacement restored its backup), so the cloud finds that epoch among the location's devices.
 */
export const forkSchema = z.object({ epoch: epochSchema, seq: z.number().int().min(0), boxId: z.string().regex(BOX_ID_PATTERN).optional() });
export type Fork = z.infer<typeof forkSchema>;

const changeBase = {
  seq: z.number().int().positive(),
  txId: z.string().min(1).max(100),
  entity: z.string().min(1).max(64),
  entityId: z.string().min(1).max(200),
  op: z.enum(['upsert', 'insert', 'delete']),
  version: z.number().int().min(0),
};

const rowImage = z.record(z.string(), z.unknown());

export const changeV2 = z.object({ ...changeBase, row: rowImage });
export const changeV1 = z.object({ ...changeBase, row: z.string() });

/** Just the envelope's version, read first so a batch of an unknown version is refused by name. */
export const batchHead = z.object({ schemaVersion: z.number().int() });

export const batchV2 = z.object({
  schemaVersion: z.literal(2),
  epoch: epochSchema,
  forkedFrom: forkSchema.optional(),
  /**
   * Only in an empty batch with `forkedFrom` (issue 22): opens the epoch of a box whose log is
   * empty, saying the seq its next change will have — so the cloud learns of a restore (and sends
   * the catch-up) before the restored box writes anything.
   */
  nextSeq: z.number().int().positive().optional(),
  changes: z.array(changeV2).max(50_000),
});
export const batchV1 = z.object({
  schemaVersion: z.literal(1),
  epoch: epochSchema,
  forkedFrom: forkSchema.optional(),
  changes: z.array(changeV1).max(50_000),
});

export type Change = z.infer<typeof changeV2>;
export type Batch = z.infer<typeof batchV2>;
export type BatchV1 = z.infer<typeof batchV1>;

/** Where the cloud stands for one device and epoch: everything up to `seq` is applied. */
export const watermarkSchema = z.object({
  epoch: epochSchema,
  seq: z.number().int().min(0),
  /** The box transaction whose last change is at `seq` (null before the first batch of an epoch). */
  txId: z.string().nullable(),
});
export type Watermark = z.infer<typeof watermarkSchema>;

/**
 * GET WATERMARK_PATH answers the watermark and the highest epoch the cloud has seen for this
 * device (0 for none), so a box that must start a new epoch can pick one above every known one.
 */
export const watermarkResponse = z.object({ watermark: watermarkSchema, highestEpoch: z.number().int().min(0).optional() });

/** `details` of 409 SYNC_DIVERGED: the cloud's watermark and the device's highest epoch. */
export const divergedDetails = z.object({ watermark: watermarkSchema, highestEpoch: z.number().int().min(0) });

export const ingestResponse = z.object({
  watermark: watermarkSchema,
  applied: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
});
export type IngestResponse = z.infer<typeof ingestResponse>;

/** A v1 batch as v2: each `row` string parsed. A row that is not a JSON object stays an error for that row. */
export function upgradeBatch(batch: BatchV1): { batch: Batch; badRows: Map<number, string> } {
  const badRows = new Map<number, string>();
  const changes = batch.changes.map((c): Change => {
    let row: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(c.row);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) row = parsed as Record<string, unknown>;
      else badRows.set(c.seq, 'row is not a JSON object');
    } catch {
      badRows.set(c.seq, 'row is not valid JSON');
    }
    return { ...c, row };
  });
  return { batch: { schemaVersion: 2, epoch: batch.epoch, ...(batch.forkedFrom ? { forkedFrom: batch.forkedFrom } : {}), changes }, badRows };
}
