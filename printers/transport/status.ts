/**
 * DLE EOT (real-time status). We ask three questions — printer (1), offline cause (2), roll paper
 * sensor (4) — and the printer answers one byte each, in order, even while it is busy.
 */
export const STATUS_QUERY = Uint8Array.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
export const STATUS_REPLY_BYTES = 3;

export interface PrinterStatus {
  offline: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
}

export const STATUS_OK: PrinterStatus = { offline: false, coverOpen: false, paperNearEnd: false, paperOut: false };

/** Every status byte has bit 1 and 4 set and bits 0 and 7 clear: anything else is not a DLE EOT reply. */
export function isStatusByte(b: number): boolean {
  return (b & 0x93) === 0x12;
}

/** The three reply bytes → what is wrong. */
export function decodeStatus(reply: Uint8Array): PrinterStatus {
  const [printer = 0, offlineCause = 0, paper = 0] = reply;
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    paperOut: (paper & 0x60) !== 0 || (offlineCause & 0x20) !== 0,
  };
}

/** The byte a printer in `status` answers to DLE EOT n (the emulator's side). */
export function encodeStatusByte(n: number, status: PrinterStatus): number {
  const down = status.offline || status.coverOpen || status.paperOut;
  switch (n) {
    case 1: return 0x12 | (down ? 0x08 : 0);
    case 2: return 0x12 | (status.coverOpen ? 0x04 : 0) | (status.paperOut ? 0x20 : 0);
    case 4: return 0x12 | (status.paperNearEnd ? 0x0c : 0) | (status.paperOut ? 0x60 : 0);
    default: return 0x12;
  }
}

/** Why a printer cannot print now, or null when it can (near end still prints). */
export function statusProblem(status: PrinterStatus): 'paper_out' | 'cover_open' | 'offline' | null {
  if (status.paperOut) return 'paper_out';
  if (status.coverOpen) return 'cover_open';
  if (status.offline) return 'offline';
  return null;
}
