/**
 * A generated week of service on REAL boxes, for the issue-7 reconciliation (box Z vs cloud).
 *
 * Each location is a real box (`startBox`: SQLite file, HTTP server) with an injected clock, set up
 * and driven through its HTTP API only: a seeded plan (plan.ts) of orders, voids, discounts,
 * cancellations, split payments, tips and refunds, played in the restaurant's own time zone with
 * service past midnight, and a Z taken each night at 02:40 local. Run directly it prints a summary:
 * `npx tsx scripts/reports/generate-week.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { startBox, type Box } from '../../src/main.js';
import { loadConfig } from '../../src/config.js';
import { manualClock } from '../../src/lib/clock.js';
import type { ZCloseResultT } from '../../src/reports/schemas.js';
import { apiClient, type Api } from '../lib/http.js';
import { seedMenu, type SeededMenu } from '../lib/seed.js';
import { planWeek, type Step } from './plan.js';
import { wallTime } from './zoned-time.js';

/** One restaurant of the week. */
export interface LocationSpec {
  name: string;
  timeZone: string;
  currency: string;
  taxMode: 'inclusive' | 'exclusive';
  /** 3 or later: the Z is taken at 02:40 local, still inside the night's business day. */
  dayStartHour: number;
  /** Default service charge on dine-in orders (basis points). */
  serviceChargeBp: number;
}

/** Two time zones, one tax-inclusive and two tax-exclusive restaurants. */
export const DEFAULT_LOCATIONS: readonly LocationSpec[] = [
  { name: 'Le Marais', timeZone: 'Europe/Paris', currency: 'EUR', taxMode: 'inclusive', dayStartHour: 4, serviceChargeBp: 0 },
  { name: 'Canal Saint-Martin', timeZone: 'Europe/Paris', currency: 'EUR', taxMode: 'exclusive', dayStartHour: 3, serviceChargeBp: 1000 },
  { name: 'Brooklyn', timeZone: 'America/New_York', currency: 'USD', taxMode: 'exclusive', dayStartHour: 5, serviceChargeBp: 0 },
];

export interface GenerateWeekOptions {
  /** First business day (default 2026-10-26: New York leaves summer time in the small hours of Sunday 1 November). */
  startDay?: string;
  /** Business days, each closed by a Z (default 7). */
  days?: number;
  /** Orders opened per location per business day (default 30). */
  ordersPerDay?: number;
  /** Seed of the plan; location i uses seed + i (default 7). */
  seed?: number;
  locations?: readonly LocationSpec[];
  /** Parent folder of the boxes' data dirs (default: a new temp dir, removed by stop()). */
  dataRoot?: string;
}

export interface GeneratedLocation {
  spec: LocationSpec;
  /** The running box: `box.services.sync.configure(url, credential)` then `syncNow()` pushes the week. */
  box: Box;
  dataDir: string;
  clock: ReturnType<typeof manualClock>;
  /** An owner session valid at the box's clock when generateWeek returns. */
  ownerToken: string;
  /** The week's Z reports as the box answered POST /reports/z, in order (#1 … #days). */
  zReports: ZCloseResultT[];
  counts: { orders: number; canceled: number; payments: number; refunds: number; voids: number; discounts: number; afterZOrders: number };
}

export interface GeneratedWeek {
  locations: GeneratedLocation[];
  /** Stops every box (and removes the temp data root when generateWeek made it). */
  stop(): Promise<void>;
}

const PINS = { owner: '1111', manager: '2222', waiter1: '3333', waiter2: '4444' } as const;
type Who = keyof typeof PINS;

