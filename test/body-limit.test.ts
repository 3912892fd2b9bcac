import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';

/**
 * Issue 15 item 9: a body over 1 MB is refused with 413 PAYLOAD_TOO_LARGE, and a real node:http
 * client that is still sending when the box answers gets that 413, not a broken pipe.
 */
let t: TestBox;
let r: Restaurant;
beforeAll(async () => {
  t = await startTestBox();
  r = await setUpRestaurant(t);
});
afterAll(async () => { await t?.close(); });

/** The answer, whether the whole body went out, and every error the client saw. */
interface Sent { status: number | null; body: string; errors: string[]; bodySent: boolean }

/**
 * Sends `size` bytes of JSON-looking text to POST /orders in 64 KB writes, respecting backpressure,
 * with `pauseMs` between writes (a slow Wi-Fi tablet), declared by Content-Length or chunked.
 * Resolves once the request is over, with the answer and every error the client saw.
 */
function sendLarge(mode: 'content-length' | 'chunked', size: number, pauseMs = 0, agent: http.Agent | false = false): Promise<Sent> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${r.ownerToken}` };
    if (mode === 'content-length') headers['content-length'] = String(size);
    const url = new URL('/orders', t.url);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers, agent });
    const sent: Sent = { status: null, body: '', errors: [], bodySent: false };
    const failed = (where: string) => (e: Error) => sent.errors.push(`${where}: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
    req.on('response', (res) => {
      sent.status = res.statusCode ?? null;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { sent.body += chunk; });
      res.on('error', failed('response'));
      res.on('aborted', () => sent.errors.push('response aborted'));
    });
    req.on('error', failed('request'));
    // 'close': the exchange is over, answered or not.
    req.on('close', () => setTimeout(() => resolve(sent), 20));
    req.on('finish', () => { sent.bodySent = true; });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let written = 0;
    // Like any uploader: write until the socket pushes back, go on at 'drain' (after `pauseMs`).
    const pump = () => {
      while (written < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - written));
        written += part.length;
        if (written === size) {
          req.end(part);
          return;
        }
        const more = req.write(part, (e) => { if (e) failed('write')(e); });
        if (!more || pauseMs > 0) {
          if (more) setTimeout(pump, pauseMs);
          else req.once('drain', () => setTimeout(pump, pauseMs));
          return;
        }
      }
    };
    pump();
  });
}

const MB = 1024 * 1024;

describe('a body over the limit', () => {
  it.each([['content-length'], ['chunked']] as const)('an 8 MB body sent with %s gets the 413 with its code and no broken pipe, and nothing is written', async (mode) => {
    const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
    const sent = await sendLarge(mode, 8 * MB);
    expect({ errors: sent.errors, bodySent: sent.bodySent }).toEqual({ errors: [], bodySent: true });
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The request body is over 1 MB.' });
    expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
  });

  it.each([['content-length'], ['chunked']] as const)('a slow tablet sending 3 MB with %s over more than a second gets the 413 without an error', async (mode) => {
    const sent = await sendLarge(mode, 3 * MB, 25);
    expect({ errors: sent.errors, bodySent: sent.bodySent }).toEqual({ errors: [], bodySent: true });
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('the same kept-alive connection serves the next request once the refused body is through', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const sockets = new Set<unknown>();
      agent.on('free', (socket) => sockets.add(socket));
      const refused = await sendLarge('chunked', 2 * MB, 0, agent);
      expect({ status: refused.status, errors: refused.errors, bodySent: refused.bodySent }).toEqual({ status: 413, errors: [], bodySent: true });
      const health = await new Promise<number>((resolve, reject) => {
        http.get(new URL('/healthz', t.url), { agent }, (res) => { res.resume().on('end', () => resolve(res.statusCode!)); }).on('error', reject);
      });
      expect(health).toBe(200);
      expect(sockets.size).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('a body past what the box will discard (64 MB) still gets the 413 first, then the box closes and keeps serving others', async () => {
    const sent = await sendLarge('content-length', 64 * MB);
    expect(sent.status).toBe(413);
    expect((await t.api('GET', '/healthz')).status).toBe(200);
  });

  it('a chunked body just under the limit is still accepted and read whole', async () => {
    const note = 'n'.repeat(200);
    const payload = JSON.stringify({ id: '0193a5a0-0000-7000-8000-000000000001', type: 'takeaway', lines: [], notes: note });
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL('/orders', t.url);
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: false,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${r.ownerToken}` } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      // Three writes without a length: node:http sends them chunked.
      req.write(payload.slice(0, 10));
      req.write(payload.slice(10, 100));
      req.end(payload.slice(100));
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body).notes).toBe(note);
  });
});
