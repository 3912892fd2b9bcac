import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocation, createOrganisation, setAccountPassword } from '../cloud/admin.js';
import { startTestCloud, postBatch, type TestCloud } from './helpers/cloud.js';
import { OWNER_PASSWORD, api, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { profileBody } from './helpers/profiles.js';

/**
 * A location's public profile, edited by its owner (issue 20): who may read and write it, the
 * version check, and every refusal leaving the stored profile exactly as it was.
 */
let cloud: TestCloud;
let owner: string;
let manager: string;
let viewer: string;
let stranger: string;
let strangerLocation: string;

const path = (id: string) => `/api/locations/${id}/profile`;
const snapshot = async () => (await cloud.db.query('SELECT * FROM location_profiles ORDER BY location_id')).rows;

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  owner = await signInOwner(cloud);
  manager = (await inviteMember(cloud.url, owner, { email: 'manager@example.com', role: 'manager', locationIds: [cloud.a.locationId] })).token;
  viewer = (await inviteMember(cloud.url, owner, { email: 'viewer@example.com', role: 'viewer', locationIds: [cloud.a.locationId] })).token;
  const other = await createOrganisation(cloud.db, { name: 'Rivals', ownerEmail: 'rival@example.com', ownerName: 'Rex' });
  strangerLocation = (await createLocation(cloud.db, { organisationId: other.id, name: 'Rival place' })).id;
  await setAccountPassword(cloud.db, 'rival@example.com', OWNER_PASSWORD);
  stranger = (await api(cloud.url, 'POST', '/api/auth/login', { body: { email: 'rival@example.com', password: OWNER_PASSWORD } })).body.token;
}, 60_000);
afterAll(async () => { await cloud?.close(); });

