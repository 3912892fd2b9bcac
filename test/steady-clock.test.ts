import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { steadyClock } from '../src/lib/steady-clock.js';
import { lastWrittenAt } from '../src/db/last-written.js';
import { openDatabase } from '../src/db/open.js';

/** A wall clock and a monotonic timer the test moves by hand (the wall can be set back; the timer cannot). */
function fakeTime(start: number) {
  let wall = start, mono = 1000;
  return {
    wall: () => wall, monotonic: () => mono,
    pass(ms: number) { wall += ms; mono += ms; },
    setWall(ms: number) { wall = ms; },
  };
}

const T = Date.UTC(2026, 11, 4, 20, 0);

describe('the box clock never goes backwards', () => {
  it('follows the wall clock while it moves forward', () => {
    const t = fakeTime(T);
    const clock = steadyClock(t);
    expect(clock.now()).toBe(T);
    t.pass(1500);
    expect(clock.now()).toBe(T + 1500);
    t.setWall(T + 60 * 60_000); // a forward step (NTP after a Pi booted late) is followed at once
    expect(clock.now()).toBe(T + 60 * 60_000);
  });

  it('runs on at the real rate from where it was when the wall clock steps back, then follows it again once ahead', () => {
    const t = fakeTime(T);
    const steps: number[] = [];
    const clock = steadyClock({ ...t, onStepBack: (ms) => steps.push(ms) });
    t.pass(10_000);
    expect(clock.now()).toBe(T + 10_000);
    t.setWall(T - 2 * 60 * 60_000); // someone sets the clock two hours back
    const times = [clock.now()];
    for (let i = 0; i < 5; i++) { t.pass(1000); times.push(clock.now()); }
    expect(times).toEqual([T + 10_000, T + 11_000, T + 12_000, T + 13_000, T + 14_000, T + 15_000]);
    expect(steps).toHaveLength(1); // told once, not on every reading
    expect(steps[0]).toBe(2 * 60 * 60_000 + 10_000);
    expect(clock.wallBehindMs()).toBeGreaterThan(2 * 60 * 60_000);
    t.setWall(T + 30_000); // corrected
    expect(clock.now()).toBe(T + 30_000);
    expect(clock.wallBehindMs()).toBe(0);
  });

  it('a small step back (NTP slewing a second) is absorbed without a warning', () => {
    const t = fakeTime(T);
    const steps: number[] = [];
    const clock = steadyClock({ ...t, onStepBack: (ms) => steps.push(ms) });
    clock.now();
    t.setWall(T - 800);
    expect(clock.now()).toBe(T);
    t.pass(1000);
    expect(clock.now()).toBe(T + 1000);
    expect(steps).toEqual([]);
  });

  it('starts no earlier than the newest time already written (a Pi that booted with an old time)', () => {
    const t = fakeTime(T - 3 * 24 * 60 * 60_000);
    const clock = steadyClock({ ...t, floor: T });
    expect(clock.now()).toBe(T);
    t.pass(250);
    expect(clock.now()).toBe(T + 250);
  });
});

describe('the newest time in the database', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('is the latest audit entry of a real box database, or 0 for a new one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'brigade-clock-'));
    dirs.push(dir);
    const file = join(dir, 'box.db');
    const db = openDatabase(file);
    expect(lastWrittenAt(db.$client)).toBe(0);
    const raw = new Database(file);
    raw.prepare("insert into audit_log (id, at, action) values ('a', ?, 'x'), ('b', ?, 'y')").run(T - 5000, T);
    raw.close();
    expect(lastWrittenAt(db.$client)).toBe(T);
    db.$client.close();
  });
});
