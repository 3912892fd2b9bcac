import { codePageTable, EPSON_CODE_PAGES } from '../encoding/codepages.js';

/** How a run of text was printed. */
export interface PrintStyle {
  bold: boolean;
  underline: boolean;
  invert: boolean;
  width: number;
  height: number;
  align: 'left' | 'center' | 'right';
}

export type PrintItem =
  | { kind: 'line'; text: string; style: PrintStyle }
  | { kind: 'cut' }
  | { kind: 'pulse'; pin: number; onMs: number; offMs: number }
  | { kind: 'qr'; value: string }
  | { kind: 'feed'; lines: number }
  | { kind: 'unknown'; bytes: string };

const ESC = 0x1b, GS = 0x1d, FS = 0x1c, DLE = 0x10, LF = 0x0a, CR = 0x0d;
const ALIGNS = ['left', 'center', 'right'] as const;

function plainStyle(): PrintStyle {
  return { bold: false, underline: false, invert: false, width: 1, height: 1, align: 'left' };
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Reads the ESC/POS subset Brigade sends back into styled lines, cuts, drawer kicks and QR codes,
 * incrementally (a command split across TCP chunks waits for its missing bytes). Anything else is
 * reported as `unknown` with its bytes, so a test notices a command we did not mean to send.
 */
export class EscPosParser {
  readonly items: PrintItem[] = [];
  private pending = new Uint8Array(0);
  private style = plainStyle();
  private text = '';
  private lineStyle: PrintStyle | null = null;
  private table = codePageTable('cp437');
  private qrData = '';

  constructor(private readonly onStatusRequest: (n: number) => void = () => {}) {}

  feed(chunk: Uint8Array): void {
    const data = new Uint8Array(this.pending.length + chunk.length);
    data.set(this.pending);
    data.set(chunk, this.pending.length);
    let i = 0;
    while (i < data.length) {
      const used = this.step(data, i);
      if (used === 0) break;
      i += used;
    }
    this.pending = data.slice(i);
  }

  /** The connection ended: a line still being written counts as printed (a printer prints what it got). */
  finish(): void {
    this.endPartialLine();
  }

  /** Lines printed so far, plus the line being written if any. */
  get lines(): Array<Extract<PrintItem, { kind: 'line' }>> {
    return this.items.filter((i): i is Extract<PrintItem, { kind: 'line' }> => i.kind === 'line');
  }

  /** Parses one command or character at `i`; returns the bytes used, 0 when the command is incomplete. */
  private step(d: Uint8Array, i: number): number {
    const b = d[i]!;
    if (b === LF) { this.endLine(); return 1; }
    if (b === CR) return 1;
    if (b === ESC) return this.esc(d, i);
    if (b === GS) return this.gs(d, i);
    if (b === FS) return this.fs(d, i);
    if (b === DLE) {
      if (i + 2 >= d.length) return 0;
      if (d[i + 1] === 0x04) { this.onStatusRequest(d[i + 2]!); return 3; }
      return this.unknown(d, i, 3);
    }
    if (b < 0x20) return this.unknown(d, i, 1);
    if (this.text.trim() === '' && b !== 0x20) this.lineStyle = { ...this.style };
    this.text += String.fromCodePoint(this.table[b] ?? 0xfffd);
    return 1;
  }

  private esc(d: Uint8Array, i: number): number {
    if (i + 1 >= d.length) return 0;
    const c = d[i + 1]!;
    if (c === 0x40) { this.style = plainStyle(); this.table = codePageTable('cp437'); return 2; }
    if (c === 0x70) { // ESC p m t1 t2: drawer kick, times in 2 ms units
      if (i + 4 >= d.length) return 0;
      this.items.push({ kind: 'pulse', pin: d[i + 2]! & 1 ? 5 : 2, onMs: d[i + 3]! * 2, offMs: d[i + 4]! * 2 });
      return 5;
    }
    if (i + 2 >= d.length) return 0;
    const n = d[i + 2]!;
    switch (c) {
      case 0x45: this.style.bold = n !== 0; return 3; // ESC E
      case 0x2d: this.style.underline = n !== 0; return 3; // ESC -
      case 0x4d: return 3; // ESC M font
      case 0x61: this.style.align = ALIGNS[n % 48] ?? 'left'; return 3; // ESC a
      case 0x64: this.items.push({ kind: 'feed', lines: n }); return 3; // ESC d
      case 0x74: { // ESC t
        const name = EPSON_CODE_PAGES[n];
        if (!name) return this.unknown(d, i, 3);
        this.table = codePageTable(name);
        return 3;
      }
      default: return this.unknown(d, i, 3);
    }
  }

  private gs(d: Uint8Array, i: number): number {
    if (i + 2 >= d.length) return 0;
    const c = d[i + 1]!;
    const n = d[i + 2]!;
    switch (c) {
      case 0x21: this.style.width = (n >> 4) + 1; this.style.height = (n & 0x0f) + 1; return 3; // GS !
      case 0x42: this.style.invert = n !== 0; return 3; // GS B
      case 0x56: { // GS V m [n]
        this.endPartialLine();
        this.items.push({ kind: 'cut' });
        return n === 65 || n === 66 ? (i + 3 < d.length ? 4 : 0) : 3;
      }
      case 0x28: { // GS ( k pL pH cn fn …
        if (d[i + 2] !== 0x6b) return this.unknown(d, i, 3);
        if (i + 4 >= d.length) return 0;
        const length = d[i + 3]! + d[i + 4]! * 256;
        if (i + 5 + length > d.length) return 0;
        const body = d.subarray(i + 5, i + 5 + length);
        if (body[0] === 49 && body[1] === 80) this.qrData = Buffer.from(body.subarray(3)).toString('latin1');
        if (body[0] === 49 && body[1] === 81) { this.endPartialLine(); this.items.push({ kind: 'qr', value: this.qrData }); }
        return 5 + length;
      }
      default: return this.unknown(d, i, 3);
    }
  }

  private fs(d: Uint8Array, i: number): number {
    if (i + 1 >= d.length) return 0;
    if (d[i + 1] === 0x2e) return 2; // FS . : Kanji mode off
    return this.unknown(d, i, 2);
  }

  private unknown(d: Uint8Array, i: number, length: number): number {
    this.items.push({ kind: 'unknown', bytes: hex(d.subarray(i, Math.min(d.length, i + length))) });
    return length;
  }

  private endLine(): void {
    this.items.push({ kind: 'line', text: this.text.trimEnd(), style: this.lineStyle ?? { ...this.style } });
    this.text = '';
    this.lineStyle = null;
  }

  private endPartialLine(): void {
    if (this.text.trim() !== '') this.endLine();
    else this.text = '';
  }
}
