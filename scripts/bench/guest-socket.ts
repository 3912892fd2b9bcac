/** A waiter's tablet for the guest benches: a socket on the box's `orders` topic that notes when each `guest.request` first arrives. */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface GuestSocket {
  /** Resolves when the request's first frame arrives (or never). */
  arrival(requestId: string): Promise<void>;
  /** performance.now() of the request's first frame. */
  seenAt(requestId: string): number | undefined;
  close(): void;
}

export async function openGuestSocket(boxUrl: string, token: string): Promise<GuestSocket> {
  const socket = new WebSocket(`${boxUrl.replace(/^http/, 'ws')}/ws`);
  const seen = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  socket.on('message', (raw) => {
    const at = performance.now();
    const frame = JSON.parse(raw.toString()) as { type: string; data?: { id?: string } };
    if (frame.type === 'guest.request' && frame.data?.id && !seen.has(frame.data.id)) { seen.set(frame.data.id, at); waiting.get(frame.data.id)?.(); }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'hello', token, topics: ['orders'] })));
    socket.on('message', function welcome(raw) { if (JSON.parse(raw.toString()).type === 'welcome') { socket.off('message', welcome); resolve(); } });
  });
  return {
    arrival: (id) => new Promise<void>((resolve) => { if (seen.has(id)) resolve(); else waiting.set(id, resolve); }),
    seenAt: (id) => seen.get(id),
    close: () => socket.close(),
  };
}
