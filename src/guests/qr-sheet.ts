/**
 * Printable QR sheets (issue 19): one card per table with the restaurant's name, the code and the
 * table's label, three across and four down an A4 page. SVG (crisp at any size, prints from any
 * browser) or PNG (for a print shop or a chat message), both from the maintained `qrcode` library.
 */
import { deflateSync, crc32 } from 'node:zlib';
import QRCode from 'qrcode';
import { drawText, textWidth } from './bitmap-font.js';

export interface SheetCard { label: string; url: string }
export interface Sheet { restaurantName: string; cards: SheetCard[] }

const COLS = 3;
const ROWS = 4;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A4 pages in millimetres, stacked one under the other. */
export async function sheetSvg(sheet: Sheet): Promise<string> {
  const pages = Math.max(1, Math.ceil(sheet.cards.length / (COLS * ROWS)));
  const cellW = 210 / COLS;
  const cellH = 297 / ROWS;
  const cards = await Promise.all(sheet.cards.map(async (card, i) => {
    const page = Math.floor(i / (COLS * ROWS));
    const x = (i % COLS) * cellW;
    const y = page * 297 + Math.floor((i % (COLS * ROWS)) / COLS) * cellH;
    const code = await QRCode.toString(card.url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
    const qr = code.replace(/^<svg /, `<svg x="${x + 12}" y="${y + 14}" width="${cellW - 24}" height="${cellW - 24}" `);
    return `<g class="card"><rect x="${x + 2}" y="${y + 2}" width="${cellW - 4}" height="${cellH - 4}" rx="3" fill="none" stroke="#bbb" stroke-width="0.3" stroke-dasharray="2 2"/>
<text x="${x + cellW / 2}" y="${y + 10}" font-size="4.2" text-anchor="middle" font-family="sans-serif">${esc(sheet.restaurantName)}</text>
${qr}
<text x="${x + cellW / 2}" y="${y + cellW - 3}" font-size="9" font-weight="700" text-anchor="middle" font-family="sans-serif" data-table="${esc(card.label)}">${esc(card.label)}</text>
<text x="${x + cellW / 2}" y="${y + cellW + 3.5}" font-size="3.2" text-anchor="middle" font-family="sans-serif">Scan to order · Scannez pour commander</text></g>`;
  }));
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="${297 * pages}mm" viewBox="0 0 210 ${297 * pages}">
<rect width="210" height="${297 * pages}" fill="#fff"/>
${cards.join('\n')}
</svg>
`;
}

/** The same sheet as a grayscale PNG, 150 dpi (1240 × 1754 px a page). */
export function sheetPng(sheet: Sheet): Buffer {
  const pageW = 1240;
  const pageH = 1754;
  const pages = Math.max(1, Math.ceil(sheet.cards.length / (COLS * ROWS)));
  const width = pageW;
  const height = pageH * pages;
  const pixels = Buffer.alloc(width * height, 255);
  const set = (x: number, y: number) => { if (x >= 0 && y >= 0 && x < width && y < height) pixels[y * width + x] = 0; };
  const cellW = Math.floor(pageW / COLS);
  const cellH = Math.floor(pageH / ROWS);
  sheet.cards.forEach((card, i) => {
    const page = Math.floor(i / (COLS * ROWS));
    const x0 = (i % COLS) * cellW;
    const y0 = page * pageH + Math.floor((i % (COLS * ROWS)) / COLS) * cellH;
    const nameScale = textWidth(sheet.restaurantName, 3) <= cellW - 20 ? 3 : 2;
    drawText(set, sheet.restaurantName, x0 + Math.floor((cellW - textWidth(sheet.restaurantName, nameScale)) / 2), y0 + 24, nameScale);
    const qr = QRCode.create(card.url, { errorCorrectionLevel: 'M' });
    const size = qr.modules.size;
    const dot = Math.floor(280 / size);
    const qx = x0 + Math.floor((cellW - size * dot) / 2);
    const qy = y0 + 64;
    for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < dot; dy++) for (let dx = 0; dx < dot; dx++) set(qx + c * dot + dx, qy + r * dot + dy);
    }
    const labelScale = 6;
    drawText(set, card.label, x0 + Math.floor((cellW - textWidth(card.label, labelScale)) / 2), qy + size * dot + 20, labelScale);
  });
  return encodePng(width, height, pixels);
}

/** A minimal PNG: 8-bit grayscale, one IDAT. */
function encodePng(width: number, height: number, gray: Buffer): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) gray.copy(raw, y * (width + 1) + 1, y * width, (y + 1) * width);
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // grayscale
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
