import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { copyKey, newDataKey, newRecoveryCode, openChunk, sealChunk, unwrapDataKey, wrapDataKey } from '../src/backup/offbox/crypto.js';
import { uuidv7 } from '../src/lib/uuid-v7.js';
import { MAX_SEALED_CHUNK_BYTES, type OffboxManifest } from '../sync/offbox-protocol.js';

let cloud: TestCloud;
beforeAll(async () => { cloud = await startTestCloud({ serve: true }); });
afterAll(async () => { await cloud.close(); });

const BOX_ID = 'box-offbox-test-1';

interface Res { status: number; body: any; bytes: Buffer }

async function call(credential: string | null, method: string, path: string, body?: Buffer | string | object, type?: string): Promise<Res> {
  const headers: Record<string, string> = { 'x-brigade-box-id': BOX_ID };
  if (credential) headers.authorization = `Bearer ${credential}`;
  let payload: string | Uint8Array | undefined;
  if (Buffer.isBuffer(body)) { payload = new Uint8Array(body); headers['content-type'] = type ?? 'application/octet-stream'; }
  else if (typeof body === 'string') { payload = body; headers['content-type'] = type ?? 'application/json'; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers['content-type'] = type ?? 'application/json'; }
  const res = await fetch(cloud.url + path, { method, headers, body: payload as BodyInit | undefined });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed: unknown = null;
  try { parsed = JSON.parse(bytes.toString('utf8')); } catch { /* binary */ }
  return { status: res.status, body: parsed, bytes };
}

/** A file of random bytes, sealed as the box seals it, with its manifest. */
function makeCopy(bytes: number, chunkSize = 16 * 1024) {
  const plain = crypto.randomBytes(bytes);
  const code = newRecoveryCode();
  const dataKey = newDataKey();
  const id = uuidv7();
  const chunkCount = Math.ceil(bytes / chunkSize);
  const manifest: OffboxManifest = {
    format: 1, backupName: `brigade-20261204T043000${String(bytes % 1000).padStart(3, '0')}Z-scheduled.db`, takenAt: Date.now(), bytes,
    sha256: crypto.createHash('sha256').update(plain).digest('hex'), chunkSize, chunkCount, wrappedKey: wrapDataKey(dataKey, code),
  };
  const key = copyKey(dataKey, id);
  const sealed = (i: number) => sealChunk(key, id, i, plain.subarray(i * chunkSize, Math.min(bytes, (i + 1) * chunkSize)));
  return { id, plain, code, manifest, sealed, key, chunkCount };
}

