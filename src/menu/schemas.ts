/**
 * Menu request and response schemas. The field schemas are shared with the importer, so a value
 * the API refuses is refused in a file too, with the same reason.
 */
import { z } from '@hono/zod-openapi';
import { MAX_SELECT_LIMIT, groupRuleProblems, uniqueLabels } from './rules.js';

// ---------- fields ----------

/** Names shown on tablets and tickets; NFC so "é" typed two ways is one name. */
export const MenuName = z.string().trim().min(1, 'A name is needed.').max(80, 'A name has at most 80 characters.').transform((s) => s.normalize('NFC'));
export const Description = z.string().trim().max(500).transform((s) => s.normalize('NFC'));
/** Minor units: 0 to 100 000.00 in a two-decimal currency. */
export const Price = z.number().int('A price has no more decimals than the currency (a whole number of minor units, like 1250 for 12.50).')
  .min(0, 'A price cannot be negative.').max(10_000_000, 'A price is at most 10 000 000 minor units (100 000.00).');
/** Basis points: 1000 = 10 %. */
export const TaxRateBp = z.number().int('A tax rate has at most two decimals of a percent (whole basis points, like 550 for 5.5 %).')
  .min(0, 'A tax rate cannot be negative.').max(10_000, 'A tax rate is at most 100 % (10 000 basis points).');
/** Which kitchen station (and printer) makes the item. */
export const Station = z.string().trim().toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,23}$/, 'A short station name like grill, bar, cold or pastry: letters, digits, - or _, at most 24.');
const Label = z.string().trim().min(1).max(32).regex(/^[^|\p{Cc}]+$/u, 'A tag or allergen has no | and no control characters.')
  .transform((s) => s.normalize('NFC'));
/** Tags or allergens: short labels, repeats dropped. */
export const Labels = z.array(Label).max(20).transform(uniqueLabels);
export const ImageUrl = z.url({ protocol: /^https?$/, error: 'An http(s) URL, like https://example.com/burger.jpg.' }).max(2000).nullable();
export const SortOrder = z.number().int().min(0).max(1_000_000);
/** The PLU / id a delivery platform sends for this item or option (issue 21); null = none. */
export const ExternalId = z.string().trim().min(1).max(100).regex(/^[\x21-\x7e]+$/, 'Letters, digits and punctuation, no spaces (the PLU the platform sends).').nullable();
/** An option may lower the price ("no cheese" −0.50), within bounds. */
export const PriceDelta = z.number().int('A price change has no more decimals than the currency (whole minor units).')
  .min(-1_000_000, 'A price change is at least -1 000 000 minor units (-10 000.00).').max(1_000_000, 'A price change is at most 1 000 000 minor units (10 000.00).');
export const Selection = z.enum(['single', 'multi']);
export const MinSelect = z.number().int().min(0).max(MAX_SELECT_LIMIT);
export const MaxSelect = z.number().int().min(1).max(MAX_SELECT_LIMIT);
const ExpectedVersion = z.number().int().min(1);
/** Client-made id: a retry with the same id and body returns the first result; a different body is a 409. */
const ClientId = z.uuid();
/** Linked option groups, in the order the tablet shows them. */
const GroupIds = z.array(z.uuid()).max(20).refine((ids) => new Set(ids).size === ids.length, 'An option group is listed twice.');

// ---------- categories ----------

export const Category = z.object({ id: z.string(), name: z.string(), sortOrder: z.number(), version: z.number() }).openapi('MenuCategory');
export type CategoryView = z.infer<typeof Category>;

export const CreateCategory = z.object({ id: ClientId.optional(), name: MenuName, sortOrder: SortOrder.optional() })
  .strict().openapi('CreateMenuCategory');
export type CreateCategoryInput = z.infer<typeof CreateCategory>;

export const UpdateCategory = z.object({ name: MenuName.optional(), sortOrder: SortOrder.optional(), expectedVersion: ExpectedVersion.optional() })
  .strict().openapi('UpdateMenuCategory');
