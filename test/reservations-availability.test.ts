import { describe, expect, it } from 'vitest';
import { availableTimes, type AvailabilityInput } from '../src/reservations/availability.js';
import { DEFAULT_DOOR_SETTINGS, type DoorSettings, type Hold, type TableInfo } from '../src/reservations/door-rules.js';
import { localToUtc } from '../src/reservations/zoned-time.js';

/**
 * The one function that answers "which times can seat N on date D" (issue 20), at its edges:
 * midnight, closing time, pacing, joined tables, closed days and private events, and the nights the
 * clocks change in the restaurant's zone. Pure: no box, every input given.
 */
const TZ = 'Europe/Paris';
const tables: TableInfo[] = [
  { id: 't2a', label: 'A2', capacity: 2, active: true },
  { id: 't4a', label: 'B4', capacity: 4, active: true },
  { id: 't4b', label: 'C4', capacity: 4, active: true },
  { id: 't6', label: 'D6', capacity: 6, active: true },
  { id: 'off', label: 'X8', capacity: 8, active: false },
];
const dinner = (open: string, close: string) => Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), [{ open, close }]]));
const settings = (over: Partial<DoorSettings> = {}): DoorSettings => ({ ...DEFAULT_DOOR_SETTINGS, hours: dinner('19:00', '22:30'), ...over });
const at = (date: string, time: string) => localToUtc(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), TZ);

function ask(over: Partial<AvailabilityInput> & { date: string; party: number }) {
  return availableTimes({ now: Date.UTC(2026, 0, 1), timeZone: TZ, settings: settings(), exceptions: [], tables, holds: [], ...over });
}
const times = (a: ReturnType<typeof ask>) => a.slots.map((s) => s.time);
const booking = (tableIds: string[], date: string, start: string, minutes: number, covers = 2, id = `r-${start}`): Hold =>
  ({ kind: 'booking', tableIds, from: at(date, start), to: at(date, start) + minutes * 60_000, reservationId: id, covers });

describe('availability: opening hours and closing time', () => {
  it('offers every quarter hour from opening to the last seating (30 minutes before closing), not after', () => {
    const a = ask({ date: '2026-06-12', party: 2 });
    expect(a.closed).toBeNull();
    expect(times(a)[0]).toBe('19:00');
    expect(times(a).at(-1)).toBe('22:00');
    expect(times(a)).toHaveLength(13);
    expect(a.durationMinutes).toBe(90);
  });

  it('moves the last seating with the setting, and a booking may then start right at closing', () => {
    expect(times(ask({ date: '2026-06-12', party: 2, settings: settings({ lastSeatingMinutes: 0 }) })).at(-1)).toBe('22:30');
  });

  it('a service that closes after midnight offers slots past midnight on the same service date', () => {
    const a = ask({ date: '2026-06-12', party: 2, settings: settings({ hours: dinner('22:00', '01:30') }) });
    expect(times(a)).toEqual(['22:00', '22:15', '22:30', '22:45', '23:00', '23:15', '23:30', '23:45', '00:00', '00:15', '00:30', '00:45', '01:00']);
    expect(a.slots.find((s) => s.time === '00:00')!.startsAt).toBe(at('2026-06-13', '00:00'));
  });

  it('a day without services for its weekday says so', () => {
    const hours = { ...dinner('19:00', '22:30'), 1: [] };
    const monday = ask({ date: '2026-06-15', party: 2, settings: settings({ hours }) });
    expect(monday).toMatchObject({ closed: 'no_service', slots: [] });
  });

  it('does not offer times that have passed today', () => {
    const a = ask({ date: '2026-06-12', party: 2, now: at('2026-06-12', '20:05') });
    expect(times(a)[0]).toBe('20:15');
  });
});

describe('availability: tables, joins and holds', () => {
  it('puts a party at the smallest table that fits, and a couple never at the six-top while a two-top is free', () => {
    expect(ask({ date: '2026-06-12', party: 2 }).slots[0]!.tableLabels).toEqual(['A2']);
    expect(ask({ date: '2026-06-12', party: 5 }).slots[0]!.tableLabels).toEqual(['D6']);
  });

  it('a party bigger than any table needs tables the restaurant lets join, and ignores an inactive table', () => {
    expect(ask({ date: '2026-06-12', party: 8 })).toMatchObject({ closed: 'party_too_large', slots: [] });
    const joined = ask({ date: '2026-06-12', party: 8, settings: settings({ combinations: [['t4a', 't4b']] }) });
    expect(joined.slots[0]!.tableLabels).toEqual(['B4', 'C4']);
    expect(ask({ date: '2026-06-12', party: 9, settings: settings({ combinations: [['t4a', 't4b']] }) }).closed).toBe('party_too_large');
  });

  it('a booking on the six-top takes it for its duration plus the buffer, and frees it exactly after', () => {
    const holds = [booking(['t6'], '2026-06-12', '19:00', 120)];
    const a = ask({ date: '2026-06-12', party: 6, holds });
    // 19:00 + 120 min + 15 min buffer = 21:15; a 6 keeps the table 120 min, so anything before 19:00+135 clashes.
    expect(times(a)[0]).toBe('21:15');
  });

  it('a joined booking takes both tables: a four then gets neither of them', () => {
    const holds = [booking(['t4a', 't4b'], '2026-06-12', '19:00', 150, 8)];
    const a = ask({ date: '2026-06-12', party: 4, holds });
    expect(a.slots[0]!.time).toBe('19:00');
    expect(a.slots[0]!.tableLabels).toEqual(['D6']);
  });

  it('a table seated now (a live hold) is not offered until its party should have left', () => {
    const live: Hold = { kind: 'live', tableIds: ['t6'], from: at('2026-06-12', '19:00'), to: at('2026-06-12', '21:00') };
    const a = ask({ date: '2026-06-12', party: 6, holds: [live], now: at('2026-06-12', '19:30') });
    expect(times(a)[0]).toBe('21:15');
  });
});

