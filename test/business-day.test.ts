import { afterEach, describe, expect, it } from 'vitest';
import { businessDay, businessDayStart } from '../src/lib/business-day.js';
import { manualClock } from '../src/lib/clock.js';
import { setUpRestaurant, startTestBox, type TestBox } from './helpers/box.js';
import { newId } from './helpers/fixtures.js';

describe('the business day', () => {
  it('a drink at 01:30 in Paris belongs to the night before when the day starts at 04:00', () => {
    // 2026-11-21 00:30 UTC = 01:30 in Paris (UTC+1)
    expect(businessDay(Date.UTC(2026, 10, 21, 0, 30), 'Europe/Paris', 4)).toBe('2026-11-20');
    expect(businessDay(Date.UTC(2026, 10, 21, 3, 0), 'Europe/Paris', 4)).toBe('2026-11-21');
  });

  it('follows the restaurant time zone, not UTC, across month and year ends', () => {
    // 2027-01-01 02:00 UTC is still 2026-12-31 21:00 in New York; 2026-12-01 00:00 UTC is 05:30 in Kolkata
    expect(businessDay(Date.UTC(2027, 0, 1, 2, 0), 'America/New_York', 4)).toBe('2026-12-31');
    expect(businessDay(Date.UTC(2026, 11, 1, 0, 0), 'Asia/Kolkata', 6)).toBe('2026-11-30');
    expect(businessDay(Date.UTC(2026, 11, 1, 0, 0), 'Asia/Kolkata', 0)).toBe('2026-12-01');
  });

  it('begins at the day-start hour on the restaurant\'s wall clock, in winter, in summer and on the night the clocks go forward', () => {
    expect(businessDayStart('2026-11-21', 'Europe/Paris', 4)).toBe(Date.UTC(2026, 10, 21, 3, 0));
    expect(businessDayStart('2026-07-14', 'Europe/Paris', 4)).toBe(Date.UTC(2026, 6, 14, 2, 0));
    expect(businessDayStart('2026-12-31', 'America/New_York', 0)).toBe(Date.UTC(2026, 11, 31, 5, 0));
    expect(businessDayStart('2026-12-01', 'Asia/Kolkata', 6)).toBe(Date.UTC(2026, 11, 1, 0, 30));
    // Paris skips 02:00–03:00 on 2026-03-29: a day starting at 02:00 starts at 03:00 summer time.
    expect(businessDayStart('2026-03-29', 'Europe/Paris', 2)).toBe(Date.UTC(2026, 2, 29, 1, 0));
    for (const [day, zone, hour] of [['2026-11-21', 'Europe/Paris', 4], ['2026-10-25', 'Europe/Paris', 4], ['2026-12-31', 'America/New_York', 0]] as const) {
      const start = businessDayStart(day, zone, hour);
      expect(businessDay(start, zone, hour)).toBe(day);
      expect(businessDay(start - 60_000, zone, hour)).not.toBe(day);
    }
  });

  it('survives the daylight-saving change night', () => {
    // Europe/Paris leaves summer time on 2026-10-25 at 03:00 local.
    expect(businessDay(Date.UTC(2026, 9, 25, 0, 30), 'Europe/Paris', 4)).toBe('2026-10-24');
    expect(businessDay(Date.UTC(2026, 9, 25, 3, 30), 'Europe/Paris', 4)).toBe('2026-10-25');
  });
});

describe('order numbers', () => {
  let t: TestBox;
  afterEach(async () => { await t.close(); });

  it('start again at #1 when the next business day begins, not at midnight', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 20, 21, 0)); // 22:00 in Paris
    t = await startTestBox({ clock });
    const r = await setUpRestaurant(t, { timeZone: 'Europe/Paris', dayStartHour: 4 });
    const place = async () => (await t.api('POST', '/orders', { token: r.ownerToken, body: { id: newId(), type: 'takeaway' } })).body;
    expect(await place()).toMatchObject({ number: 1, businessDay: '2026-11-20' });
    clock.set(Date.UTC(2026, 10, 21, 0, 30)); // 01:30: still Friday night
    expect(await place()).toMatchObject({ number: 2, businessDay: '2026-11-20' });
    clock.set(Date.UTC(2026, 10, 21, 9, 0)); // 10:00 Saturday
    expect(await place()).toMatchObject({ number: 1, businessDay: '2026-11-21' });
  });
});
