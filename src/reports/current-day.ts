import { sql } from 'drizzle-orm';
import type { CommandContext, DbLike } from '../db/command.js';
import type { Db } from '../db/open.js';
import { zReports } from '../db/schema.js';
import { preparedPerConnection } from '../db/prepared.js';
import { businessDay } from '../lib/business-day.js';
import { loadRestaurant } from '../setup/service.js';
import { writeDay, type LastZ } from './rules.js';

// Asked on every order placed: built once per connection (db/prepared.ts).
const lastDayQuery = preparedPerConnection((db) => db.select({ day: sql<string | null>`max(${zReports.businessDay})` }).from(zReports).prepare());

/** The business day of the last Z taken on this box, or null before the first. */
export function lastClosedDay(tx: DbLike): string | null {
  return lastDayQuery(tx).get()?.day ?? null;
}

/** The business day for a write at `now` (see writeDay): the clock's day, or the day after the last Z. */
export function businessDayAt(tx: DbLike, now: number): string {
  const r = loadRestaurant(tx);
  return writeDay(businessDay(now, r.timeZone, r.dayStartHour), lastClosedDay(tx));
}

const perCommand = new WeakMap<CommandContext, string>();

/**
 * The one place that decides which business day a write belongs to (orders, payments, refunds,
 * voids, stock movements): max(clock business day, last Z day + 1). Remembered per command, so a
 * command that writes many rows asks once.
 */
export function currentBusinessDay(ctx: CommandContext): string {
  let day = perCommand.get(ctx);
  if (!day) {
    day = businessDayAt(ctx.tx, ctx.now);
    perCommand.set(ctx, day);
  }
  return day;
}

/** The last Z taken on this box, or null before the first. */
export function lastZ(tx: Db): LastZ | null {
  const row = tx.$client.prepare('select number, business_day as businessDay, closed_at as closedAt from z_reports order by number desc limit 1').get() as LastZ | undefined;
  return row ?? null;
}

/** Whether business day `day` has orders (not canceled), payments, refunds or line voids. */
export function dayHasActivity(tx: Db, day: string): boolean {
  const row = tx.$client.prepare(`select exists (select 1 from orders where business_day = @day and status != 'canceled')
      or exists (select 1 from payments where business_day = @day) or exists (select 1 from refunds where business_day = @day)
      or exists (select 1 from line_voids where business_day = @day) as active`).get({ day }) as { active: number };
  return row.active === 1;
}

/**
 * The business day a Z closes: the oldest day after the last Z that has sales or ledger rows, or
 * else the current day. A manager who forgot the Z last night and takes it this morning closes
 * last night (not this morning's empty day); the next Z then closes today.
 */
export function dayToClose(tx: Db, current: string): string {
  const last = lastClosedDay(tx) ?? '';
  const oldest = tx.$client.prepare(`select min(d) as d from (
      select min(business_day) as d from orders where business_day > @last and status != 'canceled'
      union all select min(business_day) from payments where business_day > @last
      union all select min(business_day) from refunds where business_day > @last
      union all select min(business_day) from line_voids where business_day > @last)`).get({ last }) as { d: string | null } | undefined;
  return oldest?.d && oldest.d < current ? oldest.d : current;
}
