import type { Block } from '../encoding/document.js';
import { line, wrap } from './layout.js';

/** A table's QR code on the receipt printer (issue 19): to stand on the table, or to hand a guest. */
export interface TableQrData { restaurantName: string; tableLabel: string; url: string }

export function tableQr(data: TableQrData, columns: number): Block[] {
  return [
    ...wrap(data.restaurantName, Math.floor(columns / 2)).map((l) => line(l, { size: 2, bold: true, align: 'center' })),
    line(`Table ${data.tableLabel}`, { size: 3, bold: true, align: 'center' }),
    { kind: 'feed', lines: 1 },
    line('Scan to order / Scannez pour commander', { align: 'center' }),
    { kind: 'qr', value: data.url },
    line("Restaurant Wi-Fi / Wi-Fi du restaurant", { align: 'center' }),
    { kind: 'cut' },
  ];
}
