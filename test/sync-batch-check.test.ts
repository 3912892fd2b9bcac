import { describe, expect, it } from 'vitest';
import { batchV2 } from '../sync/protocol.js';
import { checkBatchV2 } from '../cloud/batch-check.js';

const good = { seq: 1, txId: 't', entity: 'payment', entityId: 'p-1', op: 'insert', version: 0, row: { id: 'p-1', amount: 5 } };
const batch = (changes: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 2, epoch: 1, changes, ...extra });

/** Every field of a change set to values the protocol refuses (and a few it accepts). */
const variants: Record<string, unknown[]> = {
  seq: [0, -1, 1.5, '1', null, undefined, Number.MAX_SAFE_INTEGER + 2, Number.MAX_SAFE_INTEGER],
  txId: ['', 'x'.repeat(100), 'x'.repeat(101), 7, null],
  entity: ['', 'e'.repeat(64), 'e'.repeat(65), ['order']],
  entityId: ['', 'i'.repeat(200), 'i'.repeat(201), 12],
  op: ['upsert', 'delete', 'update', '', null],
  version: [0, -1, 2.5, '3', 2 ** 31],
  row: [{}, [], null, 'row', 5, { nested: { a: [1] } }],
};

describe('the fast batch check', () => {
  it('accepts and refuses exactly the batches the protocol schema does, with the same result', () => {
    const cases: unknown[] = [
      batch([good]), batch([]), batch([good], { epoch: 0 }), batch([good], { epoch: 1.5 }), batch([good], { schemaVersion: 1 }),
      batch([{ ...good, extra: 'dropped' }], { extra: true }), { schemaVersion: 2, epoch: 1 }, batch([null]), batch([good, 'x']), null, [], 'batch',
      batch(Array.from({ length: 50_001 }, (_, i) => ({ ...good, seq: i + 1 }))),
      batch([good], { epoch: 2 ** 31 - 1 }), batch([good], { epoch: 2 ** 31 }),
      batch([good], { forkedFrom: { epoch: 1, seq: 0 } }), batch([good], { forkedFrom: { epoch: 1, seq: 5, extra: 1 } }),
      batch([good], { forkedFrom: { epoch: 0, seq: 5 } }), batch([good], { forkedFrom: { epoch: 1, seq: -1 } }), batch([good], { forkedFrom: { epoch: 2 ** 31, seq: 1 } }),
      batch([good], { forkedFrom: null }), batch([good], { forkedFrom: 'x' }), batch([good], { forkedFrom: { epoch: 1 } }),
    ];
    for (const [field, values] of Object.entries(variants)) {
      for (const value of values) cases.push(batch([good, { ...good, seq: 2, [field]: value }]));
    }
    let accepted = 0;
    for (const body of cases) {
      const zod = batchV2.safeParse(body);
      const fast = checkBatchV2(body);
      expect(fast !== null, JSON.stringify(body)?.slice(0, 200)).toBe(zod.success);
      if (fast) {
        accepted++;
        expect(fast).toStrictEqual(zod.data);
      }
    }
    expect(accepted).toBeGreaterThan(10);
  });
});
