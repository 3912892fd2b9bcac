import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import {
  Adjust, Alert, AlertsQuery, Count, CreateIngredient, Ingredient, ListMovementsQuery, Movement, MovementResult, PeriodQuery, Receive, RecipeLine,
  ReportRow, SetRecipe, Transfer, UpdateIngredient, Waste,
} from './schemas.js';

const tags = ['stock'];
const units = ' Quantities are decimals in `unit` (mg, g, kg, ml, cl, dl, l, piece, dozen), converted to the ingredient\'s base unit: an unknown unit is 400 UNKNOWN_UNIT, one of another kind 422 INCOMPATIBLE_UNITS. Send your own `id` to retry safely.';
const moved = { 201: jsonContent(MovementResult), 200: jsonContent(MovementResult) };
const recipe = jsonContent(z.array(RecipeLine));
const report = jsonContent(z.array(ReportRow));

const listIng = defineRoute('stock.read', { method: 'get', path: '/stock/ingredients', tags, summary: 'Ingredients with on-hand (thousandths of the base unit) and level version', responses: { 200: jsonContent(z.array(Ingredient)) } });
const getIng = defineRoute('stock.read', { method: 'get', path: '/stock/ingredients/{id}', tags, summary: 'One ingredient with its on-hand', request: { params: IdParam }, responses: { 200: jsonContent(Ingredient) } });
const createIng = defineRoute('stock.write', { method: 'post', path: '/stock/ingredients', tags, summary: 'Add an ingredient or prep item', description: units, request: jsonBody(CreateIngredient), responses: { 201: jsonContent(Ingredient), 200: jsonContent(Ingredient) } });
const updateIng = defineRoute('stock.write', { method: 'patch', path: '/stock/ingredients/{id}', tags, summary: 'Edit an ingredient (expectedVersion refuses stale edits)', request: { params: IdParam, ...jsonBody(UpdateIngredient) }, responses: { 200: jsonContent(Ingredient) } });
const receipts = defineRoute('stock.record', { method: 'post', path: '/stock/receipts', tags, summary: 'Receive a delivery (stock in); brings auto-86ed items back', description: units, request: jsonBody(Receive), responses: moved });
const wasteRt = defineRoute('stock.record', { method: 'post', path: '/stock/waste', tags, summary: 'Record waste with a reason', description: units, request: jsonBody(Waste), responses: moved });
const counts = defineRoute('stock.record', { method: 'post', path: '/stock/counts', tags, summary: 'Record a physical count against the level version you saw (409 VERSION_CONFLICT with the current figure if it moved)', description: units, request: jsonBody(Count), responses: moved });
const transfers = defineRoute('stock.write', { method: 'post', path: '/stock/transfers', tags, summary: 'Transfer stock out to or in from another location', description: units, request: jsonBody(Transfer), responses: moved });
const adjustments = defineRoute('stock.write', { method: 'post', path: '/stock/adjustments', tags, summary: 'Manual adjustment with a reason (manager)', description: units, request: jsonBody(Adjust), responses: moved });
const movements = defineRoute('stock.read', { method: 'get', path: '/stock/movements', tags, summary: 'The ledger, newest first', request: { query: ListMovementsQuery }, responses: { 200: jsonContent(z.array(Movement)) } });
const recipes = defineRoute('stock.read', { method: 'get', path: '/stock/recipes', tags, summary: 'Every recipe line (items, options, prep items)', responses: { 200: recipe } });
const itemRecipe = defineRoute('stock.write', { method: 'put', path: '/stock/recipes/items/{id}', tags, summary: "Replace a menu item's recipe (quantities per portion, more than zero)", description: units, request: { params: IdParam, ...jsonBody(SetRecipe) }, responses: { 200: recipe } });
const optionRecipe = defineRoute('stock.write', { method: 'put', path: '/stock/recipes/options/{id}', tags, summary: "Replace what an option adds (+) or removes (−) per portion", description: units, request: { params: IdParam, ...jsonBody(SetRecipe) }, responses: { 200: recipe } });
const prepRecipe = defineRoute('stock.write', { method: 'put', path: '/stock/recipes/preps/{id}', tags, summary: "Replace a prep item's recipe (per batch); a cycle is 422 RECIPE_CYCLE", description: units, request: { params: IdParam, ...jsonBody(SetRecipe) }, responses: { 200: recipe } });
const alerts = defineRoute('stock.read', { method: 'get', path: '/stock/alerts', tags, summary: 'Low-stock, days-of-supply and negative-stock alerts (open by default)', request: { query: AlertsQuery }, responses: { 200: jsonContent(z.array(Alert)) } });
const usage = defineRoute('stock.read', { method: 'get', path: '/stock/reports/usage', tags, summary: 'Usage by ingredient over business days from–to', request: { query: PeriodQuery }, responses: { 200: report } });
const wasteRep = defineRoute('stock.read', { method: 'get', path: '/stock/reports/waste', tags, summary: 'Waste by reason and ingredient', request: { query: PeriodQuery }, responses: { 200: report } });
const variance = defineRoute('stock.read', { method: 'get', path: '/stock/reports/variance', tags, summary: 'Count variances', request: { query: PeriodQuery }, responses: { 200: report } });
const theoretical = defineRoute('stock.read', { method: 'get', path: '/stock/reports/theoretical', tags, summary: 'Theoretical (recipes × sales) against actual usage', request: { query: PeriodQuery }, responses: { 200: report } });

