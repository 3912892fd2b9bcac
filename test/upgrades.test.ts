import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS_DIR } from '../src/db/open.js';
import { manualClock } from '../src/lib/clock.js';
import { startBoxProcess } from '../scripts/lib/box-process.js';
import { startTestBox, type TestBox } from './helpers/box.js';
import { schemaFixtures, snapshotData, type DataSnapshot, type SchemaFixture } from './helpers/schema-fixtures.js';
import { newId } from './helpers/fixtures.js';
import { dumpDatabase } from './helpers/db-dump.js';
import { backupDir, listBackups } from '../src/backup/store.js';

/**
 * Issue 22, upgrades: a box in a restaurant is updated in place, on a database its earlier release
 * wrote. Each fixture was made by that release's own code (scripts/fixtures/make-schema-fixtures.ts);
 * here today's box opens a copy, and every row, total and figure must come through and keep working.
 */
const JOURNAL = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
const FIXTURES = schemaFixtures();

const temps: string[] = [];
const boxes: TestBox[] = [];
afterEach(async () => {
  for (const box of boxes.splice(0)) await box.box.stop();
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A data dir holding a copy of the fixture, as the box would find it after an in-place update. */
function dataDirWith(fixture: SchemaFixture): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `brigade-upgrade-${fixture.manifest.tag}-`));
  temps.push(dir);
  fs.copyFileSync(fixture.file, path.join(dir, 'brigade.db'));
  return dir;
}

const sum = (xs: Array<{ amount: number }>) => xs.reduce((s, x) => s + x.amount, 0);

async function upgrade(fixture: SchemaFixture): Promise<{ t: TestBox; clock: ReturnType<typeof manualClock>; before: DataSnapshot; after: DataSnapshot; owner: string; waiter: string }> {
  const before = snapshotData(fixture.file);
  const dataDir = dataDirWith(fixture);
  // The box's clock a minute after the fixture's last order: same business day, same sessions' lifetime.
  const clock = manualClock(before.lastActivity + 60_000);
  const t = await startTestBox({ dataDir, clock, env: { BACKUP_TIME: 'off' } });
  boxes.push(t);
  const after = snapshotData(t.dbFile);
  const { deviceToken, owner, waiter } = fixture.manifest;
  const signIn = async (who: { id: string; pin: string }) => {
    const res = await t.api('POST', '/auth/sign-in', { token: deviceToken, body: { staffId: who.id, pin: who.pin } });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };
  return { t, clock, before, after, owner: await signIn(owner), waiter: await signIn(waiter) };
}

