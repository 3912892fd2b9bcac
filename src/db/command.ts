import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import type * as schema from './schema.js';
import { auditLog, changeLog } from './schema.js';
import type { Db } from './open.js';
import type { Clock, IdGenerator } from '../lib/clock.js';
import type { DomainEvent, EventBus } from '../events/bus.js';
import type { Principal } from '../auth/permissions.js';

/** A database handle or an open transaction: reads work on either. */
export type DbLike = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

/** Version of the row images in the change log; the cloud accepts this one and the previous (DESIGN §6). */
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
  readonly tx: DbLike;
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

/**
 * Runs one command as one `BEGIN IMMEDIATE` transaction (DESIGN §5): business rows, audit rows and
 * change-log rows commit together or not at all. The body must be synchronous — no await, no
 * network. Events are published on the bus only after COMMIT, so no screen ever sees a change
 * that was rolled back.
 */
export function runCommand<T>(deps: CommandDeps, actor: Actor, body: (ctx: CommandContext) => T): T {
  const events: DomainEvent[] = [];
  const result = deps.db.transaction((tx) => {
    const now = deps.clock.now();
    const txId = deps.ids.next();
    const ctx: CommandContext = {
      tx,
      now,
      txId,
      actor,
      newId: () => deps.ids.next(),
      change(entity, row, options = {}) {
        const entityId = options.entityId ?? String(row.id);
        tx.insert(changeLog).values({
          txId,
          entity,
          entityId,
          op: options.op ?? 'upsert',
          row: JSON.stringify(row),
          rowVersion: typeof row.version === 'number' ? row.version : 1,
          schemaVersion: CHANGE_SCHEMA_VERSION,
          createdAt: now,
        }).run();
      },
      audit(entry) {
        tx.insert(auditLog).values({
          id: deps.ids.next(),
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
    return body(ctx);
  }, { behavior: 'immediate' });
  deps.bus.publish(events);
  return result;
}
