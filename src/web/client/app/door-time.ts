/** The door screen's clock words, in the restaurant's time zone (not the tablet's): "19:30", today's date. */
import { S } from './state.js';

const zone = (): string | undefined => S.settings?.timeZone ?? undefined;

export function hhmm(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: zone() });
}

/** Today's service date (YYYY-MM-DD) where the restaurant is. */
export function today(): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: zone() });
}

export const minutesUntil = (ms: number): number => Math.round((ms - Date.now()) / 60_000);
