/**
 * A week of service planned ahead, pure and seeded: for each business day the steps a restaurant
 * takes (orders opened, fired, voided, discounted, canceled, paid — whole or split — tipped and
 * refunded), at instants in its own time zone, ending with the Z. The executor (generate-week.ts)
 * plays the steps against a real box in time order.
 */
import { addDays, wallTime } from './zoned-time.js';
import { seededRandom } from '../lib/random.js';

export type Method = 'cash' | 'card' | 'upi' | 'voucher';
export type Staff = 'waiter1' | 'waiter2' | 'manager';

export interface PlannedLine { itemIndex: number; quantity: number; sizeIndex: number; extraIndex: number }

export interface PlannedOrder {
  key: string;
  type: 'dine_in' | 'takeaway';
  tableIndex: number | null;
  guestCount: number;
  waiter: Staff;
  lines: PlannedLine[];
}

/** How a payment is chosen: the rest of the balance, one of N equal parts, or some lines. */
export type PlannedSplit = { kind: 'rest' } | { kind: 'equal'; parts: number } | { kind: 'items'; lineIndexes: number[] };

export type Step =
  | { kind: 'sign-in' }
  | { kind: 'create'; order: PlannedOrder }
  | { kind: 'fire'; order: string }
  | { kind: 'void'; order: string; lineIndex: number; reason: string; by: Staff; afterFire: boolean }
  | { kind: 'discount'; order: string; lineIndex: number | null; spec: { kind: 'amount' | 'percent'; value: number }; reason: string }
  | { kind: 'cancel'; order: string; reason: string; by: Staff }
  | { kind: 'pay'; order: string; payment: string; method: Method; split: PlannedSplit; tip: number; by: Staff }
  | { kind: 'refund'; payment: string; share: number; reason: string }
  | { kind: 'z' };

export interface TimedStep { at: number; step: Step }

export interface PlanSettings {
  timeZone: string;
  /** The day's Z is taken at 02:40 local: keep the day-start hour at 3 or later. */
  dayStartHour: number;
  tables: number;
  items: number;
  /** Orders opened per business day (lunch and dinner). */
  ordersPerDay: number;
}

const MINUTE = 60_000;
const VOID_REASONS = ['keyed twice', 'sent back', 'wrong dish'];
const REFUND_REASONS = ['cold food', 'overcharged', 'long wait'];
const METHODS: readonly Method[] = ['card', 'card', 'card', 'cash', 'cash', 'upi', 'voucher'];

/** The steps of one business day `day` (opened at lunch, served past midnight, closed by the Z). */
export function planDay(day: string, s: PlanSettings, random: () => number, carry: { refundsForTomorrow: string[]; last: boolean }): TimedStep[] {
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  // Staff sign in for lunch and again for dinner (a sign-in lasts 16 hours; the night of a DST change is 25).
  const steps: TimedStep[] = [{ at: wallTime(day, 11 * 60, s.timeZone), step: { kind: 'sign-in' } }, { at: wallTime(day, 17 * 60, s.timeZone), step: { kind: 'sign-in' } }];
  const zAt = wallTime(day, 24 * 60 + 2 * 60 + 40, s.timeZone);
  // Yesterday's refunds come back at lunch: after yesterday's Z, they belong to today.
  for (const payment of carry.refundsForTomorrow.splice(0)) {
    steps.push({ at: wallTime(day, 12 * 60 + int(0, 90), s.timeZone), step: { kind: 'refund', payment, share: 0.5, reason: 'complaint next day' } });
  }
  for (let n = 0; n < s.ordersPerDay; n++) {
    // A third at lunch (11:45–14:30), the rest at dinner (18:30–00:30: service runs past midnight).
    const opened = n < s.ordersPerDay / 3 ? wallTime(day, 11 * 60 + 45 + int(0, 165), s.timeZone) : wallTime(day, 18 * 60 + 30 + int(0, 360), s.timeZone);
    steps.push(...planOrder(`${day}-${n}`, opened, s, random, int, pick, carry));
  }
  // The night's last guests are gone by 02:20; the manager takes the Z at 02:40.
  for (const t of steps) if (t.at >= zAt - 20 * MINUTE) throw new Error(`Planned step ${t.step.kind} at ${new Date(t.at).toISOString()} runs into the Z.`);
  steps.push({ at: zAt, step: { kind: 'z' } });
  // Sometimes a takeaway is sold just after the Z: it belongs to the next business day.
  if (random() < 0.4) {
    const order: PlannedOrder = { key: `${day}-after-z`, type: 'takeaway', tableIndex: null, guestCount: 1, waiter: 'waiter1', lines: [{ itemIndex: int(0, s.items - 1), quantity: 1, sizeIndex: 0, extraIndex: 0 }] };
    steps.push({ at: zAt + 5 * MINUTE, step: { kind: 'create', order } }, { at: zAt + 6 * MINUTE, step: { kind: 'fire', order: order.key } },
      { at: zAt + 7 * MINUTE, step: { kind: 'pay', order: order.key, payment: `${order.key}-p0`, method: 'card', split: { kind: 'rest' }, tip: 0, by: 'waiter1' } });
  }
  return steps.sort((a, b) => a.at - b.at);
}

