import crypto from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { openPglite, openPostgres, type CloudDb } from '../../cloud/db.js';
import { migrateCloud } from '../../cloud/migrate.js';
import { createMigratedDatabase } from './cloud-template.js';
import { startCloudServer, type CloudServer } from '../../cloud/server.js';
import { createDevice, createLocation, createOrganisation } from '../../cloud/admin.js';
import type { AuthOptions } from '../../cloud/auth/index.js';
import type { DeliveryWorkerOptions } from '../../cloud/delivery/worker.js';

export interface TestCloud {
  db: CloudDb;
  /** The database URL (real PostgreSQL only). */
  databaseUrl: string | null;
  server: CloudServer | null;
  url: string;
  orgId: string;
  /** The organisation's owner (no password yet). */
  ownerEmail: string;
  /** Two locations of one organisation, each with a device. */
  a: { locationId: string; deviceId: string; credential: string };
  b: { locationId: string; deviceId: string; credential: string };
  /** Another location with its own device (a test that checks sums wants a location of its own). */
  place(name: string): Promise<{ locationId: string; deviceId: string; credential: string }>;
  startServer(port?: number): Promise<CloudServer>;
  close(): Promise<void>;
}

/** A fresh database on the server of TEST_DATABASE_URL, created for this test (already migrated: a clone of the template) and dropped after. */
async function freshPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `brigade_sync_t_${crypto.randomBytes(5).toString('hex')}`;
  const url = await createMigratedDatabase(baseUrl, name);
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A migrated cloud database — real PostgreSQL when TEST_DATABASE_URL is set, else in-memory
 * PGlite — with one organisation, two locations and a device each; optionally serving HTTP.
 */
export async function startTestCloud(options: { serve?: boolean; auth?: AuthOptions; delivery?: DeliveryWorkerOptions } = {}): Promise<TestCloud> {
  const base = process.env.TEST_DATABASE_URL;
  const pgdb = base ? await freshPostgres(base) : null;
  const db = pgdb ? openPostgres(pgdb.url) : await openPglite();
  // PostgreSQL: the clone already holds every migration, so this applies none (and would apply any missing).
  await migrateCloud(db);
  const ownerEmail = `o${crypto.randomBytes(4).toString('hex')}@example.com`;
  const org = await createOrganisation(db, { name: 'Test group', ownerEmail, ownerName: 'Olive' });
  const place = async (name: string) => {
    const location = await createLocation(db, { organisationId: org.id, name });
    const device = await createDevice(db, { locationId: location.id, name: `${name} box` });
    return { locationId: location.id, deviceId: device.id, credential: device.credential };
  };
  const a = await place('A');
  const b = await place('B');
  const logger = pino({ level: 'silent' });
  const cloud: TestCloud = {
    db, databaseUrl: pgdb?.url ?? null, server: null, url: '', orgId: org.id, ownerEmail, a, b, place,
    async startServer(port = 0) {
      cloud.server = await startCloudServer({ db, logger, port, auth: options.auth, delivery: options.delivery });
      cloud.url = cloud.server.url;
      return cloud.server;
    },
    async close() {
      await cloud.server?.stop();
      await db.close();
      await pgdb?.drop();
    },
  };
  if (options.serve) await cloud.startServer();
  return cloud;
}

/** POSTs a batch as a device; returns status and parsed body. */
export async function postBatch(url: string, credential: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/sync/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}
