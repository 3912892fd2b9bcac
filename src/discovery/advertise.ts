import { Bonjour } from 'bonjour-service';

export interface Advertisement {
  stop(): Promise<void>;
}

export interface AdvertiseOptions {
  name: string;
  port: number;
  version: string;
  /** Stable across restarts (the box's device id): screens remember the box by it. No secrets here. */
  id: string;
}

/**
 * Announces the box on the LAN as `_http._tcp` with the `_brigade` subtype, so tablets and kitchen
 * screens find it by name. TXT says what it is, never anything secret.
 */
export function advertiseBox(options: AdvertiseOptions): Advertisement {
  const bonjour = new Bonjour({}, () => {});
  bonjour.publish({ name: options.name, type: 'http', port: options.port, subtypes: ['brigade'], txt: { version: options.version, api: '/openapi.json', id: options.id, app: 'brigade' } });
  return {
    stop: () => new Promise<void>((resolve) => bonjour.unpublishAll(() => bonjour.destroy(() => resolve()))),
  };
}

/** Printer services people's printers announce: raw 9100 (pdl-datastream), LPD and IPP. */
const PRINTER_TYPES = ['pdl-datastream', 'printer', 'ipp'] as const;

export interface BrowsedPrinter { host: string; port: number; name: string; service: string }

/** Listens for printer announcements for `ms` milliseconds. */
export async function browsePrinters(ms: number): Promise<BrowsedPrinter[]> {
  const bonjour = new Bonjour({}, () => {});
  const found: BrowsedPrinter[] = [];
  const browsers = PRINTER_TYPES.map((type) => bonjour.find({ type }, (service) => {
    const host = service.addresses?.find((a) => a.includes('.')) ?? service.referer?.address ?? service.host;
    // A printer announcing IPP or LPD usually still takes raw jobs on 9100.
    found.push({ host, port: type === 'pdl-datastream' ? service.port : 9100, name: service.name, service: `_${type}._tcp` });
  }));
  await new Promise((resolve) => setTimeout(resolve, ms));
  for (const browser of browsers) browser.stop();
  await new Promise<void>((resolve) => bonjour.destroy(() => resolve()));
  return found;
}