describe('availability: pacing', () => {
  it('at most N covers start per 15-minute slot: a full slot is skipped, the next one offered', () => {
    const holds = [booking(['t4a'], '2026-06-12', '19:00', 105, 4), booking(['t4b'], '2026-06-12', '19:00', 105, 4)];
    const a = ask({ date: '2026-06-12', party: 2, holds, settings: settings({ pacingCovers: 10 }) });
    expect(times(a)).toContain('19:00');
    const tight = ask({ date: '2026-06-12', party: 3, holds, settings: settings({ pacingCovers: 10 }) });
    expect(times(tight)).not.toContain('19:00');
    expect(times(tight)[0]).toBe('19:15');
  });

  it('an unassigned booking still counts for pacing', () => {
    const holds = [booking([], '2026-06-12', '19:30', 105, 6)];
    expect(times(ask({ date: '2026-06-12', party: 2, holds, settings: settings({ pacingCovers: 6 }) }))).not.toContain('19:30');
  });
});

describe('availability: exceptions', () => {
  it('a closed day has no times at all', () => {
    const a = ask({ date: '2026-12-25', party: 2, exceptions: [{ id: 'x', date: '2026-12-25', kind: 'closed', startTime: null, endTime: null, tableIds: null, note: 'Christmas' }] });
    expect(a).toMatchObject({ closed: 'closed', slots: [] });
  });

  it('a private event for the whole room all evening leaves nothing and says why', () => {
    const a = ask({ date: '2026-06-12', party: 2, exceptions: [{ id: 'x', date: '2026-06-12', kind: 'private_event', startTime: null, endTime: null, tableIds: null, note: 'Wedding' }] });
    expect(a).toMatchObject({ closed: 'private_event', slots: [] });
  });

  it('a private event on some tables from 20:00 leaves the other tables, and those tables before it', () => {
    const exceptions = [{ id: 'x', date: '2026-06-12', kind: 'private_event' as const, startTime: '20:00', endTime: '23:59', tableIds: ['t6'], note: null }];
    const six = ask({ date: '2026-06-12', party: 6, exceptions });
    // 6 keeps a table 120 min + 15 min buffer: the last start before 20:00 is 17:45 — none in the service.
    expect(six.slots).toEqual([]);
    const small = ask({ date: '2026-06-12', party: 6, exceptions, settings: settings({ durations: [{ upTo: 100, minutes: 30 }] }) });
    expect(times(small)).toEqual(['19:00', '19:15']);
    expect(times(ask({ date: '2026-06-12', party: 4, exceptions }))).toHaveLength(13);
  });
});

describe('availability on the nights the clocks change (Europe/Paris)', () => {
  it('spring forward: a bar open 22:00–04:00 has no 02:xx slots and its slots stay 15 real minutes apart', () => {
    const a = ask({ date: '2026-03-28', party: 2, settings: settings({ hours: dinner('22:00', '04:00'), lastSeatingMinutes: 0 }) });
    const ts = times(a);
    expect(ts).toContain('01:45');
    expect(ts).toContain('03:00');
    expect(ts.some((t) => t.startsWith('02:'))).toBe(false);
    const starts = a.slots.map((s) => s.startsAt);
    expect(starts.every((s, i) => i === 0 || s - starts[i - 1]! === 15 * 60_000)).toBe(true);
    // 22:00 → 04:00 is 5 real hours that night: 21 slots with the start and the end included.
    expect(a.slots).toHaveLength(21);
  });

  it('fall back: 02:xx happens twice, both are offered at their own instants', () => {
    const a = ask({ date: '2026-10-24', party: 2, settings: settings({ hours: dinner('22:00', '04:00'), lastSeatingMinutes: 0 }) });
    expect(times(a).filter((t) => t === '02:15')).toHaveLength(2);
    expect(a.slots).toHaveLength(29);
  });

  it('an ordinary dinner on the day of the change is the same 13 slots at the right instants', () => {
    const a = ask({ date: '2026-03-29', party: 2 });
    expect(times(a)).toHaveLength(13);
    expect(a.slots[0]!.startsAt).toBe(Date.UTC(2026, 2, 29, 17, 0));
  });
});
