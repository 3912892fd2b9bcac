import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { areasRoutes } from './area-routes.js';
import { CreateTable, Deleted, DiningTable, LayoutUpdate, SetTableStatus, TablesQuery, UpdateTable } from './schemas.js';

const tags = ['tables'];

const list = defineRoute('tables.read', {
  method: 'get', path: '/tables', tags, summary: 'The floor: every table (or one area\'s) with status, version and open orders',
  request: { query: TablesQuery }, responses: { 200: jsonContent(z.array(DiningTable)) },
});
const getOne = defineRoute('tables.read', {
  method: 'get', path: '/tables/{id}', tags, summary: 'One table with its open orders',
  request: { params: IdParam }, responses: { 200: jsonContent(DiningTable) },
});
const create = defineRoute('tables.layout', {
  method: 'post', path: '/tables', tags, summary: 'Add a table (label unique regardless of case; send your own id to retry safely)',
  request: jsonBody(CreateTable), responses: { 201: jsonContent(DiningTable) },
});
const layout = defineRoute('tables.layout', {
  method: 'put', path: '/tables/layout', tags, summary: 'Save the floor-map editor: move/resize many tables, all or nothing (409 TABLES_OVERLAP when a moved table would sit on another in its area)',
  request: jsonBody(LayoutUpdate), responses: { 200: jsonContent(z.array(DiningTable)) },
});
const update = defineRoute('tables.layout', {
  method: 'patch', path: '/tables/{id}', tags, summary: 'Rename, resize, reshape, move or change area (expectedVersion guards against lost edits)',
  request: { params: IdParam, ...jsonBody(UpdateTable) }, responses: { 200: jsonContent(DiningTable) },
});
const remove = defineRoute('tables.layout', {
  method: 'delete', path: '/tables/{id}', tags, summary: 'Delete a table that never had orders (otherwise mark it inactive)',
  request: { params: IdParam }, responses: { 200: jsonContent(Deleted) },
});
const setStatus = defineRoute('tables.status', {
  method: 'post', path: '/tables/{id}/status', tags,
  summary: 'Seat, reserve, free or take a table out of service (not while it has open orders, except to seat)',
  request: { params: IdParam, ...jsonBody(SetTableStatus) }, responses: { 200: jsonContent(DiningTable) },
});

/** Areas and tables. Orders change table status through occupancy.ts; these routes are for people. */
export function tablesRoutes(deps: RouteDeps) {
  const { services, authorize } = deps;
  const tables = newRouter()
    .openapi(list, async (c) => {
      authorize(c, list);
      return c.json(await services.tables.list(c.req.valid('query')), 200);
    })
    .openapi(getOne, async (c) => {
      authorize(c, getOne);
      return c.json(await services.tables.get(c.req.valid('param').id), 200);
    })
    .openapi(create, async (c) => {
      const actor = authorize(c, create);
      return c.json(await services.tables.create(actor, c.req.valid('json')), 201);
    })
    .openapi(layout, async (c) => {
      const actor = authorize(c, layout);
      return c.json(await services.tables.saveLayout(actor, c.req.valid('json')), 200);
    })
    .openapi(update, async (c) => {
      const actor = authorize(c, update);
      return c.json(await services.tables.update(actor, c.req.valid('param').id, c.req.valid('json')), 200);
    })
    .openapi(remove, async (c) => {
      const actor = authorize(c, remove);
      return c.json(await services.tables.remove(actor, c.req.valid('param').id), 200);
    })
    .openapi(setStatus, async (c) => {
      const actor = authorize(c, setStatus);
      return c.json(await services.tables.setStatus(actor, c.req.valid('param').id, c.req.valid('json')), 200);
    });
  return tables.route('/', areasRoutes(deps));
}
