import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/lib/box-process.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, signInOwner } from './helpers/cloud-accounts.js';
import { restartGuestBox, startGuestBox, type GuestBox } from './helpers/guest-boxes.js';
import { until } from './helpers/wait.js';
import { book, grantWhere, guest, openDoor, publishProfile, settled } from './helpers/online-booking.js';

/**
 * No confirmed booking is lost (issue 20), with the box process SIGKILLed between applying an
 * online booking and acknowledging it: the booking is already in the box's SQLite (with its
 * channel cursor, one transaction), the cloud still says pending; restarted, the box acknowledges,
 * applies nothing twice, and the guest sees it confirmed.
 */
process.env.CLOUD_PUBLIC_RATE_PER_MINUTE = '100000';
process.env.CLOUD_BOOKING_RATE_PER_MINUTE = '100000';

const cleanups: Array<() => Promise<void>> = [];
let cloud: TestCloud;
let box: GuestBox;
let slug: string;
let pauseFile: string;

afterAll(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

beforeAll(async () => {
  cloud = await startTestCloud();
  cleanups.push(() => cloud.close());
  const port = await freePort();
  await cloud.startServer(port);
  slug = await publishProfile(cloud, await signInOwner(cloud), cloud.a.locationId);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-booking-crash-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  pauseFile = path.join(dir, 'paused');
  box = await startGuestBox(`http://127.0.0.1:${port}`, cloud.a, 'crash', cleanups, { CHANNEL_TEST_PAUSE_AT: 'after-apply', CHANNEL_TEST_PAUSE_FILE: pauseFile });
  await openDoor(box, 2, 4);
  await grantWhere(cloud, cloud.a.locationId, (g) => g.online_allotment === 4 && g.slots.length > 0);
}, 150_000);

const onBox = (id: string) => {
  const db = new Database(path.join(box.dataDir, 'brigade.db'), { readonly: true });
  try {
    return db.prepare('select status, source, table_ids as tableIds from reservations where id = ?').all(id) as Array<{ status: string; source: string; tableIds: string }>;
  } finally {
    db.close();
  }
};

describe('online booking across a box crash', () => {
  it('killed between applying and acknowledging: the booking is on the box; restarted, it is confirmed once', async () => {
    const grant = await grantWhere(cloud, cloud.a.locationId, (g) => g.slots.some((s) => s.startsAt > Date.now() + 24 * 3600_000 && s.covers >= 2));
    const slot = grant.slots.find((s) => s.startsAt > Date.now() + 24 * 3600_000 && s.covers >= 2)!;
    const res = await book(cloud, slug, { partySize: 2, startsAt: slot.startsAt, ...guest('crash') });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    await until('the box to apply it and pause before acknowledging', () => fs.existsSync(pauseFile), 30_000);
    await box.proc.kill();
    fs.rmSync(pauseFile);
    expect(onBox(res.body.id)).toMatchObject([{ status: 'confirmed', source: 'online' }]);
    expect((await api(cloud.url, 'GET', `/public/bookings/${res.body.manageToken}`)).body.status).toBe('pending');
    await restartGuestBox(box, cleanups);
    expect((await settled(cloud, res.body.manageToken, 40_000)).status).toBe('confirmed');
    expect(onBox(res.body.id)).toHaveLength(1);
    const log = (await cloud.db.query<{ status: string }>('SELECT status FROM channel_messages WHERE location_id = $1 AND id = $2', [cloud.a.locationId, res.body.id])).rows;
    expect(log).toEqual([{ status: 'applied' }]);
  }, 90_000);
});
