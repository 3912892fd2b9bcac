/**
 * The menu as one CSV sheet a manager can edit in a spreadsheet. One row per thing, told apart by
 * `kind`; `name` is always the row's own name and `category` / `group` its parent:
 *
 *   kind     | columns used
 *   category | name, sort
 *   item     | category, name, description, price, tax_rate, station, tags, allergens, image_url, sort, available, option_groups, external_id
 *   group    | name, selection (single|multi), min, max, required, sort
 *   option   | group, name, price (the price change, may be negative), sort, available, external_id
 *
 * Prices are decimals in the currency's major unit (12.50), tax rates are percents (10, 5.5), lists
 * (tags, allergens, option_groups) are separated by |, yes/no for flags. Empty sort keeps the box's
 * order (or appends); empty available means yes.
 */
import type { z } from '@hono/zod-openapi';
import { parseCsv, serializeCsv, type CsvRecord } from './csv.js';
import { formatMajor, formatPercent, parseMajor, parsePercent } from './decimal.js';
import { groupDefaults, groupRuleProblems } from './rules.js';
import { MenuName } from './schemas.js';
import {
  DocCategoryFields, DocGroupFields, DocItem, DocOption, emptyEntries, problemAt, type ImportProblem, type Loc, type MenuDocumentView, type ParsedImport,
} from './document.js';

export const CSV_COLUMNS = ['kind', 'category', 'group', 'name', 'description', 'price', 'tax_rate', 'station', 'tags', 'allergens',
  'image_url', 'sort', 'available', 'option_groups', 'selection', 'min', 'max', 'required', 'external_id'] as const;
type Column = (typeof CSV_COLUMNS)[number];
type Kind = 'category' | 'item' | 'group' | 'option';

const USED: Record<Kind, readonly Column[]> = {
  category: ['kind', 'name', 'sort'],
  item: ['kind', 'category', 'name', 'description', 'price', 'tax_rate', 'station', 'tags', 'allergens', 'image_url', 'sort', 'available', 'option_groups', 'external_id'],
  group: ['kind', 'name', 'selection', 'min', 'max', 'required', 'sort'],
  option: ['kind', 'group', 'name', 'price', 'sort', 'available', 'external_id'],
};

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** The document as CSV text (with a BOM, so spreadsheet programs read accents and emoji as UTF-8). */
export function menuToCsv(doc: MenuDocumentView, digits: number): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  const add = (cells: Partial<Record<Column, string>>) => rows.push(CSV_COLUMNS.map((c) => cells[c] ?? ''));
  for (const c of doc.categories) {
    add({ kind: 'category', name: c.name, sort: String(c.sortOrder ?? '') });
    for (const i of c.items) {
      add({
        kind: 'item', category: c.name, name: i.name, description: i.description, price: formatMajor(i.price, digits),
        tax_rate: formatPercent(i.taxRateBp), station: i.station, tags: i.tags.join('|'), allergens: i.allergens.join('|'),
        image_url: i.imageUrl ?? '', sort: String(i.sortOrder ?? ''), available: yesNo(i.available), option_groups: i.optionGroups.join('|'), external_id: i.externalId ?? '',
      });
    }
  }
  for (const g of doc.optionGroups) {
    add({
      kind: 'group', name: g.name, selection: g.selection, min: String(g.minSelect ?? ''), max: String(g.maxSelect ?? ''),
      required: g.required === undefined ? '' : yesNo(g.required), sort: String(g.sortOrder ?? ''),
    });
    for (const o of g.options) {
      add({ kind: 'option', group: g.name, name: o.name, price: formatMajor(o.priceDelta, digits), sort: String(o.sortOrder ?? ''), available: yesNo(o.available), external_id: o.externalId ?? '' });
    }
  }
  return '\uFEFF' + serializeCsv(rows);
}

/** Reads one data row's cells; conversion problems are collected, and the fields they hit are remembered. */
class RowReader {
  readonly problems: ImportProblem[] = [];
  private readonly badFields = new Set<string>();
  constructor(readonly loc: Loc, private readonly cells: Map<Column, string>) {}

  text(c: Column): string { return (this.cells.get(c) ?? '').trim(); }
  /** A column the sheet may leave out: absent keeps what the box has, empty clears it. */
  optional(c: Column): string | null | undefined {
    if (!this.cells.has(c)) return undefined;
    return this.text(c) || null;
  }
  fail(field: string, reason: string): undefined {
    this.badFields.add(field);
    this.problems.push(problemAt(this.loc, field, reason));
    return undefined;
  }
  int(c: Column, field: string): number | undefined {
    const t = this.text(c);
    if (t === '') return undefined;
    return /^\d{1,9}$/.test(t) ? Number(t) : this.fail(field, `"${t}" is not a whole number.`);
  }
  bool(c: Column, field: string): boolean | undefined {
    const t = this.text(c).toLowerCase();
    if (t === '') return undefined;
    if (['yes', 'y', 'true', '1'].includes(t)) return true;
    if (['no', 'n', 'false', '0'].includes(t)) return false;
    return this.fail(field, `"${this.text(c)}" is not yes or no.`);
  }
  list(c: Column): string[] { return this.text(c).split('|').map((s) => s.trim()).filter((s) => s !== ''); }
  money(c: Column, field: string, digits: number, allowNegative: boolean): number | undefined {
    const t = this.text(c);
    if (t === '') return undefined;
    const parsed = parseMajor(t, digits, { allowNegative });
    return parsed.ok ? parsed.value : this.fail(field, parsed.reason);
  }
  percent(c: Column, field: string): number | undefined {
    const t = this.text(c);
    if (t === '') return undefined;
    const parsed = parsePercent(t);
    return parsed.ok ? parsed.value : this.fail(field, parsed.reason);
  }
  /** Validates with the shared row schema; fields that already failed conversion are not reported twice. */
  check<T extends z.ZodType>(schema: T, value: Record<string, unknown>): z.infer<T> | undefined {
    const parsed = schema.safeParse(Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.') || undefined;
      if (field && this.badFields.has(field.split('.')[0]!)) continue;
      this.problems.push(problemAt(this.loc, field, issue.message));
    }
    return undefined;
  }
  parent(c: Column, what: string): string | undefined {
    const parsed = MenuName.safeParse(this.text(c));
    return parsed.success ? parsed.data : this.fail(c, `Which ${what}? The ${c} column is empty or too long.`);
  }
}

