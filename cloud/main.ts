/**
 * `npm run cloud`: the cloud service on DATABASE_URL, or on embedded PGlite under CLOUD_DATA_DIR
 * (./data/cloud) when unset — so the whole system runs on one machine.
 */
import path from 'node:path';
import pino from 'pino';
import { openCloudDb } from './db.js';
import { migrateCloud } from './migrate.js';
import { startCloudServer } from './server.js';

async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const port = Number(process.env.CLOUD_PORT ?? 8090);
  const dataDir = path.resolve(process.env.CLOUD_DATA_DIR ?? './data/cloud');
  const db = await openCloudDb(process.env.DATABASE_URL || undefined, dataDir);
  const applied = await migrateCloud(db);
  const server = await startCloudServer({ db, logger, port, host: process.env.CLOUD_HOST ?? '0.0.0.0', metricsToken: process.env.METRICS_TOKEN || undefined });
  logger.info({ url: server.url, database: db.kind, migrations: applied }, 'Brigade cloud listening');
  const stop = () => { void server.stop().then(() => db.close()).then(() => process.exit(0)); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
