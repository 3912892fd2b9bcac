/**
 * What templates produce: a printer-neutral document of styled lines and commands. Pure data, so
 * templates are tested without bytes and the encoder stays behind one function (encode.ts).
 */
export type Align = 'left' | 'center' | 'right';

export interface TextStyle {
  bold?: boolean;
  underline?: boolean;
  /** White on black: banners (VOID, REPRINT) and highlighted notes. */
  invert?: boolean;
  /** Character magnification, 1–3 (width and height). */
  size?: 1 | 2 | 3;
  align?: Align;
}

export type Block =
  | { kind: 'line'; text: string; style?: TextStyle }
  | { kind: 'rule' }
  | { kind: 'feed'; lines: number }
  | { kind: 'qr'; value: string }
  | { kind: 'cut' }
  | { kind: 'pulse' };

export interface PrintDocument {
  blocks: Block[];
}

/** Paper widths we support: characters per line in font A. */
export const PAPER_COLUMNS = { '58mm': 32, '80mm-42': 42, '80mm': 48 } as const;
export type Columns = 32 | 42 | 48;
export const COLUMN_CHOICES: readonly Columns[] = [32, 42, 48];
