import type { EventBus } from '../events/bus.js';

/** SQLite's "database or disk is full", or the OS's ENOSPC from any other write. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}

/** The event screens get on the `alerts` topic when the disk fills up (`active: false` once writes work again). */
export interface DiskAlertEvent {
  active: boolean;
  message: string;
  at: number;
}

/**
 * Raised when a commit fails for lack of disk space, cleared by the next commit that succeeds:
 * SQLite rolls the failed transaction back whole and needs no repair, so as soon as space is freed
 * the next write goes through and the alert clears itself. Published straight on the bus, like
 * printer alerts: it is about the present, not a change of records.
 */
export class DiskFullAlarm {
  private active = false;

  constructor(private readonly bus: EventBus, private readonly now: () => number) {}

  get raised(): boolean {
    return this.active;
  }

  raise(): void {
    if (this.active) return;
    this.active = true;
    this.publish({ active: true, at: this.now(),
      message: 'The box\'s disk is full: orders and payments cannot be saved. Free space on the box (old backups, logs); it resumes by itself.' });
  }

  clear(): void {
    if (!this.active) return;
    this.active = false;
    this.publish({ active: false, at: this.now(), message: 'The box\'s disk has space again: saving works.' });
  }

  private publish(data: DiskAlertEvent): void {
    this.bus.publish([{ type: 'disk.alert', data }]);
  }
}
