import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { menuFileRoutes } from './file-routes.js';
import { menuAvailabilityRoutes } from './availability-routes.js';
import {
  Category, CreateCategory, CreateGroup, CreateItem, CreateOption, DeleteQuery, Deleted, MenuItem, MenuOption, OptionGroup,
  SetAvailability, SetItemGroups, UpdateCategory, UpdateGroup, UpdateItem, UpdateOption,
} from './schemas.js';

const tags = ['menu'];
const retry = ' Send your own `id` to retry safely: the same id and body return the first result; a different body is 409 IDEMPOTENCY_CONFLICT.';
const patchNote = ' Send `expectedVersion` to refuse stale edits (409 VERSION_CONFLICT). Names are unique in their scope ignoring case (409 DUPLICATE).';
const del = { params: IdParam, query: DeleteQuery };

const createCat = defineRoute('menu.write', { method: 'post', path: '/menu/categories', tags, summary: 'Add a category (appended unless sortOrder is given).', description: retry, request: jsonBody(CreateCategory), responses: { 201: jsonContent(Category) } });
const updateCat = defineRoute('menu.write', { method: 'patch', path: '/menu/categories/{id}', tags, summary: 'Rename or reorder a category', description: patchNote, request: { params: IdParam, ...jsonBody(UpdateCategory) }, responses: { 200: jsonContent(Category) } });
const deleteCat = defineRoute('menu.write', { method: 'delete', path: '/menu/categories/{id}', tags, summary: 'Delete an empty category (409 IN_USE while it has items)', request: del, responses: { 200: jsonContent(Deleted) } });

const createItm = defineRoute('menu.write', { method: 'post', path: '/menu/items', tags, summary: 'Add a menu item, optionally with its option groups (in order)', description: retry, request: jsonBody(CreateItem), responses: { 201: jsonContent(MenuItem) } });
const updateItm = defineRoute('menu.write', { method: 'patch', path: '/menu/items/{id}', tags, summary: 'Change a menu item (a price change is audited; 409 CENTRALLY_MANAGED names a field the cloud manages at this location)', description: patchNote, request: { params: IdParam, ...jsonBody(UpdateItem) }, responses: { 200: jsonContent(MenuItem) } });
const itemAvail = defineRoute('menu.availability', { method: 'post', path: '/menu/items/{id}/availability', tags, summary: "86 an item (available: false) or bring it back; announced as menu.availability", request: { params: IdParam, ...jsonBody(SetAvailability) }, responses: { 200: jsonContent(MenuItem) } });
const itemGroups = defineRoute('menu.write', { method: 'put', path: '/menu/items/{id}/option-groups', tags, summary: "Set the item's option groups, in the order the tablet shows them", request: { params: IdParam, ...jsonBody(SetItemGroups) }, responses: { 200: jsonContent(MenuItem) } });
const deleteItm = defineRoute('menu.write', { method: 'delete', path: '/menu/items/{id}', tags, summary: 'Delete an item never ordered (409 IN_USE once on an order: mark it unavailable instead)', request: del, responses: { 200: jsonContent(Deleted) } });

const createGrp = defineRoute('menu.write', { method: 'post', path: '/menu/option-groups', tags, summary: 'Add an option group (single or multi choice, with min/max and required)', description: retry, request: jsonBody(CreateGroup), responses: { 201: jsonContent(OptionGroup) } });
const updateGrp = defineRoute('menu.write', { method: 'patch', path: '/menu/option-groups/{id}', tags, summary: 'Change an option group (the counts are checked as a whole)', description: patchNote, request: { params: IdParam, ...jsonBody(UpdateGroup) }, responses: { 200: jsonContent(OptionGroup) } });
const deleteGrp = defineRoute('menu.write', { method: 'delete', path: '/menu/option-groups/{id}', tags, summary: 'Delete an option group and its options (409 IN_USE while items use it or orders chose its options)', request: del, responses: { 200: jsonContent(Deleted) } });

const createOpt = defineRoute('menu.write', { method: 'post', path: '/menu/option-groups/{id}/options', tags, summary: 'Add an option to a group (priceDelta may be negative)', description: retry, request: { params: IdParam, ...jsonBody(CreateOption) }, responses: { 201: jsonContent(MenuOption) } });
const updateOpt = defineRoute('menu.write', { method: 'patch', path: '/menu/options/{id}', tags, summary: 'Change an option (a price change is audited)', description: patchNote, request: { params: IdParam, ...jsonBody(UpdateOption) }, responses: { 200: jsonContent(MenuOption) } });
const optAvail = defineRoute('menu.availability', { method: 'post', path: '/menu/options/{id}/availability', tags, summary: 'Mark an option unavailable or available again', request: { params: IdParam, ...jsonBody(SetAvailability) }, responses: { 200: jsonContent(MenuOption) } });
const deleteOpt = defineRoute('menu.write', { method: 'delete', path: '/menu/options/{id}', tags, summary: 'Delete an option never chosen on an order (409 IN_USE otherwise)', request: del, responses: { 200: jsonContent(Deleted) } });

/** The menu API: the tree, import/export, who 86'd what, and editing categories, items, option groups and options. */
export function menuRoutes(deps: RouteDeps) {
  const { services: { menu }, authorize } = deps;
  const crud = newRouter()
    .openapi(createCat, async (c) => c.json(await menu.createCategory(authorize(c, createCat), c.req.valid('json')), 201))
    .openapi(updateCat, async (c) => c.json(await menu.updateCategory(authorize(c, updateCat), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(deleteCat, async (c) => c.json(await menu.deleteCategory(authorize(c, deleteCat), c.req.valid('param').id, c.req.valid('query').expectedVersion), 200))
    .openapi(createItm, async (c) => c.json(await menu.createItem(authorize(c, createItm), c.req.valid('json')), 201))
    .openapi(updateItm, async (c) => c.json(await menu.updateItem(authorize(c, updateItm), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(itemAvail, async (c) => c.json(await menu.setItemAvailability(authorize(c, itemAvail), c.req.valid('param').id, c.req.valid('json').available), 200))
    .openapi(itemGroups, async (c) => c.json(await menu.setItemGroups(authorize(c, itemGroups), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(deleteItm, async (c) => c.json(await menu.deleteItem(authorize(c, deleteItm), c.req.valid('param').id, c.req.valid('query').expectedVersion), 200))
    .openapi(createGrp, async (c) => c.json(await menu.createGroup(authorize(c, createGrp), c.req.valid('json')), 201))
    .openapi(updateGrp, async (c) => c.json(await menu.updateGroup(authorize(c, updateGrp), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(deleteGrp, async (c) => c.json(await menu.deleteGroup(authorize(c, deleteGrp), c.req.valid('param').id, c.req.valid('query').expectedVersion), 200))
    .openapi(createOpt, async (c) => c.json(await menu.createOption(authorize(c, createOpt), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(updateOpt, async (c) => c.json(await menu.updateOption(authorize(c, updateOpt), c.req.valid('param').id, c.req.valid('json')), 200))
    .openapi(optAvail, async (c) => c.json(await menu.setOptionAvailability(authorize(c, optAvail), c.req.valid('param').id, c.req.valid('json').available), 200))
    .openapi(deleteOpt, async (c) => c.json(await menu.deleteOption(authorize(c, deleteOpt), c.req.valid('param').id, c.req.valid('query').expectedVersion), 200));
  return newRouter().route('/', menuFileRoutes(deps)).route('/', menuAvailabilityRoutes(deps)).route('/', crud);
}
