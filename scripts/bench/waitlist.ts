/**
 * `waitlist` (issue 20): how far off is the wait a host quotes? Over a generated month of walk-in
 * service (waitlist-sim.ts), the mean absolute error in minutes of the quote given when a party
 * joins the list, of the updates every 15 minutes while they wait, and — for comparison — of the
 * same estimator without the restaurant's own history. The first week builds the history; the
 * figures are for the weeks after it (the whole month is shown too). Pure computation: no box.
 */
import { simulateMonth } from './waitlist-sim.js';
import { progress } from './progress.js';
import type { Scenario, WaitlistResult } from './types.js';

const TARGET_MAE = 10;
const WARM_UP_DAYS = 7;

const mae = (xs: Array<{ actual: number; quote?: number; estimate?: number }>) =>
  xs.length === 0 ? 0 : Math.round((xs.reduce((s, x) => s + Math.abs((x.quote ?? x.estimate!) - x.actual), 0) / xs.length) * 10) / 10;
const bias = (xs: Array<{ actual: number; quote: number }>) => Math.round((xs.reduce((s, x) => s + (x.quote - x.actual), 0) / Math.max(1, xs.length)) * 10) / 10;

export function waitlistFigures(days = 30): WaitlistResult {
  const sim = simulateMonth(days);
  const after = <T extends { day: number }>(xs: T[]) => xs.filter((x) => x.day >= WARM_UP_DAYS);
  const quotes = after(sim.quotes);
  const abs = quotes.map((q) => Math.abs(q.quote - q.actual)).sort((a, b) => a - b);
  const quoteMae = mae(quotes);
  return {
    kind: 'waitlist', name: 'waitlist estimate (generated month of walk-ins)', days, parties: sim.parties, waited: sim.waited, walkedAway: sim.walkedAway,
    scored: quotes.length, meanActualWait: Math.round((quotes.reduce((s, q) => s + q.actual, 0) / Math.max(1, quotes.length)) * 10) / 10,
    maeMinutes: { quote: quoteMae, updates: mae(after(sim.updates)), withoutHistory: mae(after(sim.baselineQuotes)), wholeMonth: mae(sim.quotes) },
    p90AbsErrorMinutes: Math.round((abs[Math.floor(abs.length * 0.9)] ?? 0) * 10) / 10,
    biasMinutes: bias(quotes),
    target: { maxMaeMinutes: TARGET_MAE, pass: quoteMae <= TARGET_MAE },
  };
}

export const waitlistScenario: Scenario = {
  name: 'waitlist',
  async run() {
    progress('waitlist: a generated month of walk-in service, quotes against actual waits');
    return [waitlistFigures()];
  },
};

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(waitlistFigures(), null, 2));
