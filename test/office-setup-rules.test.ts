import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { freeSlot, GRID, inRows, overlaps, snap, type Placed } from '../src/web/client/app/floor-layout.js';
import { downSummary, duration, onlineBookingSummary, summary, type SyncStatus } from '../src/web/client/app/sync-words.js';

const table = (label: string, x: number, y: number, width = 80, height = 80): Placed => ({ id: label, label, x, y, width, height });

describe('the floor plan editor\u2019s geometry', () => {
  it('snaps to the 20-unit grid', () => {
    expect([snap(0), snap(9), snap(11), snap(29), snap(31)]).toEqual([0, 0, 20, 20, 40]);
  });

  it('finds overlapping pairs, and touching edges are not an overlap', () => {
    expect(overlaps([table('T1', 0, 0), table('T2', 80, 0), table('T3', 0, 80)])).toEqual([]);
    expect(overlaps([table('T1', 0, 0), table('T2', 79, 0)]).map(([a, b]) => [a.label, b.label])).toEqual([['T1', 'T2']]);
  });

  it('sets any tables out in rows with none overlapping, within the width when each fits', () => {
    fc.assert(fc.property(fc.array(fc.record({ w: fc.integer({ min: 40, max: 300 }), h: fc.integer({ min: 40, max: 300 }) }), { maxLength: 40 }), (sizes) => {
      const tables = sizes.map((s, i) => table(`T${i}`, 0, 0, s.w, s.h));
      const placed = inRows(tables);
      const after = tables.map((t) => ({ ...t, ...placed.get(t.id)! }));
      expect(overlaps(after)).toEqual([]);
      for (const t of after) { expect(t.x % GRID).toBe(0); expect(t.x + t.width).toBeLessThanOrEqual(Math.max(800, GRID + t.width)); }
    }));
  });

  it('puts a new table where it touches no other, a grid step clear', () => {
    fc.assert(fc.property(fc.array(fc.record({ x: fc.integer({ min: 0, max: 40 }), y: fc.integer({ min: 0, max: 40 }) }), { maxLength: 20 }), (spots) => {
      const taken = spots.map((s, i) => table(`T${i}`, s.x * GRID, s.y * GRID));
      const spot = freeSlot(taken, 120, 80);
      expect(overlaps([...taken, table('new', spot.x - GRID, spot.y - GRID, 160, 120)]).filter(([a, b]) => a.id === 'new' || b.id === 'new')).toEqual([]);
    }));
  });
});

const down = (over: Partial<SyncStatus['down']> = {}): SyncStatus['down'] => ({
  configured: true, cursor: 4, head: 4, lag: 0, lastPollAt: 1, lastAppliedAt: 1, lastMessageAgeSeconds: 1, unacked: 0, refused: 0, lastRefused: null,
  resyncs: 0, lastResyncAt: null, lastError: null, lastErrorAt: null, consecutiveFailures: 0, centralMenu: null, restoreCatchup: null, ...over,
});
const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  configured: true, cloudUrl: 'https://cloud.example', lastSuccessAt: 1, queueDepth: 0, oldestUnsentAt: null, oldestUnsentAgeSeconds: null,
  behind: false, lastError: null, lastErrorAt: null, consecutiveFailures: 0, lastErrorCode: null, down: down(), onlineBooking: booking(), ...over,
});
const booking = (over: Partial<SyncStatus['onlineBooking']> = {}): SyncStatus['onlineBooking'] => ({
  offered: true, lastSentAt: 1_000, consecutiveFailures: 0, lastError: null, lastErrorCode: null, lastErrorAt: null, ...over,
});

describe('the sync state in plain words', () => {
  it('says how long, in the unit a person would use', () => {
    expect([duration(1), duration(40), duration(180), duration(7200), duration(3 * 86400)]).toEqual(['1 second', '40 seconds', '3 minutes', '2 hours', '3 days']);
  });

  it('says everything is sent, or what waits, for how long, and why', () => {
    expect(summary(status())).toEqual({ tone: 'ok', text: 'Everything is sent: the cloud is up to date.' });
    expect(summary(status({ queueDepth: 12, oldestUnsentAgeSeconds: 180, lastError: 'cloud unreachable (ECONNREFUSED)' })).text)
      .toBe('12 changes waiting for 3 minutes \u2014 the cloud cannot be reached: cloud unreachable (ECONNREFUSED). Nothing is lost; they go when it answers.');
    expect(summary(status({ queueDepth: 1, oldestUnsentAgeSeconds: 2 })).text).toBe('1 change waiting for 2 seconds \u2014 sending.');
    expect(summary(status({ configured: false })).tone).toBe('off');
    expect(summary(status({ queueDepth: 3, lastError: 'in use', lastErrorCode: 'DEVICE_CREDENTIAL_IN_USE' })).text).toContain("another box uses this box's cloud credential");
  });

  it('says where the channel from the cloud stands', () => {
    expect(downSummary(down())).toBe('Up to date with the cloud.');
    expect(downSummary(down({ lag: 2, refused: 1, lastRefused: { seq: 3, messageId: 'm', kind: 'menu.publish', outcome: 'refused', code: 'X', message: 'bad menu', at: 1 } })))
      .toBe('2 messages from the cloud not applied yet. 1 refused (last: bad menu).');
    expect(downSummary(down({ lastError: 'timeout' }))).toBe('The cloud cannot be reached: timeout.');
    expect(downSummary(down({ lastPollAt: null }))).toBe('Not heard from the cloud yet.');
  });

  it('says whether the booking page offers this box\u2019s times, and what it offers while the cloud refuses them', () => {
    const now = 1_000 + 180_000;
    expect(onlineBookingSummary(status(), now)).toEqual({ tone: 'ok', text: 'The booking page offers this box\u2019s times, sent 3 minutes ago.' });
    expect(onlineBookingSummary(status({ onlineBooking: booking({ offered: false }) }), now)).toBeNull();
    expect(onlineBookingSummary(status({ configured: false }), now)).toBeNull();
    const refused = onlineBookingSummary(status({ onlineBooking: booking({ lastErrorCode: 'VALIDATION_FAILED', consecutiveFailures: 4,
      lastError: 'the cloud refused the online-booking times (400 VALIDATION_FAILED): slots: too many' }) }), now);
    expect(refused).toEqual({ tone: 'bad', text: 'The cloud refuses this box\u2019s online-booking times (VALIDATION_FAILED): the booking page offers the times it took 3 minutes ago. slots: too many' });
    // Refused while not offered any more: still said, since the page may still sell the old times.
    expect(onlineBookingSummary(status({ onlineBooking: booking({ offered: false, lastSentAt: null, lastErrorCode: 'UNAUTHENTICATED', lastError: 'x (401 UNAUTHENTICATED): unknown credential' }) }), now)?.text)
      .toBe('The cloud refuses this box\u2019s online-booking times (UNAUTHENTICATED): the booking page offers the last times it took before this box started. unknown credential');
    expect(onlineBookingSummary(status({ onlineBooking: booking({ lastError: 'fetch failed' }) }), now)?.text)
      .toBe('The online-booking times cannot reach the cloud: the booking page offers the times it took 3 minutes ago. Bookings taken meanwhile wait for this box to confirm them.');
  });
});
