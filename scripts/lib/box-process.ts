/**
 * The real box as a child process (`node --import tsx src/main.ts`): what the crash test kills with
 * SIGKILL and what the benchmark loads from another process, so the load generator never shares the
 * box's event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = path.join(REPO_ROOT, 'src', 'main.ts');
/** `npm run build`'s output: what `npm start` runs. */
export const BUILT_MAIN = path.join(REPO_ROOT, 'dist', 'src', 'main.js');
/**
 * The memory settings `npm start` runs the build with (keep in step with package.json).
 * glibc: every thread that allocates (V8's compiler and GC helpers, libuv's pool, the checkpoint
 * worker) gets an arena of its own, and freed blocks above the (self-raising) mmap threshold stay in
 * the process: with two arenas and a fixed 128 kB threshold and trim point, about 30 MB less after
 * seeding and 40-100 MB less under load, at no CPU cost we could measure.
 * V8: a 32 MB young generation, and an old one allowed to grow to about 4× the live heap between full
 * collections (200+ MB under load for 30-50 MB live); 4 MB semi-spaces and a 1.2× growth step keep
 * it near the live heap, for more frequent collections (their CPU cost: README, Benchmarks).
 */
export const BUILT_NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=20'];
export const BUILT_ENV: Record<string, string> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };
/** How long a start may take; BOX_START_TIMEOUT_MS changes it. Generous: on a loaded machine (CI, shared cores) tsx compiling the box can take well over 20 s. */
const START_TIMEOUT_MS = Number(process.env.BOX_START_TIMEOUT_MS) || 60_000;
/** Last lines of the child's output, quoted when it fails to start. */
const OUTPUT_TAIL = 40;

export interface BoxProcessOptions {
  dataDir: string;
  /** Box log level (default warn: the bench and tests read results, not logs). */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * `source` (default): the TypeScript through tsx's loader, as tests run it (no build needed).
   * `built`: the compiled JavaScript from `npm run build` with plain node, as `npm start` runs it.
   */
  entry?: 'source' | 'built';
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] to profile the box. */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

export interface BoxProcess {
  url: string;
  port: number;
  pid: number;
  /** The node arguments it was started with, for reports (e.g. `--import tsx src/main.ts`). */
  command: string;
  /** Recent stdout/stderr lines, for failure messages. */
  output(): string;
  /** SIGKILL: no shutdown hooks, no flush — a power cut as far as the process is concerned. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the graceful stop (needed for --cpu-prof to write its profile). */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1: bind port 0, read the port, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`box exited during start (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`box did not answer /healthz within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

/** Starts the box on `dataDir` (created and migrated if new) and resolves once /healthz answers. */
export async function startBoxProcess(options: BoxProcessOptions): Promise<BoxProcess> {
  const port = await freePort();
  const built = options.entry === 'built';
  const args = built ? [...BUILT_NODE_FLAGS, ...(options.nodeArgs ?? []), BUILT_MAIN] : [...(options.nodeArgs ?? []), '--import', 'tsx', MAIN];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    // HTTPS off unless a caller asks: processes started side by side would all want port 8443.
    env: { ...(built ? BUILT_ENV : {}), HTTPS_PORT: 'off', ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: options.dataDir, LOG_LEVEL: options.logLevel ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (tail.length > OUTPUT_TAIL) tail.splice(0, tail.length - OUTPUT_TAIL);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const output = () => tail.join('\n');
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, output);
  return {
    url, port, pid: child.pid!, output,
    command: `${built ? Object.keys(BUILT_ENV).map((k) => `${k}=${process.env[k] ?? BUILT_ENV[k]} `).join('') : ''}node ${args.map((a) => (path.isAbsolute(a) ? path.relative(REPO_ROOT, a) : a)).join(' ')}`,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
