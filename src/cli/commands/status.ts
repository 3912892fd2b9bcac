import { count, eq, min, notInArray, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { areas, categories, changeLog, devices, diningTables, menuItems, orders, staff } from '../../db/schema.js';
import type { Db } from '../../db/open.js';
import { cliConfig, databaseExists, withBox } from '../box.js';
import type { Command } from '../command.js';
import { EXIT } from '../io.js';

const countOf = (db: Db, table: SQLiteTable, where?: SQL) => db.select({ n: count() }).from(table).where(where).get()?.n ?? 0;

function gather(db: Db) {
  const oldest = db.select({ at: min(changeLog.createdAt) }).from(changeLog).get()?.at ?? null;
  return {
    staff: countOf(db, staff, eq(staff.active, true)),
    devices: countOf(db, devices),
    categories: countOf(db, categories),
    menuItems: countOf(db, menuItems),
    areas: countOf(db, areas),
    tables: countOf(db, diningTables),
    orders: countOf(db, orders),
    openOrders: countOf(db, orders, notInArray(orders.status, ['completed', 'canceled'])),
    pendingChanges: countOf(db, changeLog),
    oldestPendingChangeAt: oldest === null ? null : new Date(oldest).toISOString(),
  };
}

/** `status`: what a person checks first on a box — is it set up, for which restaurant, and is sync behind. */
export const statusCommand: Command = {
  words: ['status'],
  summary: 'Show whether the box is set up, its restaurant, counts and pending cloud changes',
  usage: 'npm run cli -- status [--json]',
  options: { json: { type: 'boolean' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    if (!databaseExists(config)) {
      if (v.json) io.out(JSON.stringify({ initialized: false, dataDir: config.dataDir }));
      else io.out(`Not set up: no database yet in ${config.dataDir}. Start the box (npm start) or run: npm run cli -- init --help`);
      return EXIT.ok;
    }
    const report = await withBox(config, (box) => {
      const initialized = box.services.setup.isInitialized();
      return { initialized, dataDir: config.dataDir, restaurant: initialized ? box.services.setup.get() : null, counts: gather(box.deps.db) };
    });
    if (v.json) {
      io.out(JSON.stringify(report, null, 2));
      return EXIT.ok;
    }
    const { restaurant: r, counts: c } = report;
    io.out(`Data:        ${report.dataDir}`);
    if (!r) {
      io.out('Set up:      no — open the box\'s page in a browser, or run: npm run cli -- init --help');
      return EXIT.ok;
    }
    io.out('Set up:      yes');
    io.out(`Restaurant:  ${r.name} (${r.currency}, ${r.timeZone}, day starts ${String(r.dayStartHour).padStart(2, '0')}:00, tax ${r.taxMode})`);
    io.out(`Staff:       ${c.staff} active`);
    io.out(`Devices:     ${c.devices} paired`);
    io.out(`Menu:        ${c.menuItems} items in ${c.categories} categories`);
    io.out(`Tables:      ${c.tables} in ${c.areas} areas`);
    io.out(`Orders:      ${c.openOrders} open, ${c.orders} in all`);
    io.out(`Cloud queue: ${c.pendingChanges} change(s) waiting${c.oldestPendingChangeAt ? `, oldest from ${c.oldestPendingChangeAt}` : ''}`);
    return EXIT.ok;
  },
};
