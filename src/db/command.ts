import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import type * as schema from './schema.js';
import { auditLog } from './schema.js';
import type { Db } from './open.js';
import type { Clock, IdGenerator } from '../lib/clock.js';
import type { DomainEvent, EventBus } from '../events/bus.js';
import type { Principal } from '../auth/permissions.js';
import { DiskFullAlarm, isDiskFull } from './disk-full.js';

/** A database handle or an open transaction: reads work on either. */
export type DbLike = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

/** Version of the row images in the change log; the cloud accepts this one and the previous (architecture §6). */
export const CHANGE_SCHEMA_VERSION = 1;

/** Who is acting: a signed-in staff member on a paired device (or the system, for set-up and jobs). */
export interface Actor {
  staffId: string | null;
  role: Principal;
  deviceId: string | null;
}

export const SYSTEM_ACTOR: Actor = { staffId: null, role: 'system', deviceId: null };

export interface AuditEntry {
  action: string;
  entity?: string;
  entityId?: string;
  reason?: string | null;
  approvedBy?: string | null;
  details?: Record<string, unknown>;
}

/** What a command's body gets: the transaction, the time, ids, and writers for audit, change log and events. */
export interface CommandContext {
  /** The connection, inside the command's transaction (a SAVEPOINT of the group commit). */
  readonly tx: Db;
  readonly now: number;
  readonly txId: string;
  readonly actor: Actor;
  newId(): string;
  /** Queue a row image for the cloud. `row` must carry `id` (or pass entityId) and `version` for mutable rows. */
  change(entity: string, row: Record<string, unknown>, options?: { op?: 'upsert' | 'insert' | 'delete'; entityId?: string }): void;
  audit(entry: AuditEntry): void;
  emit(event: DomainEvent): void;
}

export interface CommandDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  bus: EventBus;
}

interface PendingCommand {
  actor: Actor;
  body: (ctx: CommandContext) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: commands that arrive while the event loop is busy are written in one
 * `BEGIN IMMEDIATE` transaction, each inside its own SAVEPOINT, and made durable by one COMMIT
 * (one fsync) — so a burst of orders costs one disk flush instead of one each. A command that
 * throws is rolled back to its savepoint alone; the others still commit. Every caller is answered
 * only after the COMMIT, so an acknowledged write is on disk (architecture §1.2).
 */
class CommitQueue {
  private pending: PendingCommand[] = [];
  private scheduled = false;
  private readonly diskFull: DiskFullAlarm;

  constructor(private readonly deps: CommandDeps) {
    this.diskFull = new DiskFullAlarm(deps.bus, () => deps.clock.now());
  }

  enqueue<T>(actor: Actor, body: (ctx: CommandContext) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ actor, body, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // setImmediate runs after the current batch of I/O callbacks: every request parsed in
        // this turn of the loop joins the same transaction.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    const client = this.deps.db.$client;
    let outcomes: Outcome[];
    try {
      client.exec('BEGIN IMMEDIATE');
      outcomes = this.runBatch(batch);
      client.exec('COMMIT');
    } catch (error) {
      // BEGIN or COMMIT failed (disk full, database locked too long…), or rolling back a
      // savepoint did: nothing of this batch is durable, so nobody is told it succeeded.
      if (client.inTransaction) client.exec('ROLLBACK');
      if (isDiskFull(error)) this.diskFull.raise();
      for (const command of batch) command.reject(error);
      return;
    }
    if (outcomes.some((outcome) => !outcome.ok && isDiskFull(outcome.error))) this.diskFull.raise();
    else this.diskFull.clear();
    // The whole batch's events in one publish, in command order: the screens (urgent listeners)
    // get every frame on the wire before any other listener's post-commit work runs.
    this.deps.bus.publish(outcomes.flatMap((outcome) => (outcome.ok ? outcome.events : [])));
    batch.forEach((command, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) command.resolve(outcome.value);
      else command.reject(outcome.error);
    });
  }

  /** Runs each command in its own savepoint; a lone command needs none (the transaction is its own). */
  private runBatch(batch: readonly PendingCommand[]): Outcome[] {
    const client = this.deps.db.$client;
    const alone = batch.length === 1;
    return batch.map((command): Outcome => {
      if (!alone) client.exec('SAVEPOINT command');
      const events: DomainEvent[] = [];
      try {
        const value = command.body(commandContext(this.deps, command.actor, events));
        if (value instanceof Promise) throw new Error('A command body must be synchronous: it returned a promise.');
        if (!alone) client.exec('RELEASE command');
        return { ok: true, value, events };
      } catch (error) {
        if (alone) throw error;
        client.exec('ROLLBACK TO command');
        client.exec('RELEASE command');
        return { ok: false, error };
      }
    });
  }
}

type Outcome = { ok: true; value: unknown; events: DomainEvent[] } | { ok: false; error: unknown };

function commandContext(deps: CommandDeps, actor: Actor, events: DomainEvent[]): CommandContext {
  const { db, clock, ids } = deps;
  const now = clock.now();
  const txId = ids.next();
  return {
    tx: db,
    now,
    txId,
    actor,
    newId: () => ids.next(),
    change(entity, row, options = {}) {
      db.$client.prepare(INSERT_CHANGE).run(txId, entity, options.entityId ?? String(row.id), options.op ?? 'upsert', JSON.stringify(row),
        typeof row.version === 'number' ? row.version : 1, CHANGE_SCHEMA_VERSION, now);
    },
    audit(entry) {
      db.insert(auditLog).values({
        id: ids.next(),
        at: now,
        action: entry.action,
        staffId: actor.staffId,
        approvedBy: entry.approvedBy ?? null,
        deviceId: actor.deviceId,
        entity: entry.entity ?? null,
        entityId: entry.entityId ?? null,
        reason: entry.reason ?? null,
        details: entry.details ?? null,
      }).run();
    },
    emit(event) {
      events.push(event);
    },
  };
}

/** Runs for every synced row: plain SQL, compiled once by the connection's statement cache. */
const INSERT_CHANGE = 'insert into change_log (tx_id, entity, entity_id, op, row, row_version, schema_version, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)';

const queues = new WeakMap<Db, CommitQueue>();

/**
 * Runs one command atomically (architecture §5): its business rows, audit rows and change-log rows
 * commit together or not at all, inside a group commit (see CommitQueue). The body must be
 * synchronous — no await, no network. The promise settles after COMMIT; events are published on
 * the bus only then, so no screen ever sees a change that was rolled back.
 */
export function runCommand<T>(deps: CommandDeps, actor: Actor, body: (ctx: CommandContext) => T): Promise<T> {
  let queue = queues.get(deps.db);
  if (!queue) {
    queue = new CommitQueue(deps);
    queues.set(deps.db, queue);
  }
  return queue.enqueue(actor, body);
}

/**
 * Runs one command in its own transaction right now, synchronously, for the rare write that must
 * be on disk before the caller returns without awaiting (the audit row of a permission denial,
 * written before the 403 goes out). Safe because the commit queue never leaves a transaction open
 * between turns of the event loop.
 */
export function runCommandNow<T>(deps: CommandDeps, actor: Actor, body: (ctx: CommandContext) => T): T {
  const events: DomainEvent[] = [];
  const client = deps.db.$client;
  client.exec('BEGIN IMMEDIATE');
  try {
    const value = body(commandContext(deps, actor, events));
    client.exec('COMMIT');
    deps.bus.publish(events);
    return value;
  } catch (error) {
    if (client.inTransaction) client.exec('ROLLBACK');
    throw error;
  }
}
