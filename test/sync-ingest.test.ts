import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, postBatch, type TestCloud } from './helpers/cloud.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

let epochCounter = 100;
const change = (seq: number, entity: string, id: string, row: Record<string, unknown>, extra: Partial<{ op: string; version: number; txId: string }> = {}) =>
  ({ seq, txId: extra.txId ?? `tx${seq}`, entity, entityId: id, op: extra.op ?? 'upsert', version: extra.version ?? 1, row: { id, ...row } });
const payment = (seq: number, id: string, amount: number) => change(seq, 'payment', id, { orderId: 'o1', amount, tip: 0, method: 'cash', createdAt: 1 }, { op: 'insert' });
const count = async (table: string, where = 'true') => (await cloud.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)).rows[0]!.n;

describe('ingest', () => {
  it('applies a batch, advances the watermark, and skips a replay', async () => {
    const epoch = ++epochCounter;
    const batch = { schemaVersion: 2, epoch, changes: [payment(1, 'p-1', 500), payment(2, 'p-2', 700), change(3, 'order', 'o-1', { status: 'open', total: 1200 }, { version: 3 })] };
    const first = await postBatch(cloud.url, cloud.a.credential, batch);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ watermark: { epoch, seq: 3, txId: 'tx3' }, skipped: 0, rejected: 0 });
    const replay = await postBatch(cloud.url, cloud.a.credential, batch);
    expect(replay.body).toMatchObject({ watermark: { seq: 3 }, applied: 0, skipped: 3 });
    expect(await count('payments', `id in ('p-1','p-2')`)).toBe(2);
    const { rows } = await cloud.db.query<{ total: number; version: number; location_id: string }>(`SELECT total, version, location_id FROM orders WHERE id = 'o-1'`);
    expect(rows).toEqual([{ total: 1200, version: 3, location_id: cloud.a.locationId }]);
  });

  it('answers 409 SYNC_GAP with the watermark when a batch starts past it', async () => {
    const epoch = ++epochCounter;
    expect((await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [payment(10, 'g-1', 1)] })).status).toBe(200);
    const gap = await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [payment(12, 'g-2', 1)] });
    expect(gap.status).toBe(409);
    expect(gap.body.error).toMatchObject({ code: 'SYNC_GAP', details: { watermark: { epoch, seq: 10, txId: 'tx10' } } });
    expect(await count('payments', `id = 'g-2'`)).toBe(0);
  });

  it('applies a mutable row only when its version is newer; a fact only once', async () => {
    const epoch = ++epochCounter;
    await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [
      change(1, 'order', 'm-1', { status: 'open' }, { version: 2 }),
      change(2, 'order', 'm-1', { status: 'sent' }, { version: 3 }),
      change(3, 'order', 'm-1', { status: 'stale' }, { version: 1 }),
      payment(4, 'f-1', 100),
    ] });
    await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [
      change(5, 'order', 'm-1', { status: 'older' }, { version: 2 }),
      payment(6, 'f-1', 999),
    ] });
    const order = (await cloud.db.query<{ status: string; version: number }>(`SELECT status, version FROM orders WHERE id = 'm-1'`)).rows;
    expect(order).toEqual([{ status: 'sent', version: 3 }]);
    expect((await cloud.db.query(`SELECT amount FROM payments WHERE id = 'f-1'`)).rows).toEqual([{ amount: 100 }]);
  });

  it('puts a row it cannot store in sync_rejects with an alert, and the queue moves on', async () => {
    const epoch = ++epochCounter;
    const res = await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [
      payment(1, 'r-ok', 100),
      change(2, 'payment', 'r-bad', { orderId: 'o1', amount: 'twelve' }, { op: 'insert' }),
      change(3, 'teleporter', 't-1', {}),
      payment(4, 'r-ok2', 100),
    ] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ watermark: { seq: 4 }, rejected: 2 });
    const rejects = (await cloud.db.query<{ seq: number; reason: string }>(`SELECT seq, reason FROM sync_rejects WHERE epoch = ${epoch} ORDER BY seq`)).rows;
    expect(rejects).toEqual([{ seq: 2, reason: 'amount must be an integer' }, { seq: 3, reason: 'unknown entity "teleporter"' }]);
    expect(await count('alerts', `kind = 'sync.rejected' AND details->>'epoch' = '${epoch}'`)).toBe(1);
    expect(await count('payments', `id in ('r-ok','r-ok2','r-bad')`)).toBe(2);
  });

  it('rejects a change whose text holds a NUL character, keeps it readable in sync_rejects, and applies the rest of the batch', async () => {
    const epoch = ++epochCounter;
    const nul = String.fromCharCode(0);
    const res = await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [
      payment(1, 'nul-ok', 100),
      change(2, 'order', 'nul-order', { status: 'open', notes: `table 4${nul} allergy`, total: 1 }),
      change(3, 'order', 'nul-escaped', { status: 'open', notes: 'a literal \\u0000 is fine', total: 2 }),
      payment(4, 'nul-ok2', 100),
    ] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ watermark: { seq: 4 }, rejected: 1, applied: 3 });
    const rejects = (await cloud.db.query<{ seq: number; reason: string; notes: string }>(
      `SELECT seq, reason, change->'row'->>'notes' AS notes FROM sync_rejects WHERE epoch = ${epoch}`)).rows;
    expect(rejects).toEqual([{ seq: 2, reason: expect.stringContaining('NUL character'), notes: 'table 4\\u0000 allergy' }]);
    expect((await cloud.db.query(`SELECT row->>'notes' AS notes FROM orders WHERE id = 'nul-escaped'`)).rows).toEqual([{ notes: 'a literal \\u0000 is fine' }]);
    expect(await count('payments', `id in ('nul-ok','nul-ok2')`)).toBe(2);
  });

  it('stores ids and row images with quotes, commas, backslashes and newlines exactly as the box sent them', async () => {
    const epoch = ++epochCounter;
    const ids = ['NULL', 'a,b', 'quote"d', 'back\\slash', 'new\nline', '{braces}', ' spaced ', 'ünï😀'];
    const note = 'line one\nline "two", \\ tab\there ünï 😀';
    const changes = ids.map((id, i) => change(i + 1, 'order', id, { status: 'open', note, total: i }, { version: 2 }));
    const res = await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [...changes, change(ids.length + 1, 'payment', 'p"x', { orderId: 'a,b', amount: 5, note }, { op: 'insert' })] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rejected: 0, applied: ids.length + 1 });
    const stored = (await cloud.db.query<{ id: string; total: number; row: { id: string; note: string } }>(
      `SELECT id, total, row FROM orders WHERE id = ANY($1) ORDER BY total`, [ids])).rows;
    expect(stored.map((r) => [r.id, r.total, r.row.id, r.row.note])).toEqual(ids.map((id, i) => [id, i, id, note]));
    expect((await cloud.db.query(`SELECT order_id, amount, row->>'note' AS note FROM payments WHERE id = 'p"x'`)).rows).toEqual([{ order_id: 'a,b', amount: 5, note }]);
  });

  it('accepts the previous schema version (row as a JSON string) and upgrades it', async () => {
    const epoch = ++epochCounter;
    const v1 = { schemaVersion: 1, epoch, changes: [
      { seq: 1, txId: 'a', entity: 'stock_movement', entityId: 'sm-v1', op: 'insert', version: 1,
        row: JSON.stringify({ id: 'sm-v1', ingredientId: 'ing-1', kind: 'sale', quantity: -250, createdAt: 5, businessDay: '2026-11-29', orderId: null }) },
      { seq: 2, txId: 'a', entity: 'payment', entityId: 'v1-bad', op: 'insert', version: 1, row: '{not json' },
    ] };
    const res = await postBatch(cloud.url, cloud.a.credential, v1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rejected: 1, watermark: { seq: 2 } });
    expect((await cloud.db.query(`SELECT quantity, ingredient_id, row->>'kind' AS kind FROM stock_movements WHERE id = 'sm-v1'`)).rows)
      .toEqual([{ quantity: -250, ingredient_id: 'ing-1', kind: 'sale' }]);
    // The same row image as v2 is stored identically.
    expect((await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 2, epoch, changes: [change(3, 'ingredient', 'ing-1', { name: 'Flour', baseUnit: 'g', version: 1 })] })).status).toBe(200);
  });

  it('refuses an unknown schema version by name, and bad envelopes, without applying anything', async () => {
    const epoch = ++epochCounter;
    const future = await postBatch(cloud.url, cloud.a.credential, { schemaVersion: 3, epoch, changes: [payment(1, 'v3', 1)] });
    expect(future.status).toBe(422);
    expect(future.body.error).toMatchObject({ code: 'SYNC_SCHEMA_UNSUPPORTED', details: { supported: [1, 2] } });
    for (const bad of ['{', JSON.stringify({ schemaVersion: 2, epoch, changes: [payment(2, 'x', 1), payment(1, 'y', 1)] }), JSON.stringify({ schemaVersion: 2, epoch: 0, changes: [] }), JSON.stringify({ epoch })]) {
      const res = await postBatch(cloud.url, cloud.a.credential, bad);
      expect(res.status, bad).toBe(400);
      expect(['MALFORMED_JSON', 'VALIDATION_FAILED']).toContain(res.body.error.code);
    }
    expect(await count('payments', `id in ('v3','x','y')`)).toBe(0);
  });

  it('refuses a missing, wrong or malformed credential with 401', async () => {
    for (const credential of ['', 'nodot', `${cloud.a.deviceId}.wrong`, `unknown.${'x'.repeat(43)}`]) {
      const res = await postBatch(cloud.url, credential, { schemaVersion: 2, epoch: 1, changes: [] });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
  });
});
