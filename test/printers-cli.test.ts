import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterEmulator, jobText } from '../printers/emulator/server.js';

interface Run { code: number; stdout: string; stderr: string }

let dataDir: string;
let emulator: PrinterEmulator;
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-cli-print-'));
  emulator = await PrinterEmulator.start();
});
afterEach(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  await emulator.close();
});

/** The real CLI in its own process, as at the box's console. */
function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, BRIGADE_OWNER_PIN: '482193', PRINT_CONNECT_TIMEOUT_MS: '300', PRINT_REPLY_TIMEOUT_MS: '300' }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

describe('npm run cli -- printers', () => {
  it('adds a printer, routes a station to it, lists both, and prints a test page that reports the printer\'s state', async () => {
    expect((await cli(['init', '--name', 'Chez CLI', '--currency', 'EUR', '--time-zone', 'Europe/Paris', '--tax-mode', 'inclusive', '--owner-name', 'Olive'])).code).toBe(0);
    const added = await cli(['printers', 'add', '--name', 'Grill', '--address', emulator.address, '--columns', '42']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain(`Added printer Grill at ${emulator.address} (42 columns, cp858)`);
    expect((await cli(['printers', 'route', '--station', 'grill', '--printer', 'Grill'])).stdout).toContain('station grill → Grill');
    const list = await cli(['printers', 'list']);
    expect(list.stdout).toMatch(/Grill\s+127\.0\.0\.1:\d+\s+42/);
    expect(list.stdout).toContain('station grill → Grill');
    const usb = await cli(['printers', 'add', '--name', 'USB', '--device', '--address', '/dev/null']);
    expect(usb.stdout).toContain('Added printer USB at /dev/null');

    expect((await cli(['printers', 'test', '--printer', 'Grill'])).stdout).toContain('Printed a test page on Grill');
    const [page] = await emulator.waitForJobs(1);
    expect(jobText(page!)).toContain('Euro: € 12.50');

    emulator.setStatus({ paperOut: true });
    const out = await cli(['printers', 'test', '--printer', 'Grill']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('paper out');
  });

  it('refuses a bad address, a USB "device" outside /dev, and an unknown printer with exit code 2 / 1 and a message', async () => {
    await cli(['init', '--name', 'Chez CLI', '--currency', 'EUR', '--time-zone', 'Europe/Paris', '--tax-mode', 'inclusive', '--owner-name', 'Olive']);
    const bad = await cli(['printers', 'add', '--name', 'X', '--address', 'not an address!']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--address');
    const outside = await cli(['printers', 'add', '--name', 'USB', '--device', '--address', `/dev/../${path.relative('/', dataDir)}/x.txt`]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('PRINTER_DEVICE_INVALID');
    expect(fs.existsSync(path.join(dataDir, 'x.txt'))).toBe(false);
    const unknown = await cli(['printers', 'route', '--station', 'grill', '--printer', 'Nope']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No printer "Nope"');
  });
});
