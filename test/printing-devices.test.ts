import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpRestaurant, startTestBox, type Restaurant, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { until } from './helpers/wait.js';

/**
 * A USB printer's address is a device file the box writes print jobs into. A manager must not be
 * able to point it at an ordinary file (the box would append every ticket to it), on create or on
 * any change, and the printer transport refuses anything but a printer's character device even
 * when the database says otherwise.
 */
let t: TestBox;
let r: Restaurant;
let tmp: string;
/** A scratch directory under /dev (tmpfs, writable by anyone) for links and files that look like devices. */
let devShm: string | null;
let target: string;

beforeAll(async () => {
  t = await startTestBox({ env: { PRINT_RETRY_BASE_MS: '20', PRINT_RETRY_MAX_MS: '50', PRINT_REPLY_TIMEOUT_MS: '300' } });
  r = await setUpRestaurant(t);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-dev-'));
  devShm = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/brigade-dev-') : null;
  target = path.join(tmp, 'x.txt');
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  if (devShm) fs.rmSync(devShm, { recursive: true, force: true });
});

const post = (body: unknown) => t.api('POST', '/printers', { token: r.ownerToken, body });
const patch = (id: string, body: unknown) => t.api('PATCH', `/printers/${id}`, { token: r.ownerToken, body });
let n = 0;
const device = (address: string) => ({ name: `USB ${++n}`, connection: 'device', address });

/** The addresses a manager might try, and why each is refused. */
function refusedAddresses(): Array<[string, string, string]> {
  const link = path.join(tmp, 'lp0');
  if (!fs.existsSync(link)) fs.symlinkSync('/dev/null', link);
  const cases: Array<[string, string, string]> = [
    ['a path that climbs out of /dev with ..', `/dev/../${path.relative('/', target)}`, 'dot_segments'],
    ['a path with a . segment', '/dev/./null', 'dot_segments'],
    ['a file outside /dev', target, 'not_under_dev'],
    ['a link in a temp dir, even to /dev/null', link, 'not_under_dev'],
    ['a device that does not exist', '/dev/usb/lp97', 'not_found'],
    ['a character device that is not a printer', '/dev/zero', 'not_a_printer_device'],
  ];
  if (devShm) {
    const escape = path.join(devShm, 'lp1');
    if (!fs.existsSync(escape)) fs.symlinkSync(target, escape);
    const plain = path.join(devShm, 'lp2');
    fs.writeFileSync(plain, 'keep');
    cases.push(['a link under /dev that leads to a file in /tmp', escape, 'outside_dev'], ['a regular file under /dev', plain, 'not_a_printer_device']);
  }
  return cases;
}

describe('a USB printer must be a printer device under /dev', () => {
  it('/dev/null is a character device: accepted, and a test page goes into it', async () => {
    const res = await post(device('/dev/null'));
    expect(res.status).toBe(201);
    const job = await t.api('POST', `/printers/${res.body.id}/test`, { token: r.ownerToken });
    await until('the test page printed', async () => (await t.api('GET', `/print-jobs/${job.body.id}`, { token: r.ownerToken })).body.status === 'printed');
  });

  it('refuses each unsafe address on create with PRINTER_DEVICE_INVALID and its reason, writing nothing', async () => {
    fs.writeFileSync(target, 'keep');
    for (const [name, address, reason] of refusedAddresses()) {
      const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
      const res = await post(device(address));
      expect({ name, status: res.status, code: res.body.error?.code, reason: res.body.error?.details?.reason }).toEqual({ name, status: 400, code: 'PRINTER_DEVICE_INVALID', reason });
      expect(res.body.error.message).toMatch(/\w/);
      expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
    }
    expect(fs.readFileSync(target, 'utf8')).toBe('keep');
  });

  it('refuses each unsafe address on a change of the address alone, of the connection and address, and from a network printer', async () => {
    const usb = (await post(device('/dev/null'))).body.id as string;
    const network = (await post({ name: `Pass ${++n}`, address: '127.0.0.1:9' })).body.id as string;
    for (const [name, address, reason] of refusedAddresses()) {
      for (const [id, body] of [[usb, { address }], [usb, { connection: 'device', address }], [network, { connection: 'device', address }]] as const) {
        const before = dumpDatabase(t.dbFile, { exclude: ['audit_log'] });
        const res = await patch(id, body);
        expect({ name, body, status: res.status, code: res.body.error?.code, reason: res.body.error?.details?.reason })
          .toEqual({ name, body, status: 400, code: 'PRINTER_DEVICE_INVALID', reason });
        expect(dumpDatabase(t.dbFile, { exclude: ['audit_log'] })).toBe(before);
      }
    }
  });

  it('checks a new address alone against the stored connection: host:port for a network printer', async () => {
    const network = (await post({ name: `Pass ${++n}`, address: '127.0.0.1:9' })).body.id as string;
    const res = await patch(network, { address: '/dev/null' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect((await patch(network, { connection: 'device', address: '/dev/null' })).status).toBe(200);
  });

  it('a test page never appends to the file of the issue: PATCH of the address is refused and the file is never created', async () => {
    const file = path.join(tmp, 'issue.txt');
    const usb = (await post(device('/dev/null'))).body.id as string;
    expect((await patch(usb, { address: `/dev/..${file}` })).status).toBe(400);
    await t.api('POST', `/printers/${usb}/test`, { token: r.ownerToken });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('the transport refuses a regular file that got into the database behind the API, and writes nothing to it', async () => {
    const usb = (await post(device('/dev/null'))).body.id as string;
    const file = path.join(tmp, 'planted.txt');
    fs.writeFileSync(file, 'keep');
    const db = new Database(t.dbFile);
    db.prepare('update printers set address = ? where id = ?').run(file, usb);
    db.close();
    const job = (await t.api('POST', `/printers/${usb}/test`, { token: r.ownerToken })).body;
    let seen: { status: string; attempts: number; lastError: string | null } = job;
    await until('the worker tried the job', async () => {
      seen = (await t.api('GET', `/print-jobs/${job.id}`, { token: r.ownerToken })).body;
      return seen.attempts >= 2 || seen.status === 'printed';
    });
    expect(seen.status).not.toBe('printed');
    expect(seen.lastError).toContain('Refused');
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
    await patch(usb, { enabled: false });
  });
});
