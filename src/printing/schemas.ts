import { z } from '@hono/zod-openapi';
import { Text, Uuid } from '../http/schemas.js';
import { FIXED_CODE_PAGES } from '../../printers/encoding/codepages.js';
import { parseTcpAddress } from '../../printers/transport/tcp.js';

const Columns = z.union([z.literal(32), z.literal(42), z.literal(48)]).openapi({ description: '32 (58 mm), 42 or 48 (80 mm) characters per line' });
const Connection = z.enum(['tcp', 'device']);

/** The shape of a network address; a device path is checked on the file system by the service (PRINTER_DEVICE_INVALID). */
function checkAddress(p: { connection?: 'tcp' | 'device'; address?: string }, ctx: z.RefinementCtx): void {
  if (p.address === undefined || p.connection === undefined) return;
  if (p.connection === 'tcp' && !parseTcpAddress(p.address)) ctx.addIssue({ code: 'custom', path: ['address'], message: 'A network printer is host:port, e.g. 192.168.1.50:9100.' });
}

export const CreatePrinter = z.object({
  id: Uuid.optional(),
  name: Text(60),
  connection: Connection.default('tcp'),
  address: z.string().trim().min(1).max(200),
  columns: Columns.default(48),
  codePage: z.enum(FIXED_CODE_PAGES).default('cp858'),
  enabled: z.boolean().default(true),
}).strict().superRefine(checkAddress).openapi('CreatePrinter');
export type CreatePrinterInput = z.infer<typeof CreatePrinter>;

export const UpdatePrinter = z.object({
  name: Text(60).optional(),
  connection: Connection.optional(),
  address: z.string().trim().min(1).max(200).optional(),
  columns: Columns.optional(),
  codePage: z.enum(FIXED_CODE_PAGES).optional(),
  enabled: z.boolean().optional(),
}).strict().refine((p) => Object.keys(p).length > 0, 'Send at least one field to change.').openapi('UpdatePrinter');
export type UpdatePrinterInput = z.infer<typeof UpdatePrinter>;

export const PrinterView = z.object({
  id: z.string(), name: z.string(), connection: Connection, address: z.string(), columns: z.number(), codePage: z.string(), enabled: z.boolean(),
  problem: z.enum(['unreachable', 'paper_out', 'cover_open', 'offline']).nullable(), problemSince: z.number().nullable(),
  queued: z.number(), version: z.number(), createdAt: z.number(), updatedAt: z.number(),
}).openapi('Printer');
export type PrinterViewT = z.infer<typeof PrinterView>;

const RouteKind = z.enum(['station', 'receipt']);
export const SetRoute = z.object({
  kind: RouteKind,
  key: Text(60).openapi({ description: 'The station name, or an area id (or "default") for receipts' }),
  printerId: Uuid,
  backupPrinterId: Uuid.nullable().default(null),
}).strict().refine((r) => r.backupPrinterId !== r.printerId, { path: ['backupPrinterId'], message: 'The backup must be another printer.' }).openapi('SetPrinterRoute');
export type SetRouteInput = z.infer<typeof SetRoute>;

export const RouteParams = z.object({
  kind: RouteKind.openapi({ param: { name: 'kind', in: 'path' } }),
  key: z.string().min(1).max(60).openapi({ param: { name: 'key', in: 'path' } }),
});

export const PrinterRouteView = z.object({ kind: RouteKind, key: z.string(), printerId: z.string(), backupPrinterId: z.string().nullable(), updatedAt: z.number() }).openapi('PrinterRoute');

export const JobStatus = z.enum(['queued', 'printing', 'printed', 'failed']);
export const PrintJobView = z.object({
  id: z.string(), printerId: z.string(), template: z.string(), status: JobStatus, reprint: z.boolean(), attempts: z.number(),
  routeKind: RouteKind.nullable(), routeKey: z.string().nullable(), orderId: z.string().nullable(), ticketId: z.string().nullable(),
  reprintOf: z.string().nullable(), lastError: z.string().nullable(), failedOverFrom: z.string().nullable(),
  createdAt: z.number(), updatedAt: z.number(), printedAt: z.number().nullable(),
}).openapi('PrintJob');

export const ListJobsQuery = z.object({
  status: JobStatus.optional(),
  printerId: Uuid.optional(),
  orderId: Uuid.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListJobsQueryT = z.infer<typeof ListJobsQuery>;

export const PrintForOrder = z.object({
  /** Print on this printer instead of the area's receipt printer. */
  printerId: Uuid.optional(),
  qr: z.string().url().max(500).optional(),
}).strict();
export type PrintForOrderInput = z.infer<typeof PrintForOrder>;

export const DiscoverBody = z.object({
  /** Also probe this /24 (e.g. 192.168.1) for port 9100; default: the box's own subnets. */
  subnet: z.string().regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/, 'A /24 prefix like 192.168.1').optional(),
  probe: z.boolean().default(true),
  port: z.number().int().min(1).max(65535).default(9100),
  browseMs: z.number().int().min(0).max(10_000).default(1500),
}).strict();
export type DiscoverInput = z.infer<typeof DiscoverBody>;

export const DiscoveredPrinter = z.object({
  address: z.string(), name: z.string().nullable(), source: z.enum(['mdns', 'probe']), service: z.string().nullable(),
  escpos: z.boolean().openapi({ description: 'Answered DLE EOT: an ESC/POS printer' }),
  configured: z.boolean(),
}).openapi('DiscoveredPrinter');
export type DiscoveredPrinterT = z.infer<typeof DiscoveredPrinter>;
