import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPglite, openPostgres } from '../cloud/db.js';
import { migrateCloud } from '../cloud/migrate.js';
import { createDevice, createLocation, createOrganisation } from '../cloud/admin.js';
import { startCloudServer } from '../cloud/server.js';
import { api } from './helpers/cloud-accounts.js';

interface Run { code: number; stdout: string; stderr: string }

let dataDir: string;
/**
 * The cloud's embedded database as `npm run cloud` leaves it, made once: starting PGlite and migrating
 * takes several seconds, copying the closed directory a fraction of one.
 */
let migrated: string;
beforeAll(async () => {
  migrated = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-cloud-admin-migrated-'));
  const db = await openPglite(migrated);
  await migrateCloud(db);
  await db.close();
}, 120_000);
afterAll(() => { if (migrated) fs.rmSync(migrated, { recursive: true, force: true }); });
/** Each test starts with its own copy of that database in dataDir. */
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-cloud-admin-'));
  fs.cpSync(migrated, dataDir, { recursive: true });
});
afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

const TSX = pathToFileURL(path.resolve('node_modules/tsx/dist/loader.mjs')).href;
const SCRIPT = path.resolve('cloud/admin-cli.ts');

interface AdminOptions {
  /** The --pglite directory (default: dataDir); null: none passed. */
  pglite?: string | null;
  env?: Record<string, string>;
  /** The operator's working directory (default: the repository). */
  cwd?: string;
}

/** The real `npm run cloud:admin`, as the operator runs it, on the PGlite database in dataDir unless told otherwise. */
function admin(args: string[], stdin?: string, options: AdminOptions = {}): Promise<Run> {
  const pglite = options.pglite === undefined ? dataDir : options.pglite;
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', TSX, SCRIPT, ...args, ...(pglite === null ? [] : ['--pglite', pglite])], {
      cwd: options.cwd, env: { ...process.env, DATABASE_URL: '', CLOUD_DATA_DIR: undefined, CLOUD_ADMIN_PASSWORD: undefined, ...options.env }, timeout: 60_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
    child.stdin?.end(stdin ?? '');
  });
}

