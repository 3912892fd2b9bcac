import CodepageEncoder from '@point-of-sale/codepage-encoder';

/**
 * Code pages we select by number with ESC t (Epson's numbering, which most ESC/POS printers
 * follow). Index = the ESC t argument. Gaps are numbers we never send.
 */
export const EPSON_CODE_PAGES: ReadonlyArray<string | undefined> = [
  'cp437', 'epson/katakana', 'cp850', 'cp860', 'cp863', 'cp865', , , , , , 'cp851', 'cp853', 'cp857', 'cp737', 'iso8859-7',
  'windows1252', 'cp866', 'cp852', 'cp858', 'thai42', 'thai11', , , , , 'thai13', , , , 'tcvn3', 'tcvn3capitals', 'cp720',
  'cp775', 'cp855', 'cp861', 'cp862', 'cp864', 'cp869', 'epson/iso8859-2', 'iso8859-15', 'cp1098', 'cp774', 'cp772', 'cp1125',
  'windows1250', 'windows1251', 'windows1253', 'windows1254', 'windows1255', 'windows1256', 'windows1257', 'windows1258', 'rk1048',
];

/** The fixed code pages a printer may be set to: they cover Western European text and €. */
export const FIXED_CODE_PAGES = ['cp858', 'windows1252', 'iso8859-15'] as const;
export type FixedCodePage = (typeof FIXED_CODE_PAGES)[number];

const tables = new Map<string, ReadonlyArray<number | undefined>>();

/** Byte → Unicode code point for a code page (control bytes below 0x20 are never text). */
export function codePageTable(name: string): ReadonlyArray<number | undefined> {
  let table = tables.get(name);
  if (!table) {
    table = CodepageEncoder.supports(name) ? CodepageEncoder.getCodepoints(name as never, true) : [];
    tables.set(name, table);
  }
  return table;
}

const printable = new Map<string, ReadonlySet<number>>();

/** True when every character of `text` has a byte in the code page (so no auto-selection is needed). */
export function canPrint(codePage: string, text: string): boolean {
  let set = printable.get(codePage);
  if (!set) {
    set = new Set(codePageTable(codePage).filter((c): c is number => c !== undefined));
    printable.set(codePage, set);
  }
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f) continue;
    if (!set.has(cp)) return false;
  }
  return true;
}
