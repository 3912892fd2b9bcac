/**
 * The central menu's tables under row-level security (migration 0009): even a query that forgets
 * its organisation check, or carries another organisation's ids, run as the service role with one
 * organisation's setting, neither sees nor changes another organisation's menu.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { menuDoc } from './helpers/channel.js';
import { createLocation, createOrganisation } from '../cloud/admin.js';
import type { Queryable } from '../cloud/db.js';
import { SERVICE_ROLE, withOrganisation } from '../cloud/tenant.js';
import type { Viewer } from '../cloud/auth/reader.js';
import { idempotent } from '../cloud/menus/idempotency.js';
import { createMenu, getMenu, listMenus, publishMenu, setLocationMenu, updateMenu } from '../cloud/menus/store.js';

let cloud: TestCloud;
/** Two organisations, each with a menu, a location setting, a publication and an idempotency key. */
const org = { a: { id: '', menuId: '', locationId: '' }, b: { id: '', menuId: '', locationId: '' } };
const owner = (o: typeof org.a): Viewer => ({ accountId: `owner-${o.id}`, organisationId: o.id, role: 'owner', locationIds: [o.locationId] });

beforeAll(async () => {
  cloud = await startTestCloud();
  const other = await createOrganisation(cloud.db, { name: 'Other group', ownerEmail: `other${Date.now()}@example.com`, ownerName: 'Otto' });
  org.a = { id: cloud.orgId, menuId: '', locationId: cloud.a.locationId };
  org.b = { id: other.id, menuId: '', locationId: (await createLocation(cloud.db, { organisationId: other.id, name: 'C' })).id };
  for (const o of [org.a, org.b]) {
    o.menuId = (await cloud.db.transaction((q) => createMenu(q, o.id, { name: 'Main menu', document: menuDoc(1000) }))).id;
    await setLocationMenu(cloud.db, owner(o), o.locationId, { mode: 'central', overrides: [{ category: 'Mains', item: 'Soup', price: 1500 }] });
    await idempotent(cloud.db, { organisationId: o.id, accountId: `owner-${o.id}`, key: 'same-key-in-both', request: ['publish', o.id] },
      async (q) => ({ status: 201, body: await publishMenu(q, owner(o), o.menuId, [o.locationId]) }));
  }
});
afterAll(async () => { await cloud.close(); });

const TABLES = ['menus', 'menu_publications', 'menu_location_settings', 'menu_idempotency_keys'];

class RolledBack extends Error { constructor(readonly result: { rowCount: number; rows: any[] }) { super('rolled back'); } }
/**
 * Runs `sql` as the service role in organisation A's scope, in its own transaction that is then
 * rolled back (the tests stay independent); the error's message if the database refused it.
 */
async function asA(sql: string, params: unknown[] = []): Promise<{ rowCount: number; rows: any[] } | { refused: string }> {
  try {
    await withOrganisation(cloud.db, org.a.id, async (q: Queryable) => { throw new RolledBack(await q.query(sql, params)); });
    throw new Error('unreachable');
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    return { refused: (error as Error).message };
  }
}
/** B's rows as the database owner sees them (RLS does not apply to it here): the witness that nothing changed. */
const bRows = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) =>
  [t, (await cloud.db.query(`SELECT * FROM ${t} WHERE organisation_id = $1 ORDER BY 1, 2`, [org.b.id])).rows] as const)));

