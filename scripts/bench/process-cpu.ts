/**
 * CPU time used by another process (the box), from /proc on Linux. Per request it tells whether the
 * box is bound by its own CPU (≈ 1000 ms of CPU per second of wall time) or waits on the disk.
 */
import fs from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in 1/100 s on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds used so far by `pid`, or null where /proc is not available. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