describe('npm run cloud:admin for owners', () => {
  it('org create prints a one-time password link; the operator can also set the password from stdin', async () => {
    const created = await admin(['org', 'create', '--name', 'Chez Ann', '--owner-email', 'Ann@Example.com', '--owner-name', 'Ann', '--base-url', 'https://cloud.example.com/', '--json']);
    expect(created.code).toBe(0);
    const org = JSON.parse(created.stdout);
    expect(org.ownerPasswordLink.url).toMatch(/^https:\/\/cloud\.example\.com\/invite\/bci_[A-Za-z0-9_-]{43}$/);
    const tooShort = await admin(['owner', 'password', '--email', 'ann@example.com'], 'short\n');
    expect(tooShort.code).toBe(1);
    expect(tooShort.stderr).toContain('at least 10 characters');
    const set = await admin(['owner', 'password', '--email', 'ANN@example.com'], 'set by the operator\n');
    expect(set.code).toBe(0);
    expect(set.stdout + set.stderr).not.toContain('set by the operator');

    const db = await openPglite(dataDir);
    const server = await startCloudServer({ db, logger: pino({ level: 'silent' }), port: 0 });
    try {
      const login = (password: string) => api(server.url, 'POST', '/api/auth/login', { body: { email: 'ann@example.com', password } });
      expect((await login('set by the operator')).status).toBe(200);
      // The link still works once: it sets a new password and the old one stops working.
      const linkPath = new URL(org.ownerPasswordLink.url).pathname;
      const page = await api(server.url, 'GET', linkPath);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Set your password');
      const token = linkPath.split('/').pop();
      const accepted = await api(server.url, 'POST', '/api/invitations/accept', { body: { token, name: 'Ann B.', password: 'chosen by ann herself' } });
      expect(accepted.status).toBe(201);
      expect((await login('set by the operator')).status).toBe(401);
      const me = await api(server.url, 'GET', '/api/me', { token: (await login('chosen by ann herself')).body.token });
      expect(me.body).toMatchObject({ role: 'owner', account: { email: 'ann@example.com', name: 'Ann B.' }, organisation: { name: 'Chez Ann' } });
      expect((await api(server.url, 'POST', '/api/invitations/accept', { body: { token, name: 'Eve', password: 'another password' } })).status).toBe(410);
    } finally {
      await server.stop();
      await db.close();
    }
    const link = await admin(['owner', 'link', '--email', 'nobody@example.com']);
    expect(link.code).toBe(1);
    expect(link.stderr).toContain('No account with email nobody@example.com');
  }, 90_000);

  it('device show lists the box a credential is bound to and the boxes refused on it; allow-replacement and replace hand it over', async () => {
    // The device is made in-process (with what the CLI calls) on the database the server opens anyway:
    // three CLI processes fewer; the CLI's own org/location/device create are run in the revoke test.
    const db = await openPglite(dataDir);
    const org = await createOrganisation(db, { name: 'Chez Bo', ownerEmail: 'bo@example.com', ownerName: 'Bo' });
    const location = await createLocation(db, { organisationId: org.id, name: 'Rue X' });
    const device = await createDevice(db, { locationId: location.id, name: 'box 1' });
    const server = await startCloudServer({ db, logger: pino({ level: 'silent' }), port: 0 });
    const watermark = (boxId: string) => api(server.url, 'GET', '/sync/watermark?epoch=1', { token: device.credential, headers: { 'x-brigade-box-id': boxId } });
    try {
      expect((await watermark('box-aaaa-1111')).status).toBe(200);
      const second = await watermark('box-bbbb-2222');
      expect(second.status).toBe(409);
      expect(second.body.error.code).toBe('DEVICE_CREDENTIAL_IN_USE');
    } finally {
      await server.stop();
      await db.close();
    }
    const shown = await admin(['device', 'show', '--device', device.id]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ boxId: 'box-aaaa-1111', refusedBoxes: [{ boxId: 'box-bbbb-2222', attempts: 1 }] });
    expect(JSON.parse((await admin(['device', 'allow-replacement', '--device', device.id])).stdout)).toMatchObject({ boundBoxId: 'box-aaaa-1111' });
    const replaced = await admin(['device', 'replace', '--device', device.id, '--box', 'box-bbbb-2222']);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ boxId: 'box-bbbb-2222', previousBoxId: 'box-aaaa-1111' });
    expect(JSON.parse((await admin(['device', 'show', '--device', device.id])).stdout)).toMatchObject({ boxId: 'box-bbbb-2222', replacementAllowedAt: null, refusedBoxes: [] });
    const unknown = await admin(['device', 'allow-replacement', '--device', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No active device with id nope');
  }, 120_000);
});

