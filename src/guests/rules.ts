/**
 * Guest ordering rules, pure (architecture §3: rules.ts has no I/O): when a table may order, what a
 * guest sees of their request, and the default settings.
 */
import type { OrderingWindow } from '../db/schema-guests.js';

export interface GuestSettingsValues {
  enabled: boolean;
  disabledAreaIds: string[];
  windows: OrderingWindow[];
  seatedOnly: boolean;
  maxOrderTotal: number | null;
  maxOrdersPer10Min: number;
  autoAccept: boolean;
  alertAfterMinutes: number;
  guestBaseUrl: string | null;
}

/**
 * What a box starts with: ordering on, only at seated tables, held for a waiter, 150.00 at most
 * per order, 3 orders per table per 10 minutes, an alert after 3 minutes unanswered.
 */
export const DEFAULT_GUEST_SETTINGS: GuestSettingsValues = {
  enabled: true, disabledAreaIds: [], windows: [], seatedOnly: true, maxOrderTotal: 15_000,
  maxOrdersPer10Min: 3, autoAccept: false, alertAfterMinutes: 3, guestBaseUrl: null,
};

export type ClosedReason = 'off' | 'area' | 'hours' | 'not_seated';

/** "HH:MM" → minutes after midnight. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes after midnight at `now` in `timeZone`. */
export function localMinutes(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** A window includes its start and excludes its end; one whose end is before its start runs past midnight. */
export function inWindows(windows: readonly OrderingWindow[], minutes: number): boolean {
  if (windows.length === 0) return true;
  return windows.some(({ from, to }) => {
    const a = minutesOf(from);
    const b = minutesOf(to);
    return a <= b ? minutes >= a && minutes < b : minutes >= a || minutes < b;
  });
}

/** Why this table may not order now, or null when it may. Calls and the bill are always allowed: a guest can always reach a person. */
export function closedReason(s: GuestSettingsValues, table: { areaId: string; status: string }, minutes: number): ClosedReason | null {
  if (!s.enabled) return 'off';
  if (s.disabledAreaIds.includes(table.areaId)) return 'area';
  if (!inWindows(s.windows, minutes)) return 'hours';
  if (s.seatedOnly && table.status !== 'occupied') return 'not_seated';
  return null;
}

/** What the guest sees of a request: waiting for the waiter, accepted, in the kitchen, ready, served, or refused. */
export type GuestState = 'waiting' | 'accepted' | 'in_kitchen' | 'ready' | 'served' | 'refused';

export function guestState(status: 'pending' | 'accepted' | 'refused', lineStates: readonly string[]): GuestState {
  if (status === 'pending') return 'waiting';
  if (status === 'refused') return 'refused';
  const live = lineStates.filter((s) => s !== 'voided');
  if (live.length === 0) return 'accepted';
  if (live.every((s) => s === 'served')) return 'served';
  if (live.every((s) => s === 'ready' || s === 'served')) return 'ready';
  if (live.some((s) => s !== 'held')) return 'in_kitchen';
  return 'accepted';
}
