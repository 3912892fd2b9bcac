import fs from 'node:fs';
import { loadConfig, type Config } from '../config.js';
import { closeDatabase, openDatabase } from '../db/open.js';
import { EventBus } from '../events/bus.js';
import { systemClock, uuidV7Ids } from '../lib/clock.js';
import { createServices, type Services } from '../services.js';
import type { CommandDeps } from '../db/command.js';
import { AppError } from '../errors.js';

export interface CliBox {
  config: Config;
  deps: CommandDeps;
  services: Services;
  close(): void;
}

/** The settings the CLI reads: the same as the server's, so both open the same data dir. */
export function cliConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', (err as Error).message);
  }
}

/** True when the data dir already holds a box database (status must not create one just to look). */
export function databaseExists(config: Config): boolean {
  return fs.existsSync(config.dbFile);
}

/**
 * Opens the box's database directly (no server needed). SQLite's busy timeout lets this share the
 * file with a running server: each command is one short transaction.
 */
export function openCliBox(config: Config): CliBox {
  const db = openDatabase(config.dbFile);
  const deps: CommandDeps = { db, clock: systemClock, ids: uuidV7Ids, bus: new EventBus() };
  return { config, deps, services: createServices(deps, config), close: () => closeDatabase(db) };
}

/** Runs `body` against the opened box and always closes the database afterwards. */
export async function withBox<T>(config: Config, body: (box: CliBox) => T | Promise<T>): Promise<T> {
  const box = openCliBox(config);
  try {
    return await body(box);
  } finally {
    box.close();
  }
}

export function requireInitialized(box: CliBox): void {
  if (!box.services.setup.isInitialized()) {
    throw new AppError('NOT_INITIALIZED', 'This box has not been set up yet. Run: npm run cli -- init --help');
  }
}
