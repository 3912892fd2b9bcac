import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPglite } from '../cloud/db.js';
import { startCloudServer } from '../cloud/server.js';
import { api } from './helpers/cloud-accounts.js';

interface Run { code: number; stdout: string; stderr: string }

let dataDir: string;
beforeEach(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-cloud-admin-')); });
afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

/** The real `npm run cloud:admin`, as the operator runs it, on PGlite files under dataDir. */
function admin(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', 'cloud/admin-cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '', CLOUD_DATA_DIR: dataDir, CLOUD_ADMIN_PASSWORD: undefined }, timeout: 60_000,
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
    const org = JSON.parse((await admin(['org', 'create', '--name', 'Chez Bo', '--owner-email', 'bo@example.com', '--owner-name', 'Bo', '--json'])).stdout);
    const location = JSON.parse((await admin(['location', 'create', '--org', org.id, '--name', 'Rue X'])).stdout);
    const device = JSON.parse((await admin(['device', 'create', '--location', location.id, '--name', 'box 1', '--json'])).stdout);
    const db = await openPglite(dataDir);
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
