/**
 * The kitchen scenario's background load, run as its own process (child_process.fork): places
 * prepared orders at a steady rate over keep-alive HTTP connections. A process of its own, not a
 * thread of the bench, so its CPU time and garbage collection are not charged to the process that
 * timestamps the kitchen sockets' receipts; plain `node:http` with a keep-alive agent because it
 * costs a fraction of `fetch` per request, on a machine whose 2 cores the box also needs.
 *
 * Protocol: the parent sends one BackgroundOrdersJob; the child answers `{ ready: true }`, places
 * the orders, then sends a BackgroundOrdersResult and exits.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface BackgroundOrdersJob {
  url: string;
  token: string;
  /** Request bodies, one order each, used in turn (at least rate × seconds of them). */
  bodies: string[];
  rate: number;
  seconds: number;
}

export interface BackgroundOrdersResult {
  ok: number;
  failed: number;
  seconds: number;
}

/** At most this many requests in flight: a stalled box makes the generator wait, not open sockets without end. */
const MAX_SOCKETS = 32;

function run(job: BackgroundOrdersJob): Promise<BackgroundOrdersResult> {
  const target = new URL('/orders', job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let inflight = 0;
  const post = (body: string) => {
    inflight += 1;
    const req = http.request(target, {
      method: 'POST', agent,
      headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      res.resume();
      res.on('end', () => { inflight -= 1; if (res.statusCode === 201) ok += 1; else failed += 1; });
    });
    req.on('error', () => { inflight -= 1; failed += 1; });
    req.end(body);
  };
  const start = performance.now();
  return new Promise((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed < job.seconds) {
        // Catch up to the schedule: a late timer sends what was due, so the rate holds on average.
        const due = Math.min(job.bodies.length, Math.floor(elapsed * job.rate));
        while (sent < due) post(job.bodies[sent++]!);
        setTimeout(tick, 2);
        return;
      }
      if (inflight > 0) { setTimeout(tick, 5); return; }
      agent.destroy();
      resolve({ ok, failed, seconds: elapsed });
    };
    tick();
  });
}

// Only when forked by the kitchen scenario (process.send exists then).
if (process.send) {
  process.once('message', (job: BackgroundOrdersJob) => {
    process.send!({ ready: true });
    void run(job).then((result) => process.send!(result, () => process.exit(0)));
  });
}