export function stockRoutes({ services, authorize }: RouteDeps) {
  const stock = services.stock;
  return newRouter()
    .openapi(listIng, (c) => { authorize(c, listIng); return c.json(stock.listIngredients(), 200); })
    .openapi(getIng, (c) => { authorize(c, getIng); return c.json(stock.getIngredient(c.req.valid('param').id), 200); })
    .openapi(createIng, async (c) => {
      const r = await stock.createIngredient(authorize(c, createIng), c.req.valid('json'));
      return r.created ? c.json(r.ingredient, 201) : c.json(r.ingredient, 200);
    })
    .openapi(updateIng, async (c) => c.json(await stock.updateIngredient(authorize(c, updateIng), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(receipts, async (c) => c.json(await stock.receive(authorize(c, receipts), c.req.valid('json')), 201))
    .openapi(wasteRt, async (c) => c.json(await stock.waste(authorize(c, wasteRt), c.req.valid('json')), 201))
    .openapi(counts, async (c) => c.json(await stock.count(authorize(c, counts), c.req.valid('json')), 201))
    .openapi(transfers, async (c) => c.json(await stock.transfer(authorize(c, transfers), c.req.valid('json')), 201))
    .openapi(adjustments, async (c) => c.json(await stock.adjust(authorize(c, adjustments), c.req.valid('json')), 201))
    .openapi(movements, (c) => { authorize(c, movements); return c.json(stock.movements(c.req.valid('query')), 200); })
    .openapi(recipes, (c) => { authorize(c, recipes); return c.json(stock.recipes(), 200); })
    .openapi(itemRecipe, async (c) => c.json(await stock.setRecipe(authorize(c, itemRecipe), { kind: 'item', id: c.req.valid('param').id }, c.req.valid('json')), 200))
    .openapi(optionRecipe, async (c) => c.json(await stock.setRecipe(authorize(c, optionRecipe), { kind: 'option', id: c.req.valid('param').id }, c.req.valid('json')), 200))
    .openapi(prepRecipe, async (c) => c.json(await stock.setRecipe(authorize(c, prepRecipe), { kind: 'prep', id: c.req.valid('param').id }, c.req.valid('json')), 200))
    .openapi(alerts, (c) => { authorize(c, alerts); return c.json(stock.alerts(c.req.valid('query').status), 200); })
    .openapi(usage, (c) => { authorize(c, usage); return c.json(stock.usageReport(c.req.valid('query')), 200); })
    .openapi(wasteRep, (c) => { authorize(c, wasteRep); return c.json(stock.wasteReport(c.req.valid('query')), 200); })
    .openapi(variance, (c) => { authorize(c, variance); return c.json(stock.varianceReport(c.req.valid('query')), 200); })
    .openapi(theoretical, (c) => { authorize(c, theoretical); return c.json(stock.theoreticalReport(c.req.valid('query')), 200); });
}
