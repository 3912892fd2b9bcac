import { and, desc, eq, type SQL } from 'drizzle-orm';
import { runCommand, type Actor, type CommandDeps } from '../db/command.js';
import { ingredients, stockAlerts, stockLevels, stockMovements } from '../db/schema.js';
import { createIngredient, updateIngredient } from './ingredients.js';
import { adjust, count, receive, transfer, waste } from './movements.js';
import { allRecipeLines, setRecipe, type RecipeOwner } from './recipes.js';
import { countVariance, theoreticalVsActual, usageByIngredient, wasteByReason } from './reports.js';
import type { AdjustInput, CountInput, CreateIngredientInput, Period, ReceiveInput, SetRecipeInput, TransferInput, UpdateIngredientInput, WasteInput } from './schemas.js';
import { ingredientView, levelOf, loadIngredient } from './store.js';

/**
 * Stock: ingredients, recipes, the movement ledger, alerts and reports. Each write is one command
 * (one transaction) that also moves cached levels, raises or clears alerts and 86es or un-86es
 * what depends on the ingredients it touched.
 */
export class StockService {
  constructor(private readonly deps: CommandDeps) {}

  listIngredients() {
    const levels = new Map(this.deps.db.select().from(stockLevels).all().map((l) => [l.ingredientId, l]));
    return this.deps.db.select().from(ingredients).orderBy(ingredients.name).all().map((row) => ingredientView(row, levels.get(row.id) ?? { onHand: 0, version: 0 }));
  }

  getIngredient(id: string) {
    return ingredientView(loadIngredient(this.deps.db, id), levelOf(this.deps.db, id));
  }

  createIngredient(actor: Actor, input: CreateIngredientInput) {
    return runCommand(this.deps, actor, (ctx) => createIngredient(ctx, input));
  }

  updateIngredient(actor: Actor, id: string, input: UpdateIngredientInput) {
    return runCommand(this.deps, actor, (ctx) => updateIngredient(ctx, id, input));
  }

  receive(actor: Actor, input: ReceiveInput) { return runCommand(this.deps, actor, (ctx) => receive(ctx, input)); }
  waste(actor: Actor, input: WasteInput) { return runCommand(this.deps, actor, (ctx) => waste(ctx, input)); }
  transfer(actor: Actor, input: TransferInput) { return runCommand(this.deps, actor, (ctx) => transfer(ctx, input)); }
  count(actor: Actor, input: CountInput) { return runCommand(this.deps, actor, (ctx) => count(ctx, input)); }
  adjust(actor: Actor, input: AdjustInput) { return runCommand(this.deps, actor, (ctx) => adjust(ctx, input)); }

  setRecipe(actor: Actor, owner: RecipeOwner, input: SetRecipeInput) {
    return runCommand(this.deps, actor, (ctx) => setRecipe(ctx, owner, input));
  }

  recipes() {
    return allRecipeLines({ tx: this.deps.db });
  }

  movements(query: { ingredientId?: string; kind?: string; limit: number }) {
    const where: SQL[] = [];
    if (query.ingredientId) where.push(eq(stockMovements.ingredientId, query.ingredientId));
    if (query.kind) where.push(eq(stockMovements.kind, query.kind as typeof stockMovements.$inferSelect.kind));
    return this.deps.db.select().from(stockMovements).where(and(...where)).orderBy(desc(stockMovements.createdAt), desc(stockMovements.id)).limit(query.limit).all();
  }

  alerts(status: 'open' | 'all') {
    const q = this.deps.db.select().from(stockAlerts);
    return (status === 'open' ? q.where(eq(stockAlerts.status, 'open')) : q).orderBy(desc(stockAlerts.raisedAt)).all();
  }

  usageReport(period: Period) { return usageByIngredient(this.deps.db, period); }
  wasteReport(period: Period) { return wasteByReason(this.deps.db, period); }
  varianceReport(period: Period) { return countVariance(this.deps.db, period); }
  theoreticalReport(period: Period) { return theoreticalVsActual(this.deps.db, period); }
}
