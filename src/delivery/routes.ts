import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { AcceptDelivery, DeliveryList, DeliveryOrder, KitchenState, ListDeliveriesQuery, RejectDelivery, SetKitchenState } from './schemas.js';

const tags = ['delivery'];
const list = defineRoute('delivery.read', { method: 'get', path: '/delivery/orders', tags, summary: 'Orders from delivery platforms (state=open: waiting, accepted or ready; all: the latest)', request: { query: ListDeliveriesQuery }, responses: { 200: jsonContent(DeliveryList) } });
const get = defineRoute('delivery.read', { method: 'get', path: '/delivery/orders/{id}', tags, summary: 'One platform order with its lines, unmapped lines, customer, delivery and the platform totals', request: { params: IdParam }, responses: { 200: jsonContent(DeliveryOrder) } });
const accept = defineRoute('delivery.manage', { method: 'post', path: '/delivery/orders/{id}/accept', tags, summary: 'Accept a waiting platform order (fires it to the kitchen; the platform is told, with the prep time)', request: { params: IdParam, ...jsonBody(AcceptDelivery) }, responses: { 200: jsonContent(DeliveryOrder) } });
const reject = defineRoute('delivery.manage', { method: 'post', path: '/delivery/orders/{id}/reject', tags, summary: 'Refuse a waiting platform order with a reason (the platform is told)', request: { params: IdParam, ...jsonBody(RejectDelivery) }, responses: { 200: jsonContent(DeliveryOrder) } });
const ready = defineRoute('delivery.manage', { method: 'post', path: '/delivery/orders/{id}/ready', tags, summary: 'Ready for pickup (the platform is told)', request: { params: IdParam }, responses: { 200: jsonContent(DeliveryOrder) } });
const pickedUp = defineRoute('delivery.manage', { method: 'post', path: '/delivery/orders/{id}/picked-up', tags, summary: 'The rider took it (the platform is told)', request: { params: IdParam }, responses: { 200: jsonContent(DeliveryOrder) } });
const kitchen = defineRoute('kitchen.read', { method: 'get', path: '/kitchen/state', tags, summary: 'Whether the kitchen is paused for platform orders, and the prep time it quotes', responses: { 200: jsonContent(KitchenState) } });
const setKitchen = defineRoute('kitchen.pause', { method: 'put', path: '/kitchen/state', tags, summary: 'Pause or resume platform orders (paused: each is refused at once) and change the prep time quoted', request: jsonBody(SetKitchenState), responses: { 200: jsonContent(KitchenState) } });

export function deliveryRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(list, async (c) => {
      authorize(c, list);
      const { state, limit } = c.req.valid('query');
      return c.json({ orders: services.delivery.list(state, limit) }, 200);
    })
    .openapi(get, async (c) => {
      authorize(c, get);
      return c.json(services.delivery.get(c.req.valid('param').id), 200);
    })
    .openapi(accept, async (c) => c.json(await services.delivery.accept(authorize(c, accept), c.req.valid('param').id, c.req.valid('json').prepMinutes), 200))
    .openapi(reject, async (c) => c.json(await services.delivery.reject(authorize(c, reject), c.req.valid('param').id, c.req.valid('json').reason), 200))
    .openapi(ready, async (c) => c.json(await services.delivery.ready(authorize(c, ready), c.req.valid('param').id), 200))
    .openapi(pickedUp, async (c) => c.json(await services.delivery.pickedUp(authorize(c, pickedUp), c.req.valid('param').id), 200))
    .openapi(kitchen, async (c) => {
      authorize(c, kitchen);
      return c.json(services.delivery.kitchen(), 200);
    })
    .openapi(setKitchen, async (c) => c.json(await services.delivery.setKitchen(authorize(c, setKitchen), c.req.valid('json')), 200));
}
