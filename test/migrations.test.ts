import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { closeDatabase, MIGRATIONS_DIR, openDatabase } from '../src/db/open.js';
import { loadConfig } from '../src/config.js';
import { hashPin, hashToken } from '../src/auth/secrets.js';
import { startTestBox, type TestBox } from './helpers/box.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { newId } from './helpers/fixtures.js';

/**
 * "Opening a data dir made by an earlier migration set must work." A box in a restaurant is updated
 * in place: its SQLite file was made by older code and must open, keep every row, and take new writes.
 */
interface Journal { entries: Array<{ idx: number; tag: string; when: number }> }
const JOURNAL: Journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8'));

const temps: string[] = [];
const boxes: TestBox[] = [];
afterEach(async () => {
  for (const box of boxes.splice(0)) await box.box.stop();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
const tempDir = (name: string) => { const dir = fs.mkdtempSync(path.join(os.tmpdir(), `brigade-${name}-`)); temps.push(dir); return dir; };

/** A copy of the migrations folder whose journal stops after the first `count` migrations: an earlier release. */
function earlierMigrationSet(count: number): string {
  const dir = tempDir('migrations');
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journal = { ...JOURNAL, entries: JOURNAL.entries.slice(0, count) };
  fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(journal, null, 2));
  return dir;
}

const T0 = Date.UTC(2026, 0, 15, 12);
const OLD = { owner: newId(), device: newId(), token: `bdv_old-till-${newId()}`, area: newId(), table: newId(), category: newId(), item: newId(), group: newId(), option: newId(), order: newId(), line: newId() };

/**
 * Rows as the FIRST migration's schema had them. Plain SQL on purpose: 0000 never changes, so these
 * statements stay valid however the drizzle schema moves on, exactly like a real old data file.
 */
function writeOldRows(db: Database.Database): void {
  const row = (table: string, values: unknown[]) => db.prepare(`insert into ${table} values (${values.map(() => '?').join(', ')})`).run(...values);
  db.transaction(() => {
    row('restaurant', [1, newId(), newId(), 1, 'Bistro d’Antan', 'EUR', 'Europe/Paris', 4, 'exclusive', 1000, 0, 3, 1, T0, T0]);
    row('staff', [OLD.owner, 'Olga Owner', 'owner', hashPin('1357'), 1, 1, T0, T0]);
    row('devices', [OLD.device, 'Old till', 'terminal', hashToken(OLD.token), OLD.owner, T0, null, null, null]);
    row('areas', [OLD.area, 'Salle', 0, 1, T0, T0]);
    row('dining_tables', [OLD.table, OLD.area, 'A1', 4, 'square', 0, 0, 80, 80, 'occupied', 2, T0, T0]);
    row('categories', [OLD.category, 'Plats', 0, 1, T0, T0]);
    row('menu_items', [OLD.item, OLD.category, 'Cassoulet', 'Maison', 1800, 1000, 'grill', '["house"]', '[]', null, 0, 1, 1, T0, T0]);
    row('option_groups', [OLD.group, 'Pain', 'single', 0, 1, 0, 0, 1, T0, T0]);
    row('options', [OLD.option, OLD.group, 'Baguette', 0, 1, 0, 1, T0, T0]);
    row('item_option_groups', [OLD.item, OLD.group, 0]);
    row('order_counters', ['2026-01-15', 1]);
    row('orders', [OLD.order, 1, '2026-01-15', 'dine_in', 'waiter', 'created', OLD.table, 2, OLD.owner, OLD.device, 'Famille Martin', null, null, 0, 'exclusive', 'EUR',
      3600, 0, 0, 360, 3960, 0, 0, 0, 'old-request-hash', null, 1, T0, T0, null]);
    row('order_lines', [OLD.line, OLD.order, OLD.item, 'Cassoulet', 1800, 0, 1000, 'grill', 2, 1, 1, 'extra crispy', null, 'held', null, null, null, null, 0, OLD.owner, 1, T0, T0]);
  })();
}

function schemaOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return JSON.stringify(db.prepare("select type, name, sql from sqlite_master where name not like 'sqlite_%' order by name").all());
  } finally {
    db.close();
  }
}
function appliedMigrations(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('opening a data dir made by an earlier release', () => {
  it('the repository has a migration journal whose first entry is the initial schema', () => {
    expect(JOURNAL.entries.length).toBeGreaterThanOrEqual(1);
    expect(JOURNAL.entries[0]!.idx).toBe(0);
    for (const entry of JOURNAL.entries) expect(fs.existsSync(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`))).toBe(true);
  });

  // Rows are written at the first migration, upgraded to each later release in turn, then opened by today's box.
  it.each(JOURNAL.entries.map((_e, i) => i + 1))('rows written by release 1, upgraded through release %i, open in today\'s box and take new writes', async (through) => {
    const dataDir = tempDir('data');
    const dbFile = loadConfig({ DATA_DIR: dataDir }).dbFile;
    const first = openDatabase(dbFile, earlierMigrationSet(1));
    writeOldRows(first.$client);
    closeDatabase(first);
    expect(appliedMigrations(dbFile)).toBe(1);
    if (through > 1) closeDatabase(openDatabase(dbFile, earlierMigrationSet(through)));
    expect(appliedMigrations(dbFile)).toBe(through);

    const t = await startTestBox({ dataDir });
    boxes.push(t);
    expect(appliedMigrations(dbFile)).toBe(JOURNAL.entries.length);
    expect((await t.api('GET', '/setup')).body.initialized).toBe(true);
    const session = await t.api('POST', '/auth/sign-in', { token: OLD.token, body: { staffId: OLD.owner, pin: '1357' } });
    expect(session.status).toBe(200);
    const token: string = session.body.token;

    expect((await t.api('GET', '/settings', { token })).body).toMatchObject({ name: 'Bistro d’Antan', currency: 'EUR', timeZone: 'Europe/Paris' });
    const menu = await t.api('GET', '/menu', { token });
    const cassoulet = menu.body.categories[0].items[0];
    expect(cassoulet).toMatchObject({ id: OLD.item, name: 'Cassoulet', price: 1800, tags: ['house'], available: true });
    expect(cassoulet.optionGroups[0].options[0]).toMatchObject({ id: OLD.option, name: 'Baguette' });
    expect((await t.api('GET', `/tables/${OLD.table}`, { token })).body).toMatchObject({ label: 'A1', status: 'occupied', openOrderIds: [OLD.order] });
    const old = await t.api('GET', `/orders/${OLD.order}`, { token });
    expect(old.body).toMatchObject({ number: 1, customerName: 'Famille Martin', totals: { total: 3960, balance: 3960 } });
    expect(old.body.lines).toMatchObject([{ id: OLD.line, name: 'Cassoulet', quantity: 2, notes: 'extra crispy', state: 'held' }]);

    const added = await t.api('POST', `/orders/${OLD.order}/lines`, { token, body: { lines: [{ itemId: OLD.item, quantity: 1, optionIds: [OLD.option] }] } });
    expect(added.status).toBe(200);
    expect(added.body.totals.total).toBe(5940);
    expect((await t.api('POST', `/orders/${OLD.order}/fire`, { token, body: {} })).status).toBe(200);
    const paid = await t.api('POST', `/orders/${OLD.order}/payments`, { token, headers: { 'idempotency-key': `upgrade-${newId()}` }, body: { method: 'cash', tendered: 6000 } });
    expect(paid.status).toBe(201);
    expect(paid.body.payment.change).toBe(60);
    expect(paid.body.order.status).toBe('completed');
    expect((await t.api('GET', `/tables/${OLD.table}`, { token })).body.status).toBe('available');
    const fresh = await t.api('POST', '/orders', { token, body: { id: newId(), type: 'takeaway', lines: [{ itemId: OLD.item, quantity: 1, optionIds: [OLD.option] }] } });
    expect(fresh.status).toBe(201);
  });

  it('reopening an up-to-date data dir applies nothing and changes nothing', async () => {
    const dataDir = tempDir('data');
    const dbFile = loadConfig({ DATA_DIR: dataDir }).dbFile;
    const first = openDatabase(dbFile, earlierMigrationSet(1));
    writeOldRows(first.$client);
    closeDatabase(first);
    const t = await startTestBox({ dataDir });
    const session = await t.api('POST', '/auth/sign-in', { token: OLD.token, body: { staffId: OLD.owner, pin: '1357' } });
    await t.api('POST', '/orders', { token: session.body.token, body: { id: newId(), type: 'takeaway', lines: [{ itemId: OLD.item, quantity: 2, optionIds: [] }] } });
    await t.box.stop();
    const schema = schemaOf(dbFile);
    const data = dumpDatabase(dbFile);

    closeDatabase(openDatabase(dbFile));
    const again = await startTestBox({ dataDir });
    boxes.push(again);
    expect(appliedMigrations(dbFile)).toBe(JOURNAL.entries.length);
    expect(schemaOf(dbFile)).toBe(schema);
    expect(dumpDatabase(dbFile)).toBe(data);
    const orders = await again.api('GET', '/orders?status=all', { token: session.body.token });
    expect(orders.body.map((o: { id: string }) => o.id)).toContain(OLD.order);
    expect(orders.body).toHaveLength(2);
  });
});
