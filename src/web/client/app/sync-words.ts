/**
 * The cloud sync's state in plain words, from GET /sync/status: is the cloud reachable, and how
 * far behind is each direction. Pure, so the sentences are the same wherever they show.
 */
import type { z } from 'zod';
import type { ChannelStatusSchema } from '../../../inbox/schemas.js';

/** The push half of GET /sync/status (box → cloud); `down` is the cloud → box channel. */
export interface SyncStatus {
  configured: boolean; cloudUrl: string | null; lastSuccessAt: number | null; queueDepth: number;
  oldestUnsentAt: number | null; oldestUnsentAgeSeconds: number | null; behind: boolean;
  lastError: string | null; lastErrorAt: number | null; consecutiveFailures: number; lastErrorCode: string | null;
  down: z.infer<typeof ChannelStatusSchema>;
  onlineBooking: OnlineBookingStatus;
}

/** The times this box sends for online booking (GET /sync/status `onlineBooking`). */
export interface OnlineBookingStatus {
  offered: boolean; lastSentAt: number | null; consecutiveFailures: number;
  lastError: string | null; lastErrorCode: string | null; lastErrorAt: number | null;
}

/** Errors that stop sync until a person acts (the box's BLOCKING_CODES). */
const BLOCKING: Record<string, string> = {
  DEVICE_CREDENTIAL_IN_USE: 'another box uses this box\'s cloud credential',
  UNAUTHENTICATED: 'the cloud refuses this box\'s credential',
  SYNC_SCHEMA_UNSUPPORTED: 'the cloud does not accept this box\'s version: update the box',
};

/** "40 seconds", "3 minutes", "2 hours", "3 days". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [n, unit] = s < 90 ? [s, 'second'] : s < 90 * 60 ? [Math.round(s / 60), 'minute'] : s < 36 * 3600 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

const changes = (n: number): string => `${n} change${n === 1 ? '' : 's'}`;

export type Tone = 'ok' | 'bad' | 'off';

/** The one sentence at the top of the sync screen, and whether it is good news. */
export function summary(s: SyncStatus): { text: string; tone: Tone } {
  if (!s.configured) return { tone: 'off', text: 'Cloud sync is not set up on this box. Everything works here; the owners\u2019 reports do not see this restaurant.' };
  const blocked = s.lastErrorCode ? BLOCKING[s.lastErrorCode] : undefined;
  if (blocked) return { tone: 'bad', text: `Sync is stopped until someone acts: ${blocked}. ${changes(s.queueDepth)} waiting; nothing is lost.` };
  if (s.queueDepth === 0) return { tone: s.lastError ? 'bad' : 'ok', text: s.lastError
    ? `Everything is sent, but the cloud cannot be reached now: ${s.lastError}`
    : 'Everything is sent: the cloud is up to date.' };
  const waiting = `${changes(s.queueDepth)} waiting${s.oldestUnsentAgeSeconds !== null ? ` for ${duration(s.oldestUnsentAgeSeconds)}` : ''}`;
  if (s.lastError) return { tone: 'bad', text: `${waiting} \u2014 the cloud cannot be reached: ${s.lastError}. Nothing is lost; they go when it answers.` };
  return { tone: s.behind ? 'bad' : 'ok', text: `${waiting} \u2014 sending.` };
}

/** The cloud → box direction (menus and other messages from the owners' cloud) in one sentence. */
export function downSummary(d: SyncStatus['down']): string {
  if (!d.configured) return 'Not set up: nothing comes from the cloud.';
  const waiting = d.lag > 0 ? `${d.lag} message${d.lag === 1 ? '' : 's'} from the cloud not applied yet` : null;
  const refused = d.refused > 0 ? ` ${d.refused} refused${d.lastRefused?.message ? ` (last: ${d.lastRefused.message})` : ''}.` : '';
  if (d.lastError) return `The cloud cannot be reached: ${d.lastError}.${waiting ? ` ${waiting}.` : ''}${refused}`;
  if (d.lastPollAt === null) return `Not heard from the cloud yet.${refused}`;
  return `${waiting ?? 'Up to date with the cloud'}.${refused}`;
}

/**
 * Online booking in one sentence, or null when there is nothing to say (sync not set up, or no
 * bookings taken online and nothing refused). The public page sells from the last times the cloud
 * took, so a refusal must be seen: the box still decides each table, but the page goes stale.
 */
export function onlineBookingSummary(s: SyncStatus, now: number): { text: string; tone: Tone } | null {
  const b = s.onlineBooking;
  if (!s.configured || (!b.offered && !b.lastError)) return null;
  const age = b.lastSentAt ? duration((now - b.lastSentAt) / 1000) : null;
  const taken = age ? `the times it took ${age} ago` : 'the last times it took before this box started';
  if (b.lastError && b.lastErrorCode) return { tone: 'bad', text: `The cloud refuses this box\u2019s online-booking times (${b.lastErrorCode}): the booking page offers ${taken}. ${b.lastError.replace(/^.*?: /, '')}` };
  if (b.lastError) return { tone: 'bad', text: `The online-booking times cannot reach the cloud: the booking page offers ${taken}. Bookings taken meanwhile wait for this box to confirm them.` };
  if (!age) return { tone: 'off', text: 'The online-booking times have not been sent yet.' };
  return { tone: 'ok', text: `The booking page offers this box\u2019s times, sent ${age} ago.` };
}
