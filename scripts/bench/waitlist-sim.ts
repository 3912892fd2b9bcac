/**
 * A generated month of walk-in service for the waitlist benchmark (issue 20): parties arrive, wait,
 * sit, have their last course, ask for the bill, pay and leave, with turn times that depend on
 * the party's size and the hour — and the estimator (src/reservations/wait-estimate.ts, the box's
 * own code) is asked, as on the box, what it would tell each party joining the list and again
 * every 15 minutes while they wait. What the box would see is all it gets: tables seated, paying
 * or with their last course out, and the history of the days before.
 */
import { seededRandom } from '../lib/random.js';
import { estimateWaits, turnModel, type TableNow, type TurnSample } from '../../src/reservations/wait-estimate.js';
import { durationFor, DEFAULT_DOOR_SETTINGS } from '../../src/reservations/door-rules.js';

const MIN = 60_000;
const DAY = 86_400_000;
const OPEN = 18 * 60 + 30;
const LAST_ARRIVAL = 22 * 60;
const BUFFER = 10;
/** A party told they would wait longer than this goes elsewhere (not counted). */
const WALK_AWAY = 75;

interface Table { id: string; capacity: number; party: Party | null; readyAt: number }
interface Party {
  id: string; size: number; arrivedAt: number; quote: number | null; baseline: number | null; seatedAt: number | null;
  turn: number; lastCourseAt: number; billAt: number; closeAt: number;
  updates: Array<{ at: number; minutes: number }>;
}

export interface SimResult {
  days: number; parties: number; waited: number; walkedAway: number;
  quotes: Array<{ day: number; quote: number; actual: number }>;
  updates: Array<{ day: number; estimate: number; actual: number }>;
  baselineQuotes: Array<{ day: number; quote: number; actual: number }>;
}

