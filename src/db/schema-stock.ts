/**
 * Stock (issue 5): ingredients, recipes, the append-only movement ledger, cached levels and alerts.
 * Quantities are integer thousandths of the ingredient's base unit (g, ml or piece), so 1 kg is
 * 1 000 000 and a third of a lemon is 333: sums stay exact and never drift like floats.
 */
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** An inventory item. `kind = prep` is a sub-recipe (a sauce, a dough): fired dishes use its own recipe, scaled. */
export const ingredients = sqliteTable('ingredients', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['raw', 'prep'] }).notNull(),
  baseUnit: text('base_unit', { enum: ['g', 'ml', 'piece'] }).notNull(),
  /** The unit people count and buy in (kg, l, piece…); the cost is per one of it. */
  unit: text('unit').notNull(),
  /** Minor currency units per one `unit`. */
  costPerUnit: integer('cost_per_unit').notNull(),
  supplier: text('supplier'),
  /** Low-stock alert at or below this (thousandths of the base unit); null = no threshold alert. */
  lowThreshold: integer('low_threshold'),
  parLevel: integer('par_level'),
  /** Days-of-supply alert below this many days (from the last 7 days' average usage); null = off. */
  minDaysOfSupply: integer('min_days_of_supply'),
  /** For a prep item: how much one batch of its recipe makes (thousandths of the base unit). */
  batchQuantity: integer('batch_quantity'),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('ingredients_name').on(t.name)]);

/**
 * One ingredient quantity of a recipe. Exactly one owner: a menu item, an option (a signed
 * quantity: "extra cheese" +30 g, "no onion" −20 g) or a prep item (per batch).
 */
export const recipeLines = sqliteTable('recipe_lines', {
  id: text('id').primaryKey(),
  menuItemId: text('menu_item_id'),
  optionId: text('option_id'),
  prepId: text('prep_id').references(() => ingredients.id),
  ingredientId: text('ingredient_id').notNull().references(() => ingredients.id),
  quantity: integer('quantity').notNull(),
  version: integer('version').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('recipe_lines_item').on(t.menuItemId), index('recipe_lines_option').on(t.optionId), index('recipe_lines_prep').on(t.prepId),
  index('recipe_lines_ingredient').on(t.ingredientId)]);

/**
 * The ledger (append-only, architecture §4). `quantity` is signed: what the movement did to on-hand.
 * A count stores the variance as its quantity and what was counted in `counted`.
 * The unique index on (line, ingredient, kind) is what guarantees a fired line is never counted
 * twice, whatever retries or races happen (NULL line ids never collide in SQLite).
 */
export const stockMovements = sqliteTable('stock_movements', {
  id: text('id').primaryKey(),
  ingredientId: text('ingredient_id').notNull().references(() => ingredients.id),
  kind: text('kind', { enum: ['receive', 'usage', 'return', 'waste', 'transfer_out', 'transfer_in', 'count', 'adjust'] }).notNull(),
  quantity: integer('quantity').notNull(),
  counted: integer('counted'),
  reason: text('reason'),
  /** The other location of a transfer. */
  location: text('location'),
  /** Minor currency units for a receipt (what was paid), else null. */
  cost: integer('cost'),
  orderId: text('order_id'),
  lineId: text('line_id'),
  staffId: text('staff_id'),
  businessDay: text('business_day').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('stock_movements_ingredient').on(t.ingredientId, t.createdAt), index('stock_movements_day').on(t.businessDay),
  uniqueIndex('stock_movements_line_once').on(t.lineId, t.ingredientId, t.kind)]);

/** On-hand per ingredient: the sum of its movements, cached; `version` moves with every movement (counts check it). */
export const stockLevels = sqliteTable('stock_levels', {
  ingredientId: text('ingredient_id').primaryKey().references(() => ingredients.id),
  onHand: integer('on_hand').notNull(),
  version: integer('version').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/** Alerts as rows: one open row per ingredient and kind at most; cleared rows stay as history. */
export const stockAlerts = sqliteTable('stock_alerts', {
  id: text('id').primaryKey(),
  ingredientId: text('ingredient_id').notNull().references(() => ingredients.id),
  kind: text('kind', { enum: ['low', 'days', 'negative'] }).notNull(),
  status: text('status', { enum: ['open', 'cleared'] }).notNull(),
  onHand: integer('on_hand').notNull(),
  /** Days of supply left when raised (days alerts only). */
  daysLeft: integer('days_left'),
  raisedAt: integer('raised_at').notNull(),
  clearedAt: integer('cleared_at'),
  version: integer('version').notNull(),
}, (t) => [index('stock_alerts_ingredient').on(t.ingredientId, t.status)]);
