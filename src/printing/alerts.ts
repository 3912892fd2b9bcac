import type { EventBus } from '../events/bus.js';

export type PrinterProblem = 'unreachable' | 'paper_out' | 'cover_open' | 'offline';

/** The event screens get on the `alerts` and `alerts:printers` topics; `active: false` clears it. */
export interface PrinterAlertEvent {
  printerId: string;
  printerName: string;
  problem: PrinterProblem;
  active: boolean;
  message: string;
  at: number;
}

const WORDS: Record<PrinterProblem, string> = {
  unreachable: 'cannot be reached', paper_out: 'is out of paper', cover_open: 'has its cover open', offline: 'is offline',
};

/**
 * Which printers have a problem now. Raising the same problem twice says nothing new; a change of
 * problem clears the old one first; fixing it clears it. Published straight on the bus: an alert
 * is about the present, not a change of records.
 */
export class PrinterAlerts {
  private readonly active = new Map<string, { problem: PrinterProblem; since: number; name: string }>();

  constructor(private readonly bus: EventBus, private readonly now: () => number) {}

  raise(printerId: string, printerName: string, problem: PrinterProblem): void {
    const current = this.active.get(printerId);
    if (current?.problem === problem) return;
    if (current) this.publish(printerId, current.name, current.problem, false);
    this.active.set(printerId, { problem, since: this.now(), name: printerName });
    this.publish(printerId, printerName, problem, true);
  }

  clear(printerId: string): void {
    const current = this.active.get(printerId);
    if (!current) return;
    this.active.delete(printerId);
    this.publish(printerId, current.name, current.problem, false);
  }

  problemOf(printerId: string): { problem: PrinterProblem; since: number } | null {
    const current = this.active.get(printerId);
    return current ? { problem: current.problem, since: current.since } : null;
  }

  private publish(printerId: string, printerName: string, problem: PrinterProblem, active: boolean): void {
    const data: PrinterAlertEvent = { printerId, printerName, problem, active, at: this.now(),
      message: active ? `Printer ${printerName} ${WORDS[problem]}.` : `Printer ${printerName} is back.` };
    this.bus.publish([{ type: 'printer.alert', data }]);
  }
}
