/**
 * Pure menu rules: name keys, version checks, patch diffs and option-group consistency. No I/O.
 */
import { AppError } from '../errors.js';

/**
 * The key two names clash (and an import matches) on. Staff read "Fries" and "fries" as the same
 * dish, so the comparison ignores case; NFC makes "é" typed two ways the same.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Fails with VERSION_CONFLICT when the client edited an older copy of the row. */
export function assertVersion(entity: string, current: { id: string; version: number }, expected: number | undefined): void {
  if (expected !== undefined && expected !== current.version) {
    throw new AppError('VERSION_CONFLICT', `This ${entity} changed since you loaded it; reload and try again.`,
      { id: current.id, currentVersion: current.version, expectedVersion: expected });
  }
}

/** Equality for row fields: scalars, null and string arrays (tags, allergens, linked group ids). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The fields of `patch` (undefined = not sent) that differ from `current`; empty means nothing to do. */
export function changedFields<T extends object>(current: T, patch: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(patch) as Array<keyof T>) {
    const value = patch[key];
    if (value !== undefined && !sameValue(value, current[key])) out[key] = value;
  }
  return out;
}

/** True when every field the client sent equals the stored one: a retried create, not a new one. */
export function matchesSent<T extends object>(current: T, sent: Partial<T>): boolean {
  return Object.keys(changedFields(current, sent)).length === 0;
}

export interface GroupRule {
  selection: 'single' | 'multi';
  minSelect: number;
  maxSelect: number;
  required: boolean;
}

/** "Choose any" groups get this ceiling when the manager gives none. */
export const MAX_SELECT_LIMIT = 50;

/**
 * Fills the counts a manager usually leaves out: a single choice is at most one; a required group
 * needs at least one; an optional group needs none.
 */
export function groupDefaults(input: { selection: GroupRule['selection']; required?: boolean; minSelect?: number; maxSelect?: number }): GroupRule {
  const required = input.required ?? (input.minSelect !== undefined && input.minSelect > 0);
  const minSelect = input.minSelect ?? (required ? 1 : 0);
  const maxSelect = input.maxSelect ?? (input.selection === 'single' ? 1 : Math.max(minSelect, MAX_SELECT_LIMIT));
  return { selection: input.selection, required, minSelect, maxSelect };
}

/**
 * Every way a group's counts contradict each other. `required` and `minSelect > 0` must agree,
 * because the order screen and the order rules read either one.
 */
export function groupRuleProblems(g: GroupRule): Array<{ field: string; reason: string }> {
  const problems: Array<{ field: string; reason: string }> = [];
  if (g.selection === 'single' && g.maxSelect !== 1) problems.push({ field: 'maxSelect', reason: 'A single-choice group allows exactly one choice at most (maxSelect 1).' });
  if (g.required && g.minSelect < 1) problems.push({ field: 'minSelect', reason: 'A required group needs minSelect of at least 1.' });
  if (!g.required && g.minSelect > 0) problems.push({ field: 'required', reason: 'minSelect above 0 makes the group required: set required to true, or minSelect to 0.' });
  if (g.minSelect > g.maxSelect) problems.push({ field: 'minSelect', reason: `minSelect (${g.minSelect}) is more than maxSelect (${g.maxSelect}).` });
  return problems;
}

/** Throws VALIDATION_FAILED (the same shape as a schema failure) when the group's counts contradict each other. */
export function assertGroupRules(g: GroupRule): void {
  const problems = groupRuleProblems(g);
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', `The option group's choice counts do not fit together: ${problems.map((p) => p.reason).join(' ')}`,
      problems.map((p) => ({ path: p.field, message: p.reason })));
  }
}

/** Labels (tags, allergens) without repeats, first spelling kept, order kept. */
export function uniqueLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  return labels.filter((l) => {
    const key = nameKey(l);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
