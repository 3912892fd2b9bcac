import { expect } from 'vitest';
import { PrinterEmulator, jobText, type ReceivedJob } from '../../printers/emulator/server.js';
import type { DomainEvent } from '../../src/events/bus.js';
import type { TestBox } from './box.js';

/** Print settings that make retries and fail-over happen in test time. */
export const FAST_PRINT_ENV = {
  PRINT_CONNECT_TIMEOUT_MS: '300', PRINT_REPLY_TIMEOUT_MS: '300', PRINT_RETRY_BASE_MS: '20', PRINT_RETRY_MAX_MS: '100', PRINT_FAILOVER_AFTER: '2',
};

/** Adds an emulated printer to the box through the API; returns its id. */
export async function addPrinter(t: TestBox, token: string, name: string, emulator: PrinterEmulator, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.api('POST', '/printers', { token, body: { name, address: emulator.address, ...extra } });
  expect(res.status).toBe(201);
  return res.body.id;
}

export async function route(t: TestBox, token: string, kind: 'station' | 'receipt', key: string, printerId: string, backupPrinterId: string | null = null): Promise<void> {
  const res = await t.api('PUT', '/printer-routes', { token, body: { kind, key, printerId, backupPrinterId } });
  expect(res.status).toBe(200);
}

/** The order number printed on a kitchen ticket ("#12  T T1" → 12). */
export function ticketNumber(job: ReceivedJob): number {
  const head = jobText(job).find((t) => /^#\d+/.test(t));
  return Number(/^#(\d+)/.exec(head ?? '')?.[1]);
}

export function isReprint(job: ReceivedJob): boolean {
  return jobText(job)[0] === 'REPRINT';
}

/** Resolves when an event matching `test` is published (rejects after `timeoutMs`). */
export function nextEvent(t: TestBox, test: (e: DomainEvent) => boolean, timeoutMs = 10_000): Promise<DomainEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error('event not seen')); }, timeoutMs);
    const off = t.box.deps.bus.subscribe((e) => { if (test(e)) { clearTimeout(timer); off(); resolve(e); } });
  });
}

/** Polls until `check` returns a value (print jobs settle on the worker's own time). */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
