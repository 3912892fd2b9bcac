import fs from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { closeDatabase, openDatabase } from './db/open.js';
import { startCheckpointer } from './db/checkpointer.js';
import { EventBus } from './events/bus.js';
import { systemClock, uuidV7Ids, type Clock, type IdGenerator } from './lib/clock.js';
import { createServices, type Services } from './services.js';
import { createApp } from './app.js';
import type { CommandDeps } from './db/command.js';
import { RealtimeHub } from './realtime/hub.js';
import { PrintManager } from './printing/manager.js';
import { advertiseBox, type Advertisement } from './discovery/advertise.js';
import { BackupService } from './backup/service.js';
import { PAGES_PER_STEP } from './backup/copy.js';
import { BoxMetrics } from './metrics/box-metrics.js';
import { assertNotRestoring, removePidFile, writePidFile } from './backup/box-lock.js';
import { scheduleBackups, type BackupJob } from './jobs/backup-job.js';
import { scheduleAutoZ, type AutoZJob } from './jobs/auto-z-job.js';

export const VERSION: string = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export interface Box {
  url: string;
  port: number;
  services: Services;
  deps: CommandDeps;
  logger: Logger;
  backups: BackupService;
  /** The nightly backup job (null when BACKUP_TIME=off). */
  backupJob: BackupJob | null;
  /** The automatic Z (null unless AUTO_Z=on and the box is set up when it starts). */
  autoZ: AutoZJob | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
}

/** Composition root (architecture §3): config → db → services → http. Stop runs in reverse. */
export async function startBox(options: StartOptions): Promise<Box> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.logLevel });
  assertNotRestoring(config.dataDir);
  const db = openDatabase(config.dbFile);
  const backups = new BackupService(db.$client, config.backup.retention);
  const checkpointer = startCheckpointer(db, logger);
  const deps: CommandDeps = { db, clock: options.clock ?? systemClock, ids: options.ids ?? uuidV7Ids, bus: new EventBus() };
  const services = createServices(deps, config);
  const metrics = new BoxMetrics({ client: db.$client, bus: deps.bus, sync: services.sync, backups, now: () => deps.clock.now() });
  const app = createApp({ command: deps, services, logger, version: VERSION, startedAt: Date.now(), metrics: { metrics, token: config.metricsToken } });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  // The WebSocket hub shares the HTTP port (architecture §7): it takes the server's upgrade requests on /ws.
  const realtime = new RealtimeHub({ server, auth: services.auth, bus: deps.bus, logger });
  metrics.countWebSocketClients(() => realtime.stats().clients);
  // Sync after the LAN side is up (architecture §3); it idles until a cloud is configured.
  services.sync.start(logger);
  services.inbox.start(logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // Printers after HTTP (architecture §3): a job left mid-send by a crash is queued again as REPRINT first.
  const printing = new PrintManager(deps, services.printing.alerts, config.print, logger);
  await printing.start();
  const mdns = config.mdns ? advertise(deps, port, logger) : null;
  const backupJob = config.backup.time
    ? scheduleBackups({ backups, time: config.backup.time, timeZone: restaurantTimeZone(deps), bus: deps.bus, logger })
    : null;
  const autoZ = config.autoZ && services.setup.isInitialized() ? scheduleAutoZ({ deps, reports: services.reports, logger }) : null;
  // Tells `backup restore` (and people) that a box runs on this data dir.
  writePidFile(config.dataDir, { pid: process.pid, url, startedAt: Date.now() });
  logger.info({ url, dataDir: config.dataDir, initialized: services.setup.isInitialized() }, 'Brigade box listening');

  return {
    url, port, services, deps, logger, backups, backupJob, autoZ,
    async stop() {
      await services.inbox.stop();
      await autoZ?.stop();
      await backupJob?.stop();
      await services.sync.stop();
      // Sockets first: the server's close waits for every open connection, upgraded ones included.
      await mdns?.stop();
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await printing.stop();
      await checkpointer.stop();
      closeDatabase(db);
      removePidFile(config.dataDir, process.pid);
    },
  };
}

/** The restaurant's time zone for the schedule, read at start (UTC before set-up). */
function restaurantTimeZone(deps: CommandDeps): string {
  const row = deps.db.$client.prepare('select time_zone as tz from restaurant where id = 1').get() as { tz: string } | undefined;
  return row?.tz ?? 'UTC';
}

/** Announces the box on the LAN (MDNS=on): by the restaurant's name once set up, with the device id as a stable id. */
function advertise(deps: CommandDeps, port: number, logger: Logger): Advertisement | null {
  try {
    const restaurant = deps.db.$client.prepare('select name, device_id as deviceId from restaurant where id = 1').get() as { name: string; deviceId: string } | undefined;
    return advertiseBox({ name: `Brigade ${restaurant?.name ?? 'box'}`, port, version: VERSION, id: restaurant?.deviceId ?? 'unset' });
  } catch (error) {
    logger.warn({ err: error }, 'mDNS advertising failed; the box works without it');
    return null;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  // Signal handlers go in before anything listens, so a supervisor's SIGTERM right after start-up
  // still stops the box cleanly (closing the server, then the database).
  let box: Box | undefined;
  let stopRequested = false;
  const shutdown = (signal: string) => {
    if (!box) { stopRequested = true; return; }
    box.logger.info({ signal }, 'stopping');
    box.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  // `systemctl kill -s USR2 brigade`: an online backup now, by the box itself (as the nightly job does it).
  process.on('SIGUSR2', () => {
    box?.backups.take('manual', { pagesPerStep: PAGES_PER_STEP })
      .then((made) => box?.logger.info({ file: made.file }, 'backup done (SIGUSR2)'), (err) => box?.logger.error({ err }, 'backup failed (SIGUSR2)'));
  });
  try {
    box = await startBox({ config });
  } catch (err) {
    // A refusal to start (restore unfinished, database newer than this code) says what to do.
    console.error((err as Error).message);
    process.exit(1);
  }
  if (stopRequested) return shutdown('SIGTERM');
  if (!box.services.setup.isInitialized()) {
    box.logger.info(`First start: open ${box.url}/ to set up the restaurant (or run: npm run cli -- init --help)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main();
}
