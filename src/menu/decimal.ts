/**
 * Prices and tax rates as people type them in a spreadsheet ("12.50", "5.5"), converted to and from
 * integer minor units and basis points with string arithmetic only: no float ever touches money.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** How many decimals the currency's minor unit has: EUR 2, JPY 0, KWD 3. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** "12.50" → 1250 (with 2 digits). Negative only when allowed (option price deltas). */
export function parseMajor(text: string, digits: number, options: { allowNegative?: boolean } = {}): Parsed<number> {
  const t = text.trim();
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) || /^-?\d+,\d+$/.test(t)) {
    return { ok: false, reason: `"${t}" has a comma: write amounts with a dot for decimals and no thousands separator, like 1250.50.` };
  }
  const m = /^(-)?(\d{1,9})(?:\.(\d+))?$/.exec(t);
  if (!m) return { ok: false, reason: `"${t}" is not an amount: write it like 12.50${options.allowNegative ? ' or -0.50' : ''}.` };
  const [, minus, whole, frac = ''] = m;
  if (minus && !options.allowNegative) return { ok: false, reason: `"${t}" is negative; a price cannot be.` };
  if (frac.length > digits) {
    return { ok: false, reason: digits === 0 ? `"${t}" has decimals, but this currency has none.` : `"${t}" has more than ${digits} decimals.` };
  }
  const minor = Number(whole!) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return { ok: true, value: minus && minor !== 0 ? -minor : minor };
}

/** 1250 → "12.50"; -50 → "-0.50"; 1200 with 0 digits → "1200". */
export function formatMajor(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** "10" → 1000, "5.5" → 550, "5.5%" → 550 (basis points, at most two decimals of a percent). */
export function parsePercent(text: string): Parsed<number> {
  const t = text.trim().replace(/\s*%$/, '');
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return { ok: false, reason: `"${text.trim()}" is not a tax rate: write a percent like 10 or 5.5.` };
  return { ok: true, value: Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) };
}

/** 1000 → "10", 550 → "5.5", 1234 → "12.34". */
export function formatPercent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const frac = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
