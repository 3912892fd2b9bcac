import { describe, expect, it } from 'vitest';
import { grantSlots, type GrantInput } from '../src/reservations/allotment.js';
import { DEFAULT_DOOR_SETTINGS, type DoorSettings, type Hold, type TableInfo } from '../src/reservations/door-rules.js';
import { localToUtc } from '../src/reservations/zoned-time.js';
import { ALLOTMENT_DAYS, allotmentGrant } from '../sync/booking-messages.js';

/**
 * The box's grant for online booking (issue 20), pure: covers per slot from the manager's
 * allotment less online covers already booked and within pacing; the largest party a free table
 * (alone or joined) takes, with the longest duration that table would be used for; nothing when
 * online booking is off; closed days and private events give nothing.
 */
const TZ = 'Europe/Paris';
const tables: TableInfo[] = [
  { id: 'a2', label: 'A2', capacity: 2, active: true },
  { id: 'b4', label: 'B4', capacity: 4, active: true },
  { id: 'c4', label: 'C4', capacity: 4, active: true },
];
const dinner = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), [{ open: '19:00', close: '22:30' }]]));
const settings = (over: Partial<DoorSettings> = {}): DoorSettings => ({ ...DEFAULT_DOOR_SETTINGS, hours: dinner, bufferMinutes: 0, onlineAllotment: 6, ...over });
const at = (date: string, time: string) => localToUtc(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), TZ);
const NOW = at('2026-06-12', '10:00');

const grant = (over: Partial<GrantInput> = {}) =>
  grantSlots({ now: NOW, timeZone: TZ, days: 2, settings: settings(), tables, exceptions: [], holds: [], onlineCovers: new Map(), ...over });
const slotAt = (g: ReturnType<typeof grant>, date: string, time: string) => g.find((s) => s.date === date && s.time === time);

describe('the grant for online booking', () => {
  it('offers every slot of the coming days with the allotment and the largest table, nothing before now', () => {
    const g = grant();
    expect(g.map((s) => s.date)).toEqual([...Array(13).fill('2026-06-12'), ...Array(13).fill('2026-06-13')]);
    expect(slotAt(g, '2026-06-12', '19:00')).toMatchObject({ covers: 6, maxParty: 4, startsAt: at('2026-06-12', '19:00') });
    expect(grant({ now: at('2026-06-12', '21:01') }).filter((s) => s.date === '2026-06-12').map((s) => s.time)).toEqual(['21:15', '21:30', '21:45', '22:00']);
  });

  it('a restaurant open round the clock sends a grant the cloud takes at 03:30, when last night\'s service is still selling', () => {
    const roundTheClock = Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [String(d), [{ open: '06:00', close: '05:45' }]]));
    // The autumn change (a 25-hour day) inside the window too.
    const now = at('2026-10-10', '03:30');
    const slots = grant({ now, days: ALLOTMENT_DAYS, settings: settings({ hours: roundTheClock, lastSeatingMinutes: 0 }) });
    expect(slots.length).toBeGreaterThan(ALLOTMENT_DAYS * 24 * 4);
    expect(new Set(slots.map((s) => s.startsAt)).size).toBe(slots.length);
    const parsed = allotmentGrant.safeParse({ appliedThrough: 0, computedAt: now, onlineAllotment: 6, timeZone: TZ, slots });
    expect(parsed.success, parsed.error?.message).toBe(true);
  });

  it('grants nothing when online booking is off (null or 0)', () => {
    expect(grant({ settings: settings({ onlineAllotment: null }) })).toEqual([]);
    expect(grant({ settings: settings({ onlineAllotment: 0 }) })).toEqual([]);
  });

  it('takes away what is booked: a held four-top leaves the other; both held leaves the two-top; all held leaves nothing to sell', () => {
    const hold = (id: string, from: string, minutes: number): Hold => ({ kind: 'booking', tableIds: [id], from: at('2026-06-12', from), to: at('2026-06-12', from) + minutes * 60_000, reservationId: id, covers: 4 });
    expect(slotAt(grant({ holds: [hold('b4', '19:00', 105)] }), '2026-06-12', '20:00')!.maxParty).toBe(4);
    expect(slotAt(grant({ holds: [hold('b4', '19:00', 105), hold('c4', '19:00', 105)] }), '2026-06-12', '20:00')!.maxParty).toBe(2);
    const full = slotAt(grant({ holds: [hold('b4', '19:00', 105), hold('c4', '19:00', 105), hold('a2', '19:00', 105)] }), '2026-06-12', '20:00')!;
    expect(full).toMatchObject({ maxParty: 0, covers: 0 });
    // 20:45: the four-tops are free again (105 minutes from 19:00), the party of four may be offered.
    expect(slotAt(grant({ holds: [hold('b4', '19:00', 105), hold('c4', '19:00', 105)] }), '2026-06-12', '20:45')!.maxParty).toBe(4);
  });

  it('a table is offered only for as long as its largest party would stay (a four-top booked at 21:00 is not offered at 19:30 for four)', () => {
    const later: Hold = { kind: 'booking', tableIds: ['b4'], from: at('2026-06-12', '21:00'), to: at('2026-06-12', '22:45'), reservationId: 'x', covers: 4 };
    const g = grant({ holds: [later], tables: tables.filter((t) => t.id !== 'c4') });
    expect(slotAt(g, '2026-06-12', '19:30')!.maxParty).toBe(2);
    expect(slotAt(g, '2026-06-12', '19:00')!.maxParty).toBe(4);
  });

  it('subtracts online covers already on the book, and keeps within pacing', () => {
    const g = grant({ onlineCovers: new Map([[at('2026-06-12', '19:00'), 4]]) });
    expect(slotAt(g, '2026-06-12', '19:00')!.covers).toBe(2);
    expect(slotAt(g, '2026-06-12', '19:15')!.covers).toBe(6);
    const paced = grant({ settings: settings({ pacingCovers: 5 }), holds: [{ kind: 'booking', tableIds: ['a2'], from: at('2026-06-12', '19:00'), to: at('2026-06-12', '20:30'), reservationId: 'p', covers: 2 }] });
    expect(slotAt(paced, '2026-06-12', '19:00')).toMatchObject({ covers: 3, maxParty: 3 });
  });

  it('closed days and a whole-room private event give no covers', () => {
    const closed = grant({ exceptions: [{ id: 'c', date: '2026-06-13', kind: 'closed', startTime: null, endTime: null, tableIds: null, note: null }] });
    expect(closed.some((s) => s.date === '2026-06-13')).toBe(false);
    const party = grant({ exceptions: [{ id: 'e', date: '2026-06-12', kind: 'private_event', startTime: '20:00', endTime: '23:00', tableIds: null, note: null }] });
    expect(slotAt(party, '2026-06-12', '20:00')).toMatchObject({ covers: 0, maxParty: 0 });
    expect(slotAt(party, '2026-06-12', '19:00')!.maxParty).toBe(0);
    expect(slotAt(party, '2026-06-13', '20:00')!.maxParty).toBe(4);
  });
});
