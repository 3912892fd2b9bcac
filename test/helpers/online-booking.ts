/**
 * Online booking tests (issue 20): a cloud serving real HTTP on a real database, a published
 * profile, and a box process whose door is open all day with `tables` two-tops and an online
 * allotment — the box sends its grant up by itself.
 */
import { expect } from 'vitest';
import { api } from './cloud-accounts.js';
import { call, type GuestBox } from './guest-boxes.js';
import { profileBody } from './profiles.js';
import { until } from './wait.js';
import type { TestCloud } from './cloud.js';

/** Every day, 06:00 to 05:45 the next morning (so a slot is always near), no buffer, 90 min for two. */
export const ALL_DAY = Object.fromEntries(['0', '1', '2', '3', '4', '5', '6'].map((d) => [d, [{ open: '06:00', close: '05:45' }]]));

export async function publishProfile(cloud: TestCloud, ownerToken: string, locationId: string): Promise<string> {
  const body = profileBody({ booking: { minParty: 1, maxParty: 8, maxDaysAhead: 60 } });
  const res = await api(cloud.url, 'PUT', `/api/locations/${locationId}/profile`, { token: ownerToken, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return body.slug as string;
}

/** Changes the box's door settings (read, then saved with their version) by `patch`. */
export async function putDoorSettings(box: GuestBox, patch: Record<string, unknown>): Promise<void> {
  const settings = (await call(box, 'GET', '/reservations/settings')).body;
  const put = await call(box, 'PUT', '/reservations/settings', { ...settings, version: undefined, expectedVersion: settings.version, ...patch });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
}

/** Door settings and `count` two-top tables; returns the tables' ids in label order. */
export async function openDoor(box: GuestBox, count: number, onlineAllotment: number | null): Promise<string[]> {
  await putDoorSettings(box, { hours: ALL_DAY, lastSeatingMinutes: 0, bufferMinutes: 0, pacingCovers: null,
    durations: [{ upTo: 2, minutes: 90 }, { upTo: 100, minutes: 120 }], onlineAllotment });
  const area = (await call(box, 'POST', '/areas', { name: 'Room' })).body.id as string;
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const t = await call(box, 'POST', '/tables', { areaId: area, label: `T${String(i).padStart(2, '0')}`, capacity: 2, shape: 'square' });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    ids.push(t.body.id);
  }
  return ids;
}

export interface GrantRow { applied_through: string; online_allotment: number | null; slots: Array<{ startsAt: number; covers: number; maxParty: number; date: string; time: string }> }

export async function grantOf(cloud: TestCloud, locationId: string): Promise<GrantRow | null> {
  return (await cloud.db.query<GrantRow>('SELECT applied_through, online_allotment, slots FROM online_allotments WHERE location_id = $1', [locationId])).rows[0] ?? null;
}

/** Waits for a grant that satisfies `ok`. */
export async function grantWhere(cloud: TestCloud, locationId: string, ok: (g: GrantRow) => boolean): Promise<GrantRow> {
  let last: GrantRow | null = null;
  await until('the box\'s grant to reach the cloud', async () => { last = await grantOf(cloud, locationId); return last !== null && ok(last); }, 20_000);
  return last!;
}

export const guest = (n: number | string) => ({ name: `Guest ${n}`, email: `guest${n}@example.com`, phone: '+33 6 12 34 56 78' });

export function book(cloud: TestCloud, slug: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return api(cloud.url, 'POST', `/public/restaurants/${slug}/bookings`, { body, headers });
}

/** Waits until the booking behind `token` is no longer pending; returns it. */
export async function settled(cloud: TestCloud, token: string, timeoutMs = 20_000): Promise<any> {
  let last: any = null;
  await until('the box to answer the booking', async () => {
    await new Promise((r) => setTimeout(r, 150));
    last = (await api(cloud.url, 'GET', `/public/bookings/${token}`)).body;
    return last?.status && last.status !== 'pending';
  }, timeoutMs).catch((e: Error) => { throw new Error(`${e.message}; last seen ${JSON.stringify(last)}`); });
  return last;
}

/** Every row of `tables` (as the database owner), for "nothing written" assertions. */
export async function cloudRows(db: TestCloud['db'], tables: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) out[t] = JSON.stringify((await db.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`)).rows);
  return out;
}
