/** Runs one autocannon load against the box (in its own process) and turns the result into an HttpResult. */
import autocannon from 'autocannon';
import { processCpuMs } from './process-cpu.js';
import { progress } from './progress.js';
import type { HttpResult } from './types.js';

export interface LoadOptions {
  name: string;
  url: string;
  method: 'GET' | 'POST';
  path: string;
  connections: number;
  durationSeconds: number;
  expectedStatus: number;
  headers: Record<string, string>;
  /** Called before every request: returns that request's body (a new order each time). */
  body?: () => string;
  /** The box's process id, to measure its CPU time during the run. */
  boxPid?: number;
  /** Runs without reporting (JIT and SQLite page-cache warm-up). */
  quiet?: boolean;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** One load run. Resolves when autocannon is done; progress every second on stderr. */
export async function runLoad(options: LoadOptions): Promise<HttpResult> {
  const statusCounts: Record<string, number> = {};
  let ok = 0;
  let unexpected = 0;
  const started = Date.now();
  const cpuBefore = options.boxPid ? processCpuMs(options.boxPid) : null;
  let finish: (err: unknown, result: autocannon.Result) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, result) => (err ? reject(err) : resolve(result));
  });
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [{
      method: options.method,
      path: options.path,
      headers: options.headers,
      ...(options.body ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: options.body!() }) } : {}),
    }],
  }, (err, result) => finish(err, result));
  instance.on('response', (_client, statusCode) => {
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    if (statusCode === options.expectedStatus) ok += 1;
    else unexpected += 1;
  });
  const ticker = options.quiet ? undefined : setInterval(() => {
    const elapsed = (Date.now() - started) / 1000;
    progress(`${options.name}: ${elapsed.toFixed(0)}/${options.durationSeconds} s, ${ok} ok (${Math.round(ok / elapsed)}/s), ${unexpected} unexpected`);
  }, 1000);
  const result = await done.finally(() => clearInterval(ticker));
  const cpuAfter = options.boxPid ? processCpuMs(options.boxPid) : null;
  const boxCpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;

  return {
    kind: 'http',
    name: options.name,
    method: options.method,
    path: options.path,
    connections: options.connections,
    durationSeconds: round(result.duration),
    expectedStatus: options.expectedStatus,
    ok,
    requestsPerSecond: round(ok / result.duration),
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, average: round(result.latency.average), max: result.latency.max },
    errors: result.errors + unexpected,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    statusCounts,
    boxCpu: boxCpuMs === null ? null : { msPerRequest: round(boxCpuMs / Math.max(ok, 1)), coreShare: round(boxCpuMs / 1000 / result.duration) },
  };
}
