import { browsePrinters } from './advertise.js';
import { localSubnets, probeSubnet } from './probe.js';
import type { DiscoveredPrinterT, DiscoverInput, PrinterViewT } from '../printing/schemas.js';

/** Finding printers for a manager: mDNS announcements (when MDNS is on) and a probe of the subnet. */
export class DiscoveryService {
  constructor(private readonly options: { mdns: boolean; probeTimeoutMs: number }) {}

  async discover(input: DiscoverInput, configured: readonly PrinterViewT[]): Promise<DiscoveredPrinterT[]> {
    const known = new Set(configured.map((p) => p.address));
    const results = new Map<string, DiscoveredPrinterT>();
    const port = input.port;
    const [browsed, probed] = await Promise.all([
      this.options.mdns && input.browseMs > 0 ? browsePrinters(input.browseMs) : Promise.resolve([]),
      input.probe ? Promise.all((input.subnet ? [input.subnet] : localSubnets()).map((s) => probeSubnet(s, port, this.options.probeTimeoutMs))).then((r) => r.flat()) : Promise.resolve([]),
    ]);
    for (const address of probed) results.set(address, { address, name: null, source: 'probe', service: null, escpos: true, configured: known.has(address) });
    for (const b of browsed) {
      const address = `${b.host}:${b.port}`;
      const seen = results.get(address);
      results.set(address, { address, name: b.name, source: seen ? 'probe' : 'mdns', service: b.service, escpos: seen?.escpos ?? false, configured: known.has(address) });
    }
    return [...results.values()].sort((a, b) => a.address.localeCompare(b.address));
  }
}
