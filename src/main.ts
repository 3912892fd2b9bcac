import fs from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { closeDatabase, openDatabase } from './db/open.js';
import { startCheckpointer } from './db/checkpointer.js';
import { EventBus } from './events/bus.js';
import { uuidV7Ids, type Clock, type IdGenerator } from './lib/clock.js';
import { steadyClock } from './lib/steady-clock.js';
import { lastWrittenAt } from './db/last-written.js';
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
import { startHttps, type HttpsListener } from './tls/https-listener.js';
import { UpgradeSources } from './http/upgrade-sources.js';
import { closeServer } from './http/close-server.js';
import { OffboxUploader } from './backup/offbox/uploader.js';

export const VERSION: string = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export interface Box {
  url: string;
  port: number;
  /** HTTPS for tablets (issue 22): null when HTTPS_PORT=off or it could not start (the box runs on HTTP alone). */
  https: HttpsListener | null;
  /** `https://…` on the HTTPS port, or null. */
  httpsUrl: string | null;
  services: Services;
  deps: CommandDeps;
  logger: Logger;
  backups: BackupService;
  /** Uploads the newest backup to the cloud, encrypted (issue 22). */
  offbox: OffboxUploader;
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
  // Never backwards, even when the box boots or is set with its wall clock behind what it wrote (steady-clock.ts).
  const clock = options.clock ?? steadyClock({ floor: lastWrittenAt(db.$client),
    onStepBack: (ms) => logger.warn({ behindSeconds: Math.round(ms / 1000) }, 'The system clock is behind the time the box has already written: the box keeps time from its last known time until the clock is right (check NTP).') });
  const deps: CommandDeps = { db, clock, ids: options.ids ?? uuidV7Ids, bus: new EventBus() };
  const services = createServices(deps, config);
  services.guests.start();
  const metrics = new BoxMetrics({ client: db.$client, bus: deps.bus, sync: services.sync, backups, now: () => deps.clock.now() });
  let https: HttpsListener | null = null;
  let port = config.port;
  const tls = { https: () => https?.state ?? null, httpPort: () => port };
  const app = createApp({ command: deps, services, logger, version: VERSION, startedAt: Date.now(), metrics: { metrics, token: config.metricsToken }, tls });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  // The WebSocket hub serves /ws on the HTTP port and the HTTPS one (architecture §7).
  const upgrades = new UpgradeSources();
  upgrades.add(server);
  const realtime = new RealtimeHub({ server: upgrades, auth: services.auth, bus: deps.bus, logger });
  metrics.countWebSocketClients(() => realtime.stats().clients);
  // HTTPS after HTTP is serving: the first start makes two keys (about a second on a Raspberry Pi)
  // while tablets can already reach the box. A failure leaves the box on HTTP alone, never stopped.
  if (config.httpsPort !== null) {
    try {
      https = await startHttps({ dataDir: config.dataDir, port: config.httpsPort, host: config.host, fetch: app.fetch, logger, now: () => deps.clock.now() });
      upgrades.add(https.server);
    } catch (err) {
      logger.warn({ err, httpsPort: config.httpsPort }, 'HTTPS did not start; the box runs on HTTP only (tablets cannot reload the app while the box is down)');
    }
  }
  const httpsUrl = https ? `https://${shownHost}:${https.state.port}` : null;
  // Sync after the LAN side is up (architecture §3); it idles until a cloud is configured.
  services.sync.start(logger);
  services.inbox.start(logger);
  services.allotment.start(logger);
  // The off-box copy shares the link with the push and yields to it (src/sync/link-turns.ts).
  const offbox = new OffboxUploader({
    dbFile: config.dbFile, turns: services.sync.turns, queueEmpty: () => services.sync.queueEmpty(), logger: logger.child({ module: 'offbox' }),
    target: () => { const t = services.sync.target(); return t ? { ...t, boxId: services.sync.boxId() } : null; },
    settings: { checkMs: config.backup.offbox.checkMs, chunkBytes: config.backup.offbox.chunkBytes, timeoutMs: config.sync.timeoutMs },
  });
  offbox.start();
  // Guest requests nobody answered alert the manager (issue 19); a check every 10 s is well inside a minute.
  // The same timer gives tables their code's digest for the cloud (src/guests/codes.ts) — once the box has a
  // cloud to push to: a box that never syncs queues nothing, and one configured later publishes at the next tick.
  const guestTick = () => {
    services.guests.raiseOverdue().catch((err: unknown) => logger.warn({ err }, 'guest request alerts failed'));
    if (services.sync.target()) services.guests.publishMissingCodes().catch((err: unknown) => logger.warn({ err }, 'table code digests failed'));
  };
  guestTick();
  const guestAlerts = setInterval(guestTick, 10_000);
  guestAlerts.unref();
  // Printers after HTTP (architecture §3): a job left mid-send by a crash is queued again as REPRINT first.
  const printing = new PrintManager(deps, services.printing.alerts, config.print, logger);
  await printing.start();
  const mdns = config.mdns ? advertise(deps, port, logger) : null;
  const backupJob = config.backup.time
    ? scheduleBackups({ backups, time: config.backup.time, timeZone: restaurantTimeZone(deps), bus: deps.bus, logger, afterBackup: () => { offbox.runNow().catch(() => {}); } })
    : null;
  const autoZ = config.autoZ && services.setup.isInitialized() ? scheduleAutoZ({ deps, reports: services.reports, logger, carryOpenOrders: config.autoZCarryOpenOrders }) : null;
  // Tells `backup restore` (and people) that a box runs on this data dir.
  writePidFile(config.dataDir, { pid: process.pid, url, startedAt: Date.now() });
  logger.info({ url, httpsUrl, dataDir: config.dataDir, initialized: services.setup.isInitialized() }, 'Brigade box listening');

  return {
    url, port, https, httpsUrl, services, deps, logger, backups, offbox, backupJob, autoZ,
    async stop() {
      clearInterval(guestAlerts);
      await offbox.stop();
      await services.inbox.stop();
      services.allotment.stop();
      services.reservations.estimates.stop();
      await autoZ?.stop();
      await backupJob?.stop();
      await services.sync.stop();
      // Sockets first: the server's close waits for every open connection, upgraded ones included.
      await mdns?.stop();
      await realtime.close();
      await Promise.all([closeServer(server as HttpServer), https?.close()]);
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
      .then((made) => {
        box?.logger.info({ file: made.file }, 'backup done (SIGUSR2)');
        box?.offbox.runNow().catch(() => {});
      }, (err) => box?.logger.error({ err }, 'backup failed (SIGUSR2)'));
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
  if (box.httpsUrl) box.logger.info(`Tablets: open ${box.url}/certificate on each once to trust the box; the waiter app then runs on ${box.httpsUrl}/app/ and keeps working offline`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main();
}
