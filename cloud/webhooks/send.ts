/**
 * One HTTP POST of one delivery (issue 21), with node's own http/https: a deadline for the whole
 * exchange, no redirects followed (a 3xx is a failure: the receiver must give its final URL), the
 * first 1 KB of the answer kept for the delivery log and the rest not read, and the address a name
 * resolves to checked against the private ranges at connection time (url-policy.ts). Connections are
 * kept alive per receiver origin (agents.ts).
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { agentFor } from './agents.js';
import { isPrivateAddress, urlProblem } from './url-policy.js';

export const EXCERPT_BYTES = 1024;

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  excerpt: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

/** dns.lookup, refusing private answers: a public name that resolves to 127.0.0.1 is not delivered to. */
const publicLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error) => void)(err);
    const list = addresses as unknown as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) return (callback as (e: Error) => void)(Object.assign(new Error(`${hostname} resolves to the private address ${bad.address}; not delivered`), { code: 'EPRIVATE' }));
    if ((options as { all?: boolean }).all) return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    return (callback as (e: null, a: string, f: number) => void)(null, list[0]!.address, list[0]!.family);
  });
};

export function sendWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (r: Omit<SendResult, 'durationMs'>): SendResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  const refused = urlProblem(url, options.allowPrivate);
  if (refused) return Promise.resolve(done({ ok: false, statusCode: null, error: refused, excerpt: null }));
  return new Promise((resolve) => {
    let settled = false;
    let req: http.ClientRequest;
    const finish = (r: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const attempt = (again: boolean) => {
      let answered = false;
      req = lib.request(target, {
        method: 'POST',
        agent: agentFor(target),
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Brigade-Webhooks/1' },
        ...(options.allowPrivate ? {} : { lookup: publicLookup }),
      }, (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let size = 0;
        const close = () => {
          const status = res.statusCode ?? 0;
          const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
          const redirect = status >= 300 && status < 400 ? `redirect to ${res.headers.location ?? '?'} not followed: give the final URL` : null;
          finish({ ok: status >= 200 && status < 300, statusCode: status, error: redirect ?? (status >= 200 && status < 300 ? null : `answered ${status}`), excerpt: excerpt || null });
        };
        res.on('data', (chunk: Buffer) => {
          if (size < EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          // Enough for the log: a receiver that streams megabytes is not read to the end.
          if (size >= EXCERPT_BYTES) { close(); req.destroy(); }
        });
        res.on('end', close);
        res.on('error', close);
      });
      const current = req;
      current.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive connection the receiver closed as this delivery went out on it: once more on a new one.
        if (!again && !answered && !settled && current.reusedSocket && err.code === 'ECONNRESET') return attempt(true);
        finish({ ok: false, statusCode: null, error: err.code ? `${err.code}: ${err.message}` : err.message, excerpt: null });
      });
      current.end(body);
    };
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `no answer within ${options.timeoutMs} ms`, excerpt: null });
      req.destroy();
    }, options.timeoutMs);
    attempt(false);
  });
}
