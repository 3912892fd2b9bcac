/**
 * The box's single puller (issue 17): long-polls the cloud for messages after its cursor, applies
 * them (apply.ts), then acknowledges the outcomes in batches. The box dials out, so it works
 * behind the restaurant's router; a long-poll is plain HTTPS and passes any proxy.
 *
 * Acks are sent after the apply committed: a crash between the two leaves outcomes unacked in
 * channel_inbox, and they are sent on the next cycle (the cloud takes them idempotently). A
 * failed request backs off exponentially with jitter, like the push.
 */
import fs from 'node:fs';
import type { Logger } from 'pino';
import type { CommandDeps } from '../db/command.js';
import { ACK_PATH, MAX_ACKS, MESSAGES_PATH, messagesAnswer, type ChannelMessage, type MessagesAnswer } from '../../sync/channel-protocol.js';
import { BOX_ID_HEADER } from '../../sync/protocol.js';
import type { HandlerRegistry } from './handlers.js';
import { applyMessages, applyResync } from './apply.js';
import { REFUSAL_CODES } from './refusal.js';
import type { InboxStore } from './store.js';

/** Where to pull from, and who this box is (the cloud binds the credential to one box: architecture §6). */
export interface PullTarget { cloudUrl: string; credential: string; boxId: string }

export interface PullSettings {
  /** How long the cloud holds a poll open when there is nothing new. */
  waitSeconds: number;
  /** Idle re-check when sync is not configured, and the first backoff step. */
  intervalMs: number;
  backoffMaxMs: number;
  /** Messages applied per transaction. */
  applyBatch: number;
}

/** A message whose apply fails this many times in a row (not a refusal: a defect) is refused, so the channel moves on. */
const MAX_APPLY_ATTEMPTS = 5;

/**
 * Test hook (fault tests only): CHANNEL_TEST_PAUSE_AT=after-apply makes the puller write
 * CHANNEL_TEST_PAUSE_FILE once messages are applied and stop before acknowledging them, so a test
 * can SIGKILL the box between apply and ack.
 */
async function pauseAfterApply(): Promise<void> {
  const file = process.env.CHANNEL_TEST_PAUSE_FILE;
  if (process.env.CHANNEL_TEST_PAUSE_AT !== 'after-apply' || !file) return;
  fs.writeFileSync(file, 'after-apply');
  await new Promise<void>(() => {});
}

export interface PullerDeps {
  command: CommandDeps;
  store: InboxStore;
  handlers: HandlerRegistry;
  settings: PullSettings;
  logger: Logger;
  target(): PullTarget | null;
}

export class Puller {
  private running: Promise<void> | null = null;
  private stopped = true;
  private abort: AbortController | null = null;
  private failures = 0;
  private failing: { seq: number; count: number } | null = null;

  constructor(private readonly deps: PullerDeps) {}

