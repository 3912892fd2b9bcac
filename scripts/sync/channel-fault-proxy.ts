/**
 * An HTTP proxy for channel fault tests, between the box and the cloud. It forwards every request
 * and, on the answers to `GET /sync/messages` that carry messages, can:
 * - `cut-response`: send the headers and half the body, then reset the connection (the box has
 *   asked, the cloud has answered, the box never gets it whole);
 * - `chaos`: deliver the messages duplicated, in reverse order, with messages it delivered before
 *   mixed in, and — every other answer — without the first one (a hole).
 * Everything else (acks, empty polls) passes untouched, so the box makes progress in between.
 */
import http from 'node:http';

export type ChannelFaultMode = 'pass' | 'cut-response' | 'chaos';

export interface ChannelFaultProxy {
  url: string;
  mode: ChannelFaultMode;
  /** Answers tampered with so far. */
  readonly faults: { cut: number; chaos: number };
  close(): Promise<void>;
}

interface Msg { seq: number }

export async function startChannelFaultProxy(options: { target: string; mode?: ChannelFaultMode }): Promise<ChannelFaultProxy> {
  const faults = { cut: 0, chaos: 0 };
  const seen: Msg[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let upstream: Response;
        try {
          const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)).map(([k, v]) => [k, String(v)]));
          upstream = await fetch(options.target + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        } catch {
          res.destroy();
          return;
        }
        let text = await upstream.text();
        const isPoll = req.method === 'GET' && (req.url ?? '').startsWith('/sync/messages');
        const body = isPoll && upstream.ok ? JSON.parse(text) as { messages: Msg[] } : null;
        if (body && body.messages.length > 0 && proxy.mode === 'cut-response') {
          faults.cut++;
          res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
          res.write(text.slice(0, Math.floor(text.length / 2)), () => res.destroy());
          return;
        }
        if (body && body.messages.length > 0 && proxy.mode === 'chaos') {
          faults.chaos++;
          const fresh = body.messages;
          const stale = seen.slice(-3);
          seen.push(...fresh);
          const delivered = [...fresh, ...stale, ...fresh].reverse();
          body.messages = faults.chaos % 2 === 1 ? delivered.filter((m) => m.seq !== fresh[0]!.seq) : delivered;
          text = JSON.stringify(body);
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const proxy: ChannelFaultProxy = {
    url: `http://127.0.0.1:${port}`, mode: options.mode ?? 'pass', faults,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
