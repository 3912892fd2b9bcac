/**
 * A hand-written check of a schema-version-2 batch, for the common case that it is well formed.
 * The zod schemas in protocol.ts stay the definition and the source of error messages: when this
 * check says no, ingest runs zod, which answers with the issues. A catch-up pushes 122k changes,
 * and zod took 0.30–0.41 s of CPU to check them where this loop takes 6–16 ms (24 batches of
 * 5,000 stock movements, five rounds). It accepts only what batchV2 accepts, and returns changes with the same
 * keys in the same order as zod's output (unknown keys dropped).
 */
import { BOX_ID_PATTERN, MAX_EPOCH, type Batch, type Change } from '../sync/protocol.js';

const OPS: ReadonlySet<unknown> = new Set(['upsert', 'insert', 'delete']);
const MAX_CHANGES = 50_000;

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The batch as batchV2 would parse it, or null when anything is off (then zod says what). */
export function checkBatchV2(body: unknown): Batch | null {
  if (!isObject(body) || body.schemaVersion !== 2 || !isInt(body.epoch, 1) || body.epoch > MAX_EPOCH) return null;
  let forkedFrom: Batch['forkedFrom'];
  if (body.forkedFrom !== undefined) {
    const f = body.forkedFrom;
    if (!isObject(f) || !isInt(f.epoch, 1) || f.epoch > MAX_EPOCH || !isInt(f.seq, 0)) return null;
    if (f.boxId !== undefined && (typeof f.boxId !== 'string' || !BOX_ID_PATTERN.test(f.boxId))) return null;
    forkedFrom = { epoch: f.epoch, seq: f.seq, ...(f.boxId !== undefined ? { boxId: f.boxId } : {}) };
  }
  if (body.nextSeq !== undefined && !isInt(body.nextSeq, 1)) return null;
  const input = body.changes;
  if (!Array.isArray(input) || input.length > MAX_CHANGES) return null;
  const changes = new Array<Change>(input.length);
  for (let i = 0; i < input.length; i++) {
    const c: unknown = input[i];
    if (!isObject(c)) return null;
    const { seq, txId, entity, entityId, op, version, row } = c;
    if (!isInt(seq, 1) || !isText(txId, 100) || !isText(entity, 64) || !isText(entityId, 200) || !OPS.has(op) || !isInt(version, 0) || !isObject(row)) return null;
    changes[i] = { seq, txId, entity, entityId, op: op as Change['op'], version, row };
  }
  return { schemaVersion: 2, epoch: body.epoch, ...(forkedFrom ? { forkedFrom } : {}), ...(body.nextSeq !== undefined ? { nextSeq: body.nextSeq } : {}), changes };
}
