import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from '../../scripts/lib/box-process.js';
import { openPglite, openPostgres, type CloudDb } from '../../cloud/db.js';
import { until } from './wait.js';

/** The environment a cloud process needs for its data, and a way for the test to open the same database. */
export interface CloudStore {
  env: Record<string, string>;
  open(): Promise<CloudDb>;
}

/**
 * Where a cloud *process* keeps its data: a fresh database on TEST_DATABASE_URL (dropped by the
 * cleanup it registers), else a PGlite dir under `dir`.
 */
export async function cloudStore(dir: string, cleanups: Array<() => Promise<void>>): Promise<CloudStore> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dataDir = path.join(dir, 'cloud');
    return { env: { CLOUD_DATA_DIR: dataDir }, open: () => openPglite(dataDir) };
  }
  const name = `brigade_proc_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, open: async () => openPostgres(url.toString()) };
}

/** `cloud/main.ts` as a real process; resolves once /healthz answers. */
export async function startCloudProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'cloud/main.ts')], {
    cwd: REPO_ROOT, env: { ...process.env, ...env, CLOUD_PORT: String(port), CLOUD_HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: 'ignore',
  });
  await until('the cloud to answer /healthz', async () => {
    if (child.exitCode !== null) throw new Error(`the cloud process exited (${child.exitCode})`);
    return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
  });
  return child;
}

/** Resolves when the process has exited (at once if it already has). */
export const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
