/**
 * The cloud's background sweeps (channel retention, loyalty expiry, booking reminders): a first run
 * shortly after start, then one every interval, never two at once — a sweep slower than its interval
 * skips a turn instead of piling up. A failure is the task's to log; the next turn tries again. The
 * timers do not keep the process alive; the returned function stops them.
 */
export function startPeriodic(task: () => Promise<void>, options: { firstAfterMs: number; everyMs: number }): () => void {
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    task().catch(() => {}).finally(() => { running = false; });
  };
  const timer = setInterval(run, options.everyMs);
  timer.unref();
  const first = setTimeout(run, options.firstAfterMs);
  first.unref();
  return () => { clearTimeout(first); clearInterval(timer); };
}
