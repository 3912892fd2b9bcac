import { encodeDocument } from '../../printers/encoding/encode.js';
import { renderTemplate, TEMPLATE_NAMES, type TemplateName } from '../../printers/templates/index.js';
import type { Columns } from '../../printers/encoding/document.js';
import type { FixedCodePage } from '../../printers/encoding/codepages.js';
import type { PrintJobRow } from './enqueue.js';
import type { PrinterRow } from './job-store.js';

/**
 * A job's bytes for its printer, rendered at send time: the printer's width and code page as
 * they are now, REPRINT when the job is one. The restaurant's time zone is added for templates
 * that print a time.
 */
export function renderJob(job: PrintJobRow, printer: PrinterRow, timeZone: string): Uint8Array {
  if (!(TEMPLATE_NAMES as readonly string[]).includes(job.template)) throw new Error(`Unknown print template "${job.template}".`);
  const data = { timeZone, ...job.data };
  // The data was written by our own enqueue code for this template name; it is trusted here.
  const doc = renderTemplate(job.template as TemplateName, data as never, { columns: printer.columns as Columns, reprint: job.reprint });
  return encodeDocument(doc, { columns: printer.columns as Columns, codePage: printer.codePage as FixedCodePage });
}
