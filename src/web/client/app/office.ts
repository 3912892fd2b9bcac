/**
 * Waiter app, back office: who sees the manager screens. The box enforces the permissions
 * (reports.*, menu.*, staff.*: owners and managers); the buttons only show for those who have them,
 * so a waiter never meets a screen that would answer "forbidden".
 */
import { S } from './state.js';

/** Owners and managers see the back-office screens (Day, Menu, Pair a device). */
export const isManager = (): boolean => S.me?.role === 'owner' || S.me?.role === 'manager';

/** Owners, managers and hosts run the door (reservations, waitlist: issue 20). */
export const isDoorStaff = (): boolean => isManager() || S.me?.role === 'host';

/** "14:05" (today) or "3 Dec 14:05": when something happened, in the tablet's time zone. */
export function when(ms: number): string {
  const d = new Date(ms), today = new Date().toDateString() === d.toDateString();
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return today ? time : `${d.toLocaleDateString([], { day: 'numeric', month: 'short' })} ${time}`;
}
