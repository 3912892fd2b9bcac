import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { canPrint, type FixedCodePage } from './codepages.js';
import type { Block, Columns, PrintDocument, TextStyle } from './document.js';

export interface EncodeOptions {
  columns: Columns;
  /** The printer's code page, selected once per job. */
  codePage: FixedCodePage;
}

/**
 * Turns a document into ESC/POS bytes with @point-of-sale/receipt-printer-encoder (architecture §2).
 * The encoder's automatic code-page choice costs ~16 ms of CPU per ticket (it tries candidates
 * per character); a fixed page costs ~2 ms. So every line is written in the printer's fixed page,
 * and only a line with a character that page lacks (Greek, Cyrillic…) falls back to auto.
 */
export function encodeDocument(doc: PrintDocument, options: EncodeOptions): Uint8Array {
  const encoder = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: options.columns, codepageMapping: 'epson', newline: '\n', feedBeforeCut: 4 });
  encoder.initialize().codepage(options.codePage);
  let current: string = options.codePage;
  for (const block of doc.blocks) {
    if (block.kind === 'line') {
      const page = canPrint(options.codePage, block.text) ? options.codePage : 'auto';
      if (page !== current) {
        encoder.codepage(page as FixedCodePage);
        current = page;
      }
      writeLine(encoder, block.text, block.style ?? {});
    } else {
      writeCommand(encoder, block, options.columns);
    }
  }
  return encoder.encode();
}

function writeLine(encoder: ReceiptPrinterEncoder, text: string, style: TextStyle): void {
  const size = style.size ?? 1;
  encoder.align(style.align ?? 'left');
  if (size !== 1) encoder.size(size, size);
  if (style.bold) encoder.bold(true);
  if (style.underline) encoder.underline(true);
  if (style.invert) encoder.invert(true);
  encoder.text(text);
  if (style.invert) encoder.invert(false);
  if (style.underline) encoder.underline(false);
  if (style.bold) encoder.bold(false);
  if (size !== 1) encoder.size(1, 1);
  encoder.newline();
}

function writeCommand(encoder: ReceiptPrinterEncoder, block: Exclude<Block, { kind: 'line' }>, columns: Columns): void {
  switch (block.kind) {
    case 'rule':
      encoder.align('left').text('-'.repeat(columns)).newline();
      return;
    case 'feed':
      encoder.newline(block.lines);
      return;
    case 'qr':
      encoder.align('center').qrcode(block.value, { model: 2, size: 6, errorlevel: 'm' }).newline();
      return;
    case 'cut':
      encoder.cut('partial');
      return;
    case 'pulse':
      // Pin 2, 100 ms on / 500 ms off: the usual cash-drawer kick.
      encoder.pulse(0, 100, 500);
      return;
  }
}