describe('npm run cloud:admin replaces a dead box', () => {
  it('device create-replacement prints a fresh credential for the same location and revokes the dead one in one go; the dead box is refused, the new one served; twice is refused', async () => {
    // The dead box's device is made in-process: one open of the database instead of three CLI processes.
    const setup = await openPglite(dataDir);
    const location = await createLocation(setup, { organisationId: (await createOrganisation(setup, { name: 'Chez Dee', ownerEmail: 'dee@example.com', ownerName: 'Dee' })).id, name: 'Rue Y' });
    const dead = await createDevice(setup, { locationId: location.id, name: 'box 1' });
    await setup.close();
    const made = await admin(['device', 'create-replacement', '--device', dead.id, '--name', 'box 2']);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('restore-from-cloud');
    const fresh = JSON.parse(made.stdout);
    expect(fresh).toMatchObject({ locationId: location.id, name: 'box 2', replaces: dead.id });
    expect(fresh.credential.startsWith(`${fresh.id}.`)).toBe(true);
    expect(JSON.parse((await admin(['device', 'show', '--device', dead.id])).stdout).revokedAt).not.toBeNull();

    const db = await openPglite(dataDir);
    const server = await startCloudServer({ db, logger: pino({ level: 'silent' }), port: 0 });
    try {
      const watermark = (credential: string, boxId: string) => api(server.url, 'GET', '/sync/watermark?epoch=1', { token: credential, headers: { 'x-brigade-box-id': boxId } });
      expect((await watermark(dead.credential, 'box-dead-0001')).status).toBe(401);
      expect((await watermark(fresh.credential, 'box-new-00001')).status).toBe(200);
      expect((await db.query<{ replaced_by_device_id: string }>('SELECT replaced_by_device_id FROM devices WHERE id = $1', [dead.id])).rows[0]!.replaced_by_device_id).toBe(fresh.id);
    } finally {
      await server.stop();
      await db.close();
    }
    const again = await admin(['device', 'create-replacement', '--device', dead.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`was already replaced by device ${fresh.id}: nothing was created`);
    const unknown = await admin(['device', 'create-replacement', '--device', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No device with id nope: nothing was created or revoked.');
  }, 120_000);
});

describe('npm run cloud:admin names its database and says when nothing was done', () => {
  it('device revoke revokes a real device once; an unknown or already revoked device exits 1 saying nothing was revoked', async () => {
    const org = JSON.parse((await admin(['org', 'create', '--name', 'Chez Ann', '--owner-email', 'ann@example.com', '--owner-name', 'Ann', '--json'])).stdout);
    const location = JSON.parse((await admin(['location', 'create', '--org', org.id, '--name', 'Rue Oberkampf'])).stdout);
    const device = JSON.parse((await admin(['device', 'create', '--location', location.id, '--name', 'box 1', '--json'])).stdout);

    const revoked = await admin(['device', 'revoke', '--device', device.id]);
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toEqual({ revoked: true });
    expect(revoked.stderr).toContain(`Using embedded PGlite at ${dataDir}`);

    const again = await admin(['device', 'revoke', '--device', device.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Device ${device.id} was already revoked`);
    const unknown = await admin(['device', 'revoke', '--device', 'no-such-device']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No device with id no-such-device: nothing was revoked.');
    expect(unknown.stdout).toBe('');
  }, 90_000);

  it('without DATABASE_URL or --pglite every command refuses with exit 2 and creates no database', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-cloud-admin-cwd-'));
    try {
      const runs = await Promise.all([
        admin(['device', 'revoke', '--device', 'x'], undefined, { pglite: null, cwd }),
        admin(['org', 'create', '--name', 'A', '--owner-email', 'a@example.com', '--owner-name', 'A'], undefined, { pglite: null, cwd, env: { CLOUD_DATA_DIR: path.join(cwd, 'cloud') } }),
      ]);
      for (const run of runs) {
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('Name the database: set DATABASE_URL');
        expect(run.stdout).toBe('');
      }
      expect(fs.readdirSync(cwd)).toEqual([]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 90_000);

  it('--pglite on a directory without a cloud database refuses unless --create-db says to start one', async () => {
    const empty = path.join(dataDir, 'new-cloud');
    fs.mkdirSync(empty);
    const refused = await admin(['device', 'revoke', '--device', 'x'], undefined, { pglite: empty });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`No cloud database at ${empty}`);
    expect(fs.readdirSync(empty)).toEqual([]);
    const missing = await admin(['org', 'create', '--name', 'A', '--owner-email', 'a@example.com', '--owner-name', 'A'], undefined, { pglite: path.join(dataDir, 'typo') });
    expect(missing.code).toBe(2);
    expect(fs.existsSync(path.join(dataDir, 'typo'))).toBe(false);

    const created = await admin(['org', 'create', '--name', 'A', '--owner-email', 'a@example.com', '--owner-name', 'A', '--create-db', '--json'], undefined, { pglite: empty });
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).name).toBe('A');
    expect(created.stderr).toContain(`Using embedded PGlite at ${empty}`);
  }, 90_000);

  it('a PostgreSQL database the cloud never set up is refused, and the one in use is named without its password', async () => {
    const both = await admin(['device', 'revoke', '--device', 'x'], undefined, { env: { DATABASE_URL: 'postgres://ops:secret@127.0.0.1:1/none' } });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Both DATABASE_URL and --pglite are set');

    const url = process.env.TEST_DATABASE_URL;
    if (!url) return;
    const db = openPostgres(url, 1);
    await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await db.close();
    const withPassword = url.replace('://', '://admin-test:hunter2@');
    const refused = await admin(['device', 'revoke', '--device', 'x'], undefined, { pglite: null, env: { DATABASE_URL: url } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not a cloud database yet');
    const created = await admin(['org', 'create', '--name', 'A', '--owner-email', 'a@example.com', '--owner-name', 'A', '--create-db'], undefined, { pglite: null, env: { DATABASE_URL: url } });
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(/Using PostgreSQL postgres:\/\//);
    const unknown = await admin(['device', 'revoke', '--device', 'x'], undefined, { pglite: null, env: { DATABASE_URL: withPassword } });
    expect(unknown.stderr).not.toContain('hunter2');
  }, 90_000);
});
