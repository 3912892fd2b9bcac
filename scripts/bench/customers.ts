/**
 * `customer-search` (issue 18): finding a guest at the till over 100,000 customers on the box.
 * The customers are made through POST /customers (16 at a time; the FTS5 index fills itself by its
 * triggers); then one tablet's worth of searches, one after another, as a waiter types:
 * fragments of phone numbers (national "06…" or international digits), pieces of names, full
 * names. Target: p99 ≤ 50 ms per search, measured over HTTP from request to parsed answer.
 */
import { performance } from 'node:perf_hooks';
import { seededRandom } from '../lib/random.js';
import { progress } from './progress.js';
import type { CustomerSearchResult, Scenario } from './types.js';

const CUSTOMERS = 100_000;
const SEED_CONNECTIONS = 16;
const SEARCHES = 2_000;
const TARGET_P99_MS = 50;

const FIRST = ['Camille', 'Léa', 'Hugo', 'Louis', 'Emma', 'Jade', 'Gabriel', 'Raphaël', 'Chloé', 'Arthur', 'Manon', 'Jules', 'Inès', 'Lucas', 'Zoé', 'Nathan',
  'Sarah', 'Adam', 'Alice', 'Tom', 'Lina', 'Noah', 'Rose', 'Paul', 'Anna', 'Théo', 'Louise', 'Maël', 'Mia', 'Victor', 'Eva', 'Sacha'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel',
  'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez',
  'Legrand', 'Garnier', 'Faure', 'Rousseau', 'Blanc', 'Guerin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu', 'Clément', 'Gauthier'];

const percentile = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! * 100) / 100;

export const customerSearchScenario: Scenario = {
  name: 'customer-search',
  async run(ctx) {
    const { box } = ctx;
    const rand = seededRandom(18);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const auth = { authorization: `Bearer ${box.waiterToken}`, 'content-type': 'application/json' };
    const people: Array<{ name: string; national: string }> = [];
    const person = (i: number) => {
      const national = `61${String((i * 7_919_333) % 10_000_000).padStart(7, '0')}`;
      return { name: `${pick(FIRST)} ${pick(LAST)}${i % 7 === 0 ? `-${pick(LAST)}` : ''}`, national };
    };
    await fetch(`${box.url}/settings`, { method: 'PATCH', headers: { ...auth, authorization: `Bearer ${box.ownerToken}` }, body: JSON.stringify({ country: 'FR' }) });
    progress(`customer-search: ${CUSTOMERS} customers through POST /customers, ${SEED_CONNECTIONS} at a time`);
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < CUSTOMERS; i = next++) {
        const p = person(i);
        const res = await fetch(`${box.url}/customers`, { method: 'POST', headers: auth, body: JSON.stringify({ name: p.name, phone: `0${p.national}` }) });
        if (res.status !== 201) throw new Error(`POST /customers → ${res.status} ${await res.text()}`);
        await res.arrayBuffer().catch(() => undefined);
        if (i % 50 === 0) people.push(p);
      }
    };
    await Promise.all(Array.from({ length: SEED_CONNECTIONS }, worker));
    const seedSeconds = Math.round((performance.now() - started) / 10) / 100;

    const queries: string[] = [];
    for (let i = 0; i < SEARCHES; i++) {
      const p = pick(people);
      const r = rand();
      if (r < 0.2) queries.push(`0${p.national}`.slice(0, 4 + Math.floor(rand() * 7)));
      else if (r < 0.4) { const s = Math.floor(rand() * 4); queries.push(p.national.slice(s, s + 4 + Math.floor(rand() * 4))); }
      else if (r < 0.55) queries.push(`+33 ${p.national.slice(0, 1)} ${p.national.slice(1, 3)} ${p.national.slice(3, 5)}`);
      else if (r < 0.8) { const w = pick(p.name.split(' ')); queries.push(w.slice(0, 3 + Math.floor(rand() * Math.max(1, w.length - 2)))); }
      else if (r < 0.95) queries.push(p.name);
      else queries.push(p.name.slice(0, 2));
    }
    progress(`customer-search: ${SEARCHES} searches, one after another`);
    const ms: number[] = [];
    let hits = 0;
    let errors = 0;
    for (const q of queries) {
      const t0 = performance.now();
      const res = await fetch(`${box.url}/customers?q=${encodeURIComponent(q)}`, { headers: auth });
      const body = await res.json() as { customers?: unknown[] };
      ms.push(performance.now() - t0);
      if (res.status !== 200) errors++;
      else if ((body.customers?.length ?? 0) > 0) hits++;
    }
    ms.sort((a, b) => a - b);
    const result: CustomerSearchResult = {
      kind: 'customer-search', name: 'customer search (GET /customers?q=)', customers: CUSTOMERS, seedSeconds, searches: SEARCHES, withHits: hits, errors,
      ms: { p50: percentile(ms, 0.5), p90: percentile(ms, 0.9), p99: percentile(ms, 0.99), max: percentile(ms, 1) },
      target: { maxP99Ms: TARGET_P99_MS, pass: errors === 0 && percentile(ms, 0.99) <= TARGET_P99_MS },
    };
    return [result];
  },
};
