import fs from 'node:fs';
import path from 'node:path';

/**
 * Which device files a printer may be, checked when a manager configures one and again by the
 * transport every time it opens one. A printer's bytes must never land in an ordinary file, a
 * disk, or a kernel device such as /dev/mem or /dev/watchdog.
 */

/** Why a device path was refused: stable words, sent as `details.reason` with PRINTER_DEVICE_INVALID. */
export type DeviceRefusal = 'not_under_dev' | 'dot_segments' | 'not_found' | 'outside_dev' | 'not_a_printer_device' | 'not_character_device';

/**
 * The device families a receipt printer appears as: USB printer class (/dev/usb/lp0, /dev/usblp0),
 * parallel port (/dev/lp0), USB and plain serial (/dev/ttyUSB0, /dev/ttyACM0, /dev/ttyS0),
 * Bluetooth serial (/dev/rfcomm0); /dev/null takes a job and discards it (demos, tests).
 */
const PRINTER_DEVICE = /^\/dev\/(usb\/lp\d+|usblp\d+|lp\d+|ttyUSB\d+|ttyACM\d+|ttyS\d+|rfcomm\d+|null)$/;

/** What a manager may type: an absolute path under /dev (udev's stable links such as /dev/serial/by-id/… included). */
const UNDER_DEV = /^\/dev\/[A-Za-z0-9/_.:+-]+$/;

export class DeviceRefused extends Error {
  constructor(readonly reason: DeviceRefusal, message: string) {
    super(message);
    this.name = 'DeviceRefused';
  }
}

const ACCEPTED = 'a printer device such as /dev/usb/lp0, /dev/lp0, /dev/ttyUSB0, /dev/ttyACM0, /dev/ttyS0 or /dev/rfcomm0';

/** The path as typed: under /dev, with no `.` or `..` segment and no empty one (pure; no file system). */
export function checkDevicePathSyntax(address: string): void {
  if (!UNDER_DEV.test(address)) throw new DeviceRefused('not_under_dev', `"${address}" is not a device file: use ${ACCEPTED}.`);
  const segments = address.slice(1).split('/');
  if (segments.some((s) => s === '.' || s === '..' || s === '')) {
    throw new DeviceRefused('dot_segments', `"${address}" has "." or ".." or "//" in it: write the device's own path, e.g. /dev/usb/lp0.`);
  }
}

/**
 * Resolves a configured device path to the device it names (following udev-style links) and checks
 * that it is a printer device and a character device. Returns the resolved path, which is what the
 * transport opens. Throws DeviceRefused.
 */
export function resolvePrinterDevice(address: string): string {
  checkDevicePathSyntax(address);
  let real: string;
  try {
    real = fs.realpathSync(address);
  } catch {
    throw new DeviceRefused('not_found', `No device at ${address}: plug the printer in (and switch it on), then try again.`);
  }
  if (real !== path.posix.normalize(real) || !real.startsWith('/dev/')) {
    throw new DeviceRefused('outside_dev', `${address} leads to ${real}, outside /dev: a printer must be a device file.`);
  }
  if (!PRINTER_DEVICE.test(real)) {
    throw new DeviceRefused('not_a_printer_device', `${real === address ? address : `${address} (${real})`} is not ${ACCEPTED}.`);
  }
  if (!fs.statSync(real).isCharacterDevice()) {
    throw new DeviceRefused('not_character_device', `${real} is not a character device, so it cannot be a printer.`);
  }
  return real;
}

/**
 * Opens a resolved device for writing, without following a link and without creating anything, and
 * checks on the open descriptor that it is a character device: a file swapped in between
 * resolvePrinterDevice and this open is caught here and nothing is written to it.
 */
export async function openCharacterDevice(devicePath: string): Promise<fs.promises.FileHandle> {
  const { O_WRONLY, O_NOFOLLOW, O_NOCTTY } = fs.constants;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(devicePath, O_WRONLY | O_NOFOLLOW | O_NOCTTY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new DeviceRefused('outside_dev', `${devicePath} became a link: refused.`);
    throw error;
  }
  const stat = await handle.stat().catch(async (error: unknown) => { await handle.close().catch(() => {}); throw error; });
  if (!stat.isCharacterDevice()) {
    await handle.close().catch(() => {});
    throw new DeviceRefused('not_character_device', `${devicePath} is not a character device, so it cannot be a printer.`);
  }
  return handle;
}
