/**
 * Ingest rings, the worker answers (issue 21): after a batch that recorded webhook events commits,
 * the worker of the same database handle is woken for that organisation at once, rather than at its
 * next sweep. In-process only, like the channel's notifier; the sweep catches whatever another
 * process recorded.
 */
import type { CloudDb } from '../db.js';

type Listener = (organisationId: string) => void;

const listeners = new WeakMap<CloudDb, Set<Listener>>();

export function onWebhookWake(db: CloudDb, listener: Listener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, set = new Set());
  set.add(listener);
  return () => { set!.delete(listener); };
}

export function wakeWebhookWorker(db: CloudDb, organisationId: string): void {
  for (const listener of listeners.get(db) ?? []) listener(organisationId);
}
