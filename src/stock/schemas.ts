import { z } from '@hono/zod-openapi';
import { Money, Text } from '../http/schemas.js';

/** A unit name as typed (checked against the known units by the service: UNKNOWN_UNIT). */
const Unit = z.string().trim().min(1).max(20).openapi({ example: 'kg' });
/** A decimal amount in the given unit. */
const Amount = z.number().finite().max(1_000_000_000);
const Positive = Amount.positive('Must be more than zero.');
const NonNegative = Amount.min(0, 'Cannot be negative.');

export const CreateIngredient = z.object({
  id: z.uuid().optional(),
  name: Text(80),
  kind: z.enum(['raw', 'prep']).default('raw'),
  /** The unit it is bought and counted in; fixes the base unit (kg → g, l → ml, dozen → piece). */
  unit: Unit,
  costPerUnit: Money.default(0),
  supplier: Text(80).nullable().optional(),
  /** In `unit`. */
  lowThreshold: NonNegative.nullable().optional(),
  parLevel: NonNegative.nullable().optional(),
  minDaysOfSupply: z.number().int().min(1).max(365).nullable().optional(),
  /** Prep items: how much one batch of the recipe makes, in `unit`. */
  batchQuantity: Positive.nullable().optional(),
}).strict().openapi('CreateIngredient');
export type CreateIngredientInput = z.infer<typeof CreateIngredient>;

export const UpdateIngredient = z.object({
  name: Text(80).optional(),
  /** Another unit of the same kind only (kg ↔ g); quantities stay as they are. */
  unit: Unit.optional(),
  costPerUnit: Money.optional(),
  supplier: Text(80).nullable().optional(),
  lowThreshold: NonNegative.nullable().optional(),
  parLevel: NonNegative.nullable().optional(),
  minDaysOfSupply: z.number().int().min(1).max(365).nullable().optional(),
  batchQuantity: Positive.nullable().optional(),
  expectedVersion: z.number().int().min(1).optional(),
}).strict().openapi('UpdateIngredient');
export type UpdateIngredientInput = z.infer<typeof UpdateIngredient>;

export const Ingredient = z.object({
  id: z.string(), name: z.string(), kind: z.enum(['raw', 'prep']), baseUnit: z.enum(['g', 'ml', 'piece']), unit: z.string(),
  costPerUnit: z.number(), supplier: z.string().nullable(), lowThreshold: z.number().nullable(), parLevel: z.number().nullable(),
  minDaysOfSupply: z.number().nullable(), batchQuantity: z.number().nullable(), version: z.number(), updatedAt: z.number(),
  /** Thousandths of the base unit. */
  onHand: z.number(),
  /** Send as `expectedVersion` with a count. */
  levelVersion: z.number(),
  onHandInUnit: z.number(),
}).openapi('Ingredient');

const Base = { id: z.uuid().optional(), ingredientId: z.uuid(), unit: Unit };
export const Receive = z.object({ ...Base, quantity: Positive, cost: Money.optional(), reason: Text(200).optional() }).strict().openapi('StockReceive');
export const Waste = z.object({ ...Base, quantity: Positive, reason: Text(200) }).strict().openapi('StockWaste');
export const Transfer = z.object({ ...Base, quantity: Positive, direction: z.enum(['out', 'in']), location: Text(80), reason: Text(200).optional() }).strict().openapi('StockTransfer');
export const Count = z.object({ ...Base, counted: NonNegative, expectedVersion: z.number().int().min(0) }).strict().openapi('StockCount');
export const Adjust = z.object({ ...Base, quantity: Amount.refine((q) => q !== 0, 'An adjustment of zero changes nothing.'), reason: Text(200) }).strict().openapi('StockAdjust');
export type ReceiveInput = z.infer<typeof Receive>;
export type WasteInput = z.infer<typeof Waste>;
export type TransferInput = z.infer<typeof Transfer>;
export type CountInput = z.infer<typeof Count>;
export type AdjustInput = z.infer<typeof Adjust>;

export const Movement = z.object({
  id: z.string(), ingredientId: z.string(), kind: z.string(), quantity: z.number(), counted: z.number().nullable(), reason: z.string().nullable(),
  location: z.string().nullable(), cost: z.number().nullable(), orderId: z.string().nullable(), lineId: z.string().nullable(),
  staffId: z.string().nullable(), businessDay: z.string(), createdAt: z.number(),
}).openapi('StockMovement');
export const MovementResult = z.object({ movement: Movement, ingredient: Ingredient }).openapi('StockMovementResult');

export const RecipeLineInput = z.object({ ingredientId: z.uuid(), quantity: Amount, unit: Unit }).strict();
export const SetRecipe = z.object({ lines: z.array(RecipeLineInput).max(100) }).strict().openapi('SetRecipe');
export type SetRecipeInput = z.infer<typeof SetRecipe>;
export const RecipeLine = z.object({
  id: z.string(), menuItemId: z.string().nullable(), optionId: z.string().nullable(), prepId: z.string().nullable(),
  ingredientId: z.string(), quantity: z.number(), version: z.number(),
}).openapi('RecipeLine');

export const ListMovementsQuery = z.object({
  ingredientId: z.uuid().optional(),
  kind: z.enum(['receive', 'usage', 'return', 'waste', 'transfer_out', 'transfer_in', 'count', 'adjust']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
}).strict();

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A business day is YYYY-MM-DD.');
export const PeriodQuery = z.object({ from: Day, to: Day }).strict().refine((q) => q.from <= q.to, { message: '`from` must not be after `to`.', path: ['from'] });
export type Period = z.infer<typeof PeriodQuery>;

export const Alert = z.object({
  id: z.string(), ingredientId: z.string(), kind: z.enum(['low', 'days', 'negative']), status: z.enum(['open', 'cleared']),
  onHand: z.number(), daysLeft: z.number().nullable(), raisedAt: z.number(), clearedAt: z.number().nullable(), version: z.number(),
}).openapi('StockAlert');
export const AlertsQuery = z.object({ status: z.enum(['open', 'all']).default('open') }).strict();

export const ReportRow = z.object({ ingredientId: z.string(), name: z.string(), baseUnit: z.string() }).catchall(z.unknown()).openapi('StockReportRow');
