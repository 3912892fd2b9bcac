import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

let dataDir: string;
beforeEach(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-config-')); });
afterEach(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

/**
 * Starts the real box process (`src/main.ts`) with `env` and waits for it to exit (killed after 20 s).
 * With `whenListening`, calls it with the box's URL once the box logs that it listens.
 */
function startBoxProcess(env: Record<string, string>, whenListening?: (url: string, stop: () => void) => void): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const url = stdout.match(/"url":"([^"]+)"/)?.[1];
      if (url && whenListening) {
        const callback = whenListening;
        whenListening = undefined;
        callback(url, () => child.kill('SIGTERM'));
      }
    });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stderr, stdout }); });
  });
}

describe('start-up settings', () => {
  it.each(['abc', '70000'])('a PORT of %s stops the box at once with a message naming PORT', async (port) => {
    const run = await startBoxProcess({ PORT: port });
    expect(run.code).not.toBe(0);
    expect(run.code).not.toBeNull();
    expect(run.stderr).toContain('PORT');
    expect(run.stderr).toContain(port);
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('names every bad setting in one message, so they can all be fixed at once', async () => {
    const run = await startBoxProcess({ PORT: '-1', LOG_LEVEL: 'loud', SESSION_HOURS: '0' });
    expect(run.code).not.toBe(0);
    for (const name of ['PORT', 'LOG_LEVEL', 'SESSION_HOURS']) expect(run.stderr).toContain(name);
  });

  it('starts with good settings and stops cleanly on SIGTERM', async () => {
    let health: unknown;
    const run = await startBoxProcess({ PORT: '0', LOG_LEVEL: 'info' }, (url, stop) => {
      fetch(`${url}/healthz`).then((res) => res.json()).then((body) => { health = body; }).finally(stop);
    });
    expect(health).toMatchObject({ status: 'ok', initialized: false });
    expect(run.stdout).toContain('stopping');
    expect(run.code).toBe(0);
  });

  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', logLevel: 'info', sessionHours: 16, pairingCodeMinutes: 10 });
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.dbFile).toBe(path.resolve('data', 'brigade.db'));
  });
});
