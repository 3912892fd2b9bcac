import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { BackupService } from '../backup/service.js';
import { PAGES_PER_STEP } from '../backup/copy.js';
import type { EventBus } from '../events/bus.js';

/** The event screens get on the `alerts` topic when the nightly backup failed (`active: false` once one succeeds). */
export interface BackupAlertEvent {
  active: boolean;
  message: string;
  at: number;
}

export interface BackupJob {
  /** Runs the backup now, as the schedule would (for tests and `backup now` on a running box). */
  run(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The nightly online backup (node-cron), at `time` in the restaurant's time zone. Runs on the
 * box's own connection in small steps between commands, so service goes on during the copy.
 * A failure is logged and raised on the `alerts` topic; the next success clears it.
 */
export function scheduleBackups(options: { backups: BackupService; time: string; timeZone: string; bus: EventBus; logger: Logger; afterBackup?: () => void }): BackupJob {
  const { backups, bus, logger } = options;
  const [hour, minute] = options.time.split(':').map(Number);
  let failing = false;
  const run = async () => {
    try {
      const started = Date.now();
      const made = await backups.take('scheduled', { pagesPerStep: PAGES_PER_STEP });
      logger.info({ file: made.file, bytes: made.bytes, ms: Date.now() - started }, 'backup done');
      if (failing) bus.publish([{ type: 'backup.alert', data: { active: false, message: 'The nightly backup works again.', at: Date.now() } satisfies BackupAlertEvent }]);
      failing = false;
      // The off-box copy uploads it next (taking turns with the push of orders).
      options.afterBackup?.();
    } catch (error) {
      logger.error({ err: error }, 'backup failed');
      failing = true;
      bus.publish([{ type: 'backup.alert', data: { active: true, message: `The nightly backup failed: ${(error as Error).message}`, at: Date.now() } satisfies BackupAlertEvent }]);
    }
  };
  const task: ScheduledTask = cron.schedule(`${minute} ${hour} * * *`, run, {
    timezone: options.timeZone, name: 'backup', noOverlap: true,
    logger: {
      info: (m) => logger.debug(m), warn: (m) => logger.warn(m),
      error: (m) => logger.error(String(m)), debug: (m) => logger.debug(String(m)),
    },
  });
  return {
    run,
    async stop() { await task.destroy(); },
  };
}
