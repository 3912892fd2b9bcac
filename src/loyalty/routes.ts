import { newRouter } from '../http/router.js';
import { defineRoute } from '../http/route.js';
import { IdParam, jsonBody, jsonContent } from '../http/schemas.js';
import type { RouteDeps } from '../http/route-deps.js';
import { IdempotencyHeader } from '../payments/schemas.js';
import { z } from '@hono/zod-openapi';
import { Adjustment, CustomerLoyaltyDetail, CustomerLoyaltyView, LoyaltyEntryView, ProgrammeView, Redemption, RedemptionResult } from './schemas.js';

const tags = ['loyalty'];
const detail = defineRoute('customers.read', { method: 'get', path: '/customers/{id}/loyalty', tags, summary: "A customer's points, tier and this box's ledger entries", request: { params: IdParam }, responses: { 200: jsonContent(CustomerLoyaltyDetail) } });
const adjust = defineRoute('loyalty.adjust', {
  method: 'post', path: '/customers/{id}/loyalty/adjustments', tags, summary: 'Add or take points by hand (a manager, with a reason; client-made id: a retry answers the first)',
  request: { params: IdParam, ...jsonBody(Adjustment) }, responses: { 201: jsonContent(z.object({ entry: LoyaltyEntryView, loyalty: CustomerLoyaltyView }).openapi('LoyaltyAdjustmentResult')) },
});
const redeem = defineRoute('payments.take', {
  method: 'post', path: '/orders/{id}/loyalty/redemptions', tags,
  summary: "Redeem a reward on the bill: a payment with method `loyalty` and a ledger entry, one transaction. Needs Idempotency-Key.",
  request: { params: IdParam, headers: IdempotencyHeader, ...jsonBody(Redemption) }, responses: { 201: jsonContent(RedemptionResult) },
});
const programme = defineRoute('customers.read', { method: 'get', path: '/loyalty/programme', tags, summary: 'The loyalty programme the cloud last sent this box (null: none)', responses: { 200: jsonContent(ProgrammeView) } });

export function loyaltyRoutes({ services, authorize }: RouteDeps) {
  return newRouter()
    .openapi(detail, async (c) => {
      authorize(c, detail);
      return c.json(services.loyalty.detail(c.req.valid('param').id), 200);
    })
    .openapi(adjust, async (c) => c.json(await services.loyalty.adjust(authorize(c, adjust), c.req.valid('param').id, c.req.valid('json')), 201))
    .openapi(redeem, async (c) => {
      const actor = authorize(c, redeem);
      const key = c.req.valid('header')['idempotency-key'];
      return c.json(await services.loyalty.redeem(actor, c.req.valid('param').id, key, c.req.valid('json').rewardId) as z.infer<typeof RedemptionResult>, 201);
    })
    .openapi(programme, async (c) => {
      authorize(c, programme);
      return c.json(services.loyalty.programme(), 200);
    });
}