describe('editing a public profile', () => {
  it('an owner creates it at version 1 and replaces it with the version read; the phone is stored as E.164', async () => {
    const body = profileBody({ slug: 'chez-olive' });
    const created = await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body });
    expect(created.status).toBe(200);
    expect(created.body.version).toBe(1);
    expect(created.body.profile).toMatchObject({ slug: 'chez-olive', phone: '+33142850000', timeZone: 'Europe/Paris', published: true, closedDates: ['2026-12-25'] });
    const read = await api(cloud.url, 'GET', path(cloud.a.locationId), { token: owner });
    expect(read.body).toMatchObject({ version: 1, profile: { name: 'Chez Olive', cuisines: ['french', 'bistro'], booking: { minParty: 1, maxParty: 8, maxDaysAhead: 60 } } });
    const updated = await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body: { ...body, expectedVersion: 1, name: 'Chez Olive & fils' } });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
    expect((await cloud.db.query('SELECT name, version, updated_by FROM location_profiles WHERE location_id = $1', [cloud.a.locationId])).rows[0])
      .toMatchObject({ name: 'Chez Olive & fils', version: 2 });
  });

  it('a stale version is 409 VERSION_CONFLICT with the current version, and nothing is written', async () => {
    const before = await snapshot();
    const stale = await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body: profileBody({ slug: 'chez-olive', expectedVersion: 1, name: 'Lost update' }) });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    const again = await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body: profileBody({ slug: 'chez-olive', expectedVersion: 0 }) });
    expect(again.status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('a manager of the location may read but not change it; a viewer may not read it', async () => {
    const before = await snapshot();
    expect((await api(cloud.url, 'GET', path(cloud.a.locationId), { token: manager })).body.version).toBe(2);
    const write = await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: manager, body: profileBody({ slug: 'chez-olive', expectedVersion: 2, name: 'Manager was here' }) });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'profile.edit' } });
    // The manager's other location (not granted) is not theirs to read either.
    expect((await api(cloud.url, 'GET', path(cloud.b.locationId), { token: manager })).body.error.code).toBe('LOCATION_FORBIDDEN');
    expect((await api(cloud.url, 'GET', path(cloud.a.locationId), { token: viewer })).status).toBe(403);
    expect((await api(cloud.url, 'GET', path(cloud.a.locationId))).status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it('another organisation\'s owner gets the same 403 as for a location that does not exist, before any validation', async () => {
    const before = await snapshot();
    for (const id of [cloud.a.locationId, 'no-such-location', 'bad,id', '%20']) {
      const read = await api(cloud.url, 'GET', path(id), { token: stranger });
      expect(read.status).toBe(403);
      expect(read.body.error.code).toBe('LOCATION_FORBIDDEN');
      const write = await api(cloud.url, 'PUT', path(id), { token: stranger, body: { nonsense: true } });
      expect(write.status).toBe(403);
    }
    // …and our owner cannot reach theirs.
    expect((await api(cloud.url, 'PUT', path(strangerLocation), { token: owner, body: profileBody() })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input with 400 and the field at fault, writing nothing', async () => {
    const evenings = [{ open: '18:00', close: '23:00' }];
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['latitude out of range', { lat: 91 }, 'lat'],
      ['longitude not a number', { lon: '2.35' }, 'lon'],
      ['longitude NaN as null', { lon: null }, 'lon'],
      ['unknown cuisine', { cuisines: ['martian'] }, 'cuisines.0'],
      ['no cuisine', { cuisines: [] }, 'cuisines'],
      ['too many cuisines', { cuisines: ['french', 'bistro', 'pizza', 'thai'] }, 'cuisines'],
      ['price 5', { priceRange: 5 }, 'priceRange'],
      ['price 2.5', { priceRange: 2.5 }, 'priceRange'],
      ['photo over http', { photos: ['http://images.example.com/a.jpg'] }, 'photos.0'],
      ['photo with a password', { photos: ['https://u:p@images.example.com/a.jpg'] }, 'photos.0'],
      ['javascript photo', { photos: ['javascript:alert(1)'] }, 'photos.0'],
      ['photo too long', { photos: [`https://images.example.com/${'a'.repeat(500)}.jpg`] }, 'photos.0'],
      ['too many photos', { photos: Array.from({ length: 9 }, (_, i) => `https://images.example.com/${i}.jpg`) }, 'photos'],
      ['hour 25', { hours: { mon: [{ open: '25:00', close: '26:00' }] } }, 'hours.mon.0.open'],
      ['open equals close', { hours: { mon: [{ open: '18:00', close: '18:00' }] } }, 'hours.mon.0'],
      ['overlapping ranges', { hours: { mon: [{ open: '12:00', close: '15:00' }, { open: '14:00', close: '16:00' }] } }, 'hours'],
      ['past midnight into the next day\'s range', { hours: { mon: [{ open: '20:00', close: '03:00' }], tue: [{ open: '02:00', close: '05:00' }] } }, 'hours'],
      ['Sunday night into Monday morning', { hours: { sun: [{ open: '20:00', close: '03:00' }], mon: [{ open: '01:00', close: '04:00' }] } }, 'hours'],
      ['five ranges a day', { hours: { mon: Array.from({ length: 5 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` })) } }, 'hours.mon'],
      ['unknown weekday', { hours: { monday: evenings } }, 'hours'],
      ['impossible closed date', { closedDates: ['2026-02-30'] }, 'closedDates.0'],
      ['closed date twice', { closedDates: ['2026-12-25', '2026-12-25'] }, 'closedDates'],
      ['phone that is not one', { phone: '+33 1 23' }, 'phone'],
      ['phone of letters', { phone: 'call us' }, 'phone'],
      ['smallest party above largest', { booking: { minParty: 6, maxParty: 2, maxDaysAhead: 10 } }, 'booking.minParty'],
      ['booking a year and a day ahead', { booking: { minParty: 1, maxParty: 4, maxDaysAhead: 366 } }, 'booking.maxDaysAhead'],
      ['slug with spaces', { slug: 'Chez Olive' }, 'slug'],
      ['slug ending in a dash', { slug: 'chez-' }, 'slug'],
      ['unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
      ['unknown field', { organisationId: 'x' }, '(body)'],
      ['country of three letters', { address: { street: 'x', city: 'y', country: 'FRA' } }, 'address.country'],
      ['published as a string', { published: 'yes' }, 'published'],
      ['version missing', { expectedVersion: undefined }, 'expectedVersion'],
    ];
    const before = await snapshot();
    for (const [what, override, field] of cases) {
      const body = profileBody({ slug: 'chez-olive', expectedVersion: 2, ...override });
      if (override.hours) body.hours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...(override.hours as object) };
      const res = await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body });
      expect(res.status, what).toBe(400);
      expect(res.body.error.code, what).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.map((d: { path: string }) => d.path), what).toContain(field);
    }
    const notJson = await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body: '{"slug":', headers: { 'content-type': 'application/json' } });
    expect(notJson.body.error.code).toBe('MALFORMED_JSON');
    expect((await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body: 'slug=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    expect((await api(cloud.url, 'PUT', path(cloud.a.locationId), { token: owner, body: profileBody({ name: 'x'.repeat(70_000) }) })).status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  it('a page address another restaurant has is 409 DUPLICATE', async () => {
    const res = await api(cloud.url, 'PUT', path(cloud.b.locationId), { token: owner, body: profileBody({ slug: 'chez-olive' }) });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'DUPLICATE', details: { field: 'slug' } });
    expect((await cloud.db.query('SELECT count(*)::int AS n FROM location_profiles WHERE location_id = $1', [cloud.b.locationId])).rows[0]).toEqual({ n: 0 });
  });

  it('takes the time zone the location\'s box synced over the one typed, and needs one before any box has synced', async () => {
    const noZone = await api(cloud.url, 'PUT', path(cloud.b.locationId), { token: owner, body: profileBody({ slug: 'olive-b', timeZone: undefined }) });
    expect(noZone.status).toBe(400);
    expect(noZone.body.error.details[0].path).toBe('timeZone');
    const synced = await postBatch(cloud.url, cloud.b.credential, { schemaVersion: 2, epoch: 1, changes: [
      { seq: 1, txId: 't1', entity: 'restaurant', entityId: 'rest-b', op: 'insert', version: 1, row: { id: 'rest-b', name: 'B', currency: 'JPY', timeZone: 'Asia/Tokyo' } }] });
    expect(synced.status).toBe(200);
    const saved = await api(cloud.url, 'PUT', path(cloud.b.locationId), { token: owner, body: profileBody({ slug: 'olive-b', timeZone: 'Europe/Paris' }) });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ syncedTimeZone: 'Asia/Tokyo', profile: { timeZone: 'Asia/Tokyo' } });
  });
});
