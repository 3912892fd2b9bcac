import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import { SYSTEM_ACTOR, type CommandDeps } from '../db/command.js';
import type { ReportsService } from '../reports/service.js';
import { businessDayAt, dayToClose } from '../reports/current-day.js';
import { openOrdersUpTo } from '../reports/store.js';
import { loadRestaurant } from '../setup/service.js';

/** On the `alerts` topic: the Z reminder before the automatic close, and a close that could not happen. */
export interface ReportAlertEvent {
  kind: 'z_reminder' | 'z_not_closed' | 'z_carried_over';
  businessDay: string;
  openOrders: number[];
  message: string;
  at: number;
}

/** Business days closed in one run at most (a box that was off for weeks catches up over a few nights). */
const MAX_DAYS_PER_RUN = 31;

export interface AutoZJob {
  /** Closes every finished business day nobody closed (what the schedule runs). Returns the days closed. */
  close(): Promise<string[]>;
  /** The reminder the schedule sends 30 minutes before. Returns the day it is about, if any. */
  remind(): string | null;
  stop(): Promise<void>;
}

/**
 * AUTO_Z=on: at the day-start hour (plus 5 minutes, so the clock's business day has turned) the
 * box takes the Z of every finished business day nobody closed, as the system; 30 minutes before,
 * it reminds the floor on the `alerts` topic. Orders still open are carried over into the day that
 * has begun, renumbered there, and listed on the Z and in an alert (reports/carry-over.ts);
 * with AUTO_Z_OPEN_ORDERS=wait the day stays open instead (DAY_HAS_OPEN_ORDERS) and an alert
 * names the orders for a manager to settle.
 */
export function scheduleAutoZ(options: { deps: CommandDeps; reports: ReportsService; logger: Logger; carryOpenOrders?: boolean }): AutoZJob {
  const { deps, reports, logger } = options;
  const carryOpenOrders = options.carryOpenOrders ?? true;
  const restaurant = loadRestaurant(deps.db);
  const alert = (data: Omit<ReportAlertEvent, 'at'>) => deps.bus.publish([{ type: 'report.alert', data: { ...data, at: deps.clock.now() } satisfies ReportAlertEvent }]);

  const close = async (): Promise<string[]> => {
    const closed: string[] = [];
    for (let i = 0; i < MAX_DAYS_PER_RUN; i++) {
      const current = businessDayAt(deps.db, deps.clock.now());
      const day = dayToClose(deps.db, current);
      if (day >= current) break; // only finished days; the current one is the floor's to close
      try {
        const z = await reports.closeZ(SYSTEM_ACTOR, `auto-z-${day}`, { carryOpenOrders });
        closed.push(day);
        logger.info({ businessDay: day, carriedOver: z.totals.carriedOver?.length ?? 0 }, 'Z closed automatically');
        const carried = z.totals.carriedOver ?? [];
        if (carried.length) {
          alert({ kind: 'z_carried_over', businessDay: day, openOrders: carried.map((c) => c.toNumber),
            message: `Business day ${day} was closed automatically (Z #${z.number}); still-open order(s) ${carried.map((c) => `#${c.fromNumber} (now #${c.toNumber})`).join(', ')} moved to ${carried[0]!.toDay}.` });
        }
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'DAY_HAS_OPEN_ORDERS') throw error;
        const numbers = (error.details as { numbers: number[] }).numbers;
        alert({ kind: 'z_not_closed', businessDay: day, openOrders: numbers,
          message: `Business day ${day} was not closed automatically: order(s) #${numbers.join(', #')} are still open. Settle them, then take the Z.` });
        break;
      }
    }
    return closed;
  };

  const remind = (): string | null => {
    const current = businessDayAt(deps.db, deps.clock.now());
    const day = dayToClose(deps.db, current);
    const open = openOrdersUpTo(deps.db, day).map((o) => o.number);
    const active = deps.db.$client.prepare("select 1 from orders where business_day = ? and status != 'canceled' limit 1").get(day) !== undefined;
    if (!active) return null;
    alert({ kind: 'z_reminder', businessDay: day, openOrders: open,
      message: `The day ${day} closes automatically (Z) at ${String(restaurant.dayStartHour).padStart(2, '0')}:05${open.length
        ? `; still open: #${open.join(', #')}${carryOpenOrders ? ' (they will move to the next day)' : ' (the day stays open until they are settled)'}` : ''}.` });
    return day;
  };

  const tz = restaurant.timeZone;
  const run = (what: string, body: () => unknown) => async () => {
    try { await body(); } catch (error) { logger.error({ err: error }, `${what} failed`); }
  };
  const hour = restaurant.dayStartHour;
  const tasks: ScheduledTask[] = [
    cron.schedule(`5 ${hour} * * *`, run('automatic Z', close), { timezone: tz, name: 'auto-z', noOverlap: true }),
    cron.schedule(`35 ${(hour + 23) % 24} * * *`, run('Z reminder', remind), { timezone: tz, name: 'auto-z-reminder' }),
  ];
  return {
    close, remind,
    async stop() { for (const t of tasks) await t.destroy(); },
  };
}
