import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { z } from '@hono/zod-openapi';
import { approverFor } from '../auth/approval.js';
import type { ManagerApproval } from '../auth/service.js';
import type { Actor } from '../db/command.js';
import { AttachCustomer, CreateCustomer, Customer, CustomerDetail, CustomerHit, OrderCustomer, SearchQuery, UpdateCustomer } from './schemas.js';

const tags = ['customers'];
const create = defineRoute('customers.write', { method: 'post', path: '/customers', tags, summary: 'Create a customer (client-made id: a retry returns the first; 409 CUSTOMER_DUPLICATE names the customer with this phone or email; a blockedReason needs a manager)', request: jsonBody(CreateCustomer), responses: { 201: jsonContent(Customer) } });
const search = defineRoute('customers.read', { method: 'get', path: '/customers', tags, summary: 'Find customers by name or phone digits (q)', request: { query: SearchQuery }, responses: { 200: jsonContent(z.object({ customers: z.array(CustomerHit) })) } });
const get = defineRoute('customers.read', { method: 'get', path: '/customers/{id}', tags, summary: 'One customer (a merged id answers the surviving record) with visits, spend and favourite items', request: { params: IdParam }, responses: { 200: jsonContent(CustomerDetail) } });
const update = defineRoute('customers.write', { method: 'patch', path: '/customers/{id}', tags, summary: "Change a customer (fields given only; blockedReason blocks, null unblocks: a manager's decision, `approval` from a waiter)", request: { params: IdParam, ...jsonBody(UpdateCustomer) }, responses: { 200: jsonContent(Customer) } });
const ofOrder = defineRoute('customers.read', { method: 'get', path: '/orders/{id}/customer', tags, summary: "The order's customer (null when none)", request: { params: IdParam }, responses: { 200: jsonContent(OrderCustomer) } });
const attach = defineRoute('customers.write', { method: 'put', path: '/orders/{id}/customer', tags, summary: 'Attach a customer to an order (replaces the one attached)', request: { params: IdParam, ...jsonBody(AttachCustomer) }, responses: { 200: jsonContent(OrderCustomer) } });
const detach = defineRoute('customers.write', { method: 'delete', path: '/orders/{id}/customer', tags, summary: 'Detach the customer from an order', request: { params: IdParam }, responses: { 200: jsonContent(OrderCustomer) } });

export function customerRoutes({ services, authorize }: RouteDeps) {
  /** Who approves a block or unblock (architecture §9): asked only when the body touches it, so a wrong PIN elsewhere is not counted. */
  const blockApprover = (actor: Actor, body: { blockedReason?: string | null; approval?: ManagerApproval }) =>
    body.blockedReason === undefined ? Promise.resolve(null) : approverFor(services.auth, actor, body.approval);
  return newRouter()
    .openapi(create, async (c) => {
      const actor = authorize(c, create);
      const body = c.req.valid('json');
      return c.json(await services.customers.create(actor, body, await blockApprover(actor, body)), 201);
    })
    .openapi(search, async (c) => {
      authorize(c, search);
      const { q, limit } = c.req.valid('query');
      return c.json({ customers: services.customers.search(q, limit) }, 200);
    })
    .openapi(get, async (c) => {
      authorize(c, get);
      return c.json(services.customers.get(c.req.valid('param').id), 200);
    })
    .openapi(update, async (c) => {
      const actor = authorize(c, update);
      const body = c.req.valid('json');
      return c.json(await services.customers.update(actor, c.req.valid('param').id, body, await blockApprover(actor, body)), 200);
    })
    .openapi(ofOrder, async (c) => {
      authorize(c, ofOrder);
      return c.json(services.customers.ofOrder(c.req.valid('param').id), 200);
    })
    .openapi(attach, async (c) => c.json(await services.customers.attach(authorize(c, attach), c.req.valid('param').id, c.req.valid('json').customerId), 200))
    .openapi(detach, async (c) => c.json(await services.customers.detach(authorize(c, detach), c.req.valid('param').id), 200));
}
