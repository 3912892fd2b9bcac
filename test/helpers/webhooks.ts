/** Building blocks of the webhook tests: boxes' batches as the real ingest takes them, and subscribing as an owner. */
import { expect } from 'vitest';
import { postBatch } from './cloud.js';
import { api } from './cloud-accounts.js';
import { newId } from './fixtures.js';

export interface ChangeSpec { entity: string; id: string; row: Record<string, unknown>; version?: number }

/** Batches per device credential, each change with the device's next seq (epoch 1). */
export function batches() {
  const seqs = new Map<string, number>();
  const batch = (credential: string, changes: ChangeSpec[]) => {
    let seq = seqs.get(credential) ?? 0;
    const out = changes.map((c) => ({ seq: ++seq, txId: newId(), entity: c.entity, entityId: c.id, op: 'upsert', version: c.version ?? 1, row: c.row }));
    seqs.set(credential, seq);
    return { schemaVersion: 2, epoch: 1, changes: out };
  };
  /** Pushes one batch through POST /sync/ingest; expects 200. */
  const push = async (url: string, credential: string, changes: ChangeSpec[]) => {
    const res = await postBatch(url, credential, batch(credential, changes));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  return { batch, push };
}

export const restaurant = (name: string): ChangeSpec => ({ entity: 'restaurant', id: `r-${name}`, row: { name, currency: 'EUR', timeZone: 'Europe/Paris' } });
export const payment = (id: string, amount: number, orderId = newId()): ChangeSpec => ({ entity: 'payment', id, row: { orderId, method: 'card', amount, tip: 0, createdAt: Date.now() } });
export const order = (id: string, status: string, version: number, total = 1980): ChangeSpec => ({ entity: 'order', id, version,
  row: { number: 42, businessDay: '2026-12-05', status, total, paid: status === 'completed' ? total : 0, tips: 0, refunded: 0, createdAt: Date.now(), type: 'takeaway' } });

/** Creates a subscription as `token`; expects 201 and returns it with its secret. */
export async function subscribe(url: string, token: string, body: Record<string, unknown>): Promise<{ subscription: { id: string }; secret: string }> {
  const res = await api(url, 'POST', '/api/webhooks/subscriptions', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}
