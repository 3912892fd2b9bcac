import type fs from 'node:fs/promises';
import { DeviceRefused, openCharacterDevice, resolvePrinterDevice } from './device-path.js';
import { PrintError, type PrinterTransport, type SendResult, type TransportTimeouts } from './types.js';

/**
 * A printer attached by USB, written through its device file (e.g. /dev/usb/lp0). The kernel's
 * printer driver takes the bytes; it cannot answer DLE EOT here, so status is unknown.
 * The path is checked again at every open (whatever the database holds): only a printer's character
 * device is ever written, never a file, and nothing is created.
 */
export class DeviceFileTransport implements PrinterTransport {
  constructor(private readonly path: string, private readonly timeouts: TransportTimeouts) {}

  async send(bytes: Uint8Array, beforeWrite?: () => Promise<void>): Promise<SendResult> {
    let handle: fs.FileHandle;
    try {
      handle = await openCharacterDevice(resolvePrinterDevice(this.path));
    } catch (error) {
      if (error instanceof DeviceRefused) throw new PrintError('unreachable', error.reason === 'not_found' ? error.message : `Refused ${this.path}: ${error.message}`, false);
      throw new PrintError('unreachable', `Cannot open ${this.path}: ${(error as Error).message}`, false);
    }
    try {
      await beforeWrite?.();
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new PrintError('timeout', `${this.path} took no data for ${this.timeouts.replyMs} ms.`, true)), this.timeouts.replyMs);
      });
      try {
        await Promise.race([handle.write(bytes), timeout]);
      } catch (error) {
        if (error instanceof PrintError) throw error;
        throw new PrintError('write_failed', `Write to ${this.path} failed: ${(error as Error).message}`, true);
      } finally {
        clearTimeout(timer);
      }
      return { status: null };
    } finally {
      await handle.close().catch(() => {});
    }
  }

  async status(): Promise<null> {
    return null;
  }
}
