/**
 * Applies messages from the cloud: each message's writes, its outcome and the cursor move in ONE
 * SQLite transaction (a command of the box's commit queue, serialized with every other write), so
 * a crash leaves either all of it or none of it, and a replay skips what the cursor already passed.
 *
 * Messages are applied strictly in seq order: a duplicate (seq ≤ cursor) is skipped, a message
 * past a hole (seq > cursor + 1) is not applied — the puller asks again from the cursor.
 */
import { z } from 'zod';
import { runCommand, SYSTEM_ACTOR, type CommandContext, type CommandDeps } from '../db/command.js';
import { AppError } from '../errors.js';
import type { DomainEvent } from '../events/bus.js';
import type { ChannelMessage } from '../../sync/channel-protocol.js';
import type { HandlerRegistry } from './handlers.js';
import { REFUSAL_CODES, Refusal } from './refusal.js';

export interface Outcome { seq: number; outcome: 'applied' | 'refused' | 'skipped'; code?: string; message?: string }

/** Why a message was refused, or null when the error is not the message's fault (retry it). */
function refusalOf(error: unknown): { code: string; message: string } | null {
  if (error instanceof Refusal) return { code: error.code, message: error.message };
  if (error instanceof AppError) {
    const details = error.details === undefined ? '' : ` ${JSON.stringify(error.details).slice(0, 600)}`;
    return { code: error.code, message: `${error.message}${details}` };
  }
  if (error instanceof z.ZodError) {
    return { code: REFUSAL_CODES.MESSAGE_INVALID, message: error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ') };
  }
  return null;
}

/**
 * Runs the message's handler in a savepoint. Its events reach the screens only if it is applied;
 * a refusal rolls its writes back. Any other error propagates (the whole command rolls back and
 * the puller retries) unless `forceRefuse` says this message already failed too often.
 */
function runHandler(ctx: CommandContext, handlers: HandlerRegistry, m: ChannelMessage, forceRefuse?: { code: string; message: string }) {
  if (forceRefuse) return { outcome: 'refused' as const, ...forceRefuse };
  const versions = handlers.get(m.kind);
  const handler = versions?.get(m.schemaVersion);
  if (!versions) return { outcome: 'refused' as const, code: REFUSAL_CODES.MESSAGE_KIND_UNKNOWN, message: `This box does not know messages of kind "${m.kind}"; update the box.` };
  if (!handler) {
    return { outcome: 'refused' as const, code: REFUSAL_CODES.MESSAGE_VERSION_UNSUPPORTED,
      message: `This box applies "${m.kind}" in version(s) ${[...versions.keys()].join(', ')}, not ${m.schemaVersion}.` };
  }
  const client = ctx.tx.$client;
  const events: DomainEvent[] = [];
  client.exec('SAVEPOINT channel_message');
  try {
    handler({ ...ctx, emit: (e) => { events.push(e); } }, m.payload, m);
    client.exec('RELEASE channel_message');
  } catch (error) {
    client.exec('ROLLBACK TO channel_message');
    client.exec('RELEASE channel_message');
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return { outcome: 'refused' as const, ...refusal };
  }
  for (const e of events) ctx.emit(e);
  return { outcome: 'applied' as const };
}

function record(ctx: CommandContext, m: ChannelMessage, r: { outcome: 'applied' | 'refused'; code?: string; message?: string }): void {
  ctx.tx.$client.prepare(`insert or replace into channel_inbox (seq, message_id, kind, schema_version, outcome, code, message, at, acked_at)
    values (?, ?, ?, ?, ?, ?, ?, ?, null)`).run(m.seq, m.id, m.kind, m.schemaVersion, r.outcome, r.code ?? null, r.message?.slice(0, 1000) ?? null, ctx.now);
}

const cursorOf = (ctx: CommandContext): number =>
  (ctx.tx.$client.prepare('select cursor from channel_state where id = 1').get() as { cursor: number }).cursor;

function advance(ctx: CommandContext, m: ChannelMessage, cursor: number): void {
  ctx.tx.$client.prepare('update channel_state set cursor = ?, last_applied_at = ?, last_message_created_at = ?, updated_at = ? where id = 1')
    .run(cursor, ctx.now, m.createdAt, ctx.now);
}

/**
 * Applies `messages` (sorted by seq) in one transaction, each in its own savepoint, stopping at
 * the first hole. Returns each message's outcome.
 */
export function applyMessages(deps: CommandDeps, handlers: HandlerRegistry, messages: readonly ChannelMessage[],
  forceRefuse?: { code: string; message: string }): Promise<Outcome[]> {
  return runCommand(deps, SYSTEM_ACTOR, (ctx) => {
    const out: Outcome[] = [];
    let cursor = cursorOf(ctx);
    for (const m of messages) {
      if (m.seq <= cursor) { out.push({ seq: m.seq, outcome: 'skipped' }); continue; }
      if (m.seq !== cursor + 1) break;
      const r = runHandler(ctx, handlers, m, forceRefuse);
      record(ctx, m, r);
      cursor = m.seq;
      advance(ctx, m, cursor);
      out.push({ seq: m.seq, ...r });
    }
    return out;
  });
}

/**
 * A resync: the cursor was older than the cloud keeps (or ahead of its log). Applies the current
 * state the cloud sent and moves the cursor to `head`, in one transaction.
 */
export function applyResync(deps: CommandDeps, handlers: HandlerRegistry, state: readonly ChannelMessage[], head: number): Promise<Outcome[]> {
  return runCommand(deps, SYSTEM_ACTOR, (ctx) => {
    const out: Outcome[] = [];
    for (const m of state) {
      const r = runHandler(ctx, handlers, m);
      record(ctx, m, r);
      out.push({ seq: m.seq, ...r });
    }
    ctx.tx.$client.prepare('update channel_state set cursor = ?, resyncs = resyncs + 1, last_resync_at = ?, updated_at = ? where id = 1')
      .run(head, ctx.now, ctx.now);
    ctx.audit({ action: 'channel.resync', details: { head, state: state.map((m) => ({ seq: m.seq, kind: m.kind })) } });
    return out;
  });
}