export type UpdateCategoryInput = z.infer<typeof UpdateCategory>;

// ---------- items ----------

export const MenuItem = z.object({
  id: z.string(),
  categoryId: z.string(),
  name: z.string(),
  description: z.string(),
  price: z.number(),
  taxRateBp: z.number(),
  station: z.string(),
  tags: z.array(z.string()),
  allergens: z.array(z.string()),
  imageUrl: z.string().nullable(),
  sortOrder: z.number(),
  available: z.boolean(),
  /** Set by stock when on-hand cannot cover one portion; orderable only when available and not stockOut. */
  stockOut: z.boolean(),
  externalId: z.string().nullable(),
  version: z.number(),
  optionGroupIds: z.array(z.string()),
}).openapi('MenuItem');
export type MenuItemView = z.infer<typeof MenuItem>;

export const CreateItem = z.object({
  id: ClientId.optional(),
  categoryId: z.uuid(),
  name: MenuName,
  description: Description.optional(),
  price: Price,
  taxRateBp: TaxRateBp,
  station: Station,
  tags: Labels.optional(),
  allergens: Labels.optional(),
  imageUrl: ImageUrl.optional(),
  sortOrder: SortOrder.optional(),
  available: z.boolean().optional(),
  externalId: ExternalId.optional(),
  optionGroupIds: GroupIds.optional(),
}).strict().openapi('CreateMenuItem');
export type CreateItemInput = z.infer<typeof CreateItem>;

export const UpdateItem = z.object({
  categoryId: z.uuid().optional(),
  name: MenuName.optional(),
  description: Description.optional(),
  price: Price.optional(),
  taxRateBp: TaxRateBp.optional(),
  station: Station.optional(),
  tags: Labels.optional(),
  allergens: Labels.optional(),
  imageUrl: ImageUrl.optional(),
  sortOrder: SortOrder.optional(),
  available: z.boolean().optional(),
  externalId: ExternalId.optional(),
  expectedVersion: ExpectedVersion.optional(),
}).strict().openapi('UpdateMenuItem');
export type UpdateItemInput = z.infer<typeof UpdateItem>;

export const SetItemGroups = z.object({ groupIds: GroupIds, expectedVersion: ExpectedVersion.optional() })
  .strict().openapi('SetItemOptionGroups');
export type SetItemGroupsInput = z.infer<typeof SetItemGroups>;

export const SetAvailability = z.object({ available: z.boolean() }).strict().openapi('SetAvailability');
export type SetAvailabilityInput = z.infer<typeof SetAvailability>;

// ---------- option groups and options ----------

export const OptionGroup = z.object({
  id: z.string(), name: z.string(), selection: Selection, minSelect: z.number(), maxSelect: z.number(),
  required: z.boolean(), sortOrder: z.number(), version: z.number(),
}).openapi('OptionGroup');
export type OptionGroupView = z.infer<typeof OptionGroup>;

export const CreateGroup = z.object({
  id: ClientId.optional(),
  name: MenuName,
  selection: Selection,
  /** Defaults: required false; minSelect 1 if required else 0; maxSelect 1 for single, 50 for multi. */
  required: z.boolean().optional(),
  minSelect: MinSelect.optional(),
  maxSelect: MaxSelect.optional(),
  sortOrder: SortOrder.optional(),
}).strict().superRefine((g, ctx) => {
  // Only the counts the client sent are checked here; the service checks the filled-in whole.
  if (g.required === undefined || g.minSelect === undefined || g.maxSelect === undefined) return;
  for (const p of groupRuleProblems({ selection: g.selection, required: g.required, minSelect: g.minSelect, maxSelect: g.maxSelect })) {
    ctx.addIssue({ code: 'custom', path: [p.field], message: p.reason });
  }
}).openapi('CreateOptionGroup');
export type CreateGroupInput = z.infer<typeof CreateGroup>;

