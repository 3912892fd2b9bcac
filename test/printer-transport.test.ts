import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PrinterEmulator } from '../printers/emulator/server.js';
import { TcpTransport } from '../printers/transport/tcp.js';
import { DeviceFileTransport } from '../printers/transport/device-file.js';
import { openCharacterDevice } from '../printers/transport/device-path.js';
import { PrintError } from '../printers/transport/types.js';
import { encodeDocument } from '../printers/encoding/encode.js';
import { renderTemplate } from '../printers/templates/index.js';

const emulators: PrinterEmulator[] = [];
afterEach(async () => { await Promise.all(emulators.splice(0).map((e) => e.close())); });
const timeouts = { connectMs: 500, replyMs: 300 };
const page = encodeDocument(renderTemplate('test-page', { printerName: 'P', address: 'a', printedAt: 'now' }, { columns: 42 }), { columns: 42, codePage: 'cp858' });

async function emulator(options: Parameters<typeof PrinterEmulator.start>[0] = {}) {
  const e = await PrinterEmulator.start(options);
  emulators.push(e);
  return e;
}

async function failure(promise: Promise<unknown>): Promise<PrintError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(PrintError);
  return error as PrintError;
}

describe('TCP transport', () => {
  it('sends a job and reads the status after it', async () => {
    const e = await emulator({ status: { paperNearEnd: true } });
    const result = await new TcpTransport('127.0.0.1', e.port, timeouts).send(page);
    expect(result.status).toEqual({ offline: false, coverOpen: false, paperNearEnd: true, paperOut: false });
    expect((await e.waitForJobs(1))[0]!.complete).toBe(true);
  });

  it('decodes paper out, cover open and offline, and prints nothing then', async () => {
    const e = await emulator();
    const t = new TcpTransport('127.0.0.1', e.port, timeouts);
    for (const [status, failureName] of [[{ paperOut: true }, 'paper_out'], [{ coverOpen: true }, 'cover_open'], [{ offline: true }, 'offline']] as const) {
      e.setStatus(status);
      const error = await failure(t.send(page));
      expect(error.failure).toBe(failureName);
      expect(error.bytesStarted).toBe(false);
    }
    expect(await t.status()).toMatchObject({ offline: true });
    expect(e.jobs).toEqual([]);
  });

  it('a refused connection is unreachable, with no bytes sent', async () => {
    const e = await emulator({ mode: 'refuse' });
    const error = await failure(new TcpTransport('127.0.0.1', e.port, timeouts).send(page));
    expect(error).toMatchObject({ failure: 'unreachable', bytesStarted: false });
  });

  it('a printer that accepts but never answers times out without sending the job', async () => {
    const e = await emulator({ mode: 'hang' });
    const error = await failure(new TcpTransport('127.0.0.1', e.port, timeouts).send(page));
    expect(error).toMatchObject({ failure: 'timeout', bytesStarted: false });
  });

  it('a connection dropped mid-job is reported as maybe started', async () => {
    const e = await emulator({ mode: 'close-mid-job', closeAfterBytes: 40 });
    const error = await failure(new TcpTransport('127.0.0.1', e.port, timeouts).send(page));
    expect(error.bytesStarted).toBe(true);
    const [job] = await e.waitForJobs(1);
    expect(job!.complete).toBe(false);
  });
});

describe('device-file transport', () => {
  it('a printer device takes the job (/dev/null: a character device)', async () => {
    await expect(new DeviceFileTransport('/dev/null', timeouts).send(page)).resolves.toEqual({ status: null });
  });

  it('refuses a regular file, even one it is told to use, and writes nothing to it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-lp-')), 'lp0');
    fs.writeFileSync(file, 'keep');
    const error = await failure(new DeviceFileTransport(file, timeouts).send(page));
    expect(error).toMatchObject({ failure: 'unreachable', bytesStarted: false });
    expect(error.message).toContain('Refused');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
  });

  it('never creates a file: a missing device is unreachable', async () => {
    const error = await failure(new DeviceFileTransport('/dev/usb/lp97', timeouts).send(page));
    expect(error).toMatchObject({ failure: 'unreachable', bytesStarted: false });
    expect(fs.existsSync('/dev/usb/lp97')).toBe(false);
  });

  it('at open time, a file or a link swapped in where the device was is refused on the open descriptor', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-lp-'));
    const file = path.join(dir, 'lp0');
    fs.writeFileSync(file, 'keep');
    fs.symlinkSync('/dev/null', path.join(dir, 'lp1'));
    await expect(openCharacterDevice(file)).rejects.toMatchObject({ reason: 'not_character_device' });
    await expect(openCharacterDevice(path.join(dir, 'lp1'))).rejects.toMatchObject({ reason: 'outside_dev' });
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
    const handle = await openCharacterDevice('/dev/null');
    await handle.close();
  });
});
