/**
 * What the box's printing routes answer, as the printers screen reads it. Written out here
 * rather than imported from src/printing/schemas.ts: that module also imports the TCP transport
 * (Node's net), which the browser's type check cannot see. Keep in step with PrinterView,
 * PrinterRouteView and PrintJobView there.
 */
export interface Printer {
  id: string; name: string; connection: 'tcp' | 'device'; address: string; columns: number; codePage: string; enabled: boolean;
  problem: 'unreachable' | 'paper_out' | 'cover_open' | 'offline' | null; problemSince: number | null;
  queued: number; version: number; createdAt: number; updatedAt: number;
}

export interface PrinterRoute { kind: 'station' | 'receipt'; key: string; printerId: string; backupPrinterId: string | null; updatedAt: number }

export interface PrintJob {
  id: string; printerId: string; template: string; status: 'queued' | 'printing' | 'printed' | 'failed'; reprint: boolean; attempts: number;
  routeKind: 'station' | 'receipt' | null; routeKey: string | null; orderId: string | null; ticketId: string | null;
  reprintOf: string | null; lastError: string | null; failedOverFrom: string | null;
  createdAt: number; updatedAt: number; printedAt: number | null;
}
