/**
 * `menu.publish` v1: the menu the cloud publishes to this location (issue 17), applied through the
 * same import as `POST /menu/import` (replace mode: matched by name, ids kept, items the document
 * leaves out made unavailable, never deleted). Per-location overrides (price, availability,
 * station) are already in the document: the cloud writes one document per location.
 *
 * A local 86 is never undone: an item or option the box has unavailable stays unavailable, whatever
 * the document says (the kitchen un-86s it on the box).
 *
 * `menu.release` v1: the location goes back to "local menu" — nothing is read-only any more.
 */
import { z } from 'zod';
import type { CommandContext } from '../db/command.js';
import { loadRestaurant } from '../setup/service.js';
import { parseMenuJson } from '../menu/import-json.js';
import { importWithin } from '../menu/import-run.js';
import { nameKey } from '../menu/rules.js';
import type { ChannelMessage } from '../../sync/channel-protocol.js';
import { CENTRAL_FIELDS, writeCentralMenu } from '../menu/central.js';
import type { MessageHandler } from './handlers.js';

export const menuPublishV1 = z.object({
  publicationId: z.string().min(1).max(100),
  menuVersion: z.number().int().positive(),
  /** Item fields the cloud owns at this location; the box refuses edits to them (CENTRALLY_MANAGED). */
  managedFields: z.array(z.enum(CENTRAL_FIELDS)).default([...CENTRAL_FIELDS]),
  /** A menu document as `GET /menu/export?format=json` writes it; checked by the import's own rules. */
  document: z.record(z.string(), z.unknown()),
});
export type MenuPublishV1 = z.infer<typeof menuPublishV1>;

export const applyMenuPublish: MessageHandler = (ctx: CommandContext, payload: unknown, message: ChannelMessage) => {
  const p = menuPublishV1.parse(payload);
  const currency = loadRestaurant(ctx.tx).currency;
  const parsed = parseMenuJson(JSON.stringify(p.document), currency);
  const result = importWithin(ctx, parsed, 'replace', { source: 'cloud', publicationId: p.publicationId, centralVersion: p.menuVersion, seq: message.seq },
    (snapshot, file) => {
      const categoryName = new Map(snapshot.categories.map((c) => [c.id, nameKey(c.name)]));
      const offItems = new Set(snapshot.items.filter((i) => !i.available).map((i) => `${categoryName.get(i.categoryId)}\u0000${nameKey(i.name)}`));
      const groupName = new Map(snapshot.groups.map((g) => [g.id, nameKey(g.name)]));
      const offOptions = new Set(snapshot.options.filter((o) => !o.available).map((o) => `${groupName.get(o.groupId)}\u0000${nameKey(o.name)}`));
      for (const item of file.entries.items) if (offItems.has(`${nameKey(item.category)}\u0000${nameKey(item.name)}`)) item.available = false;
      for (const option of file.entries.options) if (offOptions.has(`${nameKey(option.group)}\u0000${nameKey(option.name)}`)) option.available = false;
    });
  writeCentralMenu(ctx, { publicationId: p.publicationId, menuVersion: p.menuVersion, managedFields: p.managedFields });
  ctx.emit({ type: 'menu.central', data: { publicationId: p.publicationId, centralVersion: p.menuVersion, menuVersion: result.menuVersion } });
};

export const applyMenuRelease: MessageHandler = (ctx) => {
  writeCentralMenu(ctx, { publicationId: null, menuVersion: null, managedFields: [] });
};
