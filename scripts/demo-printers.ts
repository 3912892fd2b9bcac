/**
 * The demo's printers: one emulated ESC/POS printer per kitchen station plus a receipt printer,
 * on fixed ports from DEMO_PRINTER_PORT (default 9101; 0 picks free ports) so a demo box restarted on the same data
 * finds them again. Every ticket they receive is drawn in this terminal.
 */
import { SYSTEM_ACTOR } from '../src/db/command.js';
import type { Box } from '../src/main.js';
import { PrinterEmulator } from '../printers/emulator/server.js';
import { renderForTerminal } from '../printers/emulator/render-terminal.js';

export interface DemoPrinters {
  lines: string[];
  close(): Promise<void>;
}

/** Starts the emulators and makes sure the box has a printer and a route for each (never changes existing ones). */
export async function startDemoPrinters(box: Box, basePort: number, print: (text: string) => void = console.log): Promise<DemoPrinters> {
  const stations = box.services.kitchen.stations().map((s) => s.station);
  const printing = box.services.printing;
  const emulators: PrinterEmulator[] = [];
  const lines: string[] = [];
  const targets = [...stations.map((station) => ({ name: `Demo ${station}`, station })), { name: 'Demo receipts', station: null }];
  for (const [i, target] of targets.entries()) {
    const emulator = await PrinterEmulator.start({ port: basePort === 0 ? 0 : basePort + i, host: '127.0.0.1' });
    emulators.push(emulator);
    emulator.onJob((job) => print(`\n🖨  ${target.name} (${emulator.address})\n${renderForTerminal(job.items, 48)}`));
    let printer = printing.listPrinters().find((p) => p.name === target.name);
    printer ??= await printing.addPrinter(SYSTEM_ACTOR, { name: target.name, connection: 'tcp', address: emulator.address, columns: 48, codePage: 'cp858', enabled: true });
    const kind = target.station ? 'station' : 'receipt';
    const key = target.station ?? 'default';
    if (!printing.listRoutes().some((r) => r.kind === kind && r.key === key)) {
      await printing.setRoute(SYSTEM_ACTOR, { kind, key, printerId: printer.id, backupPrinterId: null });
    }
    lines.push(`    ${target.name.padEnd(16)} ${emulator.address}   ${kind} ${key}`);
  }
  return { lines, close: () => Promise.all(emulators.map((e) => e.close())).then(() => {}) };
}
