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

export const VERSION: string = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;

export interface Box {
  url: string;
  port: number;
  services: Services;
  deps: CommandDeps;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  ids?: IdGenerator;
  logger?: Logger;
}

/** Composition root (DESIGN §3): config → db → services → http. Stop runs in reverse. */
export async function startBox(options: StartOptions): Promise<Box> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const db = openDatabase(config.dbFile);
  const checkpointer = startCheckpointer(db, logger);
  const deps: CommandDeps = { db, clock: options.clock ?? systemClock, ids: options.ids ?? uuidV7Ids, bus: new EventBus() };
  const services = createServices(deps, config);
  const app = createApp({ command: deps, services, logger, version: VERSION, startedAt: Date.now() });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  // The WebSocket hub shares the HTTP port (DESIGN §7): it takes the server's upgrade requests on /ws.
  const realtime = new RealtimeHub({ server, auth: services.auth, bus: deps.bus, logger });
  // Sync after the LAN side is up (DESIGN §3); it idles until a cloud is configured.
  services.sync.start(logger);
  services.inbox.start(logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  // Printers after HTTP (DESIGN §3): a job left mid-send by a crash is queued again as REPRINT first.
  const printing = new PrintManager(deps, services.printing.alerts, config.print, logger);
  await printing.start();
  const mdns = config.mdns ? advertise(deps, port, logger) : null;
  logger.info({ url, dataDir: config.dataDir, initialized: services.setup.isInitialized() }, 'Brigade box listening');

  return {
    url, port, services, deps, logger,
    async stop() {
      await services.inbox.stop();
      await services.sync.stop();
      // Sockets first: the server's close waits for every open connection, upgraded ones included.
      await mdns?.stop();
      await realtime.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await printing.stop();
      await checkpointer.stop();
      closeDatabase(db);
    },
  };
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
  box = await startBox({ config });
  if (stopRequested) return shutdown('SIGTERM');
  if (!box.services.setup.isInitialized()) {
    box.logger.info(`First start: open ${box.url}/ to set up the restaurant (or run: npm run cli -- init --help)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void main();
}
