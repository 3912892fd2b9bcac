/**
 * Queueing a message (issue 20): inside the caller's transaction, so what it reports (a booking, an
 * account) and the message commit together or not at all. The worker sends it after the commit; call
 * `wakeNotificationWorker(db)` once the transaction is over to have it go at once rather than at the
 * next sweep.
 */
import { AppError } from '../../src/errors.js';
import { uuidv7 } from '../../src/lib/uuid-v7.js';
import type { CloudDb, Queryable } from '../db.js';

export interface Notification {
  /** What it is, e.g. `booking.confirmed`, `account.verify` (lowercase, dots). */
  kind: string;
  /** An email address. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  organisationId?: string | null;
  /** The same key queued twice is one message (a retried request, a reminder sweep run twice). */
  dedupeKey?: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/;
const KIND = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Returns the message's id (the existing one when `dedupeKey` was queued before). */
export async function queueNotification(q: Queryable, n: Notification): Promise<string> {
  if (!EMAIL.test(n.to)) throw new AppError('VALIDATION_FAILED', `"${n.to.slice(0, 80)}" is not an email address a message can be sent to.`);
  if (!KIND.test(n.kind)) throw new Error(`notification kind "${n.kind}" must be lowercase words joined by dots`);
  const id = uuidv7();
  const { rows } = await q.query<{ id: string }>(
    `INSERT INTO notifications (id, organisation_id, kind, recipient, subject, body_text, body_html, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [id, n.organisationId ?? null, n.kind, n.to, n.subject.slice(0, 200), n.text, n.html ?? null, n.dedupeKey ?? null]);
  if (rows[0]) return rows[0].id;
  const existing = await q.query<{ id: string }>('SELECT id FROM notifications WHERE dedupe_key = $1', [n.dedupeKey]);
  return existing.rows[0]!.id;
}

type Listener = () => void;
const listeners = new WeakMap<CloudDb, Set<Listener>>();

export function onNotificationQueued(db: CloudDb, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, set = new Set());
  set.add(listener);
  return () => { set!.delete(listener); };
}

/** In-process only; the worker's sweep catches what another process queued. */
export function wakeNotificationWorker(db: CloudDb): void {
  for (const listener of listeners.get(db) ?? []) listener();
}