export const UpdateGroup = z.object({
  name: MenuName.optional(),
  selection: Selection.optional(),
  required: z.boolean().optional(),
  minSelect: MinSelect.optional(),
  maxSelect: MaxSelect.optional(),
  sortOrder: SortOrder.optional(),
  expectedVersion: ExpectedVersion.optional(),
}).strict().openapi('UpdateOptionGroup');
export type UpdateGroupInput = z.infer<typeof UpdateGroup>;

export const MenuOption = z.object({
  id: z.string(), groupId: z.string(), name: z.string(), priceDelta: z.number(), available: z.boolean(), stockOut: z.boolean(),
  sortOrder: z.number(), externalId: z.string().nullable(), version: z.number(),
}).openapi('MenuOption');
export type OptionView = z.infer<typeof MenuOption>;

export const CreateOption = z.object({
  id: ClientId.optional(),
  name: MenuName,
  priceDelta: PriceDelta.optional(),
  available: z.boolean().optional(),
  sortOrder: SortOrder.optional(),
  externalId: ExternalId.optional(),
}).strict().openapi('CreateMenuOption');
export type CreateOptionInput = z.infer<typeof CreateOption>;

export const UpdateOption = z.object({
  name: MenuName.optional(),
  priceDelta: PriceDelta.optional(),
  available: z.boolean().optional(),
  sortOrder: SortOrder.optional(),
  externalId: ExternalId.optional(),
  expectedVersion: ExpectedVersion.optional(),
}).strict().openapi('UpdateMenuOption');
export type UpdateOptionInput = z.infer<typeof UpdateOption>;

export const Deleted = z.object({ id: z.string(), deleted: z.literal(true) }).openapi('MenuDeleted');
export const DeleteQuery = z.object({
  expectedVersion: z.coerce.number().int().min(1).optional().openapi({ param: { name: 'expectedVersion', in: 'query' } }),
}).strict();

// ---------- the tree tablets load ----------

export const TreeOption = MenuOption.openapi('MenuTreeOption');
export const TreeGroup = OptionGroup.extend({ options: z.array(TreeOption) }).openapi('MenuTreeGroup');
export const TreeItem = MenuItem.omit({ optionGroupIds: true }).extend({
  /** Linked groups in the item's order, each with its options in order. */
  optionGroups: z.array(TreeGroup),
}).openapi('MenuTreeItem');
export const TreeCategory = Category.extend({ items: z.array(TreeItem) }).openapi('MenuTreeCategory');
export const MenuTree = z.object({
  menuVersion: z.number(),
  categories: z.array(TreeCategory),
  /** Every option group, linked or not (menu editors need the unlinked ones too). */
  optionGroups: z.array(TreeGroup),
}).openapi('MenuTree');
export type MenuTreeView = z.infer<typeof MenuTree>;
export type TreeGroupView = z.infer<typeof TreeGroup>;
export type TreeItemView = z.infer<typeof TreeItem>;

// ---------- who 86'd what, and when (from the audit log) ----------

export const AvailabilityChange = z.object({
  itemId: z.string(),
  /** The item's name now. */
  name: z.string(),
  /** What the change set: false is an 86, true puts the item back. */
  available: z.boolean(),
  at: z.number().int(),
  /** Who tapped it: a staff member, or null when a kitchen screen did (then `deviceName` says which). */
  staffId: z.string().nullable(),
  staffName: z.string().nullable(),
  deviceName: z.string().nullable(),
}).openapi('MenuAvailabilityChange');
export type AvailabilityChangeView = z.infer<typeof AvailabilityChange>;

export const AvailabilityChanges = z.object({ changes: z.array(AvailabilityChange) }).openapi('MenuAvailabilityChanges');
export type AvailabilityChangesView = z.infer<typeof AvailabilityChanges>;
export const HistoryQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();
