import type { Block, Columns, PrintDocument } from '../encoding/document.js';
import { banner, line, twoColumns } from './layout.js';
import { kitchenTicket, type KitchenTicketData } from './kitchen-ticket.js';
import { guestCheck, receipt, type BillData } from './receipt.js';
import { salesReport, type ReportData } from './reports.js';
import { tableQr, type TableQrData } from './table-qr.js';

export type { KitchenTicketData } from './kitchen-ticket.js';
export type { BillData } from './receipt.js';
export type { ReportData } from './reports.js';
export type { TableQrData } from './table-qr.js';

export interface TestPageData { printerName: string; address: string; printedAt: string }

/** Every template a print job may name, with the data it takes. */
export interface TemplateData {
  'kitchen-ticket': KitchenTicketData;
  receipt: BillData;
  'guest-check': BillData;
  report: ReportData;
  'test-page': TestPageData;
  'drawer-kick': Record<string, never>;
  'table-qr': TableQrData;
}
export type TemplateName = keyof TemplateData;
export const TEMPLATE_NAMES = ['kitchen-ticket', 'receipt', 'guest-check', 'report', 'test-page', 'drawer-kick', 'table-qr'] as const satisfies readonly TemplateName[];

function testPage(data: TestPageData, columns: number): Block[] {
  return [
    line('TEST PAGE', { size: 2, bold: true, align: 'center' }),
    line(data.printerName, { bold: true }),
    line(data.address),
    line(data.printedAt),
    { kind: 'rule' },
    line('Accents: é è à ç ñ ü ö ß Å Ø'),
    line('Euro: € 12.50'),
    line('bold', { bold: true }),
    line('underline', { underline: true }),
    line('inverted', { invert: true }),
    line('double', { size: 2 }),
    twoColumns('left', 'right', columns),
    line('1234567890'.repeat(columns / 10 + 1).slice(0, columns)),
    { kind: 'cut' },
  ];
}

export interface RenderOptions {
  columns: Columns;
  /** A job sent again (asked for, or after a crash or a failure mid-send): says REPRINT at the top. */
  reprint?: boolean;
}

/** Renders a template to a document. Pure: the same data always gives the same document. */
export function renderTemplate<N extends TemplateName>(name: N, data: TemplateData[N], options: RenderOptions): PrintDocument {
  const { columns } = options;
  let blocks: Block[];
  switch (name) {
    case 'kitchen-ticket': blocks = kitchenTicket(data as KitchenTicketData, columns); break;
    case 'receipt': blocks = receipt(data as BillData, columns); break;
    case 'guest-check': blocks = guestCheck(data as BillData, columns); break;
    case 'report': blocks = salesReport(data as ReportData, columns); break;
    case 'test-page': blocks = testPage(data as TestPageData, columns); break;
    case 'table-qr': blocks = tableQr(data as TableQrData, columns); break;
    case 'drawer-kick': return { blocks: [{ kind: 'pulse' }] };
    default: throw new Error(`Unknown print template "${String(name)}".`);
  }
  // A drawer kick is never a reprint: it has nothing to say.
  if (options.reprint) blocks = [banner('REPRINT', columns), ...blocks];
  return { blocks };
}
