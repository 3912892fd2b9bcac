import type { HttpResult } from './types.js';

export const round = (n: number): number => Math.round(n * 100) / 100;

/** The q-quantile (0..1) of ascending samples, nearest rank; NaN when there are none. */
export function percentile(sorted: readonly number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;
}

/** Latency figures in the shape every bench row reports (ms, two decimals). */
export function stats(samples: readonly number[]): HttpResult['latencyMs'] {
  const s = [...samples].sort((a, b) => a - b);
  const average = s.reduce((a, b) => a + b, 0) / Math.max(s.length, 1);
  return { p50: round(percentile(s, 0.5)), p90: round(percentile(s, 0.9)), p99: round(percentile(s, 0.99)), average: round(average), max: round(s[s.length - 1] ?? NaN) };
}
