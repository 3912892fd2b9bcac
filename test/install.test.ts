import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

interface Run { code: number; stdout: string; stderr: string }

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-install-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATA_DIR: path.join(dir, 'data') }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

let analyze: string | null = null;
try {
  execFileSync('systemd-analyze', ['--version'], { stdio: 'pipe' });
  analyze = 'systemd-analyze';
} catch {
  console.warn('systemd-analyze is not installed (Debian package systemd): the unit is checked key by key only');
}

const unitKeys = (unit: string) => new Map(unit.split('\n').filter((l) => /^\w+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

describe('npm run cli -- install', () => {
  it('prints a hardened unit with --dry-run and writes nothing', async () => {
    const run = await cli(['install', '--dry-run', '--data-dir', '/srv/brigade', '--port', '8081']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const keys = unitKeys(run.stdout);
    expect(Object.fromEntries(['User', 'Group', 'Restart', 'NoNewPrivileges', 'ProtectSystem', 'ReadWritePaths', 'PrivateTmp', 'StandardOutput', 'StandardError', 'WantedBy']
      .map((k) => [k, keys.get(k)]))).toEqual({
      User: 'brigade', Group: 'brigade', Restart: 'always', NoNewPrivileges: 'true', ProtectSystem: 'strict', ReadWritePaths: '/srv/brigade',
      PrivateTmp: 'true', StandardOutput: 'journal', StandardError: 'journal', WantedBy: 'multi-user.target',
    });
    expect(run.stdout).toContain('Environment=DATA_DIR=/srv/brigade');
    expect(run.stdout).toContain('Environment=PORT=8081');
    expect(keys.get('ExecStart')).toBe(`${process.execPath} --max-semi-space-size=4 --heap-growing-percent=20 --max-old-space-size=192 ${path.resolve('dist/src/main.js')}`);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.runIf(analyze)('writes a unit that systemd-analyze verify accepts, and prints the steps that finish the install', async () => {
    const unitPath = path.join(dir, 'brigade.service');
    const run = await cli(['install', '--unit-path', unitPath, '--data-dir', path.join(dir, 'data')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('useradd --system');
    expect(run.stdout).toContain('systemctl enable --now brigade.service');
    const verify = await new Promise<Run>((resolve) => execFile(analyze!, ['verify', unitPath], (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })));
    expect(verify.stderr).toBe('');
    expect(verify.code).toBe(0);
  });

  it('refuses a relative data dir, naming the flag', async () => {
    const run = await cli(['install', '--dry-run', '--data-dir', 'data']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--data-dir: an absolute path/);
  });
});
