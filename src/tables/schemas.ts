import { z } from '@hono/zod-openapi';
import { Text } from '../http/schemas.js';

export const TableShape = z.enum(['round', 'square', 'rect', 'bar']);
export const TableStatus = z.enum(['available', 'occupied', 'reserved', 'inactive']);

/** Floor-map coordinates, in the editor's units (integers; the map is at most 10 000 units across). */
const Coord = z.number().int().min(0).max(10_000);
/** A drawn table needs some size, so 0 is refused. */
const Size = z.number().int().min(1).max(10_000);
const Capacity = z.number().int().min(1).max(50);
const ExpectedVersion = z.number().int().min(1);
const SortOrder = z.number().int().min(0).max(10_000);
const Label = Text(30);
const AreaName = Text(60);

// ---------- areas ----------

export const Area = z.object({
  id: z.string(),
  name: z.string(),
  sortOrder: z.number(),
  version: z.number(),
}).openapi('Area');
export type AreaView = z.infer<typeof Area>;

export const CreateArea = z.object({
  /** Client-made id: a retry with the same id and body returns the first result. */
  id: z.uuid().optional(),
  name: AreaName,
  /** Where the area's tab sits on the floor screen; defaults to after the last one. */
  sortOrder: SortOrder.optional(),
}).strict().openapi('CreateArea');
export type CreateAreaInput = z.infer<typeof CreateArea>;

export const UpdateArea = z.object({
  name: AreaName.optional(),
  sortOrder: SortOrder.optional(),
  expectedVersion: ExpectedVersion.optional(),
}).strict().openapi('UpdateArea');
export type UpdateAreaInput = z.infer<typeof UpdateArea>;

// ---------- tables ----------

export const DiningTable = z.object({
  id: z.string(),
  areaId: z.string(),
  label: z.string(),
  capacity: z.number(),
  shape: TableShape,
  x: z.number(),
  y: z.number(),
  width: z.number(),
  height: z.number(),
  status: TableStatus,
  version: z.number(),
  updatedAt: z.number(),
  /** Orders on this table that are not completed or canceled, oldest first. */
  openOrderIds: z.array(z.string()),
  openOrderCount: z.number(),
}).openapi('DiningTable');
export type DiningTableView = z.infer<typeof DiningTable>;

export const CreateTable = z.object({
  /** Client-made id: a retry with the same id and body returns the first result. */
  id: z.uuid().optional(),
  areaId: z.uuid(),
  /** Unique on this box, compared without regard to case ("T1" and "t1" clash). Emoji welcome. */
  label: Label,
  capacity: Capacity,
  shape: TableShape,
  x: Coord.optional(),
  y: Coord.optional(),
  /** Defaults depend on the shape (a bar is long and thin). */
  width: Size.optional(),
  height: Size.optional(),
}).strict().openapi('CreateTable');
export type CreateTableInput = z.infer<typeof CreateTable>;

export const UpdateTable = z.object({
  areaId: z.uuid().optional(),
  label: Label.optional(),
  capacity: Capacity.optional(),
  shape: TableShape.optional(),
  x: Coord.optional(),
  y: Coord.optional(),
  width: Size.optional(),
  height: Size.optional(),
  expectedVersion: ExpectedVersion.optional(),
}).strict().openapi('UpdateTable');
export type UpdateTableInput = z.infer<typeof UpdateTable>;

export const SetTableStatus = z.object({
  status: TableStatus,
  /** Why, for the audit log ("VIP at 8pm", "wobbly leg"). */
  reason: Text(200).optional(),
  expectedVersion: ExpectedVersion.optional(),
}).strict().openapi('SetTableStatus');
export type SetTableStatusInput = z.infer<typeof SetTableStatus>;

export const LayoutItem = z.object({
  id: z.uuid(),
  x: Coord,
  y: Coord,
  width: Size.optional(),
  height: Size.optional(),
  expectedVersion: ExpectedVersion.optional(),
}).strict().openapi('TableLayoutItem');

/** The floor-map editor saves every moved table at once; all apply or none do. */
export const LayoutUpdate = z.array(LayoutItem).min(1).max(500)
  .refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'Each table may appear only once.')
  .openapi('TableLayoutUpdate');
export type LayoutUpdateInput = z.infer<typeof LayoutUpdate>;

export const TablesQuery = z.object({
  areaId: z.uuid().optional().openapi({ param: { name: 'areaId', in: 'query' } }),
});

export const Deleted = z.object({ id: z.string(), deleted: z.literal(true) });
