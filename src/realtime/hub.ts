/**
 * The realtime hub (architecture §7): one WebSocket endpoint on the HTTP port. Domain events from the bus
 * get one global seq, are serialized once, kept in a bounded resume buffer and sent to every socket
 * listening on one of their topics. The only module that imports `ws`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Actor } from '../db/command.js';
import type { DomainEvent, EventBus } from '../events/bus.js';
import { CLOSE, parseFrame, type HelloFrame, type OutboundFrame } from './protocol.js';
import { MessageRing } from './ring.js';
import { mayListen, topicsForEvent } from './topics.js';

export interface HubSettings {
  path: string;
  /** How often sockets are pinged and their token re-checked; a socket that missed 2 pongs is dropped. */
  heartbeatMs: number;
  /** A socket must say hello within this time. */
  helloTimeoutMs: number;
  /** Messages kept for resume. */
  bufferMessages: number;
  /** Payload bytes kept for resume (the oldest messages fall out first): four times what one replay may send. */
  bufferBytes: number;
  /** A socket with more than this many bytes waiting to be sent is too slow and is closed. */
  maxBufferedBytes: number;
  /** After closing a socket, how long it gets to finish the close handshake before it is cut. */
  closeGraceMs: number;
}

export const DEFAULT_HUB_SETTINGS: HubSettings = {
  path: '/ws', heartbeatMs: 10_000, helloTimeoutMs: 5_000, bufferMessages: 10_000, bufferBytes: 4 * 1024 * 1024, maxBufferedBytes: 1024 * 1024, closeGraceMs: 1_000,
};

/**
 * The frame's bytes in a buffer of their own. Buffer.from() puts short strings in slices of a shared
 * 8 kB pool, and one buffered slice keeps its whole slab alive long after the other frames in it
 * were sent and dropped.
 */
function ownBuffer(text: string): Buffer {
  const buffer = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  buffer.write(text);
  return buffer;
}

/** More topics than any screen needs (stations are few); keeps one socket's state small. */
const MAX_TOPICS = 64;

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface HubOptions extends Partial<HubSettings> {
  /** The box's HTTP server: the hub takes its `upgrade` requests. */
  server: { on(event: 'upgrade', listener: UpgradeListener): unknown; off(event: 'upgrade', listener: UpgradeListener): unknown };
  auth: { authenticate(token: string): Actor | null };
  bus: EventBus;
  logger?: Logger;
}

interface Client {
  socket: WebSocket;
  token: string | null;
  actor: Actor | null;
  topics: Set<string>;
  /** Receives live messages (set once the hello, and any replay, went out). */
  live: boolean;
  closing: boolean;
  missedPongs: number;
  helloTimer: NodeJS.Timeout | null;
}

export interface HubStats {
  epoch: string;
  seq: number;
  clients: number;
  buffered: number;
}

