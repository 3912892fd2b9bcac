import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { approverFor } from '../auth/approval.js';
import {
  AddLines, CancelOrder, CreateOrder, DiscountInput, Fire, LineIds, ListOrdersQuery, MergeOrders, MoveOrder, OrderView,
  RemoveDiscount, SplitOrder, UpdateLine, UpdateOrder, VoidLine,
} from './schemas.js';

const LineParams = z.object({
  id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }),
  lineId: z.uuid().openapi({ param: { name: 'lineId', in: 'path' } }),
});
const order = jsonContent(OrderView);
const tags = ['orders'];

const create = defineRoute('orders.write', { method: 'post', path: '/orders', tags, summary: 'Create an order (client-made id: a retry returns the original, 200)', request: jsonBody(CreateOrder), responses: { 201: jsonContent(OrderView, 'Created'), 200: jsonContent(OrderView, 'The same order, created earlier by this id') } });
const list = defineRoute('orders.read', { method: 'get', path: '/orders', tags, summary: 'Orders, newest first (open by default)', request: { query: ListOrdersQuery }, responses: { 200: jsonContent(z.array(OrderView)) } });
const get = defineRoute('orders.read', { method: 'get', path: '/orders/{id}', tags, summary: 'One order with lines, amounts and balance', request: { params: IdParam }, responses: { 200: order } });
const patch = defineRoute('orders.write', { method: 'patch', path: '/orders/{id}', tags, summary: 'Guests, name, notes, service charge', request: { params: IdParam, ...jsonBody(UpdateOrder) }, responses: { 200: order } });
const addLines = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/lines', tags, summary: 'Add lines (held until fired); client line ids make retries safe', request: { params: IdParam, ...jsonBody(AddLines) }, responses: { 200: order } });
const patchLine = defineRoute('orders.write', { method: 'patch', path: '/orders/{id}/lines/{lineId}', tags, summary: 'Change a held line', request: { params: LineParams, ...jsonBody(UpdateLine) }, responses: { 200: order } });
const fire = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/fire', tags, summary: 'Send held lines to the kitchen: one course, chosen lines, or all', request: { params: IdParam, ...jsonBody(Fire) }, responses: { 200: order } });
const ready = defineRoute('orders.bump', { method: 'post', path: '/orders/{id}/lines/ready', tags, summary: 'Kitchen bump: lines are ready', request: { params: IdParam, ...jsonBody(LineIds) }, responses: { 200: order } });
const served = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/lines/served', tags, summary: 'Lines were served', request: { params: IdParam, ...jsonBody(LineIds) }, responses: { 200: order } });
const voidLine = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/lines/{lineId}/void', tags, summary: 'Void a line (after firing: a manager and a reason)', request: { params: LineParams, ...jsonBody(VoidLine) }, responses: { 200: order } });
const discount = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/discount', tags, summary: 'Discount a line or the order (over the limit: a manager)', request: { params: IdParam, ...jsonBody(DiscountInput) }, responses: { 200: order } });
const undiscount = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/discount/remove', tags, summary: 'Remove a line or order discount', request: { params: IdParam, ...jsonBody(RemoveDiscount) }, responses: { 200: order } });
const cancel = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/cancel', tags, summary: 'Cancel an unpaid order (fired lines: a manager)', request: { params: IdParam, ...jsonBody(CancelOrder) }, responses: { 200: order } });
const close = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/close', tags, summary: 'Close an order with nothing left to pay', request: { params: IdParam }, responses: { 200: order } });
const move = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/move', tags, summary: 'Move the order to another table', request: { params: IdParam, ...jsonBody(MoveOrder) }, responses: { 200: order } });
const merge = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/merge', tags, summary: "Merge another order's lines into this one", request: { params: IdParam, ...jsonBody(MergeOrders) }, responses: { 200: order } });
const split = defineRoute('orders.write', { method: 'post', path: '/orders/{id}/split', tags, summary: 'Move chosen lines onto a new order', request: { params: IdParam, ...jsonBody(SplitOrder) }, responses: { 201: jsonContent(OrderView, 'The new order') } });

