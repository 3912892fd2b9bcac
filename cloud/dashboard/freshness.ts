/** "synced 10:42" per location, in the location's own time zone, and whether that is worryingly old. */
import type { FreshnessRow } from '../reports/types.js';

/** Older than this, the strip turns amber: a box that has not synced for an hour during service is worth a look. */
export const STALE_AFTER_MS = 60 * 60 * 1000;

export function freshnessLabel(row: FreshnessRow, now: number): { text: string; stale: boolean } {
  if (!row.lastSyncAt) return { text: 'never synced', stale: true };
  const at = Date.parse(row.lastSyncAt);
  const zone = row.timeZone ?? 'UTC';
  const sameDay = now - at < 20 * 60 * 60 * 1000;
  const text = new Intl.DateTimeFormat('en-GB', sameDay
    ? { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { timeZone: zone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(at));
  return { text: `synced ${text}`, stale: now - at > STALE_AFTER_MS };
}
