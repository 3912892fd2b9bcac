import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dumpDatabase } from './helpers/db-dump.js';
import { startTestBox } from './helpers/box.js';

interface Run { code: number; stdout: string; stderr: string }

let dataDir: string;
beforeEach(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-cli-')); });
afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

/** Runs the real CLI as a separate process, as a person at the box's console would. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, ...env }, timeout: 30_000,
    }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const INIT = ['init', '--name', 'Chez Marcel — Café', '--currency', 'EUR', '--time-zone', 'Europe/Paris', '--tax-mode', 'inclusive',
  '--owner-name', 'Marcel Dupont', '--service-charge-percent', '12.5'];
const dbFile = () => path.join(dataDir, 'brigade.db');

describe('npm run cli -- init', () => {
  it('sets the restaurant up with the PIN from BRIGADE_OWNER_PIN, and never prints the PIN', async () => {
    const run = await cli(INIT, { BRIGADE_OWNER_PIN: '482193' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Chez Marcel — Café');
    expect(run.stdout + run.stderr).not.toContain('482193');

    const status = await cli(['status', '--json']);
    const report = JSON.parse(status.stdout);
    expect(report.initialized).toBe(true);
    expect(report.restaurant).toMatchObject({ name: 'Chez Marcel — Café', currency: 'EUR', timeZone: 'Europe/Paris', dayStartHour: 4, taxMode: 'inclusive', serviceChargeBp: 1250, discountLimitBp: 1000 });
    expect(report.counts.staff).toBe(1);
    expect(report.counts.pendingChanges).toBeGreaterThan(0);
  });

  it('refuses a second set-up with ALREADY_INITIALIZED and a non-zero exit, keeping the first restaurant', async () => {
    expect((await cli([...INIT, '--owner-pin', '1234'])).code).toBe(0);
    const before = dumpDatabase(dbFile());
    const again = await cli(['init', '--name', 'Other Place', '--currency', 'USD', '--time-zone', 'America/New_York', '--tax-mode', 'exclusive',
      '--owner-name', 'Someone', '--owner-pin', '9999']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('ALREADY_INITIALIZED');
    expect(dumpDatabase(dbFile())).toBe(before);
  });

  it('names the bad flag for a bad currency and writes nothing at all', async () => {
    const run = await cli(['init', '--name', 'Chez Marcel', '--currency', 'euro', '--time-zone', 'Europe/Paris', '--tax-mode', 'inclusive',
      '--owner-name', 'Marcel', '--owner-pin', '1234']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('VALIDATION_FAILED');
    expect(run.stderr).toMatch(/--currency: .*ISO 4217/);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('lists every problem at once, saying which flags are missing', async () => {
    const run = await cli(['init', '--name', 'Chez Marcel', '--currency', 'EUR', '--time-zone', 'Mars/Olympus', '--day-start-hour', '25']);
    expect(run.code).toBe(2);
    for (const flag of ['--time-zone', '--day-start-hour', '--tax-mode', '--owner-name', '--owner-pin']) expect(run.stderr).toContain(flag);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});

describe('npm run cli -- staff', () => {
  it('adds staff members and lists them by name and role, without their PINs', async () => {
    await cli([...INIT, '--owner-pin', '1234']);
    const added = await cli(['staff', 'add', '--name', 'Wanda Élise', '--role', 'waiter', '--pin', '5678']);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Wanda Élise (waiter)');
    expect((await cli(['staff', 'add', '--name', 'Kim', '--role', 'kitchen'], { BRIGADE_STAFF_PIN: '8765' })).code).toBe(0);

    const list = await cli(['staff', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/Marcel Dupont\s+owner/);
    expect(list.stdout).toMatch(/Wanda Élise\s+waiter/);
    expect(list.stdout).toMatch(/Kim\s+kitchen/);
    expect(list.stdout).not.toMatch(/5678|8765/);
    expect(JSON.parse((await cli(['staff', 'list', '--json'])).stdout)).toHaveLength(3);
  });

  it('refuses an unknown role with the flag named and the database unchanged', async () => {
    await cli([...INIT, '--owner-pin', '1234']);
    const before = dumpDatabase(dbFile());
    const run = await cli(['staff', 'add', '--name', 'Bob', '--role', 'chef', '--pin', '1234']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--role: /);
    expect(dumpDatabase(dbFile())).toBe(before);
  });

  it('says the box is not set up yet rather than adding staff to an empty box', async () => {
    const run = await cli(['staff', 'add', '--name', 'Bob', '--role', 'waiter', '--pin', '1234']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NOT_INITIALIZED');
  });
});

describe('the CLI next to a running box', () => {
  it('sets up, adds a waiter and makes a pairing code the running server accepts', async () => {
    const t = await startTestBox({ dataDir });
    try {
      expect((await t.api('GET', '/setup')).body.initialized).toBe(false);
      expect((await cli([...INIT, '--owner-pin', '1234'])).code).toBe(0);
      expect((await t.api('GET', '/setup')).body.initialized).toBe(true);
      expect((await cli(['staff', 'add', '--name', 'Wanda', '--role', 'waiter', '--pin', '5678'])).code).toBe(0);

      const made = await cli(['pairing-code', '--name', 'Tablet 1', '--kind', 'tablet']);
      expect(made.code).toBe(0);
      const code = made.stdout.match(/: ([A-Z0-9]{8})\n/)?.[1];
      expect(code).toBeDefined();
      const paired = await t.api('POST', '/devices/pair', { body: { code } });
      expect(paired.status).toBe(201);
      const roster = await t.api('GET', '/auth/roster', { token: paired.body.token });
      const wanda = roster.body.find((s: { name: string }) => s.name === 'Wanda');
      const session = await t.api('POST', '/auth/sign-in', { token: paired.body.token, body: { staffId: wanda.id, pin: '5678' } });
      expect(session.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('npm run cli -- help', () => {
  it('lists every command, and an unknown command exits with a usage error', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    for (const c of ['init', 'status', 'staff add', 'staff list', 'pairing-code']) expect(help.stdout).toContain(c);
    const bad = await cli(['launch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error USAGE');
  });

  it('reports a box with no database yet as not set up, without creating one', async () => {
    const run = await cli(['status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Not set up');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});
