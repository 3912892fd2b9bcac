/**
 * What the box does with each kind of message, per schema version. A handler runs inside the
 * message's transaction (synchronous, like every command body) and either writes what the message
 * says or throws — a Refusal, an AppError or a validation error refuses the message.
 */
import type { CommandContext } from '../db/command.js';
import type { ChannelMessage } from '../../sync/channel-protocol.js';

export type MessageHandler = (ctx: CommandContext, payload: unknown, message: ChannelMessage) => void;

/** kind → schema version → handler. */
export type HandlerRegistry = ReadonlyMap<string, ReadonlyMap<number, MessageHandler>>;

export function registry(entries: Record<string, Record<number, MessageHandler>>): HandlerRegistry {
  return new Map(Object.entries(entries).map(([kind, versions]) => [kind, new Map(Object.entries(versions).map(([v, h]) => [Number(v), h]))]));
}
