import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface Run { code: number; stdout: string; stderr: string }

let dataDir: string;
const closers: Array<() => Promise<void>> = [];
beforeEach(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-doctor-')); });
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      env: { ...process.env, DATA_DIR: dataDir, ...env }, timeout: 60_000,
    }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

/** A stand-in cloud whose clock is `skewMs` off: doctor reads its Date header. */
async function fakeCloud(skewMs: number): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.sendDate = false;
    res.writeHead(200, { date: new Date(Date.now() + skewMs).toUTCString() });
    res.end();
  });
  return `http://127.0.0.1:${await listen(server)}`;
}

const INIT = ['init', '--name', 'Doctor Bistro', '--currency', 'EUR', '--time-zone', 'Europe/Paris', '--tax-mode', 'inclusive', '--owner-name', 'Olive', '--owner-pin', '1234'];

describe('npm run cli -- doctor', () => {
  it('fails with what to do for a missing backup, an unreachable printer and a clock 5 minutes off, and passes once they are fixed', async () => {
    expect((await cli(INIT)).code).toBe(0);
    const printer = net.createServer((socket) => socket.end());
    const printerPort = await listen(printer);
    const deadPort = await listen(net.createServer());
    closers.pop()!(); // closed again: nothing listens on deadPort
    expect((await cli(['printers', 'add', '--name', 'Grill', '--address', `127.0.0.1:${printerPort}`])).code).toBe(0);
    expect((await cli(['printers', 'add', '--name', 'Bar', '--address', `127.0.0.1:${deadPort}`])).code).toBe(0);
    const skewed = await fakeCloud(-5 * 60_000);
    expect((await cli(['sync', 'configure', '--url', skewed, '--credential', 'device1.secretsecret'])).code).toBe(0);

    const sick = await cli(['doctor']);
    expect(sick.code).toBe(1);
    expect(sick.stdout).toMatch(/FAIL\s+backup age\s+no backup yet/);
    expect(sick.stdout).toContain('npm run cli -- backup now');
    expect(sick.stdout).toMatch(/FAIL\s+printer Bar\s+.*ECONNREFUSED/);
    expect(sick.stdout).toMatch(/ok\s+printer Grill/);
    expect(sick.stdout).toMatch(/FAIL\s+clock\s+box clock is (29\d|30\d) s ahead of the cloud/);
    expect(sick.stdout).toContain('timedatectl set-ntp true');
    expect(sick.stdout).toMatch(/ok\s+database quick_check\s+ok/);
    expect(sick.stdout).toMatch(/ok\s+cloud reachable/);

    expect((await cli(['backup', 'now'])).code).toBe(0);
    const rightOn = await fakeCloud(0);
    expect((await cli(['sync', 'configure', '--url', rightOn, '--credential', 'device1.secretsecret'])).code).toBe(0);
    const healthier = await cli(['doctor', '--json']);
    const report = JSON.parse(healthier.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean }> };
    const failing = report.checks.filter((c) => !c.ok).map((c) => c.name);
    expect(failing).toContain('printer Bar');
    for (const fixed of ['backup age', 'clock', 'cloud reachable', 'database quick_check', 'WAL size']) expect(failing).not.toContain(fixed);
    expect(healthier.code).toBe(1);
  });

  it('says so when the clock is behind what the box already wrote (a Pi booted without network)', async () => {
    expect((await cli(INIT)).code).toBe(0);
    expect((await cli(['doctor'])).stdout).toMatch(/ok\s+clock against the database/);
    const db = new Database(path.join(dataDir, 'brigade.db'));
    db.prepare("insert into audit_log (id, at, action) values ('future', ?, 'order.created')").run(Date.now() + 2 * 60 * 60_000);
    db.close();
    const run = await cli(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+clock against the database\s+the clock is 1(19|20) min behind the last time the box wrote/);
    expect(run.stdout).toContain('keeps time on from its last write');
  });

  it('says so when the cloud cannot be reached', async () => {
    expect((await cli(INIT)).code).toBe(0);
    const port = await listen(net.createServer());
    closers.pop()!();
    expect((await cli(['sync', 'configure', '--url', `http://127.0.0.1:${port}`, '--credential', 'device1.secretsecret'])).code).toBe(0);
    const run = await cli(['doctor']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+cloud reachable/);
    expect(run.stdout).toContain('changes queue on the box');
  });
});
