/**
 * The nightly backup's cost to service (issue 22): orders at 16 connections, once alone and once
 * while the box takes online backups one after another (SIGUSR2 each second: the same stepped copy
 * on the box's connection as the 04:30 job). The difference in order latency is what a backup
 * costs a waiter; the copies are counted from the backups dir.
 */
import path from 'node:path';
import { randomOrder } from '../lib/seed.js';
import { backupDir, listBackups } from '../../src/backup/store.js';
import { runLoad } from './load.js';
import { progress } from './progress.js';
import type { BenchContext, HttpResult, Scenario } from './types.js';

function orders(ctx: BenchContext, name: string): Promise<HttpResult> {
  const { box } = ctx;
  return runLoad({
    name, url: box.url, method: 'POST', path: '/orders', connections: 16, durationSeconds: ctx.loadSeconds, expectedStatus: 201,
    headers: { authorization: `Bearer ${box.waiterToken}`, 'content-type': 'application/json' },
    body: () => JSON.stringify(randomOrder(box.menu)), boxPid: box.process.pid,
  });
}

export const backupScenario: Scenario = {
  name: 'backup',
  async run(ctx) {
    const dir = backupDir(path.join(ctx.box.dataDir, 'box', 'brigade.db'));
    progress(`backup: orders 16c for ${ctx.loadSeconds} s without a backup`);
    const plain = await orders(ctx, 'orders 16c, no backup');
    const before = listBackups(dir).length;
    progress(`backup: orders 16c for ${ctx.loadSeconds} s with online backups back to back`);
    const timer = setInterval(() => process.kill(ctx.box.process.pid, 'SIGUSR2'), 1000);
    let during: HttpResult;
    try {
      during = await orders(ctx, 'orders 16c, during backups');
    } finally {
      clearInterval(timer);
    }
    const copies = listBackups(dir);
    const made = copies.length - before;
    const size = copies[0] ? `${(copies[0].bytes / 1024 / 1024).toFixed(1)} MB` : 'none';
    during.note = `${made} online backup(s) finished during the run (rotation keeps ${copies.length}); the last is ${size}`;
    return [plain, during];
  },
};
