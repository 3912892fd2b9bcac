/**
 * Stock screens: what the box has (ingredients with on-hand, open alerts, recipe lines), read
 * together and kept here for the tabs to draw from. Every write reloads it, and so does every
 * `stock.*` event on the socket (managers listen to the `stock` topic), so no tab draws a stale level.
 */
import type { z } from 'zod';
import type { Alert, Ingredient, Movement, RecipeLine } from '../../../stock/schemas.js';
import type { ApiError } from '../shared/dom.js';
import { api } from './api.js';
import type { BaseUnit } from './stock-units.js';

export type IngredientT = z.infer<typeof Ingredient> & { baseUnit: BaseUnit };
export type AlertT = z.infer<typeof Alert>;
export type MovementT = z.infer<typeof Movement>;
export type RecipeLineT = z.infer<typeof RecipeLine>;

export const stock = {
  ingredients: [] as IngredientT[],
  alerts: [] as AlertT[],
  recipes: [] as RecipeLineT[],
  loaded: false,
  /** Why the last read failed ('' when it did not). */
  error: '',
};

let redraw: () => void = () => {};
/** The screen's redraw, called after every read. */
export function onStockRead(fn: () => void): void { redraw = fn; }

/**
 * Whether the ingredient sits on a shelf: a prep item with a recipe does not (firing a dish uses
 * its recipe's ingredients instead), so it is not counted, received or wasted.
 */
export const isStocked = (i: IngredientT): boolean => i.kind !== 'prep' || !stock.recipes.some((l) => l.prepId === i.id);

export const ingredientById = (id: string): IngredientT | undefined => stock.ingredients.find((i) => i.id === id);
export const ingredientName = (id: string): string => ingredientById(id)?.name ?? 'an ingredient no longer listed';

let reading: Promise<void> | null = null;
let again = false;

/** Reads ingredients, alerts and recipes; calls made while a read is running share one more read after it. */
export function loadStock(): Promise<void> {
  if (reading) { again = true; return reading; }
  reading = Promise.all([
    api<IngredientT[]>('GET', '/stock/ingredients'),
    api<AlertT[]>('GET', '/stock/alerts'),
    api<RecipeLineT[]>('GET', '/stock/recipes'),
  ]).then(([ing, al, rec]) => {
    stock.ingredients = ing.body; stock.alerts = al.body; stock.recipes = rec.body;
    stock.loaded = true; stock.error = '';
  }, (e: ApiError) => { stock.error = e.message; }).finally(() => {
    reading = null;
    redraw();
    if (again) { again = false; void loadStock(); }
  });
  return reading;
}

/** The latest movements of one kind (deliveries, waste), newest first. */
export async function recentMovements(kind: 'receive' | 'waste', limit = 30): Promise<MovementT[]> {
  return (await api<MovementT[]>('GET', `/stock/movements?kind=${kind}&limit=${limit}`)).body;
}
