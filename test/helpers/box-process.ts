/**
 * The real box in a child process on a temp data dir, for tests that must kill it (SIGKILL) and
 * start it again on the same files. Requests go over real HTTP to whichever process is current.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBoxProcess, type BoxProcess } from '../../scripts/lib/box-process.js';
import { apiClient, type Api, type RequestOptions } from '../../scripts/lib/http.js';

export interface KillableBox {
  dataDir: string;
  dbFile: string;
  /** The running process (replaced by restart). */
  readonly current: BoxProcess;
  /** HTTP to the current process; rejects while it is dead. */
  api: Api;
  /** SIGKILL, then wait until the process is gone. */
  kill(): Promise<void>;
  /** Starts a new process on the same data dir and waits for /healthz. */
  restart(): Promise<void>;
  /** Stops the process if alive and removes the data dir. */
  close(): Promise<void>;
}

/** Starts the box as a child process on a fresh temp data dir. */
export async function startKillableBox(options: { env?: Record<string, string> } = {}): Promise<KillableBox> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-crash-'));
  let current = await startBoxProcess({ dataDir, env: options.env });
  let alive = true;
  let client = apiClient(current.url);
  return {
    dataDir,
    dbFile: path.join(dataDir, 'brigade.db'),
    get current() { return current; },
    api: <T>(method: string, urlPath: string, options?: RequestOptions) => client<T>(method, urlPath, options),
    async kill() {
      await current.kill();
      alive = false;
    },
    async restart() {
      if (alive) await current.kill();
      current = await startBoxProcess({ dataDir, env: options.env });
      client = apiClient(current.url);
      alive = true;
    },
    async close() {
      if (alive) await current.kill();
      alive = false;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
