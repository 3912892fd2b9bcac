/**
 * Small helpers for the dashboard's server-rendered HTML: escaping (every value from the database
 * goes through `esc`, so nothing synced from a box is ever parsed as markup) and money/number
 * formatting in the location's currency.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** Minor units → "1,234.56" (two decimals; the currencies Brigade serves all use cents). */
export function money(minor: number): string {
  const sign = minor < 0 ? '−' : '';
  const abs = Math.abs(minor);
  const major = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${major}.${String(abs % 100).padStart(2, '0')}`;
}

/** A whole number with thousands separators. */
export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Change against the previous period as "+12.5 %", "−3.0 %", or "new" when there was nothing before. */
export function change(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '—' : 'new';
  const pct = ((current - previous) / Math.abs(previous)) * 100;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${Math.abs(pct).toFixed(1)} %`;
}
