import net from 'node:net';
import os from 'node:os';
import { isStatusByte } from '../../printers/transport/status.js';

/** The /24 prefixes of the box's own IPv4 interfaces (e.g. "192.168.1"). */
export function localSubnets(): string[] {
  const prefixes = new Set<string>();
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family === 'IPv4' && !a.internal) prefixes.add(a.address.split('.').slice(0, 3).join('.'));
    }
  }
  return [...prefixes];
}

/** True when host:port accepts a connection and answers DLE EOT 1 with a status byte: an ESC/POS printer. */
export function answersDleEot(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result: boolean) => { clearTimeout(timer); socket.destroy(); resolve(result); };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(Uint8Array.of(0x10, 0x04, 0x01)));
    socket.once('data', (chunk: Buffer) => done(chunk.length > 0 && isStatusByte(chunk[0]!)));
  });
}

/**
 * Tries every host of a /24 on `port`, `concurrency` at a time. Many network printers never
 * announce themselves, so this is how a manager finds them; it runs only when asked.
 */
export async function probeSubnet(prefix: string, port: number, timeoutMs: number, concurrency = 64): Promise<string[]> {
  const hosts = Array.from({ length: 254 }, (_, i) => `${prefix}.${i + 1}`);
  const found: string[] = [];
  let next = 0;
  const runner = async () => {
    while (next < hosts.length) {
      const host = hosts[next++]!;
      if (await answersDleEot(host, port, timeoutMs)) found.push(`${host}:${port}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, runner));
  return found.sort();
}
