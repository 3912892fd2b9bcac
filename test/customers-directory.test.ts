import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevice, createLocation, createOrganisation } from '../cloud/admin.js';
import { startTestCloud, type TestCloud } from './helpers/cloud.js';
import { api, inviteMember, signInOwner } from './helpers/cloud-accounts.js';
import { seedAtLocation } from './helpers/customer-seed.js';

/**
 * The owners' customer search and card in the cloud (issue 18): GET /api/customers?q=&cursor= and
 * GET /api/customers/:id, fed by the real ingest. Paging by cursor, search by name, phone (either
 * form) or email; a manager of one location finds only the customers it knows and sees only its
 * figures; another organisation's customers are invisible; bad input is a 400 and reads nothing.
 */
let cloud: TestCloud;
let owner: string;
let managerA: string;
let camille: string;
let onlyAtB: string;
let otherOrgCustomer: string;

const get = (path: string, token = owner) => api(cloud.url, 'GET', path, { token });

beforeAll(async () => {
  cloud = await startTestCloud({ serve: true });
  owner = await signInOwner(cloud);
  managerA = (await inviteMember(cloud.url, owner, { email: 'manager-a@example.com', role: 'manager', locationIds: [cloud.a.locationId] })).token;
  const names = Array.from({ length: 30 }, (_, i) => ({ name: `Guest ${String(i).padStart(2, '0')}` }));
  camille = (await seedAtLocation(cloud.url, cloud.a.credential,
    [{ name: 'Camille Dupont', phone: '+33612345678', email: 'camille@example.fr', consent: true }, ...names],
    (ids) => [{ customerId: ids[0]!, paid: 2400, tips: 300 }, { customerId: ids[0]!, paid: 1000, refunded: 400 }, { customerId: ids[0]!, paid: 900, status: 'canceled' }]))[0]!;
  // The same person at B (same phone): the cloud merges B's record into A's and keeps both histories.
  await seedAtLocation(cloud.url, cloud.b.credential, [{ name: 'Camille Dupont', phone: '+33612345678', consent: true, createdAt: Date.now() + 1000 }],
    (ids) => [{ customerId: ids[0]!, paid: 5000 }]);
  onlyAtB = (await seedAtLocation(cloud.url, cloud.b.credential, [{ name: 'Bea Elsewhere', email: 'bea@example.com', blockedReason: 'Rude to staff' }]))[0]!;
  const org2 = await createOrganisation(cloud.db, { name: 'Other group', ownerEmail: 'other@example.com', ownerName: 'Otto' });
  const c = await createDevice(cloud.db, { locationId: (await createLocation(cloud.db, { organisationId: org2.id, name: 'C' })).id, name: 'C box' });
  otherOrgCustomer = (await seedAtLocation(cloud.url, c.credential, [{ name: 'Camille Other-Org', phone: '+33698765432' }]))[0]!;
}, 60_000);
afterAll(async () => { await cloud.close(); });

describe('GET /api/customers', () => {
  it('finds by part of a name, by phone typed the national or international way, and by email; never another organisation\'s', async () => {
    for (const q of ['camille', 'DUPONT', '06 12 34', '+33 6 12 34 56 78', '612345678', 'camille@example', 'example.fr']) {
      const res = await get(`/api/customers?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      expect(res.body.customers.map((x: { id: string }) => x.id), q).toEqual([camille]);
    }
    expect((await get('/api/customers?q=Other-Org')).body.customers).toEqual([]);
    expect((await get('/api/customers?q=bea')).body.customers[0]).toMatchObject({ id: onlyAtB, blockedReason: 'Rude to staff' });
    expect((await get('/api/customers?q=zzz')).body).toEqual({ customers: [], nextCursor: null });
  });

  it('pages through everyone by name with a cursor, each person once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/customers?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.customers.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.customers.map((x: { name: string }) => x.name));
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(32); // 30 guests, Camille (B's copy merged into her), Bea
    expect(new Set(seen).size).toBe(32);
    expect(seen).toEqual([...seen].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
    expect(pages).toBe(5);
  });

  it('a manager of A finds only the customers A knows', async () => {
    expect((await get('/api/customers?q=bea', managerA)).body.customers).toEqual([]);
    expect((await get('/api/customers?q=camille', managerA)).body.customers.map((x: { id: string }) => x.id)).toEqual([camille]);
  });

  it('refuses bad input with a 400 that says what to change, and strangers with a 401', async () => {
    const before = (await cloud.db.query('SELECT count(*)::int AS n FROM org_customers')).rows[0];
    for (const path of ['/api/customers?q=' + 'x'.repeat(81), '/api/customers?cursor=not-a-cursor', '/api/customers?cursor=' + Buffer.from('{"a":1}').toString('base64url'),
      '/api/customers?limit=0', '/api/customers?limit=101', '/api/customers?limit=abc']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message.length).toBeGreaterThan(10);
    }
    expect((await api(cloud.url, 'GET', '/api/customers')).status).toBe(401);
    expect((await cloud.db.query('SELECT count(*)::int AS n FROM org_customers')).rows[0]).toEqual(before);
  });
});

describe('GET /api/customers/:id', () => {
  it('shows the locations that know them with visits and spend (net of refunds, no tips, canceled left out), merged ids and consent', async () => {
    const res = await get(`/api/customers/${camille}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: camille, name: 'Camille Dupont', phone: '+33612345678', marketingConsent: { given: true, source: 'signed the card' }, blocked: null });
    expect(res.body.mergedIds).toHaveLength(1);
    const byName = Object.fromEntries(res.body.locations.map((l: { name: string; visits: number; spend: number }) => [l.name, [l.visits, l.spend]]));
    expect(byName).toEqual({ A: [2, 3000], B: [1, 5000] });
    // The merged id answers the same record.
    expect((await get(`/api/customers/${res.body.mergedIds[0]}`)).body.id).toBe(camille);
  });

  it('a manager of A sees only A\'s figures; another organisation\'s id and a malformed id are refused', async () => {
    const res = await get(`/api/customers/${camille}`, managerA);
    expect(res.body.locations.map((l: { locationId: string }) => l.locationId)).toEqual([cloud.a.locationId]);
    expect((await get(`/api/customers/${otherOrgCustomer}`)).status).toBe(404);
    const bad = await get('/api/customers/not%20an%20id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
