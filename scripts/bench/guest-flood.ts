/**
 * The guest-orders scenario's flood, run as its own process (child_process.fork) so its CPU is not
 * charged to the process that times the waiter's orders: one phone (one local address) sends guest
 * orders to one table at a steady rate over kept-alive connections, and counts the answers.
 *
 * Protocol: the parent sends one GuestFloodJob; the child answers `{ ready: true }`, floods, then
 * sends a GuestFloodResult and exits.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface GuestFloodJob { url: string; tableId: string; token: string; line: unknown; rate: number; seconds: number; localAddress: string }
export interface GuestFloodResult { sent: number; seconds: number; statuses: Record<string, number> }

function run(job: GuestFloodJob): Promise<GuestFloodResult> {
  const base = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const statuses: Record<string, number> = {};
  const count = (key: string) => { statuses[key] = (statuses[key] ?? 0) + 1; };
  let sent = 0;
  let inflight = 0;
  const send = () => {
    const body = JSON.stringify({ id: randomUUID(), kind: 'order', lines: [job.line] });
    inflight += 1;
    const req = http.request({ host: base.hostname, port: base.port, method: 'POST', path: `/public/tables/${job.tableId}/requests`, agent, localAddress: job.localAddress,
      headers: { 'x-table-token': job.token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => { inflight -= 1; count(String(res.statusCode)); });
    });
    req.on('error', () => { inflight -= 1; count('error'); });
    req.end(body);
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= job.seconds) {
        clearInterval(timer);
        const wait = setInterval(() => { if (inflight === 0) { clearInterval(wait); agent.destroy(); resolve({ sent, seconds: elapsed, statuses }); } }, 10);
        return;
      }
      for (let due = Math.floor(elapsed * job.rate) - sent; due > 0; due--) { sent += 1; send(); }
    }, 5);
  });
}

process.once('message', (job: GuestFloodJob) => {
  process.send!({ ready: true });
  void run(job).then((result) => { process.send!(result, () => process.exit(0)); });
});