/** Attaches the hub to `server` and starts listening to the bus. Call close() before closing the server. */
export class RealtimeHub {
  /** Changes on every start, so a client that was connected to an earlier run knows to reload. */
  readonly epoch = randomUUID();
  private seq = 0;
  private closed = false;
  private readonly settings: HubSettings;
  private readonly clients = new Set<Client>();
  private readonly ring: MessageRing;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly options: HubOptions) {
    const given = Object.fromEntries(Object.entries(options).filter(([k, v]) => k in DEFAULT_HUB_SETTINGS && v !== undefined));
    this.settings = { ...DEFAULT_HUB_SETTINGS, ...given };
    this.ring = new MessageRing(this.settings.bufferMessages, this.settings.bufferBytes);
    options.server.on('upgrade', this.onUpgrade);
    // Urgent: screens get a committed batch's frames before the box's other post-commit work.
    this.unsubscribe = options.bus.subscribe(this.onEvent, { urgent: true });
    this.heartbeat = setInterval(this.tick, this.settings.heartbeatMs);
    this.heartbeat.unref();
  }

  stats(): HubStats {
    return { epoch: this.epoch, seq: this.seq, clients: this.clients.size, buffered: this.ring.size };
  }

  /** Stops taking events and connections, says goodbye to every socket and cuts those that linger. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    this.options.server.off('upgrade', this.onUpgrade);
    const gone = [...this.clients].map((client) => new Promise<void>((resolve) => {
      if (client.socket.readyState === WebSocket.CLOSED) return resolve();
      client.socket.once('close', () => resolve());
      this.closeClient(client, CLOSE.goingAway, 'box stopping');
    }));
    await Promise.all(gone);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private readonly onUpgrade: UpgradeListener = (req, socket, head) => {
    socket.on('error', () => { /* the peer went away mid-handshake: nothing to do */ });
    const path = (req.url ?? '').split('?')[0];
    if (path !== this.settings.path || this.closed) {
      const status = this.closed ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  };

  private onConnection(socket: WebSocket): void {
    // A handshake that finished while the hub was closing would keep the server's close waiting.
    if (this.closed) return socket.terminate();
    const client: Client = { socket, token: null, actor: null, topics: new Set(), live: false, closing: false, missedPongs: 0, helloTimer: null };
    client.helloTimer = setTimeout(() => this.reject(client, `Say hello with a token within ${this.settings.helloTimeoutMs} ms.`), this.settings.helloTimeoutMs);
    this.clients.add(client);
    socket.on('message', (data, isBinary) => this.onFrame(client, data, isBinary));
    socket.on('pong', () => { client.missedPongs = 0; });
    socket.on('error', (err) => this.options.logger?.debug({ err: err.message }, 'websocket error'));
    socket.on('close', () => {
      if (client.helloTimer) clearTimeout(client.helloTimer);
      this.clients.delete(client);
    });
  }

  private onFrame(client: Client, data: RawData, isBinary: boolean): void {
    if (client.closing) return;
    if (isBinary) return this.error(client, 'BAD_FRAME', 'Frames are JSON text, not binary.');
    const parsed = parseFrame(data.toString());
    if (!parsed.ok) return this.error(client, 'BAD_FRAME', parsed.message);
    const frame = parsed.frame;
    if (frame.type === 'ping') return this.sendFrame(client, { type: 'pong', data: { seq: this.seq } });
    if (frame.type === 'hello') {
      if (client.actor) return this.error(client, 'BAD_FRAME', 'This connection already said hello; reconnect to change the token.');
      return this.hello(client, frame);
    }
    if (!client.actor) return this.error(client, 'UNAUTHENTICATED', 'Say hello with a token first.');
    if (frame.type === 'subscribe') this.subscribe(client, frame.topics);
    else for (const topic of frame.topics) client.topics.delete(topic);
  }

  private hello(client: Client, frame: HelloFrame): void {
    const actor = this.authenticate(frame.token);
    if (!actor) return this.reject(client, 'Unknown, expired or revoked token.');
    if (client.helloTimer) clearTimeout(client.helloTimer);
    client.helloTimer = null;
    client.actor = actor;
    client.token = frame.token;
    const forbidden = frame.topics.filter((topic) => !mayListen(actor.role, topic));
    for (const topic of frame.topics) if (mayListen(actor.role, topic)) client.topics.add(topic);
    this.sendFrame(client, { type: 'welcome', data: { seq: this.seq, epoch: this.epoch, role: actor.role, topics: [...client.topics] } });
    for (const topic of forbidden) this.forbidden(client, actor, topic);
    // Welcome, replay and going live happen in one synchronous turn: no live message can slip in between.
    if (frame.lastSeq !== undefined || frame.epoch !== undefined) this.resume(client, frame.lastSeq, frame.epoch);
    client.live = true;
  }

  private subscribe(client: Client, topics: readonly string[]): void {
    const actor = client.actor!;
    for (const topic of topics) {
      if (!mayListen(actor.role, topic)) this.forbidden(client, actor, topic);
      // Bounded like everything else a client can make the box hold.
      else if (client.topics.size >= MAX_TOPICS && !client.topics.has(topic)) return this.error(client, 'BAD_FRAME', `At most ${MAX_TOPICS} topics per connection.`);
      else client.topics.add(topic);
    }
  }

  /** Sends what the client missed on its topics, or tells it to reload when that is no longer possible. */
  private resume(client: Client, lastSeq: number | undefined, epoch: string | undefined): void {
    // A seq ahead of ours, or another epoch, comes from an earlier run of the box.
    if ((epoch !== undefined && epoch !== this.epoch) || (lastSeq !== undefined && lastSeq > this.seq)) {
      return this.sendFrame(client, { type: 'reload', data: { reason: 'restarted' } });
    }
    if (lastSeq === undefined) return;
    const missed = this.ring.since(lastSeq, this.seq)?.filter((m) => m.topics.some((t) => client.topics.has(t)));
    // A replay larger than the slow-client bound would only get the socket cut and retried forever.
    const bytes = missed?.reduce((sum, m) => sum + m.payload.length, 0) ?? 0;
    if (!missed || bytes > this.settings.maxBufferedBytes) {
      return this.sendFrame(client, { type: 'reload', data: { reason: 'too_old' } });
    }
    for (const message of missed) this.send(client, message.payload);
  }

  /** A bus listener must never throw: it runs inside the publisher, right after its commit. */
  private readonly onEvent = (event: DomainEvent): void => {
    try {
      const topics = topicsForEvent(event);
      if (topics.length === 0 || this.closed) return;
      const seq = this.seq + 1;
      const payload = ownBuffer(JSON.stringify({ seq, type: event.type, data: event.data }));
      this.seq = seq;
      this.ring.push({ seq, topics, payload });
      for (const client of this.clients) {
        if (client.live && topics.some((t) => client.topics.has(t))) this.send(client, payload);
      }
    } catch (err) {
      this.options.logger?.error({ err, type: event.type }, 'realtime hub could not fan out an event');
    }
  };

  /** Every heartbeat: drop peers that missed two pings, cut off revoked devices and sessions, ping. */
  private readonly tick = (): void => {
    for (const client of this.clients) {
      if (client.closing) continue;
      if (client.missedPongs >= 2) {
        this.options.logger?.info({ role: client.actor?.role }, 'websocket peer stopped answering pings; dropped');
        client.closing = true;
        client.socket.terminate();
        continue;
      }
      if (client.token) {
        const actor = this.authenticate(client.token);
        if (!actor) { this.reject(client, 'This device or session was revoked or has expired.'); continue; }
        if (actor.role !== client.actor!.role) {
          // A role changed under a live socket: keep only what the new role may see.
          for (const topic of client.topics) if (!mayListen(actor.role, topic)) client.topics.delete(topic);
        }
        client.actor = actor;
      }
      client.missedPongs += 1;
      client.socket.ping();
    }
  };

  private authenticate(token: string): Actor | null {
    try {
      return this.options.auth.authenticate(token);
    } catch (err) {
      this.options.logger?.error({ err }, 'realtime hub could not check a token');
      return null;
    }
  }

  private send(client: Client, payload: Buffer | string): void {
    if (client.closing || client.socket.readyState !== WebSocket.OPEN) return;
    client.socket.send(payload, { binary: false });
    if (client.socket.bufferedAmount > this.settings.maxBufferedBytes) {
      this.options.logger?.warn({ role: client.actor?.role, bufferedBytes: client.socket.bufferedAmount }, 'websocket client too slow; disconnected');
      this.closeClient(client, CLOSE.tooSlow, 'too slow');
    }
  }

  private sendFrame(client: Client, frame: OutboundFrame): void {
    this.send(client, JSON.stringify(frame));
  }

  private error(client: Client, code: 'BAD_FRAME' | 'UNAUTHENTICATED' | 'FORBIDDEN', message: string, topic?: string): void {
    this.sendFrame(client, { type: 'error', data: topic === undefined ? { code, message } : { code, message, topic } });
  }

  private forbidden(client: Client, actor: Actor, topic: string): void {
    this.error(client, 'FORBIDDEN', `A ${actor.role} may not listen to "${topic}".`, topic);
  }

  private reject(client: Client, message: string): void {
    this.error(client, 'UNAUTHENTICATED', message);
    this.closeClient(client, CLOSE.unauthenticated, 'unauthenticated');
  }

  /** Starts the close handshake; a peer that does not finish it in time (or cannot read) is cut. */
  private closeClient(client: Client, code: number, reason: string): void {
    if (client.helloTimer) clearTimeout(client.helloTimer);
    if (client.closing) return;
    client.closing = true;
    client.socket.close(code, reason);
    setTimeout(() => client.socket.terminate(), this.settings.closeGraceMs).unref();
  }
}
