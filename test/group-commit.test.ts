import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase, closeDatabase, type Db } from '../src/db/open.js';
import { runCommand, SYSTEM_ACTOR, type CommandDeps } from '../src/db/command.js';
import { EventBus, type DomainEvent } from '../src/events/bus.js';
import { systemClock, uuidV7Ids } from '../src/lib/clock.js';

let dir: string;
let db: Db;
let deps: CommandDeps;
let events: DomainEvent[];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-gc-'));
  db = openDatabase(path.join(dir, 'box.db'));
  const bus = new EventBus();
  events = [];
  bus.subscribe((e) => events.push(e));
  deps = { db, clock: systemClock, ids: uuidV7Ids, bus };
});
afterEach(() => { closeDatabase(db); fs.rmSync(dir, { recursive: true, force: true }); });

const write = (name: string, fail = false) => runCommand(deps, SYSTEM_ACTOR, (ctx) => {
  ctx.audit({ action: name });
  ctx.change('test', { id: name, version: 1 });
  ctx.emit({ type: 'written', data: name });
  if (fail) throw new Error(`${name} failed after writing`);
  return name;
});

const onDisk = () => {
  const reader = new Database(path.join(dir, 'box.db'), { readonly: true });
  const rows = {
    audit: (reader.prepare('select action from audit_log order by action').all() as Array<{ action: string }>).map((r) => r.action),
    changes: (reader.prepare('select entity_id from change_log order by entity_id').all() as Array<{ entity_id: string }>).map((r) => r.entity_id),
  };
  reader.close();
  return rows;
};

describe('group commit', () => {
  it('commands sent together commit together, and one that fails is undone alone', async () => {
    const results = await Promise.allSettled([write('a'), write('b', true), write('c')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(onDisk()).toEqual({ audit: ['a', 'c'], changes: ['a', 'c'] });
    expect(events.map((e) => e.data)).toEqual(['a', 'c']);
  });

  it('a lone command that fails leaves nothing behind, and the next one still commits', async () => {
    await expect(write('x', true)).rejects.toThrow('x failed');
    await write('y');
    expect(onDisk()).toEqual({ audit: ['y'], changes: ['y'] });
    expect(events.map((e) => e.data)).toEqual(['y']);
  });

  it('answers only after the data is committed: another connection sees it when the promise settles', async () => {
    const pending = write('z');
    expect(onDisk().audit).toEqual([]);
    await pending;
    expect(onDisk().audit).toEqual(['z']);
  });

  it('later commands in a batch see the writes of earlier ones, as if run one by one', async () => {
    const seen = await Promise.all([
      write('first'),
      runCommand(deps, SYSTEM_ACTOR, (ctx) => (ctx.tx.$client.prepare("select count(*) as n from audit_log where action = 'first'").get() as { n: number }).n),
    ]);
    expect(seen).toEqual(['first', 1]);
  });

  it('screens get every event of a committed batch before any other listener starts its post-commit work', async () => {
    const seen: string[] = [];
    // Subscribed first, yet served last: it is not a screen.
    deps.bus.subscribe((e) => seen.push(`chores:${e.data}`));
    deps.bus.subscribe((e) => seen.push(`screen:${e.data}`), { urgent: true });
    await Promise.allSettled([write('a'), write('b', true), write('c')]);
    expect(seen).toEqual(['screen:a', 'screen:c', 'chores:a', 'chores:c']);
  });

  it('refuses a command body that is not synchronous, and writes nothing of it', async () => {
    const sloppy = runCommand(deps, SYSTEM_ACTOR, async (ctx) => {
      ctx.audit({ action: 'half-done' });
      return 'never';
    });
    await expect(sloppy).rejects.toThrow('must be synchronous');
    expect(onDisk().audit).toEqual([]);
  });
});
