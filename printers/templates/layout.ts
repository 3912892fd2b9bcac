import type { Block, TextStyle } from '../encoding/document.js';

/** Small helpers the templates share: columns, money, time. Pure. */

export function line(text: string, style?: TextStyle): Block {
  return style ? { kind: 'line', text, style } : { kind: 'line', text };
}

/** Left text and right text on one line, the left side cut to fit. */
export function twoColumns(left: string, right: string, columns: number): Block {
  const room = Math.max(1, columns - right.length - 1);
  const l = left.length > room ? left.slice(0, room) : left;
  return line(l + ' '.repeat(columns - l.length - right.length) + right);
}

/** Splits text into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let current = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let w = word;
      while (w.length > width) {
        if (current) { out.push(current); current = ''; }
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
      if (!current) current = w;
      else if (current.length + 1 + w.length <= width) current += ` ${w}`;
      else { out.push(current); current = w; }
    }
    out.push(current);
  }
  return out;
}

/** Minor units → "12.50" (the currency is printed once, on the total). */
export function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const SYMBOLS: Record<string, string> = { EUR: '€', GBP: '£', USD: '$', CHF: 'CHF ' };
export function moneyWithCurrency(minor: number, currency: string): string {
  const symbol = SYMBOLS[currency];
  return symbol ? `${symbol}${money(minor)}` : `${money(minor)} ${currency}`;
}

/** Basis points → "20%" / "5.5%". */
export function percent(bp: number): string {
  return `${Number((bp / 100).toFixed(2))}%`;
}

/** "14:05" (and the date when asked) in the restaurant's time zone. */
export function clockTime(epochMs: number, timeZone: string, withDate = false): string {
  const options: Intl.DateTimeFormatOptions = { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  if (withDate) Object.assign(options, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return new Intl.DateTimeFormat('en-GB', options).format(new Date(epochMs));
}

export function banner(text: string, columns: number): Block {
  const width = Math.floor(columns / 2);
  const pad = Math.max(0, width - text.length);
  const padded = ' '.repeat(Math.floor(pad / 2)) + text + ' '.repeat(Math.ceil(pad / 2));
  return line(padded, { invert: true, bold: true, size: 2 });
}
