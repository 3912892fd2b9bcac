/** The box under benchmark: its own process on a temp data dir, set up and seeded through the API. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUILT_MAIN, startBoxProcess, type BoxProcess } from '../lib/box-process.js';
import { apiClient } from '../lib/http.js';
import { seedMenu, setUpBox, signInStaff, type SeededMenu } from '../lib/seed.js';
import { progress } from './progress.js';

export interface BenchBox {
  url: string;
  process: BoxProcess;
  /** Temp dir holding the box's database; the storage probe writes its file here too (same disk). */
  dataDir: string;
  waiterToken: string;
  /** The owner's session, for scenarios that configure the box as a manager would (stock recipes, printers). */
  ownerToken: string;
  menu: SeededMenu;
  close(): Promise<void>;
}

export const MENU_SIZE = { items: 120, categories: 10, tables: 8 };

/**
 * Which box to start: `built` (default) is what `npm start` runs, the output of `npm run build` with
 * plain node; `source` runs the TypeScript through tsx's loader, as the tests do (tsx's loader
 * thread and its compiled sources then count in the box's memory).
 */
function entry(): 'built' | 'source' {
  const chosen = process.env.BENCH_BOX ?? 'built';
  if (chosen !== 'built' && chosen !== 'source') throw new Error(`BENCH_BOX must be built or source (got "${chosen}")`);
  if (chosen === 'built' && !fs.existsSync(BUILT_MAIN)) throw new Error(`${BUILT_MAIN} is missing: run npm run build first (or BENCH_BOX=source).`);
  return chosen;
}

/** Starts and seeds the box. BENCH_BOX_NODE_ARGS (space-separated) passes flags such as --cpu-prof to it. */
export async function startBenchBox(): Promise<BenchBox> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brigade-bench-'));
  const nodeArgs = process.env.BENCH_BOX_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const which = entry();
  progress(`starting the box from ${which} (data in ${dataDir}${nodeArgs.length ? `, node ${nodeArgs.join(' ')}` : ''})`);
  const box = await startBoxProcess({ dataDir: path.join(dataDir, 'box'), logLevel: 'warn', nodeArgs, entry: which });
  const api = apiClient(box.url);
  const session = await setUpBox(api);
  progress(`seeding ${MENU_SIZE.items} items in ${MENU_SIZE.categories} categories, ${MENU_SIZE.tables} tables`);
  const menu = await seedMenu(api, session.ownerToken, MENU_SIZE);
  const waiterToken = await signInStaff(api, session, 'waiter', '4321');
  return {
    url: box.url, process: box, dataDir, waiterToken, ownerToken: session.ownerToken, menu,
    async close() {
      // A graceful stop, so a --cpu-prof profile gets written.
      await box.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
