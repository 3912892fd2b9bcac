/** A real `ws` client for realtime tests: records every frame and waits for the ones a test expects. */
import WebSocket from 'ws';
import type { Restaurant } from './box.js';

export interface Frame {
  seq?: number;
  type: string;
  data: any;
}

export interface TestSocket {
  ws: WebSocket;
  /** Every frame received, in order. */
  frames: Frame[];
  /** Resolves with the close code and reason once the socket is closed. */
  closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  /** The first frame (received so far or later) matching `predicate` that no earlier waitFor returned. */
  waitFor(predicate: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Waits until `count` domain messages (with a seq) have arrived; returns them all. */
  messages(count: number, timeoutMs?: number): Promise<Frame[]>;
  /** A ping/pong round trip: every frame sent before it has been handled by the hub. */
  sync(): Promise<void>;
  close(): void;
}

export function wsUrl(httpUrl: string, path = '/ws'): string {
  return httpUrl.replace(/^http/, 'ws') + path;
}

/** Opens a socket (no hello yet). */
export async function connect(httpUrl: string, options: WebSocket.ClientOptions = {}): Promise<TestSocket> {
  const ws = new WebSocket(wsUrl(httpUrl), options);
  const frames: Frame[] = [];
  const taken = new Set<Frame>();
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => { resolve({ code, reason: reason.toString() }); for (const wake of waiters) wake(); });
  });
  ws.on('error', () => { /* surfaces as close */ });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });

  const until = <T>(check: () => T | undefined, timeoutMs: number, what: string) => new Promise<T>((resolve, reject) => {
    const attempt = () => {
      const found = check();
      if (found === undefined) return false;
      cleanup();
      resolve(found);
      return true;
    };
    const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(frames).slice(0, 500)}`)); }, timeoutMs);
    const wake = () => { attempt(); };
    const cleanup = () => { clearTimeout(timer); waiters.delete(wake); };
    waiters.add(wake);
    attempt();
  });

  const socket: TestSocket = {
    ws, frames, closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    waitFor: (predicate, timeoutMs = 3000) => until(() => {
      const found = frames.find((f) => !taken.has(f) && predicate(f));
      if (found) taken.add(found);
      return found;
    }, timeoutMs, 'a matching frame'),
    messages: (count, timeoutMs = 5000) => until(() => {
      const domain = frames.filter((f) => f.seq !== undefined);
      return domain.length >= count ? domain : undefined;
    }, timeoutMs, `${count} messages`),
    async sync() {
      const pongs = frames.filter((f) => f.type === 'pong').length;
      ws.send(JSON.stringify({ type: 'ping' }));
      await until(() => (frames.filter((f) => f.type === 'pong').length > pongs ? true : undefined), 3000, 'pong');
    },
    close: () => ws.close(),
  };
  return socket;
}

/** Connects and says hello; resolves once the welcome arrived. */
export async function hello(httpUrl: string, token: string, topics: string[], extra: Record<string, unknown> = {}): Promise<{ socket: TestSocket; welcome: Frame }> {
  const socket = await connect(httpUrl);
  socket.send({ type: 'hello', token, topics, ...extra });
  const welcome = await socket.waitFor((f) => f.type === 'welcome' || f.type === 'error');
  if (welcome.type !== 'welcome') throw new Error(`hello refused: ${JSON.stringify(welcome)}`);
  return { socket, welcome };
}

/** Pairs a device of `kind` through the API; returns its id and token. */
export async function pairDevice(r: Restaurant, kind: 'kitchen' | 'tablet' = 'kitchen'): Promise<{ deviceId: string; token: string }> {
  const code = await r.t.api('POST', '/devices/pairing-codes', { token: r.ownerToken, body: { name: `${kind} screen`, kind } });
  const paired = await r.t.api('POST', '/devices/pair', { body: { code: code.body.code } });
  if (paired.status !== 201) throw new Error(`pairing failed: ${JSON.stringify(paired.body)}`);
  return { deviceId: paired.body.deviceId, token: paired.body.token };
}

/** A ticket-shaped event for `station`, published straight on the bus (as the kitchen module would, after commit). */
export function ticketEvent(station: string, n: number) {
  return { type: 'ticket.created', data: { id: `ticket-${n}`, station, orderNumber: n, kind: 'new', lines: [] } };
}
