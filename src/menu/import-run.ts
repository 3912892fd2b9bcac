/**
 * One menu import inside an open command: check the parsed file against the box, then apply it by
 * name — all or nothing. Shared by `POST /menu/import` and the menu the cloud publishes through
 * the channel (issue 17), so both follow exactly the same rules and keep ids stable.
 */
import type { CommandContext } from '../db/command.js';
import { AppError } from '../errors.js';
import { sortProblems, type ParsedImport } from './document.js';
import { checkImport } from './import-check.js';
import { applyImport, importChanged, type ImportChanges, type ImportMode } from './import-apply.js';
import { finishMenuChange } from './store.js';
import { readSnapshot, type MenuSnapshot } from './tree.js';

export interface ImportResult extends ImportChanges {
  format: 'json' | 'csv';
  mode: ImportMode;
  changed: boolean;
  menuVersion: number;
}

/** Problems listed in one IMPORT_INVALID answer; a file this broken needs fixing at the source anyway. */
const MAX_PROBLEMS = 500;

/**
 * Throws IMPORT_INVALID (every problem with its line or path) and writes nothing when the file has
 * problems; writes nothing at all, not even a version bump, when it matches the box. `adjust` may
 * change the entries after the box's snapshot is read (the channel keeps local 86s with it).
 */
export function importWithin(ctx: CommandContext, parsed: ParsedImport, mode: ImportMode, details: Record<string, unknown> = {},
  adjust?: (snapshot: MenuSnapshot, parsed: ParsedImport) => void): ImportResult {
  const snapshot = readSnapshot(ctx.tx);
  adjust?.(snapshot, parsed);
  const problems = sortProblems([...parsed.problems, ...checkImport(snapshot, parsed.entries)]);
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    throw new AppError('IMPORT_INVALID',
      `The menu file has ${problems.length} problem(s)${problems.length > shown.length ? ` (the first ${shown.length} are listed)` : ''}; nothing was imported. Fix them and import again.`,
      shown);
  }
  const changes = applyImport(ctx, snapshot, parsed.entries, mode);
  const changed = importChanged(changes);
  let menuVersion = snapshot.menuVersion;
  if (changed) {
    ctx.audit({ action: 'menu.imported', details: { format: parsed.format, mode, ...details, ...changes } });
    menuVersion = finishMenuChange(ctx);
  }
  return { format: parsed.format, mode, changed, menuVersion, ...changes };
}
