/**
 * Reads a JSON menu file into entries. Each row is validated on its own, so one bad item does not
 * hide the problems of the next: the manager gets every problem, each with its path in the file.
 */
import { z } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import { groupDefaults, groupRuleProblems } from './rules.js';
import {
  DocCategoryFields, DocGroupFields, DocItem, DocOption, emptyEntries, problemAt, salvageName, type ImportProblem, type Loc, type ParsedImport,
} from './document.js';

const MAX_ROWS = 5000;
const Rows = z.array(z.unknown()).max(MAX_ROWS);
const Top = z.object({
  format: z.literal('brigade.menu').optional(),
  formatVersion: z.literal(1).optional(),
  currency: z.string().optional(),
  menuVersion: z.number().optional(),
  categories: Rows,
  optionGroups: Rows.default([]),
}).strict();
const CategoryRow = DocCategoryFields.extend({ items: Rows.default([]) });
const GroupRow = DocGroupFields.extend({ options: Rows.default([]) });

function issues(error: z.ZodError, loc: Loc, out: ImportProblem[]): void {
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    out.push(problemAt(loc, field || undefined, issue.message));
  }
}

/** Parses one row; on failure records its problems and returns undefined. */
function row<T extends z.ZodType>(schema: T, value: unknown, path: string, out: ImportProblem[]): z.infer<T> | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  issues(parsed.error, { path }, out);
  return undefined;
}

/** JSON text → entries and problems. Not JSON at all is MALFORMED_JSON; everything else is collected. */
export function parseMenuJson(text: string, boxCurrency: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('MALFORMED_JSON', 'The menu file is not valid JSON.');
  }
  const problems: ImportProblem[] = [];
  const entries = emptyEntries();
  const top = row(Top, value, '(file)', problems);
  if (!top) return { format: 'json', entries, problems };
  if (top.currency !== undefined && top.currency !== boxCurrency) {
    problems.push({ path: 'currency', reason: `The file's prices are in ${top.currency}, but this box uses ${boxCurrency}.` });
  }

  top.categories.forEach((rawCategory, ci) => {
    const path = `categories[${ci}]`;
    const category = row(CategoryRow, rawCategory, path, problems);
    if (category) entries.categories.push({ loc: { path }, name: category.name, sortOrder: category.sortOrder });
    else entries.refused.categories.push(salvageName(rawCategory) ?? '');
    const rawItems = category?.items ?? [];
    rawItems.forEach((rawItem, ii) => {
      const itemPath = `${path}.items[${ii}]`;
      const item = row(DocItem, rawItem, itemPath, problems);
      if (item && category) entries.items.push({ loc: { path: itemPath }, category: category.name, ...item });
    });
  });

  top.optionGroups.forEach((rawGroup, gi) => {
    const path = `optionGroups[${gi}]`;
    const group = row(GroupRow, rawGroup, path, problems);
    if (group) {
      const { options: _options, ...fields } = group;
      const rule = groupDefaults(fields);
      for (const p of groupRuleProblems(rule)) problems.push({ path, field: p.field, reason: p.reason });
      entries.groups.push({ loc: { path }, name: group.name, ...rule, sortOrder: group.sortOrder });
    } else {
      entries.refused.groups.push(salvageName(rawGroup) ?? '');
    }
    (group?.options ?? []).forEach((rawOption, oi) => {
      const optionPath = `${path}.options[${oi}]`;
      const option = row(DocOption, rawOption, optionPath, problems);
      if (option && group) entries.options.push({ loc: { path: optionPath }, group: group.name, ...option });
    });
  });
  return { format: 'json', entries, problems };
}
