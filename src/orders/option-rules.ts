/**
 * Option-group rules for one order line, pure. Given the groups linked to an item and the options
 * the waiter chose, either returns the chosen options in menu order or says which rule broke.
 */

export interface GroupRule {
  id: string;
  name: string;
  selection: 'single' | 'multi';
  minSelect: number;
  maxSelect: number;
  required: boolean;
  options: Array<{ id: string; name: string; priceDelta: number; available: boolean }>;
}

export type OptionViolation =
  | { rule: 'not_offered'; optionId: string; message: string }
  | { rule: 'duplicate'; optionId: string; message: string }
  | { rule: 'unavailable'; optionId: string; message: string }
  | { rule: 'required' | 'min' | 'max'; groupId: string; groupName: string; chosen: number; message: string };

export interface ChosenOption {
  optionId: string;
  groupId: string;
  groupName: string;
  name: string;
  priceDelta: number;
}

export type OptionCheck = { ok: true; chosen: ChosenOption[] } | { ok: false; violations: OptionViolation[] };

export function checkOptions(itemName: string, groups: readonly GroupRule[], optionIds: readonly string[]): OptionCheck {
  const violations: OptionViolation[] = [];
  const byOption = new Map<string, { group: GroupRule; option: GroupRule['options'][number] }>();
  for (const group of groups) for (const option of group.options) byOption.set(option.id, { group, option });

  const seen = new Set<string>();
  for (const optionId of optionIds) {
    if (seen.has(optionId)) {
      violations.push({ rule: 'duplicate', optionId, message: `Option ${optionId} is chosen twice.` });
      continue;
    }
    seen.add(optionId);
    const found = byOption.get(optionId);
    if (!found) violations.push({ rule: 'not_offered', optionId, message: `Option ${optionId} is not offered for ${itemName}.` });
    else if (!found.option.available) violations.push({ rule: 'unavailable', optionId, message: `${found.option.name} is unavailable right now.` });
  }

  for (const group of groups) {
    const chosen = group.options.filter((o) => seen.has(o.id)).length;
    const min = group.required ? Math.max(1, group.minSelect) : group.minSelect;
    const max = group.selection === 'single' ? 1 : group.maxSelect;
    const base = { groupId: group.id, groupName: group.name, chosen };
    if (chosen === 0 && min > 0) violations.push({ ...base, rule: 'required', message: `${itemName}: choose ${min === 1 ? 'one' : `at least ${min}`} in "${group.name}".` });
    else if (chosen < min) violations.push({ ...base, rule: 'min', message: `${itemName}: choose at least ${min} in "${group.name}" (${chosen} chosen).` });
    else if (chosen > max) violations.push({ ...base, rule: 'max', message: `${itemName}: choose at most ${max} in "${group.name}" (${chosen} chosen).` });
  }
  if (violations.length > 0) return { ok: false, violations };

  const chosen: ChosenOption[] = [];
  for (const group of groups) {
    for (const option of group.options) {
      if (seen.has(option.id)) chosen.push({ optionId: option.id, groupId: group.id, groupName: group.name, name: option.name, priceDelta: option.priceDelta });
    }
  }
  return { ok: true, chosen };
}
