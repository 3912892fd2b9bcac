/**
 * A small RFC 4180 CSV reader and writer. Our own rather than a package because the importer needs
 * the line each record starts on (to tell a manager which row is wrong) and the rules are short:
 * comma separated, fields in double quotes may hold commas, quotes ("") and line breaks; lines end
 * in CRLF, LF or CR; a UTF-8 byte-order mark (Excel adds one) is dropped.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts (a quoted line break makes records span lines). */
  line: number;
  fields: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: string };

/** Parses CSV text into records. Blank lines are skipped. Fails only on quoting it cannot read. */
export function parseCsv(input: string): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quotedField = false;

  const endField = () => { fields.push(field); field = ''; quotedField = false; };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  const newline = (at: number): number => (text[at] === '\r' && text[at + 1] === '\n' ? 2 : 1);

  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '' && !quotedField) {
      // A quoted field: read to the closing quote, keeping commas and line breaks.
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= text.length) return { ok: false, line: startLine, reason: 'A quoted field is never closed: a " is missing.' };
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i += 1;
          break;
        }
        if (c === '\r' || c === '\n') {
          const n = newline(i);
          field += text.slice(i, i + n);
          line += 1;
          i += n;
          continue;
        }
        field += c;
        i += 1;
      }
      quotedField = true;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        return { ok: false, line, reason: 'Text follows a closing quote; put the whole field in quotes and double any " inside it.' };
      }
      continue;
    }
    if (ch === ',') { endField(); i += 1; continue; }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += newline(i);
      line += 1;
      recordLine = line;
      continue;
    }
    field += ch;
    i += 1;
  }
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return { ok: true, records };
}

/** Quotes a field only when it must be: commas, quotes, line breaks, or edge spaces a reader might trim. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows → CSV text with CRLF line ends (RFC 4180), ending with a line break. */
export function serializeCsv(rows: ReadonlyArray<readonly string[]>): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
