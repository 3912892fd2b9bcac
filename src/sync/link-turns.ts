/**
 * Turns on the box's link to the cloud between the push of orders and the off-box copy (issue 22):
 * the copy must never compete with the sync of orders. A push cycle and a copy chunk never run at
 * the same time; a push that wants the link waits at most for the one chunk in flight, and no
 * new chunk starts while a push runs or waits. A chunk goes when the change log is empty, or
 * right after a push cycle ended (between pushes), so a busy service still lets the copy move.
 */
export class LinkTurns {
  private pushing = false;
  private pushWaiting = 0;
  private chunk: Promise<unknown> | null = null;
  private pushCycles = 0;
  private wakers: Array<() => void> = [];

  /** Runs one push cycle: after the chunk in flight, if any; chunks wait until it ends. */
  async forPush<T>(run: () => Promise<T>): Promise<T> {
    this.pushWaiting++;
    try {
      while (this.chunk) await this.chunk.catch(() => {});
    } finally {
      this.pushWaiting--;
    }
    this.pushing = true;
    try {
      return await run();
    } finally {
      this.pushing = false;
      this.pushCycles++;
      this.wake();
    }
  }

  /**
   * Runs one chunk upload once the link is free: no push running or waiting, and the change log
   * empty (`queueEmpty`) or a push cycle ended since this uploader's last chunk. Resolves to what
   * `run` returns; `stopped()` true ends the wait with null.
   */
  async forChunk<T>(run: () => Promise<T>, queueEmpty: () => boolean, stopped: () => boolean, lastCycleSeen: { cycles: number }): Promise<T | null> {
    for (;;) {
      if (stopped()) return null;
      const free = !this.pushing && this.pushWaiting === 0 && !this.chunk;
      if (free && (queueEmpty() || this.pushCycles > lastCycleSeen.cycles)) break;
      // Wake on the end of a push (or after a second: the queue may have emptied without one).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.wakers.push(() => { clearTimeout(timer); resolve(); });
      });
    }
    lastCycleSeen.cycles = this.pushCycles;
    const running = run();
    this.chunk = running;
    try {
      return await running;
    } finally {
      this.chunk = null;
      this.wake();
    }
  }

  private wake(): void {
    const wakers = this.wakers.splice(0);
    for (const w of wakers) w();
  }
}