async function upload(credential: string, copy: ReturnType<typeof makeCopy>): Promise<void> {
  expect((await call(credential, 'POST', '/sync/offbox/copies', { id: copy.id, manifest: copy.manifest })).status).toBe(201);
  for (let i = 0; i < copy.chunkCount; i++) expect((await call(credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/${i}`, copy.sealed(i))).status).toBe(200);
  expect((await call(credential, 'POST', `/sync/offbox/copies/${copy.id}/complete`, {})).status).toBe(200);
}

const chunkRows = async (copyId: string) => (await cloud.db.query<{ n: number }>('SELECT count(*)::int AS n FROM offbox_chunks WHERE copy_id = $1', [copyId])).rows[0]!.n;

describe('the cloud\'s off-box copy routes', () => {
  it('answer 401 UNAUTHENTICATED before looking at the request, whatever its body', async () => {
    const id = uuidv7();
    const routes: Array<[string, string, Buffer | string | undefined]> = [
      ['POST', '/sync/offbox/copies', '{"half": '],
      ['GET', '/sync/offbox/latest', undefined],
      ['GET', `/sync/offbox/copies/${id}`, undefined],
      ['GET', '/sync/offbox/copies/not-an-id/chunks/x', undefined],
      ['PUT', `/sync/offbox/copies/${id}/chunks/-1`, Buffer.from('tiny')],
      ['POST', `/sync/offbox/copies/${id}/complete`, 'nonsense'],
    ];
    for (const [method, path, body] of routes) {
      for (const credential of [null, `${cloud.a.deviceId}.wrong-secret`]) {
        const res = await call(credential, method, path, body);
        expect(`${method} ${path} ${res.status} ${res.body?.error?.code}`).toBe(`${method} ${path} 401 UNAUTHENTICATED`);
      }
    }
  });

  it('resumes an upload: the cloud lists the chunks it lacks, a chunk sent twice is kept once, and the copy comes back byte for byte', async () => {
    const place = await cloud.place('resume');
    const copy = makeCopy(100_000);
    expect((await call(place.credential, 'GET', '/sync/offbox/latest')).body.error.code).toBe('OFFBOX_NONE');
    const started = await call(place.credential, 'POST', '/sync/offbox/copies', { id: copy.id, manifest: copy.manifest });
    expect(started.status).toBe(201);
    expect(started.body.missing).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const i of [0, 1, 2]) expect((await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/${i}`, copy.sealed(i))).body).toEqual({ index: i, stored: true });
    // The answer to chunk 2 was "lost": the box seals it again (a new nonce) and sends it again.
    expect((await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/2`, copy.sealed(2))).body).toEqual({ index: 2, stored: false });

    const incomplete = await call(place.credential, 'POST', `/sync/offbox/copies/${copy.id}/complete`, {});
    expect(incomplete.status).toBe(409);
    expect(incomplete.body.error).toMatchObject({ code: 'OFFBOX_INCOMPLETE', details: { missing: [3, 4, 5, 6] } });
    // After a restart the box starts the same copy again: the cloud says where to go on.
    const resumed = await call(place.credential, 'POST', '/sync/offbox/copies', { id: copy.id, manifest: copy.manifest });
    expect(resumed.status).toBe(200);
    expect(resumed.body.missing).toEqual([3, 4, 5, 6]);
    for (const i of resumed.body.missing as number[]) await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/${i}`, copy.sealed(i));
    const done = await call(place.credential, 'POST', `/sync/offbox/copies/${copy.id}/complete`, {});
    expect(done.body).toMatchObject({ status: 'complete', missing: [] });
    expect(await chunkRows(copy.id)).toBe(7);

    const latest = await call(place.credential, 'GET', '/sync/offbox/latest');
    expect(latest.body).toMatchObject({ id: copy.id, status: 'complete' });
    // The cloud holds the data key only wrapped: the recovery code opens it, another code does not.
    const dataKey = unwrapDataKey(latest.body.manifest.wrappedKey, copy.code);
    expect(() => unwrapDataKey(latest.body.manifest.wrappedKey, newRecoveryCode())).toThrow(expect.objectContaining({ code: 'RECOVERY_CODE_WRONG' }));
    const parts: Buffer[] = [];
    for (let i = 0; i < copy.chunkCount; i++) {
      const chunk = await call(place.credential, 'GET', `/sync/offbox/copies/${copy.id}/chunks/${i}`);
      parts.push(openChunk(copyKey(dataKey, copy.id), copy.id, i, chunk.bytes));
    }
    expect(Buffer.concat(parts).equals(copy.plain)).toBe(true);
    // A chunk moved to another position fails its tag.
    const first = await call(place.credential, 'GET', `/sync/offbox/copies/${copy.id}/chunks/0`);
    expect(() => openChunk(copy.key, copy.id, 1, first.bytes)).toThrow(/authentication tag/);
  });

  it('refuses bad input with a 4xx and a code, and stores nothing of it', async () => {
    const place = await cloud.place('bad input');
    const copy = makeCopy(40_000);
    const cases: Array<[string, Res, number, string]> = [
      ['manifest as text', await call(place.credential, 'POST', '/sync/offbox/copies', JSON.stringify({ id: copy.id, manifest: copy.manifest }), 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['manifest not JSON', await call(place.credential, 'POST', '/sync/offbox/copies', '{"id": '), 400, 'MALFORMED_JSON'],
      ['chunk count that does not fit the size', await call(place.credential, 'POST', '/sync/offbox/copies', { id: copy.id, manifest: { ...copy.manifest, chunkCount: 9 } }), 400, 'VALIDATION_FAILED'],
      ['copy id not a uuid', await call(place.credential, 'POST', '/sync/offbox/copies', { id: 'x', manifest: copy.manifest }), 400, 'VALIDATION_FAILED'],
      ['manifest over 64 kB', await call(place.credential, 'POST', '/sync/offbox/copies', { id: copy.id, manifest: copy.manifest, pad: 'x'.repeat(70_000) }), 413, 'PAYLOAD_TOO_LARGE'],
      ['chunk of a copy never started', await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/0`, copy.sealed(0)), 404, 'NOT_FOUND'],
    ];
    for (const [what, res, status, code] of cases) expect(`${what}: ${res.status} ${res.body?.error?.code}`).toBe(`${what}: ${status} ${code}`);
    expect((await cloud.db.query('SELECT 1 FROM offbox_copies WHERE location_id = $1', [place.locationId])).rows).toEqual([]);

    expect((await call(place.credential, 'POST', '/sync/offbox/copies', { id: copy.id, manifest: copy.manifest })).status).toBe(201);
    const chunkCases: Array<[string, Res, number, string]> = [
      ['chunk as JSON', await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/0`, copy.sealed(0), 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['chunk cut short', await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/0`, copy.sealed(0).subarray(0, 1000)), 400, 'VALIDATION_FAILED'],
      ['chunk past the end', await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/3`, copy.sealed(2)), 400, 'VALIDATION_FAILED'],
      ['chunk index not a number', await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/first`, copy.sealed(0)), 400, 'VALIDATION_FAILED'],
      ['chunk over the size limit', await call(place.credential, 'PUT', `/sync/offbox/copies/${copy.id}/chunks/0`, Buffer.alloc(MAX_SEALED_CHUNK_BYTES + 1)), 413, 'PAYLOAD_TOO_LARGE'],
      ['the same id with another manifest', await call(place.credential, 'POST', '/sync/offbox/copies', { id: copy.id, manifest: { ...copy.manifest, sha256: '0'.repeat(64) } }), 409, 'OFFBOX_COPY_MISMATCH'],
    ];
    for (const [what, res, status, code] of chunkCases) expect(`${what}: ${res.status} ${res.body?.error?.code}`).toBe(`${what}: ${status} ${code}`);
    expect(await chunkRows(copy.id)).toBe(0);
  });

  it('keeps the newest two complete copies of a location, and one location never reaches another\'s', async () => {
    const place = await cloud.place('rotation');
    const other = await cloud.place('other');
    const copies = [makeCopy(20_000), makeCopy(21_000), makeCopy(22_000)];
    for (const copy of copies) await upload(place.credential, copy);
    const kept = (await cloud.db.query<{ id: string }>('SELECT id FROM offbox_copies WHERE location_id = $1 ORDER BY completed_at', [place.locationId])).rows.map((r) => r.id);
    expect(kept).toEqual([copies[1]!.id, copies[2]!.id]);
    expect(await chunkRows(copies[0]!.id)).toBe(0);
    expect((await call(place.credential, 'GET', '/sync/offbox/latest')).body.id).toBe(copies[2]!.id);

    const latest = copies[2]!;
    expect((await call(other.credential, 'GET', '/sync/offbox/latest')).body.error.code).toBe('OFFBOX_NONE');
    expect((await call(other.credential, 'GET', `/sync/offbox/copies/${latest.id}`)).status).toBe(404);
    expect((await call(other.credential, 'GET', `/sync/offbox/copies/${latest.id}/chunks/0`)).status).toBe(404);
    expect((await call(other.credential, 'PUT', `/sync/offbox/copies/${latest.id}/chunks/0`, latest.sealed(0))).status).toBe(404);
    // The same copy id started by another location is its own copy, and leaves the first alone.
    expect((await call(other.credential, 'POST', '/sync/offbox/copies', { id: latest.id, manifest: latest.manifest })).status).toBe(201);
    expect((await call(place.credential, 'GET', `/sync/offbox/copies/${latest.id}`)).body).toMatchObject({ status: 'complete', missing: [] });
  });
});
