/**
 * The restore catch-up as the box's sync status shows it (`down.restoreCatchup`, issue 22): after a
 * restore the box waits for the cloud to send back what it lost (`pending`), then shows what the
 * parts for its current epoch did (`applied`). Read from the box's own rows: its epoch and branch
 * point (sync_state) and the audit entries each applied part wrote (src/inbox/restore-catchup.ts).
 */
import type Database from 'better-sqlite3';
import { CATCHUP_AUDIT_ACTION } from './restore-catchup.js';

export interface RestoreCatchupStatus {
  /** The box's current epoch, which branched off an earlier point (a restore). */
  epoch: number;
  forkedFrom: { epoch: number; seq: number };
  /** `pending` until every part the cloud sent for this epoch is applied. */
  state: 'pending' | 'applied';
  parts: number | null;
  partsApplied: number;
  orders: number;
  /** Rows inserted, replaced by the cloud's newer image, already here, and kept as the box changed them. */
  inserted: number;
  replaced: number;
  present: number;
  keptBox: number;
  /** Orders set aside: their rows point at something this box lacks. */
  unresolved: Array<{ orderId: string | null; reason: string }>;
  appliedAt: number | null;
}

interface PartDetails { epoch: number; part: number; parts: number; orders: number; inserted: number; replaced: number; present: number; keptBox: number; unresolved?: RestoreCatchupStatus['unresolved'] }

/** Null when the box's current epoch did not branch off (it was never restored). */
export function restoreCatchupStatus(client: Database.Database): RestoreCatchupStatus | null {
  const s = client.prepare('select epoch, fork_epoch as forkEpoch, fork_seq as forkSeq from sync_state where id = 1').get() as
    { epoch: number; forkEpoch: number | null; forkSeq: number | null } | undefined;
  if (!s || s.forkEpoch === null || s.forkSeq === null) return null;
  const rows = client.prepare(`select at, details from audit_log where action = ? and json_extract(details, '$.epoch') = ? order by at`)
    .all(CATCHUP_AUDIT_ACTION, s.epoch) as Array<{ at: number; details: string }>;
  const byPart = new Map<number, { at: number; d: PartDetails }>();
  for (const r of rows) {
    const d = JSON.parse(r.details) as PartDetails;
    if (!byPart.has(d.part)) byPart.set(d.part, { at: r.at, d });
  }
  const parts = [...byPart.values()];
  const total = parts[0]?.d.parts ?? null;
  const sum = (k: 'orders' | 'inserted' | 'replaced' | 'present' | 'keptBox') => parts.reduce((n, p) => n + (p.d[k] ?? 0), 0);
  const done = total !== null && byPart.size >= total;
  return {
    epoch: s.epoch, forkedFrom: { epoch: s.forkEpoch, seq: s.forkSeq }, state: done ? 'applied' : 'pending',
    parts: total, partsApplied: byPart.size, orders: sum('orders'), inserted: sum('inserted'), replaced: sum('replaced'), present: sum('present'),
    keptBox: sum('keptBox'), unresolved: parts.flatMap((p) => p.d.unresolved ?? []),
    appliedAt: done ? Math.max(...parts.map((p) => p.at)) : null,
  };
}