async function ok<T>(api: Api, method: string, urlPath: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  const res = await api<T>(method, urlPath, { token, body, headers });
  if (res.status >= 300) throw new Error(`${method} ${urlPath} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Plays one location's week on its own box. */
async function runLocation(spec: LocationSpec, index: number, o: Required<Omit<GenerateWeekOptions, 'dataRoot' | 'locations'>>, dataRoot: string): Promise<GeneratedLocation> {
  const dataDir = fs.mkdtempSync(path.join(dataRoot, `box-${index}-`));
  const clock = manualClock(wallTime(o.startDay, 9 * 60, spec.timeZone));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const box = await startBox({ config, clock, logger: pino({ level: 'silent' }) });
  const api = apiClient(box.url);
  const setup = await ok<{ device: { token: string }; owner: { id: string }; session: { token: string } }>(api, 'POST', '/setup', '', {
    restaurantName: spec.name, currency: spec.currency, timeZone: spec.timeZone, dayStartHour: spec.dayStartHour, taxMode: spec.taxMode,
    serviceChargeBp: spec.serviceChargeBp, ownerName: `Owner of ${spec.name}`, ownerPin: PINS.owner,
  });
  const deviceToken: string = setup.device.token;
  const ids: Record<Who, string> = { owner: setup.owner.id, manager: '', waiter1: '', waiter2: '' };
  const tokens: Record<Who, string> = { owner: setup.session.token, manager: '', waiter1: '', waiter2: '' };
  for (const who of ['manager', 'waiter1', 'waiter2'] as const) {
    ids[who] = (await ok<{ id: string }>(api, 'POST', '/staff', tokens.owner, { name: `${who} ${spec.name}`, role: who === 'manager' ? 'manager' : 'waiter', pin: PINS[who] })).id;
  }
  const menu = await seedMenu(api, tokens.owner, { items: 12, categories: 3, tables: 12 });
  const settings = { timeZone: spec.timeZone, dayStartHour: spec.dayStartHour, tables: menu.tableIds.length, items: menu.items.length, ordersPerDay: o.ordersPerDay };
  const state: PlayState = { api, menu, ids, tokens, deviceToken, orders: new Map(), payments: new Map(), zReports: [],
    counts: { orders: 0, canceled: 0, payments: 0, refunds: 0, voids: 0, discounts: 0, afterZOrders: 0 } };
  for (const { steps } of planWeek(o.startDay, o.days, settings, o.seed + index)) {
    for (const { at, step } of steps) {
      clock.set(Math.max(clock.now(), at));
      await play(state, step);
    }
  }
  return { spec, box, dataDir, clock, ownerToken: tokens.owner, zReports: state.zReports, counts: state.counts };
}

interface PlayState {
  api: Api;
  menu: SeededMenu;
  ids: Record<Who, string>;
  tokens: Record<Who, string>;
  deviceToken: string;
  orders: Map<string, { id: string; lineIds: string[]; afterZ: boolean }>;
  payments: Map<string, { id: string; amount: number }>;
  zReports: ZCloseResultT[];
  counts: GeneratedLocation['counts'];
}

const key = (prefix: string) => `${prefix}-${uuidv7()}`;

async function play(s: PlayState, step: Step): Promise<void> {
  const { api, tokens } = s;
  switch (step.kind) {
    case 'sign-in':
      // A sign-in lasts 16 hours: everyone signs in again each day.
      for (const who of Object.keys(PINS) as Who[]) {
        tokens[who] = (await ok<{ token: string }>(api, 'POST', '/auth/sign-in', s.deviceToken, { staffId: s.ids[who], pin: PINS[who] })).token;
      }
      return;
    case 'create': {
      const { order } = step;
      const lines = order.lines.map((l) => {
        const item = s.menu.items[l.itemIndex]!;
        return { id: uuidv7(), itemId: item.id, quantity: l.quantity, optionIds: [item.sizeOptionIds[l.sizeIndex]!, item.extraOptionIds[l.extraIndex]!] };
      });
      const id = uuidv7();
      await ok(api, 'POST', '/orders', tokens[order.waiter], { id, type: order.type, guestCount: order.guestCount, lines,
        ...(order.tableIndex !== null ? { tableId: s.menu.tableIds[order.tableIndex] } : {}) });
      const afterZ = order.key.endsWith('after-z');
      s.orders.set(order.key, { id, lineIds: lines.map((l) => l.id), afterZ });
      s.counts.orders += 1;
      if (afterZ) s.counts.afterZOrders += 1;
      return;
    }
    case 'fire':
      await ok(api, 'POST', `/orders/${s.orders.get(step.order)!.id}/fire`, tokens.waiter1, {});
      return;
    case 'void': {
      const order = s.orders.get(step.order)!;
      const approval = step.afterFire ? { approval: { staffId: s.ids.manager, pin: PINS.manager } } : {};
      await ok(api, 'POST', `/orders/${order.id}/lines/${order.lineIds[step.lineIndex]}/void`, tokens[step.by], { reason: step.reason, ...approval });
      s.counts.voids += 1;
      return;
    }
    case 'discount': {
      const order = s.orders.get(step.order)!;
      await ok(api, 'POST', `/orders/${order.id}/discount`, tokens.manager, { ...step.spec, reason: step.reason,
        ...(step.lineIndex !== null ? { lineId: order.lineIds[step.lineIndex] } : {}) });
      s.counts.discounts += 1;
      return;
    }
    case 'cancel':
      await ok(api, 'POST', `/orders/${s.orders.get(step.order)!.id}/cancel`, tokens[step.by], { reason: step.reason });
      s.counts.canceled += 1;
      return;
    case 'pay':
      return pay(s, step);
    case 'refund': {
      const payment = s.payments.get(step.payment);
      if (!payment) return; // its order was paid by another part, or not at all
      const amount = Math.max(1, Math.floor(payment.amount * step.share));
      await ok(api, 'POST', `/payments/${payment.id}/refunds`, tokens.manager, { amount, reason: step.reason }, { 'idempotency-key': key('refund') });
      s.counts.refunds += 1;
      return;
    }
    case 'z':
      s.zReports.push(await ok<ZCloseResultT>(api, 'POST', '/reports/z', tokens.owner, undefined, { 'idempotency-key': key('z') }));
      return;
  }
}

/** A payment's answer: the payment, or an error body. */
interface PaymentAnswer { payment?: { id: string; amount: number; tip: number }; error?: { code: string } }

async function pay(s: PlayState, step: Extract<Step, { kind: 'pay' }>): Promise<void> {
  const order = s.orders.get(step.order)!;
  const split = step.split.kind === 'equal' ? { split: { kind: 'equal', parts: step.split.parts } }
    : step.split.kind === 'items' ? { split: { kind: 'items', lineIds: step.split.lineIndexes.map((i) => order.lineIds[i]!) } } : {};
  const res = await s.api<PaymentAnswer>('POST', `/orders/${order.id}/payments`, { token: s.tokens[step.by], body: { method: step.method, tip: step.tip, ...split }, headers: { 'idempotency-key': key('pay') } });
  if (res.status === 409 && res.body.error?.code === 'NOTHING_TO_PAY') {
    // Discounts and voids left nothing to pay: close the order so the day can be closed.
    const current = await ok<{ status: string }>(s.api, 'GET', `/orders/${order.id}`, s.tokens.manager);
    if (current.status !== 'completed') await ok(s.api, 'POST', `/orders/${order.id}/close`, s.tokens.manager);
    return;
  }
  if (res.status !== 201) throw new Error(`POST /orders/${order.id}/payments → ${res.status} ${JSON.stringify(res.body)}`);
  const payment = res.body.payment!;
  s.payments.set(step.payment, { id: payment.id, amount: payment.amount + payment.tip });
  s.counts.payments += 1;
}

/**
 * Generates a week of service at each location on its own real box and takes a Z every night.
 * The boxes keep running (their change logs hold the whole week, unsynced) until `stop()`.
 * Deterministic in its plan for a given seed; ids are fresh UUIDv7s each run.
 */
export async function generateWeek(opts: GenerateWeekOptions = {}): Promise<GeneratedWeek> {
  const o = { startDay: opts.startDay ?? '2026-10-26', days: opts.days ?? 7, ordersPerDay: opts.ordersPerDay ?? 30, seed: opts.seed ?? 7 };
  const ownRoot = opts.dataRoot === undefined;
  const dataRoot = opts.dataRoot ?? fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-week-'));
  const locations: GeneratedLocation[] = [];
  const stop = async () => {
    for (const l of locations) await l.box.stop();
    if (ownRoot) fs.rmSync(dataRoot, { recursive: true, force: true });
  };
  try {
    const results = await Promise.allSettled((opts.locations ?? DEFAULT_LOCATIONS).map((spec, i) => runLocation(spec, i, o, dataRoot)));
    for (const r of results) if (r.status === 'fulfilled') locations.push(r.value);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    await stop();
    throw error;
  }
  return { locations, stop };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now();
  const week = await generateWeek({ days: Number(process.env.DAYS ?? 7), ordersPerDay: Number(process.env.ORDERS_PER_DAY ?? 30) });
  for (const l of week.locations) {
    console.log(JSON.stringify({ location: l.spec.name, counts: l.counts,
      zReports: l.zReports.map((z) => ({ number: z.number, businessDay: z.businessDay, orders: z.totals.orders, total: z.totals.total, tips: z.totals.tips, refunds: z.totals.refunds.amount, voids: z.totals.voids.amount })) }));
  }
  console.log(`generated in ${Date.now() - started} ms`);
  await week.stop();
}
