import { describe, expect, it } from 'vitest';
import { csvField, majorUnits, toCsv } from '../sync/cloud/reports/csv.js';
import { parseReportQuery } from '../sync/cloud/reports/query.js';
import { periodsOf } from '../sync/cloud/reports/period.js';

describe('report CSV and query parsing', () => {
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