export function ordersRoutes({ services, authorize }: RouteDeps) {
  const orders = services.orders;
  return newRouter()
    .openapi(create, async (c) => {
      const actor = authorize(c, create);
      const result = await orders.create(actor, c.req.valid('json'));
      return result.created ? c.json(result.order, 201) : c.json(result.order, 200);
    })
    .openapi(list, async (c) => {
      authorize(c, list);
      return c.json(await orders.list(c.req.valid('query')), 200);
    })
    .openapi(get, async (c) => {
      authorize(c, get);
      return c.json(await orders.get(c.req.valid('param').id), 200);
    })
    .openapi(patch, async (c) => {
      const actor = authorize(c, patch);
      return c.json(await orders.updateHeader(actor, c.req.valid('param').id, c.req.valid('json')), 200);
    })
    .openapi(addLines, async (c) => {
      const actor = authorize(c, addLines);
      return c.json(await orders.addLines(actor, c.req.valid('param').id, c.req.valid('json').lines), 200);
    })
    .openapi(patchLine, async (c) => {
      const actor = authorize(c, patchLine);
      const { id, lineId } = c.req.valid('param');
      return c.json(await orders.updateLine(actor, id, lineId, c.req.valid('json')), 200);
    })
    .openapi(fire, async (c) => {
      const actor = authorize(c, fire);
      return c.json(await orders.fire(actor, c.req.valid('param').id, c.req.valid('json')), 200);
    })
    .openapi(ready, async (c) => {
      const actor = authorize(c, ready);
      return c.json(await orders.markReady(actor, c.req.valid('param').id, c.req.valid('json').lineIds), 200);
    })
    .openapi(served, async (c) => {
      const actor = authorize(c, served);
      return c.json(await orders.markServed(actor, c.req.valid('param').id, c.req.valid('json').lineIds), 200);
    })
    .openapi(voidLine, async (c) => {
      const actor = authorize(c, voidLine);
      const { id, lineId } = c.req.valid('param');
      const body = c.req.valid('json');
      const approver = await approverFor(services.auth, actor, body.approval);
      return c.json(await orders.voidLine(actor, id, lineId, body.reason, approver, body.stock), 200);
    })
    .openapi(discount, async (c) => {
      const actor = authorize(c, discount);
      const body = c.req.valid('json');
      const approver = await approverFor(services.auth, actor, body.approval);
      return c.json(await orders.applyDiscount(actor, c.req.valid('param').id, body, approver), 200);
    })
    .openapi(undiscount, async (c) => {
      const actor = authorize(c, undiscount);
      const body = c.req.valid('json');
      return c.json(await orders.removeDiscount(actor, c.req.valid('param').id, body.lineId, body.reason), 200);
    })
    .openapi(cancel, async (c) => {
      const actor = authorize(c, cancel);
      const body = c.req.valid('json');
      const approver = await approverFor(services.auth, actor, body.approval);
      return c.json(await orders.cancel(actor, c.req.valid('param').id, body.reason, approver, body.stock), 200);
    })
    .openapi(close, async (c) => {
      const actor = authorize(c, close);
      return c.json(await orders.close(actor, c.req.valid('param').id), 200);
    })
    .openapi(move, async (c) => {
      const actor = authorize(c, move);
      return c.json(await orders.move(actor, c.req.valid('param').id, c.req.valid('json').tableId), 200);
    })
    .openapi(merge, async (c) => {
      const actor = authorize(c, merge);
      return c.json(await orders.merge(actor, c.req.valid('param').id, c.req.valid('json').sourceOrderId), 200);
    })
    .openapi(split, async (c) => {
      const actor = authorize(c, split);
      return c.json(await orders.split(actor, c.req.valid('param').id, c.req.valid('json')), 201);
    });
}

