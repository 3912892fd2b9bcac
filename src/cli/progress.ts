import type { Io } from './io.js';

const WIDTH = 30;

/**
 * A progress reporter for long commands: a redrawn bar on a terminal, and on anything else (a
 * log, a pipe) one plain line per tenth, so logs stay readable.
 */
export function progressReporter(io: Io, label: string, unit = 'pages'): { update(done: number, total: number): void; finish(): void } {
  let lastTenth = -1;
  let drawn = false;
  return {
    update(done, total) {
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      if (io.tty && io.write) {
        const filled = Math.round(fraction * WIDTH);
        io.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${done}/${total} ${unit}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      io.out(`${label}: ${tenth * 10}% (${done}/${total} ${unit})`);
    },
    finish() {
      if (drawn && io.write) io.write('\n');
    },
  };
}
