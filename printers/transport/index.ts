import { DeviceFileTransport } from './device-file.js';
import { parseTcpAddress, TcpTransport } from './tcp.js';
import type { PrinterTransport, TransportTimeouts } from './types.js';

export * from './types.js';
export * from './status.js';
export { parseTcpAddress } from './tcp.js';

export type PrinterConnection = 'tcp' | 'device';

/** The transport for a configured printer; throws when the address is not valid for its kind. */
export function transportFor(connection: PrinterConnection, address: string, timeouts: TransportTimeouts): PrinterTransport {
  if (connection === 'device') return new DeviceFileTransport(address, timeouts);
  const parsed = parseTcpAddress(address);
  if (!parsed) throw new Error(`"${address}" is not host:port.`);
  return new TcpTransport(parsed.host, parsed.port, timeouts);
}
