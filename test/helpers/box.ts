import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startBox, type Box } from '../../src/main.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Role } from '../../src/auth/permissions.js';

export interface ApiResponse<T = any> {
  status: number;
  // Tests read arbitrary JSON bodies; `any` keeps assertions short.
  body: T;
  headers: Headers;
}

export interface TestBox {
  box: Box;
  url: string;
  dataDir: string;
  dbFile: string;
  /** Real HTTP against the running box. `token` is sent as a bearer token. */
  api<T = any>(method: string, urlPath: string, options?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string }): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

/**
 * A fresh box on a real SQLite file in its own temp dir, listening on a free port (or on `port`,
 * for a test that restarts the box where its clients expect it).
 */
export async function startTestBox(options: { clock?: Clock; dataDir?: string; port?: number; env?: Record<string, string> } = {}): Promise<TestBox> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-test-'));
  // HTTPS (its own CA and certificate in the data dir) only for the tests that ask for it.
  const config = loadConfig({ PORT: String(options.port ?? 0), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', HTTPS_PORT: 'off', ...options.env });
  const box = await startBox({ config, clock: options.clock, logger: pino({ level: 'silent' }) });
  const api: TestBox['api'] = async (method, urlPath, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(box.url + urlPath, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON: keep the text */ }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return {
    box, url: box.url, dataDir, dbFile: config.dbFile, api,
    async close() {
      await box.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const DEFAULT_SETUP = {
  restaurantName: 'Chez Brigade',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  dayStartHour: 4,
  taxMode: 'exclusive',
  ownerName: 'Olive Owner',
  ownerPin: '1111',
} as const;

export interface Restaurant {
  t: TestBox;
  ownerToken: string;
  ownerId: string;
  /** The device the set-up ran on; others sign in on it too. */
  deviceToken: string;
  /** Creates a staff member with `role` and signs them in on the set-up device; returns their session token and id. */
  signInAs(role: Role, pin?: string): Promise<{ token: string; staffId: string; pin: string }>;
}

/** Sets the restaurant up through the API and returns helpers to act as each role. */
export async function setUpRestaurant(t: TestBox, overrides: Partial<Record<keyof typeof DEFAULT_SETUP, unknown>> & Record<string, unknown> = {}): Promise<Restaurant> {
  const res = await t.api('POST', '/setup', { body: { ...DEFAULT_SETUP, ...overrides } });
  if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${JSON.stringify(res.body)}`);
  const ownerToken: string = res.body.session.token;
  const deviceToken: string = res.body.device.token;
  let n = 0;
  return {
    t, ownerToken, deviceToken, ownerId: res.body.owner.id,
    async signInAs(role, pin) {
      n += 1;
      const staffPin = pin ?? String(2000 + n);
      const created = await t.api('POST', '/staff', { token: ownerToken, body: { name: `${role} ${n}`, role, pin: staffPin } });
      if (created.status !== 201) throw new Error(`staff create failed: ${JSON.stringify(created.body)}`);
      const signedIn = await t.api('POST', '/auth/sign-in', { token: deviceToken, body: { staffId: created.body.id, pin: staffPin } });
      if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.body)}`);
      return { token: signedIn.body.token, staffId: created.body.id, pin: staffPin };
    },
  };
}
