import { z } from '@hono/zod-openapi';
import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { approverFor } from '../auth/approval.js';
import { IdempotencyHeader, PaymentResult, PaymentView, Refund, RefundResult, TakePayment } from './schemas.js';
import { GuestCheck } from './guest-check.js';

const tags = ['payments'];
const take = defineRoute('payments.take', {
  method: 'post', path: '/orders/{id}/payments', tags,
  summary: 'Take a payment: an amount, items, a seat, or one of N equal parts; tips; cash change. Needs Idempotency-Key.',
  request: { params: IdParam, headers: IdempotencyHeader, ...jsonBody(TakePayment) },
  responses: { 201: jsonContent(PaymentResult, 'Payment recorded (a retry with the same key returns the same result)') },
});
const list = defineRoute('payments.read', { method: 'get', path: '/orders/{id}/payments', tags, summary: "An order's payments with what was refunded", request: { params: IdParam }, responses: { 200: jsonContent(z.array(PaymentView)) } });
const refund = defineRoute('payments.take', {
  method: 'post', path: '/payments/{id}/refunds', tags,
  summary: 'Refund part or all of a payment (a manager, a reason). Needs Idempotency-Key.',
  request: { params: IdParam, headers: IdempotencyHeader, ...jsonBody(Refund) },
  responses: { 201: jsonContent(RefundResult, 'Refund recorded') },
});
const check = defineRoute('payments.read', { method: 'get', path: '/orders/{id}/check', tags, summary: 'The guest check (itemized bill) as JSON', request: { params: IdParam }, responses: { 200: jsonContent(GuestCheck) } });

export function paymentsRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(take, async (c) => {
      const actor = authorize(c, take);
      const key = c.req.valid('header')['idempotency-key'];
      return c.json(await services.payments.take(actor, c.req.valid('param').id, key, c.req.valid('json')), 201);
    })
    .openapi(list, async (c) => {
      authorize(c, list);
      return c.json(await services.payments.listForOrder(c.req.valid('param').id), 200);
    })
    .openapi(refund, async (c) => {
      const actor = authorize(c, refund);
      const key = c.req.valid('header')['idempotency-key'];
      const body = c.req.valid('json');
      const approver = await approverFor(services.auth, actor, body.approval);
      return c.json(await services.payments.refund(actor, c.req.valid('param').id, key, body, approver), 201);
    })
    .openapi(check, async (c) => {
      authorize(c, check);
      return c.json(await services.payments.guestCheck(c.req.valid('param').id), 200);
    });
}
