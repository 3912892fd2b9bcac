/**
 * `npm run printer-emulator -- --port 9100 [--status paper-out|cover-open|offline|near-end] [--mode hang|refuse|close-mid-job] [--columns 48]`
 * An ESC/POS printer on the LAN for demos and debugging: shows every job it receives in the terminal.
 */
import { parseArgs } from 'node:util';
import { PrinterEmulator, type EmulatorMode } from './server.js';
import { renderForTerminal } from './render-terminal.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9100' },
    host: { type: 'string', default: '0.0.0.0' },
    status: { type: 'string' },
    mode: { type: 'string', default: 'normal' },
    columns: { type: 'string', default: '48' },
    name: { type: 'string', default: 'printer' },
  },
});

const STATUSES: Record<string, object> = { 'paper-out': { paperOut: true }, 'cover-open': { coverOpen: true }, offline: { offline: true }, 'near-end': { paperNearEnd: true } };
const MODES: readonly EmulatorMode[] = ['normal', 'refuse', 'hang', 'close-mid-job'];
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) { console.error(`--port must be 0–65535 (got ${values.port})`); process.exit(2); }
if (values.status && !STATUSES[values.status]) { console.error(`--status must be one of ${Object.keys(STATUSES).join(', ')}`); process.exit(2); }
if (!MODES.includes(values.mode as EmulatorMode)) { console.error(`--mode must be one of ${MODES.join(', ')}`); process.exit(2); }

const emulator = await PrinterEmulator.start({ port, host: values.host, mode: values.mode as EmulatorMode, status: values.status ? STATUSES[values.status] : {} });
console.log(`ESC/POS printer emulator "${values.name}" listening on ${values.host}:${emulator.port} (mode ${values.mode})`);
emulator.onJob((job) => {
  console.log(`\n${new Date(job.receivedAt).toISOString()} ${values.name}: ${job.bytes.length} bytes${job.complete ? '' : ' (INCOMPLETE: connection dropped)'}`);
  console.log(renderForTerminal(job.items, Number(values.columns)));
});
const stop = () => { void emulator.close().then(() => process.exit(0)); };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
