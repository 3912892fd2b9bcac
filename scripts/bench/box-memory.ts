/**
 * The box process's resident memory (RSS), sampled from /proc on Linux while the scenarios run: the
 * peak during each scenario, the figure once it is over, and the kernel's own high-water mark.
 */
import fs from 'node:fs';

/** Sampling period: fast enough to see a peak that lasts one order burst. */
const SAMPLE_MS = 100;
/** After a scenario, what the box still holds once its last requests are done (not the garbage collector's next moment). */
const SETTLE_MS = 1000;

export interface ScenarioMemory {
  scenario: string;
  /** Highest RSS seen while the scenario ran, in MB. */
  peakMb: number;
  /** RSS one second after the scenario ended, in MB. */
  afterMb: number;
}

export interface BoxMemory {
  /** How the box was started (its node arguments): the honest figure depends on it. */
  command: string;
  /** RSS once started and seeded (120 items), before any scenario. */
  afterSeedMb: number;
  scenarios: ScenarioMemory[];
  /** The kernel's high-water mark for the whole run (VmHWM), in MB. */
  peakMb: number;
  /** RSS at the end of the run, in MB. */
  finalMb: number;
}

const mb = (kb: number) => Math.round(kb / 102.4) / 10;

/** VmRSS and VmHWM of `pid` in kB, or null where /proc cannot show them. */
function readStatus(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(/\s(\d+) kB/.exec(status.slice(status.indexOf(`${name}:`)))?.[1]);
    return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples the box's RSS until stop(); scenario boundaries are marked with begin()/end(). */
export class BoxMemorySampler {
  private peakKb = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly scenarios: ScenarioMemory[] = [];
  private readonly afterSeedKb: number;

  constructor(private readonly pid: number, private readonly command: string) {
    this.afterSeedKb = readStatus(pid)?.rssKb ?? 0;
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  /** False where /proc is missing: the report then carries no memory figures. */
  get available(): boolean {
    return readStatus(this.pid) !== null;
  }

  private sample(): number {
    const rss = readStatus(this.pid)?.rssKb ?? 0;
    this.peakKb = Math.max(this.peakKb, rss);
    return rss;
  }

  begin(): void {
    this.peakKb = this.sample();
  }

  /** Sampling goes on through the settle time, so the peak includes it. */
  async end(scenario: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const after = this.sample();
    this.scenarios.push({ scenario, peakMb: mb(this.peakKb), afterMb: mb(after) });
  }

  /** Stops sampling (call before the box stops) and returns the figures. */
  stop(): BoxMemory {
    clearInterval(this.timer);
    const status = readStatus(this.pid);
    return {
      command: this.command,
      afterSeedMb: mb(this.afterSeedKb),
      scenarios: this.scenarios,
      peakMb: mb(status?.hwmKb ?? 0),
      finalMb: mb(status?.rssKb ?? 0),
    };
  }
}
