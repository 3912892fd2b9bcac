/**
 * Webhooks out (issue 21), for the organisation's owners:
 *   GET    /api/webhooks/events                              the events one can subscribe to
 *   GET    /api/webhooks/subscriptions                       list (no secrets), with delivery counts
 *   POST   /api/webhooks/subscriptions                       create; the answer carries the signing secret, once
 *   GET    /api/webhooks/subscriptions/:id                   one
 *   PATCH  /api/webhooks/subscriptions/:id                   change url, events, format, description, locations, active
 *   DELETE /api/webhooks/subscriptions/:id                   delete, with its deliveries and log
 *   POST   /api/webhooks/subscriptions/:id/rotate-secret     a new secret, once; the previous signs beside it for overlapHours
 *   POST   /api/webhooks/subscriptions/:id/test              send a webhook.ping now, answer what the receiver said
 *   GET    /api/webhooks/subscriptions/:id/deliveries        the delivery log (?status=&limit=)
 *   GET    /api/webhooks/deliveries/:id                      one delivery and its attempts
 *   POST   /api/webhooks/deliveries/:id/replay               send it again now (same id and body)
 * Order (architecture §11): body limit → authenticate → owner → content type → validate.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { uuidV7Ids, type Clock } from '../../src/lib/clock.js';
import { readJson } from '../auth/http.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import type { CloudDb } from '../db.js';
import { replayDelivery, sendTestPing } from './actions.js';
import type { DeliverySettings } from './deliver.js';
import { WEBHOOK_EVENTS } from './events.js';
import { getDelivery, listDeliveries } from './log.js';
import { CreateSubscription, DeliveryQuery, RotateSecret, UpdateSubscription } from './schemas.js';
import { createSubscription, deleteSubscription, getSubscription, listSubscriptions, rotateSecret, updateSubscription } from './store.js';

export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

const ID = /^[A-Za-z0-9-]{1,100}$/;

function idOf(c: Context<AuthEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!ID.test(id)) throw new AppError('VALIDATION_FAILED', 'An id is letters, digits and dashes (a UUID).', [{ path: 'id', message: 'not an id' }]);
  return id;
}

/** An optional JSON body: none (or empty) means the defaults; anything sent must be JSON. */
async function optionalJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const length = c.req.header('content-length');
  if ((length === undefined || length === '0') && !c.req.header('content-type')) return schema.parse({});
  return readJson(c, schema);
}

export interface WebhookRouteOptions {
  clock: Clock;
  settings: DeliverySettings;
}

export function createWebhookRoutes(db: CloudDb, options: WebhookRouteOptions): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const now = () => options.clock.now();
  const { settings } = options;
  app.use('/api/webhooks/*', bodyLimit({ maxSize: MAX_WEBHOOK_BODY_BYTES, onError: () => { throw new AppError('PAYLOAD_TOO_LARGE', `A webhook request body may be at most ${MAX_WEBHOOK_BODY_BYTES / 1024} kB.`); } }));
  app.use('/api/webhooks/*', requireViewer);
  app.use('/api/webhooks/*', async (c, next) => {
    // Where the organisation's data goes, and the secrets that sign it: owners only (architecture §9).
    if (c.var.viewer.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner of the organisation may manage its webhooks.', { permission: 'webhooks.manage' });
    await next();
  });
  const org = (c: Context<AuthEnv>) => c.var.viewer.organisationId;

  app.get('/api/webhooks/events', (c) => c.json({ events: Object.entries(WEBHOOK_EVENTS).map(([type, description]) => ({ type, description })) }));

  app.get('/api/webhooks/subscriptions', async (c) => c.json({ subscriptions: await listSubscriptions(db, org(c), now()) }));

  app.post('/api/webhooks/subscriptions', async (c) => {
    const input = await readJson(c, CreateSubscription);
    const out = await createSubscription(db, c.var.viewer, input, input.id ?? uuidV7Ids.next(), now(), settings);
    return c.json({ subscription: out.subscription, secret: out.secret }, out.created ? 201 : 200);
  });

  app.get('/api/webhooks/subscriptions/:id', async (c) => c.json({ subscription: await getSubscription(db, org(c), idOf(c), now()) }));

  app.patch('/api/webhooks/subscriptions/:id', async (c) => {
    const input = await readJson(c, UpdateSubscription);
    const id = idOf(c);
    return c.json({ subscription: await updateSubscription(db, c.var.viewer, id, input, now(), settings) });
  });

  app.delete('/api/webhooks/subscriptions/:id', async (c) => {
    await deleteSubscription(db, org(c), idOf(c));
    return c.body(null, 204);
  });

  app.post('/api/webhooks/subscriptions/:id/rotate-secret', async (c) => {
    const input = await optionalJson(c, RotateSecret);
    const id = idOf(c);
    return c.json(await rotateSecret(db, org(c), id, input.overlapHours, now()));
  });

  app.post('/api/webhooks/subscriptions/:id/test', async (c) => c.json(await sendTestPing(db, org(c), idOf(c), now, settings)));

  app.get('/api/webhooks/subscriptions/:id/deliveries', async (c) => {
    const id = idOf(c);
    const parsed = DeliveryQuery.safeParse({ status: c.req.query('status') || undefined, limit: c.req.query('limit') || undefined });
    if (!parsed.success) {
      throw new AppError('VALIDATION_FAILED', parsed.error.issues[0]?.message ?? 'The query is not valid.',
        parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    }
    return c.json({ deliveries: await listDeliveries(db, org(c), id, parsed.data) });
  });

  app.get('/api/webhooks/deliveries/:id', async (c) => c.json({ delivery: await getDelivery(db, org(c), idOf(c)) }));

  app.post('/api/webhooks/deliveries/:id/replay', async (c) => c.json(await replayDelivery(db, org(c), idOf(c), now, settings)));

  return app;
}