  get consecutiveFailures(): number { return this.failures; }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    const { settings, logger, store } = this.deps;
    while (!this.stopped) {
      const target = this.deps.target();
      if (!target) { await this.sleep(settings.intervalMs); continue; }
      try {
        await this.cycle(target, settings.waitSeconds);
        this.failures = 0;
      } catch (error) {
        if (this.stopped) break;
        this.failures++;
        const message = error instanceof Error ? error.message : String(error);
        store.recordError(message, this.deps.command.clock.now());
        const base = Math.min(settings.backoffMaxMs, settings.intervalMs * 2 ** Math.min(this.failures, 20));
        const next = Math.round(base / 2 + Math.random() * base / 2);
        logger.warn({ err: message, failures: this.failures, retryInMs: next }, 'channel pull failed');
        await this.sleep(next);
      }
    }
  }

  private async cycle(target: PullTarget, waitSeconds: number): Promise<MessagesAnswer> {
    const { store, command } = this.deps;
    await this.sendAcks(target);
    const cursor = store.state().cursor;
    const answer = await this.poll(target, cursor, waitSeconds);
    store.recordPoll(answer.head, command.clock.now());
    if (answer.resync) {
      this.deps.logger.warn({ cursor, head: answer.head, state: answer.messages.length }, 'channel: resync from the cloud\'s current state');
      await applyResync(command, this.deps.handlers, answer.messages, answer.head);
    } else if (answer.messages.length > 0) {
      await this.apply([...answer.messages].sort((a, b) => a.seq - b.seq));
    }
    if (answer.resync || answer.messages.length > 0) await pauseAfterApply();
    await this.sendAcks(target);
    return answer;
  }

  /** Applies in batches; a batch that fails unexpectedly is retried message by message, and one message failing too often is refused. */
  private async apply(messages: ChannelMessage[]): Promise<void> {
    const { command, handlers, settings } = this.deps;
    for (let i = 0; i < messages.length; i += settings.applyBatch) {
      const batch = messages.slice(i, i + settings.applyBatch);
      try {
        await applyMessages(command, handlers, batch);
      } catch {
        for (const m of batch) await this.applyAlone(m);
      }
    }
  }

  private async applyAlone(m: ChannelMessage): Promise<void> {
    try {
      await applyMessages(this.deps.command, this.deps.handlers, [m]);
      this.failing = null;
    } catch (error) {
      const count = this.failing?.seq === m.seq ? this.failing.count + 1 : 1;
      this.failing = { seq: m.seq, count };
      this.deps.logger.error({ err: error, seq: m.seq, kind: m.kind, attempt: count }, 'channel: applying a message failed');
      if (count < MAX_APPLY_ATTEMPTS) throw error;
      await applyMessages(this.deps.command, this.deps.handlers, [m],
        { code: REFUSAL_CODES.APPLY_FAILED, message: `Applying failed ${count} times: ${(error as Error).message}`.slice(0, 1000) });
      this.failing = null;
    }
  }

  private async sendAcks(target: PullTarget): Promise<void> {
    const { store, command } = this.deps;
    for (;;) {
      const rows = store.unacked(MAX_ACKS);
      if (rows.length === 0) return;
      const acks = rows.map((r) => ({ seq: r.seq, status: r.outcome, at: r.at, code: r.code, message: r.message }));
      await this.request(target, ACK_PATH, { method: 'POST', body: JSON.stringify({ acks }), timeoutMs: 30_000 });
      store.markAcked(rows.map((r) => r.seq), command.clock.now());
      if (rows.length < MAX_ACKS) return;
    }
  }

  private async poll(target: PullTarget, after: number, waitSeconds: number): Promise<MessagesAnswer> {
    const json = await this.request(target, `${MESSAGES_PATH}?after=${after}&wait=${waitSeconds}`, { method: 'GET', timeoutMs: (waitSeconds + 15) * 1000 });
    return messagesAnswer.parse(json);
  }

  private async request(target: PullTarget, path: string, init: { method: 'GET' | 'POST'; body?: string; timeoutMs: number }): Promise<unknown> {
    this.abort = new AbortController();
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(init.timeoutMs)]);
    const headers: Record<string, string> = { authorization: `Bearer ${target.credential}`, [BOX_ID_HEADER]: target.boxId };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await fetch(target.cloudUrl.replace(/\/$/, '') + path, { method: init.method, headers, body: init.body, signal });
      text = await res.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(`cloud unreachable (${(error as Error).name === 'TimeoutError' ? `no answer in ${init.timeoutMs} ms` : cause ?? (error as Error).message})`);
    }
    let json: unknown = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* reported below */ }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
      throw new Error(`cloud answered ${res.status} ${err?.code ?? ''}: ${err?.message ?? text.slice(0, 200)}`);
    }
    if (json === null) throw new Error(`cloud answered ${res.status} with a body that is not JSON (cut mid-response?)`);
    return json;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) { resolve(); return; }
      const timer = setTimeout(resolve, ms);
      this.abort = new AbortController();
      this.abort.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); });
    });
  }
}
