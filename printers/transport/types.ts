import type { PrinterStatus } from './status.js';

/** Why a send failed, in words an alert can use. */
export type PrintFailure = 'unreachable' | 'timeout' | 'paper_out' | 'cover_open' | 'offline' | 'write_failed';

/**
 * A failed send. `bytesStarted` says whether any of the job's bytes may have reached the printer:
 * if so, sending it again must be labelled REPRINT (the kitchen may hold half a ticket).
 */
export class PrintError extends Error {
  constructor(readonly failure: PrintFailure, message: string, readonly bytesStarted: boolean, readonly status: PrinterStatus | null = null) {
    super(message);
    this.name = 'PrintError';
  }
}

export interface SendResult {
  /** Status after the job (null where the transport cannot ask, e.g. a device file). */
  status: PrinterStatus | null;
}

/** One way of getting bytes to a printer: one job per call, one connection per job. */
export interface PrinterTransport {
  /**
   * Sends one job. `beforeWrite`, when given, is awaited after the printer is reached and ready and
   * before the first byte of the job goes out (the queue makes the job `printing` on disk there,
   * overlapping that fsync with the connection's round trips).
   */
  send(bytes: Uint8Array, beforeWrite?: () => Promise<void>): Promise<SendResult>;
  /** Asks the printer for its status without printing (null where it cannot be asked). */
  status(): Promise<PrinterStatus | null>;
}

export interface TransportTimeouts {
  connectMs: number;
  /** Waiting for a DLE EOT reply, and for the job's bytes to drain. */
  replyMs: number;
}
