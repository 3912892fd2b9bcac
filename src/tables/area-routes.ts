import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { Area, CreateArea, Deleted, UpdateArea } from './schemas.js';

const tags = ['tables'];

const list = defineRoute('tables.read', {
  method: 'get', path: '/areas', tags, summary: 'Areas of the floor, in tab order', responses: { 200: jsonContent(z.array(Area)) },
});
const create = defineRoute('tables.layout', {
  method: 'post', path: '/areas', tags, summary: 'Add an area (name unique regardless of case; send your own id to retry safely)',
  request: jsonBody(CreateArea), responses: { 201: jsonContent(Area) },
});
const update = defineRoute('tables.layout', {
  method: 'patch', path: '/areas/{id}', tags, summary: 'Rename or reorder an area',
  request: { params: IdParam, ...jsonBody(UpdateArea) }, responses: { 200: jsonContent(Area) },
});
const remove = defineRoute('tables.layout', {
  method: 'delete', path: '/areas/{id}', tags, summary: 'Delete an empty area (409 IN_USE while it has tables)',
  request: { params: IdParam }, responses: { 200: jsonContent(Deleted) },
});

export function areasRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(list, async (c) => {
      authorize(c, list);
      return c.json(await services.tables.areas.list(), 200);
    })
    .openapi(create, async (c) => {
      const actor = authorize(c, create);
      return c.json(await services.tables.areas.create(actor, c.req.valid('json')), 201);
    })
    .openapi(update, async (c) => {
      const actor = authorize(c, update);
      return c.json(await services.tables.areas.update(actor, c.req.valid('param').id, c.req.valid('json')), 200);
    })
    .openapi(remove, async (c) => {
      const actor = authorize(c, remove);
      return c.json(await services.tables.areas.remove(actor, c.req.valid('param').id), 200);
    });
}
