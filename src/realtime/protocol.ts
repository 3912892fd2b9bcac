/**
 * The WebSocket protocol on `/ws` (architecture §7; fixed by the issue 3 contract). Inbound frames are
 * validated here; a bad one gets an error frame and the connection stays open.
 */
import { z } from '@hono/zod-openapi';
import type { ErrorCode } from '../errors.js';

/** "kitchen:<station>" (station as menu items spell it), "kitchen" (expo), "orders", "tables", "menu", "alerts", "alerts:printers", "stock" (managers), "reservations" (the door: bookings, waitlist, estimates). */
export const Topic = z.string().regex(
  /^(kitchen(:[a-z0-9][a-z0-9_-]{0,23})?|orders|tables|menu|alerts(:printers)?|stock|reservations)$/,
  'A topic is kitchen:<station>, kitchen, orders, tables, menu, alerts, alerts:printers, stock or reservations.',
);
export type Topic = z.infer<typeof Topic>;

const Topics = z.array(Topic).max(64);

const Hello = z.object({
  type: z.literal('hello'),
  token: z.string().min(1).max(256),
  topics: Topics.default([]),
  /** The last seq the client saw before it reconnected: it gets everything after it on its topics. */
  lastSeq: z.number().int().min(0).optional(),
  /** welcome.data.epoch from the previous connection: a different one means the box restarted. */
  epoch: z.string().max(64).optional(),
}).strict();

const Subscribe = z.object({ type: z.literal('subscribe'), topics: Topics.min(1) }).strict();
const Unsubscribe = z.object({ type: z.literal('unsubscribe'), topics: Topics.min(1) }).strict();
const Ping = z.object({ type: z.literal('ping') }).strict();

export const InboundFrame = z.discriminatedUnion('type', [Hello, Subscribe, Unsubscribe, Ping]);
export type InboundFrame = z.infer<typeof InboundFrame>;
export type HelloFrame = z.infer<typeof Hello>;

const INBOUND_TYPES = ['hello', 'subscribe', 'unsubscribe', 'ping'];

/** Parses one text frame: the frame, or a message for people saying what is wrong with it. */
export function parseFrame(text: string): { ok: true; frame: InboundFrame } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'A frame must be one JSON object.' };
  }
  const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !INBOUND_TYPES.includes(type)) {
    return { ok: false, message: `Unknown frame type ${JSON.stringify(type ?? null)}; expected ${INBOUND_TYPES.join(', ')}.` };
  }
  const parsed = InboundFrame.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `Bad "${type}" frame: ${where}${issue.message}` };
}

/** Close codes the hub uses (4000–4999 is the application range). */
export const CLOSE = {
  /** No hello in time, a bad token, or the device/session was revoked. */
  unauthenticated: 4401,
  /** The client did not read fast enough; its buffer hit the bound. */
  tooSlow: 4008,
  /** The box is stopping. */
  goingAway: 1001,
} as const;

/** Server → client frames. Domain messages carry the hub's global `seq`; the others do not. */
export type OutboundFrame =
  | { type: 'welcome'; data: { seq: number; epoch: string; role: string; topics: string[] } }
  | { type: 'error'; data: { code: ErrorCode; message: string; topic?: string } }
  | { type: 'reload'; data: { reason: 'too_old' | 'restarted' } }
  | { type: 'pong'; data: { seq: number } }
  | DomainMessage;

export interface DomainMessage {
  seq: number;
  type: string;
  data: unknown;
}
