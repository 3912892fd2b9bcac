/** Grouping flat (period-tagged) SQL rows into compared figures. */
import type { Compared } from './types.js';

export type Period = 'current' | 'previous';

/** Groups flat rows by a key into compared figures, current-period largest first. */
export function compare<R extends { period: Period }, F, K>(rows: readonly R[], keyOf: (r: R) => string, head: (r: R) => K, zero: () => F, add: (f: F, r: R) => void, sortBy: (f: F) => number): Array<K & Compared<F>> {
  const groups = new Map<string, K & Compared<F>>();
  for (const r of rows) {
    const key = keyOf(r);
    let g = groups.get(key);
    if (!g) groups.set(key, g = { ...head(r), current: zero(), previous: zero() });
    add(g[r.period], r);
  }
  return [...groups.values()].sort((a, b) => sortBy(b.current) - sortBy(a.current) || sortBy(b.previous) - sortBy(a.previous));
}