describe('upgrading a database made by each earlier release', () => {
  it('every migration in the journal has a fixture made by its release', () => {
    expect(FIXTURES.map((f) => f.manifest.tag)).toEqual(JOURNAL.entries.map((e) => e.tag));
    for (const f of FIXTURES) {
      expect(fs.statSync(f.file).size).toBeLessThan(300 * 1024);
      expect(snapshotData(f.file).migrations).toBe(f.manifest.migrations);
    }
  });

  it.each(FIXTURES.map((f) => [f.manifest.tag, f] as const))('a box on a %s database keeps every row, order total, payment, stock level and Z', async (_tag, fixture) => {
    const { before, after } = await upgrade(fixture);
    expect(after.migrations).toBe(JOURNAL.entries.length);
    for (const [table, count] of Object.entries(before.counts)) expect({ table, count: after.counts[table] }).toEqual({ table, count });
    expect(after.orders).toEqual(before.orders);
    expect(after.lines).toEqual(before.lines);
    expect(after.payments).toEqual(before.payments);
    expect(after.refunds).toEqual(before.refunds);
    expect(after.stock).toEqual(before.stock);
    expect(after.z).toEqual(before.z);
    // What the fixture's release did, so a fixture that lost its evening cannot pass by being empty.
    expect(before.orders.map((o) => o.status).sort()).toEqual(['completed', 'completed', 'sent']);
    expect(before.payments.count).toBe(3);
    expect(before.refunds).toEqual({ count: 1, amount: 500 });
    expect(before.stock.length).toBe(fixture.manifest.hasStock ? 1 : 0);
    for (const s of before.stock) expect(s.onHand).toBe(s.movements);
    expect(before.z.length).toBe(fixture.manifest.hasZ ? 1 : 0);
  });

  it.each(FIXTURES.map((f) => [f.manifest.tag, f] as const))('a box on a %s database serves its orders, menu and X report, then takes an order, a payment and a Z', async (_tag, fixture) => {
    const { t, clock, before, owner, waiter } = await upgrade(fixture);
    const { ids } = fixture.manifest;
    const old = (id: string) => before.orders.find((o) => o.id === id)!;

    const paid = await t.api('GET', `/orders/${ids.paidOrder}`, { token: owner });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'completed', totals: { total: old(ids.paidOrder).total, balance: 0 } });
    expect(paid.body.lines.filter((l: { state: string }) => l.state === 'voided')).toHaveLength(2);
    const payments = await t.api('GET', `/orders/${ids.paidOrder}/payments`, { token: owner });
    expect(payments.body.map((p: { method: string; refunded: number }) => [p.method, p.refunded])).toEqual([['card', 500]]);

    const menu = await t.api('GET', '/menu', { token: waiter });
    const items = menu.body.categories.flatMap((c: { items: unknown[] }) => c.items);
    const steak = items.find((i: { id: string }) => i.id === ids.steak);
    expect(steak).toMatchObject({ name: 'Steak frites', price: 2100, available: true });
    expect(steak.optionGroups.flatMap((g: { options: Array<{ id: string }> }) => g.options.map((o) => o.id))).toEqual(expect.arrayContaining([ids.rare, ids.fries]));

    const open = old(ids.openOrder);
    const x = await t.api('GET', '/reports/x', { token: owner });
    expect(x.status).toBe(200);
    expect(x.body.openOrders).toMatchObject({ count: 1, numbers: [open.number], balance: open.total - open.paid });
    if (fixture.manifest.hasStock) {
      const stock = await t.api('GET', `/stock/ingredients/${ids.ingredient}`, { token: owner });
      expect(stock.body.onHand).toBe(before.stock[0]!.onHand);
    }

    const settle = await t.api('POST', `/orders/${ids.openOrder}/payments`, { token: waiter, headers: { 'idempotency-key': `settle-${newId()}` }, body: { method: 'card' } });
    expect(settle.status).toBe(201);
    expect(settle.body.order.status).toBe('completed');
    const fresh = newId();
    const placed = await t.api('POST', '/orders', { token: waiter, body: { id: fresh, type: 'takeaway', lines: [{ id: newId(), itemId: ids.steak, quantity: 1, optionIds: [ids.rare, ids.fries] }] } });
    expect(placed.status).toBe(201);
    expect((await t.api('POST', `/orders/${fresh}/fire`, { token: waiter, body: {} })).status).toBe(200);
    const cash = await t.api('POST', `/orders/${fresh}/payments`, { token: waiter, headers: { 'idempotency-key': `fresh-${newId()}` }, body: { method: 'cash', tendered: 5000 } });
    expect(cash.status).toBe(201);
    if (fixture.manifest.hasStock) {
      const stock = await t.api('GET', `/stock/ingredients/${ids.ingredient}`, { token: owner });
      expect(stock.body.onHand).toBe(before.stock[0]!.onHand - 200_000);
    }

    const xBefore = (await t.api('GET', '/reports/x', { token: owner })).body;
    // The Z is taken the next morning: a day that followed the old release's Z has only started by then.
    clock.advance(24 * 3600_000);
    const morning = await t.api('POST', '/auth/sign-in', { token: fixture.manifest.deviceToken, body: { staffId: fixture.manifest.owner.id, pin: fixture.manifest.owner.pin } });
    const z = await t.api('POST', '/reports/z', { token: morning.body.token, headers: { 'idempotency-key': `z-${newId()}` } });
    expect({ status: z.status, error: z.body.error }).toEqual({ status: 201, error: undefined });
    expect(z.body.number).toBe(before.z.length + 1);
    expect(z.body.totals).toEqual(xBefore.totals);
    const db = new Database(t.dbFile, { readonly: true });
    const dayPayments = (db.prepare('select coalesce(sum(amount), 0) as amount from payments where business_day = ?').get(z.body.businessDay) as { amount: number }).amount;
    // Order numbers restart each business day; the new one must not repeat one of its day's.
    const sameNumber = db.prepare('select count(*) as n from orders where business_day = (select business_day from orders where id = ?) and number = ?').get(fresh, placed.body.number) as { n: number };
    db.close();
    expect(sameNumber.n).toBe(1);
    expect(sum(z.body.totals.payments)).toBe(dayPayments);
    if (fixture.manifest.hasZ) {
      // The evening closed by the old release's Z is not counted again; its Z reads as it was written.
      expect(z.body.businessDay > before.z[0]!.businessDay).toBe(true);
      expect((await t.api('GET', '/reports/z/1', { token: morning.body.token })).body.totals).toEqual(before.z[0]!.totals);
    } else {
      // The first Z after the upgrade takes in the old release's evening: its refund, its voids and every payment.
      expect(z.body.totals.refunds.amount).toBe(500);
      expect(z.body.totals.voids.count).toBe(2);
      expect(sum(z.body.totals.payments)).toBe(before.payments.amount + settle.body.payment.amount + cash.body.payment.amount);
    }
  });
});

describe('a database newer than the code', () => {
  /** The newest fixture, as if a later release had migrated it: one more row in drizzle's journal. */
  function newerThanCode(): string {
    const dataDir = dataDirWith(FIXTURES.at(-1)!);
    const db = new Database(path.join(dataDir, 'brigade.db'));
    db.prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)').run('from-a-later-release', Date.UTC(2099, 0, 1));
    db.close();
    return dataDir;
  }

  it('is refused by the box process at start, with what to do, and its data left as it was', async () => {
    const dataDir = newerThanCode();
    const file = path.join(dataDir, 'brigade.db');
    const data = dumpDatabase(file);
    await expect(startBoxProcess({ dataDir })).rejects.toThrow(/upgraded by a newer Brigade \(1 migration\(s\) this version does not know\).*Install that newer version again.*backup restore/s);
    expect(dumpDatabase(file)).toBe(data);
    expect(snapshotData(file).migrations).toBe(JOURNAL.entries.length + 1);
    // Refused before the pre-migration copy: nothing to restore from a start that never happened.
    expect(listBackups(backupDir(file))).toEqual([]);
  });

  it('is refused by an in-process start too, before anything listens', async () => {
    await expect(startTestBox({ dataDir: newerThanCode() })).rejects.toThrow(/upgraded by a newer Brigade/);
  });
});
