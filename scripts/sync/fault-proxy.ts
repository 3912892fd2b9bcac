/**
 * A TCP proxy for sync fault tests: between the box and the cloud service, it passes bytes through,
 * or cuts connections that carry a batch (more than `bigRequestBytes` from the client) either
 * mid-request (part of the body forwarded, then both sides closed: the cloud never commits) or
 * mid-response (the request arrives whole, the cloud commits, the box gets a few bytes of the
 * answer and a reset). Small requests (the watermark) always pass, so a box makes progress in
 * between cuts the way it would on a flaky link.
 */
import net from 'node:net';

export type FaultMode = 'pass' | 'cut-request' | 'cut-response';

export interface FaultProxy {
  url: string;
  port: number;
  mode: FaultMode;
  /** Connections cut so far, per kind. */
  readonly cuts: { request: number; response: number };
  close(): Promise<void>;
}

export async function startFaultProxy(options: { targetHost?: string; targetPort: number; mode?: FaultMode; bigRequestBytes?: number }): Promise<FaultProxy> {
  const big = options.bigRequestBytes ?? 2048;
  const sockets = new Set<net.Socket>();
  const cuts = { request: 0, response: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(options.targetPort, options.targetHost ?? '127.0.0.1');
    sockets.add(client).add(upstream);
    const close = () => { client.destroy(); upstream.destroy(); };
    client.once('close', () => { sockets.delete(client); upstream.destroy(); });
    upstream.once('close', () => { sockets.delete(upstream); client.destroy(); });
    client.on('error', close);
    upstream.on('error', close);
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      if (proxy.mode === 'cut-request' && sent + chunk.length > big) {
        // Forward up to the threshold (headers and part of the body), then cut.
        upstream.write(chunk.subarray(0, Math.max(0, big - sent)), () => { cuts.request++; close(); });
        sent = big;
        return;
      }
      sent += chunk.length;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (proxy.mode === 'cut-response' && sent > big) {
        client.write(chunk.subarray(0, Math.min(chunk.length, 12)), () => { cuts.response++; close(); });
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`, port, mode: options.mode ?? 'pass', cuts,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