describe('central menu isolation between organisations (row-level security)', () => {
  it('a query without any WHERE clause, run as the service role for organisation A, sees only A\'s rows in every menu table; with no organisation set, none', async () => {
    await withOrganisation(cloud.db, org.a.id, async (q) => {
      expect((await q.query<{ u: string }>('SELECT current_user AS u')).rows[0]!.u).toBe(SERVICE_ROLE);
      for (const t of TABLES) {
        const orgs = (await q.query<{ organisation_id: string }>(`SELECT organisation_id FROM ${t}`)).rows.map((r) => r.organisation_id);
        expect(orgs.length, t).toBeGreaterThan(0);
        expect(new Set(orgs), t).toEqual(new Set([org.a.id]));
      }
    });
    await cloud.db.transaction(async (q) => {
      await q.query(`SET LOCAL ROLE ${SERVICE_ROLE}`);
      for (const t of TABLES) expect((await q.query(`SELECT 1 FROM ${t}`)).rows, t).toEqual([]);
    });
    // Every table really holds both organisations' rows: the owner sees them.
    for (const t of TABLES) expect((await cloud.db.query(`SELECT DISTINCT organisation_id FROM ${t}`)).rows, t).toHaveLength(2);
  });

  it('B\'s ids under A\'s setting read nothing and update or delete nothing, and a row labelled B is refused', async () => {
    const before = await bRows();
    expect(await asA('SELECT * FROM menus WHERE id = $1', [org.b.menuId])).toMatchObject({ rows: [] });
    expect(await asA('SELECT * FROM menu_location_settings WHERE location_id = $1', [org.b.locationId])).toMatchObject({ rows: [] });
    expect(await asA('SELECT * FROM menu_idempotency_keys WHERE key = $1', ['same-key-in-both'])).toMatchObject({ rowCount: 1, rows: [{ organisation_id: org.a.id }] });
    expect(await asA(`UPDATE menus SET document = '{}'::jsonb, published_version = 99 WHERE id = $1`, [org.b.menuId])).toMatchObject({ rowCount: 0 });
    expect(await asA(`UPDATE menu_location_settings SET mode = 'local' WHERE location_id = $1`, [org.b.locationId])).toMatchObject({ rowCount: 0 });
    expect(await asA(`UPDATE menu_idempotency_keys SET response = '{"forged":true}'::jsonb`)).toMatchObject({ rowCount: 1 });
    // A relabelled row of A's may not move into B.
    expect(await asA('UPDATE menus SET organisation_id = $2 WHERE id = $1', [org.a.menuId, org.b.id])).toHaveProperty('refused', expect.stringMatching(/row-level security/));
    expect(await asA(`INSERT INTO menus (id, organisation_id, name, document) VALUES ('forged-menu', $1, 'Forged', '{}'::jsonb)`, [org.b.id]))
      .toHaveProperty('refused', expect.stringMatching(/row-level security/));
    expect(await asA(`INSERT INTO menu_idempotency_keys (organisation_id, key, request_hash, account_id) VALUES ($1, 'forged-key-1', 'x', 'y')`, [org.b.id]))
      .toHaveProperty('refused', expect.stringMatching(/row-level security/));
    // The menu tables grant no DELETE at all.
    expect(await asA('DELETE FROM menus WHERE id = $1', [org.b.menuId])).toHaveProperty('refused', expect.stringMatching(/permission denied/));
    expect(await bRows()).toEqual(before);
  });

  it('colliding and forged ids cannot reach B: a menu with B\'s id, a publication of B\'s menu, a setting for B\'s location', async () => {
    const before = await bRows();
    expect(await asA(`INSERT INTO menus (id, organisation_id, name, document) VALUES ($1, $2, 'Same id', '{}'::jsonb)`, [org.b.menuId, org.a.id]))
      .toHaveProperty('refused', expect.stringMatching(/duplicate key/));
    expect(await asA(`INSERT INTO menu_publications (id, organisation_id, menu_id, menu_version, document, location_ids, published_by)
      VALUES ('forged-pub', $1, $2, 2, '{}'::jsonb, ARRAY[]::text[], 'x')`, [org.a.id, org.b.menuId])).toHaveProperty('refused', expect.stringMatching(/foreign key/));
    expect(await asA(`INSERT INTO menu_location_settings (location_id, organisation_id, mode) VALUES ($1, $2, 'local')
      ON CONFLICT (location_id) DO UPDATE SET mode = 'local'`, [org.b.locationId, org.a.id])).toHaveProperty('refused');
    // A location of B that has no setting yet cannot be given one labelled A.
    const fresh = await createLocation(cloud.db, { organisationId: org.b.id, name: 'D' });
    expect(await asA(`INSERT INTO menu_location_settings (location_id, organisation_id, mode) VALUES ($1, $2, 'local')`, [fresh.id, org.a.id]))
      .toHaveProperty('refused', expect.stringMatching(/foreign key/));
    expect(await bRows()).toEqual(before);
  });

  it('through the store, A\'s session finds none of B\'s menus and the same Idempotency-Key text replays each organisation\'s own answer', async () => {
    expect((await listMenus(cloud.db, org.a.id)).map((m) => m.id)).toEqual([org.a.menuId]);
    await expect(getMenu(cloud.db, org.a.id, org.b.menuId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(cloud.db.transaction((q) => updateMenu(q, org.a.id, org.b.menuId, { document: menuDoc(1) }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const o of [org.a, org.b]) {
      const replay = await idempotent(cloud.db, { organisationId: o.id, accountId: `owner-${o.id}`, key: 'same-key-in-both', request: ['publish', o.id] },
        async () => { throw new Error('a replay must not write'); });
      expect(replay.replayed).toBe(true);
      expect(replay.body).toMatchObject({ deliveries: [{ locationId: o.locationId }] });
    }
    expect((await getMenu(cloud.db, org.b.id, org.b.menuId)).publishedVersion).toBe(1);
  });
});
