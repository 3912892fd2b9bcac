import { describe, expect, it } from 'vitest';
import { csvField, majorUnits, toCsv } from '../cloud/reports/csv.js';
import { parseReportQuery } from '../cloud/reports/query.js';
import { periodsOf } from '../cloud/reports/period.js';
import { splitPeriod } from '../cloud/reports/read.js';

describe('report CSV and query parsing', () => {
  it('reads a range as whole months, then whole ISO weeks that do not cut into a month, then days', () => {
    expect(splitPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ buckets: ['2026-03'], days: [] });
    // Mon 9 – Sun 15 is a week; the 16th–18th are days.
    expect(splitPeriod({ from: '2026-03-07', to: '2026-03-18' })).toEqual({ buckets: ['W2026-03-09'], days: ['2026-03-07', '2026-03-08', '2026-03-16', '2026-03-17', '2026-03-18'] });
    // The week of Mon 30 March would cut into April, which is whole: days until April, then the month.
    expect(splitPeriod({ from: '2026-03-30', to: '2026-04-30' })).toEqual({ buckets: ['2026-04'], days: ['2026-03-30', '2026-03-31'] });
  });

  it('quotes fields with commas, quotes or line breaks, and ends rows with CRLF', () => {
    expect(csvField('Fish, chips')).toBe('"Fish, chips"');
    expect(csvField('The "special"')).toBe('"The ""special"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('writes money in major units exactly, with the currency\'s decimals', () => {
    expect(majorUnits(123456, 'EUR')).toBe('1234.56');
    expect(majorUnits(5, 'EUR')).toBe('0.05');
    expect(majorUnits(-250, 'USD')).toBe('-2.50');
    expect(majorUnits(1234, 'JPY')).toBe('1234');
    expect(majorUnits(1234, 'BHD')).toBe('1.234');
    expect(majorUnits(null, 'EUR')).toBeNull();
  });

  it('refuses impossible dates, a start after the end and ranges over 400 days, naming the field', () => {
    const bad = (raw: Record<string, string>) => {
      try { parseReportQuery(raw, ['a']); } catch (e) { return e as { code: string; details: Array<{ path: string }> }; }
      throw new Error('accepted');
    };
    expect(bad({ from: '2026-02-30', to: '2026-03-01' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'from' }] });
    expect(bad({ from: '2026-03-02', to: '2026-03-01' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'from' }] });
    expect(bad({ from: '2025-01-01', to: '2026-03-01' })).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'to' }] });
    expect(bad({ from: '2026-03-01', to: '2026-03-01', extra: 'x' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(parseReportQuery({ from: '2026-03-01', to: '2026-03-31' }, ['a', 'b'])).toEqual({ locationIds: ['a', 'b'], from: '2026-03-01', to: '2026-03-31' });
    expect(parseReportQuery({ from: '2026-03-01', to: '2026-03-01', locations: 'b,b, c' }, ['a'])).toMatchObject({ locationIds: ['b', 'c'] });
  });

  it('the previous period has the same length and ends the day before, across month and leap-day ends', () => {
    expect(periodsOf({ from: '2024-03-01', to: '2024-03-31' }).previous).toEqual({ from: '2024-01-30', to: '2024-02-29' });
    expect(periodsOf({ from: '2026-01-01', to: '2026-01-01' }).previous).toEqual({ from: '2025-12-31', to: '2025-12-31' });
  });
});