function readHeader(record: CsvRecord, problems: ImportProblem[]): Array<Column | null> | undefined {
  const seen = new Set<string>();
  const columns = record.fields.map((raw) => {
    const name = raw.trim().toLowerCase();
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      if (name !== '') problems.push({ line: record.line, field: raw.trim(), reason: `Unknown column "${raw.trim()}". The columns are: ${CSV_COLUMNS.join(', ')}.` });
      return null;
    }
    if (seen.has(name)) problems.push({ line: record.line, field: name, reason: `The column "${name}" appears twice.` });
    seen.add(name);
    return name as Column;
  });
  const missing = (['kind', 'name'] as const).filter((c) => !seen.has(c));
  if (missing.length === 0) return columns;
  problems.push({ line: record.line, reason: `The first line must name the columns; missing: ${missing.join(', ')}.` });
  return undefined;
}

/** CSV text → entries and problems (every bad row, each with its line). */
export function parseMenuCsv(text: string, digits: number): ParsedImport {
  const problems: ImportProblem[] = [];
  const entries = emptyEntries();
  const csv = parseCsv(text);
  if (!csv.ok) return { format: 'csv', entries, problems: [{ line: csv.line, reason: csv.reason }] };
  const [header, ...records] = csv.records;
  if (!header) return { format: 'csv', entries, problems: [{ line: 1, reason: 'The file is empty.' }] };
  const columns = readHeader(header, problems);
  if (!columns) return { format: 'csv', entries, problems };

  for (const record of records) {
    const cells = new Map<Column, string>();
    record.fields.forEach((value, i) => {
      const column = columns[i];
      if (column) cells.set(column, value);
      else if (i >= columns.length && value.trim() !== '') problems.push({ line: record.line, reason: 'This row has more cells than the header has columns.' });
    });
    const r = new RowReader({ line: record.line }, cells);
    const kind = r.text('kind').toLowerCase();
    if (!Object.hasOwn(USED, kind)) {
      problems.push({ line: record.line, field: 'kind', reason: `"${r.text('kind')}" is not a row kind: use category, item, group or option.` });
      continue;
    }
    for (const [column, value] of cells) {
      if (value.trim() !== '' && !USED[kind as Kind].includes(column)) r.fail(column, `The ${column} column is not used on ${kind} rows; leave it empty.`);
    }
    readRow(kind as Kind, r, digits, entries);
    problems.push(...r.problems);
  }
  return { format: 'csv', entries, problems };
}

function readRow(kind: Kind, r: RowReader, digits: number, entries: ParsedImport['entries']): void {
  const loc = r.loc;
  if (kind === 'category') {
    const row = r.check(DocCategoryFields, { name: r.text('name'), sortOrder: r.int('sort', 'sortOrder') });
    if (row) entries.categories.push({ loc, ...row });
    else entries.refused.categories.push(r.text('name'));
  } else if (kind === 'item') {
    const category = r.parent('category', 'category');
    const row = r.check(DocItem, {
      name: r.text('name'), description: r.text('description'),
      price: r.text('price') === '' ? r.fail('price', 'An item needs a price, like 12.50.') : r.money('price', 'price', digits, false),
      taxRateBp: r.text('tax_rate') === '' ? r.fail('taxRateBp', 'An item needs a tax rate in percent, like 10 (or 0).') : r.percent('tax_rate', 'taxRateBp'),
      station: r.text('station'),
      tags: r.list('tags'), allergens: r.list('allergens'), imageUrl: r.text('image_url') || null, sortOrder: r.int('sort', 'sortOrder'),
      available: r.bool('available', 'available'), optionGroups: r.list('option_groups'), externalId: r.optional('external_id'),
    });
    if (row && category) entries.items.push({ loc, category, ...row });
  } else if (kind === 'group') {
    const row = r.check(DocGroupFields, {
      name: r.text('name'), selection: r.text('selection').toLowerCase(), required: r.bool('required', 'required'),
      minSelect: r.int('min', 'minSelect'), maxSelect: r.int('max', 'maxSelect'), sortOrder: r.int('sort', 'sortOrder'),
    });
    if (!row) {
      entries.refused.groups.push(r.text('name'));
      return;
    }
    const rule = groupDefaults(row);
    for (const p of groupRuleProblems(rule)) r.fail(p.field, p.reason);
    entries.groups.push({ loc, name: row.name, ...rule, sortOrder: row.sortOrder });
  } else {
    const group = r.parent('group', 'option group');
    const row = r.check(DocOption, {
      name: r.text('name'), priceDelta: r.money('price', 'priceDelta', digits, true), sortOrder: r.int('sort', 'sortOrder'),
      available: r.bool('available', 'available'), externalId: r.optional('external_id'),
    });
    if (row && group) entries.options.push({ loc, group, ...row });
  }
}
