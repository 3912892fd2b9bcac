import { AppError } from '../errors.js';
import { parseTcpAddress } from '../../printers/transport/tcp.js';
import { DeviceRefused, resolvePrinterDevice } from '../../printers/transport/device-path.js';
import type { PrinterConnection } from '../../printers/transport/index.js';

/**
 * Checks a printer's address for its connection, as it will be stored (a new printer, or a changed
 * one with its old fields filled in): a network printer is host:port; a USB/serial printer is a
 * printer's character device under /dev, checked on the file system (links resolved).
 */
export function assertPrinterAddress(connection: PrinterConnection, address: string): void {
  if (connection === 'tcp') {
    if (!parseTcpAddress(address)) {
      throw new AppError('VALIDATION_FAILED', `The request body is not valid: address: A network printer is host:port, e.g. 192.168.1.50:9100.`,
        [{ path: 'address', message: 'A network printer is host:port, e.g. 192.168.1.50:9100.' }]);
    }
    return;
  }
  try {
    resolvePrinterDevice(address);
  } catch (error) {
    if (!(error instanceof DeviceRefused)) throw error;
    throw new AppError('PRINTER_DEVICE_INVALID', error.message, { reason: error.reason, address });
  }
}
