/**
 * A webhook receiver for tests: a real HTTP server on 127.0.0.1 (a fake third party, architecture
 * §10) that keeps every request it got and answers as the test says — a status, or never (hang).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Requests being held open (hang mode). */
  open(): number;
  answer(status: number | 'hang', body?: string): void;
  close(): Promise<void>;
}

export async function startReceiver(status: number | 'hang' = 200): Promise<Receiver> {
  let mode: number | 'hang' = status;
  let reply = '{"ok":true}';
  let holding = 0;
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      if (mode === 'hang') {
        holding++;
        res.on('close', () => { holding--; });
        return;
      }
      res.writeHead(mode, { 'content-type': 'application/json' }).end(reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    open: () => holding,
    answer(s, body) { mode = s; if (body !== undefined) reply = body; },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