function planOrder(key: string, opened: number, s: PlanSettings, random: () => number, int: (lo: number, hi: number) => number,
  pick: <T>(list: readonly T[]) => T, carry: { refundsForTomorrow: string[]; last: boolean }): TimedStep[] {
  const dineIn = random() < 0.75;
  const waiter: Staff = random() < 0.5 ? 'waiter1' : 'waiter2';
  const lines: PlannedLine[] = Array.from({ length: int(1, 5) }, () => ({ itemIndex: int(0, s.items - 1), quantity: int(1, 3), sizeIndex: int(0, 2), extraIndex: int(0, 3) }));
  const order: PlannedOrder = { key, type: dineIn ? 'dine_in' : 'takeaway', tableIndex: dineIn ? int(0, s.tables - 1) : null, guestCount: dineIn ? int(1, 6) : 1, waiter, lines };
  const at = (minutes: number) => opened + minutes * MINUTE;
  const steps: TimedStep[] = [{ at: opened, step: { kind: 'create', order } }];
  if (random() < 0.04) {
    steps.push({ at: at(4), step: { kind: 'cancel', order: key, reason: 'guests left', by: waiter } });
    return steps;
  }
  const voided = new Set<number>();
  if (lines.length > 1 && random() < 0.25) {
    const lineIndex = int(0, lines.length - 1);
    voided.add(lineIndex);
    const afterFire = random() < 0.6;
    steps.push({ at: at(afterFire ? 12 : 1), step: { kind: 'void', order: key, lineIndex, reason: afterFire ? pick(VOID_REASONS.slice(1)) : VOID_REASONS[0]!, by: waiter, afterFire } });
  }
  steps.push({ at: at(2), step: { kind: 'fire', order: key } });
  if (random() < 0.15) {
    const lineIndex = random() < 0.5 ? null : lines.findIndex((_l, i) => !voided.has(i));
    // A line gets a percentage (an amount could wipe out a cheap line that is then paid by items).
    const spec = lineIndex !== null || random() < 0.5 ? { kind: 'percent' as const, value: pick([500, 1000, 1500]) } : { kind: 'amount' as const, value: int(1, 8) * 50 };
    steps.push({ at: at(20), step: { kind: 'discount', order: key, lineIndex, spec, reason: pick(['regulars', 'birthday', 'staff meal']) } });
  }
  const payAt = int(25, 90);
  const payments: Array<{ method: Method; split: PlannedSplit }> = [];
  const splitRoll = random();
  if (splitRoll < 0.2) {
    const parts = int(2, 3);
    for (let p = 0; p < parts; p++) payments.push({ method: pick(METHODS), split: { kind: 'equal', parts } });
  } else if (splitRoll < 0.35 && lines.length - voided.size >= 2) {
    const first = lines.findIndex((_l, i) => !voided.has(i));
    payments.push({ method: pick(METHODS), split: { kind: 'items', lineIndexes: [first] } }, { method: pick(METHODS), split: { kind: 'rest' } });
  } else {
    payments.push({ method: pick(METHODS), split: { kind: 'rest' } });
  }
  payments.forEach((p, i) => {
    const payment = `${key}-p${i}`;
    const tip = p.method === 'card' && random() < 0.6 ? int(1, 40) * 25 : 0;
    steps.push({ at: at(payAt + i), step: { kind: 'pay', order: key, payment, method: p.method, split: p.split, tip, by: waiter } });
  });
  const refundRoll = random();
  if (refundRoll < 0.05) steps.push({ at: at(payAt + 15), step: { kind: 'refund', payment: `${key}-p0`, share: 0.3, reason: pick(REFUND_REASONS) } });
  else if (refundRoll < 0.08 && !carry.last) carry.refundsForTomorrow.push(`${key}-p0`);
  return steps;
}

/** Every business day of the week, in order, with its steps. */
export function planWeek(startDay: string, days: number, s: PlanSettings, seed: number): Array<{ day: string; steps: TimedStep[] }> {
  const random = seededRandom(seed);
  const carry = { refundsForTomorrow: [] as string[], last: false };
  return Array.from({ length: days }, (_v, i) => {
    const day = addDays(startDay, i);
    carry.last = i === days - 1;
    return { day, steps: planDay(day, s, random, carry) };
  });
}