export function simulateMonth(days = 30, seed = 20): SimResult {
  const rand = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const tables: Table[] = [
    ...[1, 2, 3, 4].map((i) => ({ id: `two${i}`, capacity: 2 })),
    ...[1, 2, 3, 4, 5, 6].map((i) => ({ id: `four${i}`, capacity: 4 })),
    ...[1, 2].map((i) => ({ id: `six${i}`, capacity: 6 })),
  ].map((t) => ({ ...t, party: null, readyAt: 0 }));
  const combinations = [['four1', 'four2']];
  const history: TurnSample[] = [];
  const out: SimResult = { days, parties: 0, waited: 0, walkedAway: 0, quotes: [], updates: [], baselineQuotes: [] };
  const fallback = (g: number) => durationFor(DEFAULT_DOOR_SETTINGS, g);
  let n = 0;

  for (let day = 0; day < days; day++) {
    const base = Date.UTC(2026, 0, 1) + day * DAY;
    const hourOf = (ms: number) => new Date(ms).getUTCHours();
    const busy = day % 7 === 4 || day % 7 === 5 ? 1.35 : 1; // Fridays and Saturdays
    const model = turnModel(history, fallback);
    const coldModel = turnModel([], fallback);
    for (const t of tables) { t.party = null; t.readyAt = 0; }
    const queue: Party[] = [];
    const boxView = (now: number): TableNow[] => tables.map((t) => {
      const p = t.party;
      // The box sees a table free once the bill is paid in full (the order completes), though it is reset after.
      if (!p || now >= p.closeAt) return { tableId: t.id, capacity: t.capacity, live: null };
      return { tableId: t.id, capacity: t.capacity, live: { seatedAt: p.seatedAt!, guests: p.size, paying: now >= p.billAt, lastCourseAt: now >= p.lastCourseAt ? p.lastCourseAt : null } };
    });
    const estimate = (now: number, waiting: Party[], m = model) => estimateWaits({
      now, hourOf, tables: boxView(now), combinations, waiting: waiting.map((p) => ({ id: p.id, partySize: p.size })), holds: [], bufferMinutes: BUFFER, model: m,
    });
    const seat = (p: Party, ids: string[], now: number) => {
      p.seatedAt = now;
      const hour = hourOf(now);
      const mean = (p.size <= 2 ? 70 : p.size <= 4 ? 88 : 108) - (hour >= 21 ? 12 : 0);
      p.turn = Math.max(35, mean * Math.exp(0.22 * normal()));
      p.lastCourseAt = now + p.turn * (0.7 + 0.12 * rand()) * MIN;
      p.billAt = now + p.turn * (0.9 + 0.05 * rand()) * MIN;
      p.closeAt = now + p.turn * MIN;
      for (const id of ids) { const t = tables.find((x) => x.id === id)!; t.party = p; t.readyAt = p.closeAt + (4 + 10 * rand()) * MIN; }
      history.push({ guests: p.size, hour, minutes: p.turn, tailMinutes: (p.closeAt - p.lastCourseAt) / MIN });
    };
    const freeFit = (size: number, now: number): string[] | null => {
      const free = (id: string) => { const t = tables.find((x) => x.id === id)!; return now >= t.readyAt; };
      const singles = tables.filter((t) => t.capacity >= size && free(t.id)).sort((a, b) => a.capacity - b.capacity);
      if (singles[0]) return [singles[0].id];
      const combo = combinations.find((c) => c.every(free) && c.reduce((s, id) => s + tables.find((x) => x.id === id)!.capacity, 0) >= size);
      return combo ?? null;
    };
    for (let minute = OPEN; minute < 24 * 60 + 30; minute++) {
      const now = base + minute * MIN;
      for (const t of tables) if (t.party && now >= t.readyAt) t.party = null;
      // The host seats the first waiting party a freed table fits, in order.
      for (const p of [...queue]) {
        const ids = freeFit(p.size, now);
        if (!ids) continue;
        queue.splice(queue.indexOf(p), 1);
        seat(p, ids, now);
        out.waited++;
        const actual = (now - p.arrivedAt) / MIN;
        out.quotes.push({ day, quote: p.quote!, actual });
        out.baselineQuotes.push({ day, quote: p.baseline!, actual });
        for (const u of p.updates) out.updates.push({ day, estimate: u.minutes, actual: (now - u.at) / MIN });
      }
      for (const p of queue) if ((minute - OPEN) % 15 === 0 && now > p.arrivedAt) {
        p.updates.push({ at: now, minutes: estimate(now, queue).find((e) => e.id === p.id)!.minutes });
      }
      if (minute > LAST_ARRIVAL) { if (queue.length === 0 && tables.every((t) => !t.party)) break; continue; }
      // Arrivals: a peak around 20:00, more at the weekend.
      const peak = Math.exp(-(((minute - 20 * 60) / 55) ** 2));
      const arrivals = rand() < (0.07 + 0.22 * peak) * busy ? 1 : 0;
      for (let a = 0; a < arrivals; a++) {
        const r = rand();
        const size = r < 0.5 ? 2 : r < 0.6 ? 3 : r < 0.85 ? 4 : r < 0.95 ? 5 : 6;
        const p: Party = { id: `p${n++}`, size, arrivedAt: now, quote: null, baseline: null, seatedAt: null, turn: 0, lastCourseAt: 0, billAt: 0, closeAt: 0, updates: [] };
        out.parties++;
        const ids = queue.length === 0 ? freeFit(size, now) : null;
        if (ids) { seat(p, ids, now); continue; }
        p.quote = estimate(now, [...queue, p]).find((e) => e.id === p.id)!.minutes;
        if (p.quote > WALK_AWAY) { out.walkedAway++; continue; }
        // The same estimator without the restaurant's history (booking durations only), for comparison.
        p.baseline = estimate(now, [...queue, p], coldModel).find((e) => e.id === p.id)!.minutes;
        queue.push(p);
      }
    }
  }
  return out;
}
