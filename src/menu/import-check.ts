/**
 * Checks an import against itself and the box before anything is written: repeated rows, and
 * references to categories or option groups that are neither in the file nor on the box.
 */
import { nameKey } from './rules.js';
import { problemAt, type ImportEntries, type ImportProblem, type Loc } from './document.js';
import type { MenuSnapshot } from './tree.js';

const where = (loc: Loc) => (loc.line !== undefined ? `line ${loc.line}` : loc.path ?? 'the file');

/** Reports every entry whose key an earlier entry already had. */
function repeats<T extends { loc: Loc }>(entries: readonly T[], key: (e: T) => string, describe: (e: T) => string, out: ImportProblem[]): void {
  const first = new Map<string, Loc>();
  for (const e of entries) {
    const k = key(e);
    const earlier = first.get(k);
    if (earlier) out.push(problemAt(e.loc, 'name', `${describe(e)} is listed twice (first at ${where(earlier)}).`));
    else first.set(k, e.loc);
  }
}

/** Every problem the rows have together or with the box; empty means the import can be applied. */
export function checkImport(snapshot: MenuSnapshot, entries: ImportEntries): ImportProblem[] {
  const problems: ImportProblem[] = [];
  repeats(entries.categories, (c) => nameKey(c.name), (c) => `The category "${c.name}"`, problems);
  repeats(entries.groups, (g) => nameKey(g.name), (g) => `The option group "${g.name}"`, problems);
  repeats(entries.items, (i) => `${nameKey(i.category)}\u0000${nameKey(i.name)}`, (i) => `The item "${i.name}" in "${i.category}"`, problems);
  repeats(entries.options, (o) => `${nameKey(o.group)}\u0000${nameKey(o.name)}`, (o) => `The option "${o.name}" in "${o.group}"`, problems);

  const known = (fileNames: readonly string[], refused: readonly string[], boxNames: readonly string[]) =>
    new Set([...fileNames, ...refused, ...boxNames].map(nameKey));
  const categories = known(entries.categories.map((c) => c.name), entries.refused.categories, snapshot.categories.map((c) => c.name));
  const groups = known(entries.groups.map((g) => g.name), entries.refused.groups, snapshot.groups.map((g) => g.name));

  for (const item of entries.items) {
    if (!categories.has(nameKey(item.category))) {
      problems.push(problemAt(item.loc, 'category', `There is no category "${item.category}": add a category row for it, or fix the name.`));
    }
    const seen = new Set<string>();
    for (const group of item.optionGroups) {
      const key = nameKey(group);
      if (seen.has(key)) problems.push(problemAt(item.loc, 'optionGroups', `The option group "${group}" is listed twice for this item.`));
      else if (!groups.has(key)) problems.push(problemAt(item.loc, 'optionGroups', `There is no option group "${group}": add a group row for it, or fix the name.`));
      seen.add(key);
    }
  }
  for (const option of entries.options) {
    if (!groups.has(nameKey(option.group))) {
      problems.push(problemAt(option.loc, 'group', `There is no option group "${option.group}": add a group row for it, or fix the name.`));
    }
  }
  return problems;
}
