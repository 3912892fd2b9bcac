import { CreatePrinter, SetRoute } from '../../printing/schemas.js';
import { SYSTEM_ACTOR } from '../../db/command.js';
import { AppError } from '../../errors.js';
import { encodeDocument } from '../../../printers/encoding/encode.js';
import { renderTemplate } from '../../../printers/templates/index.js';
import { PrintError, transportFor } from '../../../printers/transport/index.js';
import type { Columns } from '../../../printers/encoding/document.js';
import type { FixedCodePage } from '../../../printers/encoding/codepages.js';
import type { PrinterViewT } from '../../printing/schemas.js';
import { cliConfig, requireInitialized, withBox, type CliBox } from '../box.js';
import { str, type Command } from '../command.js';
import { EXIT } from '../io.js';
import { parseInput } from '../validate.js';

/** A printer by name or id (names are what people type). */
function findPrinter(box: CliBox, nameOrId: string | undefined): PrinterViewT {
  const list = box.services.printing.listPrinters();
  const printer = list.find((p) => p.id === nameOrId || p.name === nameOrId);
  if (!printer) throw new AppError('NOT_FOUND', `No printer "${nameOrId ?? ''}". See: npm run cli -- printers list`, { entity: 'printer', id: nameOrId ?? '' });
  return printer;
}

export const printersAddCommand: Command = {
  words: ['printers', 'add'],
  summary: 'Add a printer (network host:port, or a USB device file)',
  usage: `npm run cli -- printers add --name NAME --address HOST[:PORT] [--device] [--columns 32|42|48] [--code-page cp858|windows1252|iso8859-15]

  --device   the address is a device file such as /dev/usb/lp0`,
  options: { name: { type: 'string' }, address: { type: 'string' }, device: { type: 'boolean' }, columns: { type: 'string' }, 'code-page': { type: 'string' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const raw = { name: str(v.name), address: str(v.address), connection: v.device ? 'device' : 'tcp', columns: str(v.columns) === undefined ? undefined : Number(v.columns), codePage: str(v['code-page']) };
    const input = parseInput(CreatePrinter, Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined)),
      { name: '--name', address: '--address', connection: '--device', columns: '--columns', codePage: '--code-page' });
    const printer = await withBox(config, (box) => { requireInitialized(box); return box.services.printing.addPrinter(SYSTEM_ACTOR, input); });
    io.out(`Added printer ${printer.name} at ${printer.address} (${printer.columns} columns, ${printer.codePage}), id ${printer.id}.`);
    return EXIT.ok;
  },
};

export const printersListCommand: Command = {
  words: ['printers', 'list'],
  summary: 'List printers and what prints where',
  usage: 'npm run cli -- printers list [--json]',
  options: { json: { type: 'boolean' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const { printers, routes } = await withBox(config, (box) => {
      requireInitialized(box);
      return { printers: box.services.printing.listPrinters(), routes: box.services.printing.listRoutes() };
    });
    if (v.json) { io.out(JSON.stringify({ printers, routes }, null, 2)); return EXIT.ok; }
    const names = new Map(printers.map((p) => [p.id, p.name]));
    const width = Math.max(4, ...printers.map((p) => p.name.length));
    io.out(`${'NAME'.padEnd(width)}  ADDRESS                 COLS  ENABLED  QUEUED  ID`);
    for (const p of printers) io.out(`${p.name.padEnd(width)}  ${p.address.padEnd(22)}  ${String(p.columns).padEnd(4)}  ${(p.enabled ? 'yes' : 'no').padEnd(7)}  ${String(p.queued).padEnd(6)}  ${p.id}`);
    io.out('');
    io.out('ROUTES');
    for (const r of routes) io.out(`  ${r.kind} ${r.key} → ${names.get(r.printerId)}${r.backupPrinterId ? ` (backup ${names.get(r.backupPrinterId)})` : ''}`);
    if (routes.length === 0) io.out('  none yet: npm run cli -- printers route --station grill --printer NAME');
    return EXIT.ok;
  },
};

export const printersRouteCommand: Command = {
  words: ['printers', 'route'],
  summary: 'Send a station\'s tickets (or an area\'s receipts) to a printer, with an optional backup',
  usage: 'npm run cli -- printers route (--station NAME | --receipts AREA_ID|default) --printer NAME [--backup NAME]',
  options: { station: { type: 'string' }, receipts: { type: 'string' }, printer: { type: 'string' }, backup: { type: 'string' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const route = await withBox(config, (box) => {
      requireInitialized(box);
      const printer = findPrinter(box, str(v.printer));
      const backup = str(v.backup) ? findPrinter(box, str(v.backup)) : null;
      const input = parseInput(SetRoute, { kind: v.station ? 'station' : 'receipt', key: str(v.station) ?? str(v.receipts), printerId: printer.id, backupPrinterId: backup?.id ?? null },
        { kind: '--station or --receipts', key: '--station or --receipts', printerId: '--printer', backupPrinterId: '--backup' });
      return box.services.printing.setRoute(SYSTEM_ACTOR, input).then((r) => ({ ...r, printer: printer.name, backup: backup?.name }));
    });
    io.out(`${route.kind} ${route.key} → ${route.printer}${route.backup ? ` (backup ${route.backup})` : ''}`);
    return EXIT.ok;
  },
};

/** Prints a test page straight away (not through the queue) and says what the printer reported. */
export const printersTestCommand: Command = {
  words: ['printers', 'test'],
  summary: 'Print a test page now and show the printer\'s status',
  usage: 'npm run cli -- printers test --printer NAME',
  options: { printer: { type: 'string' } },
  async run(v, io) {
    const config = cliConfig(io.env);
    const printer = await withBox(config, (box) => { requireInitialized(box); return findPrinter(box, str(v.printer)); });
    const doc = renderTemplate('test-page', { printerName: printer.name, address: printer.address, printedAt: new Date().toISOString() }, { columns: printer.columns as Columns });
    const bytes = encodeDocument(doc, { columns: printer.columns as Columns, codePage: printer.codePage as FixedCodePage });
    try {
      const result = await transportFor(printer.connection, printer.address, { connectMs: config.print.connectTimeoutMs, replyMs: config.print.replyTimeoutMs }).send(bytes);
      io.out(`Printed a test page on ${printer.name}${result.status?.paperNearEnd ? ' (paper is running low)' : ''}.`);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof PrintError)) throw error;
      io.err(`${printer.name}: ${error.message}`);
      return EXIT.refused;
    }
  },
};
