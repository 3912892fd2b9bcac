/**
 * Menu editor, its data: the whole tree as the box has it now (GET /menu, read fresh so an edit
 * shows its result), and which fields the cloud manages at this location. The box knows the latter
 * from the last central menu it applied (`GET /sync/status` → `down.centralMenu.managedFields`);
 * while any field is managed, the menu's structure is the cloud's too (architecture §12), and the
 * box would answer 409 CENTRALLY_MANAGED, so the editor shows those parts read-only up front.
 */
import type { z } from 'zod';
import type { ApiError } from '../shared/dom.js';
import type { MenuTreeView } from '../../../menu/schemas.js';
import type { ChannelStatusSchema } from '../../../inbox/schemas.js';
import { currencyDigits } from '../../../menu/decimal.js';
import { S } from './state.js';
import { api } from './api.js';

export const ED = {
  tree: null as MenuTreeView | null,
  /** Fields the cloud manages here (`name`, `price`, …); empty when the menu is the box's own. */
  managed: [] as string[],
  error: '',
};

let redraw: () => void = () => {};
/** The screen registers its drawing function; every reload ends with it. */
export function onEditorData(draw: () => void): void { redraw = draw; }

/** Reads the tree and the central state again, then redraws. */
export async function reloadEditor(): Promise<void> {
  const [tree, status] = await Promise.allSettled([
    api<MenuTreeView>('GET', '/menu'),
    api<{ down: z.infer<typeof ChannelStatusSchema> }>('GET', '/sync/status'),
  ]);
  if (tree.status === 'fulfilled' && tree.value.body) { ED.tree = tree.value.body; ED.error = ''; }
  else if (tree.status === 'rejected') ED.error = (tree.reason as ApiError).message;
  // No sync status (an old box, or no cloud): the menu is the box's own.
  ED.managed = status.status === 'fulfilled' ? status.value.body.down.centralMenu?.managedFields ?? [] : [];
  redraw();
}

/** The cloud manages this location's menu: no adding, deleting, renaming or regrouping here. */
export const isCentral = (): boolean => ED.managed.length > 0;
export const isManaged = (field: string): boolean => ED.managed.includes(field);

/** Decimals of the restaurant's currency (EUR 2, JPY 0), for typing prices in major units. */
export const digits = (): number => currencyDigits(S.settings?.currency ?? 'EUR');
