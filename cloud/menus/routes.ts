/**
 * The central menu API (issue 17), for signed-in people of an organisation:
 *   GET  /api/menus                         list            (anyone signed in)
 *   POST /api/menus                         create          (owner, manager)
 *   GET  /api/menus/status                  per location: live version, applied when, last sent and why refused
 *   GET  /api/menus/:id                     one, with its document
 *   PUT  /api/menus/:id                     replace the draft (owner, manager; expectedVersion guards)
 *   POST /api/menus/:id/publish             publish to locations (owner; manager for their own locations)
 *   PUT  /api/menus/locations/:locationId   mode central/local and per-location overrides (owner; manager for their own)
 * Documents are checked with the box's import rules (400 IMPORT_INVALID with every problem).
 * The three writes that make something new (create, replace, publish) are safe to retry with an
 * `Idempotency-Key` header — required for publish — stored with the write (./idempotency.ts).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { MenuName } from '../../src/menu/schemas.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import type { CloudDb } from '../db.js';
import { notifyCommitted } from '../channel/log.js';
import { assertMenuDocument, Overrides } from './document.js';
import { idempotencyKey, idempotent } from './idempotency.js';
import { createMenu, getMenu, listMenus, menuStatus, publishMenu, setLocationMenu, updateMenu } from './store.js';

const Document = z.record(z.string(), z.unknown());
export const CreateMenu = z.object({ name: MenuName, document: Document }).strict();
export const UpdateMenu = z.object({ document: Document, expectedVersion: z.number().int().min(1).optional() }).strict();
export const Publish = z.object({ locationIds: z.array(z.string().min(1).max(100)).min(1).max(500)
  .refine((ids) => new Set(ids).size === ids.length, 'A location is listed twice.') }).strict();
export const LocationMenu = z.object({ mode: z.enum(['central', 'local']), overrides: Overrides.default([]) }).strict();

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await c.req.text());
  } catch {
    throw new AppError('MALFORMED_JSON', 'The body is not valid JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', 'The request is not valid; see details.', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return parsed.data;
}

const editor = (c: Context<AuthEnv>) => {
  if (c.var.viewer.role === 'viewer') throw new AppError('FORBIDDEN', 'Viewers cannot change menus; ask an owner or a manager.', { permission: 'menus.edit' });
  return c.var.viewer;
};

const who = (viewer: { organisationId: string; accountId: string }, key: string | undefined) =>
  ({ organisationId: viewer.organisationId, accountId: viewer.accountId, key });

export function createMenuRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/api/menus', requireViewer);
  app.use('/api/menus/*', requireViewer);

  app.get('/api/menus', async (c) => c.json({ menus: await listMenus(db, c.var.viewer.organisationId) }));
  app.post('/api/menus', async (c) => {
    const viewer = editor(c);
    const key = idempotencyKey(c, false);
    const input = await body(c, CreateMenu);
    assertMenuDocument(input.document);
    const answer = await idempotent(db, { ...who(viewer, key), request: ['POST', '/api/menus', input] },
      async (q) => ({ status: 201, body: await createMenu(q, viewer.organisationId, input) }));
    return c.json(answer.body, 201);
  });
  app.get('/api/menus/status', async (c) => c.json({ locations: await menuStatus(db, c.var.viewer) }));
  app.put('/api/menus/locations/:locationId', async (c) => {
    const viewer = editor(c);
    const input = await body(c, LocationMenu);
    return c.json(await setLocationMenu(db, viewer, c.req.param('locationId'), input));
  });
  app.get('/api/menus/:id', async (c) => c.json(await getMenu(db, c.var.viewer.organisationId, c.req.param('id'))));
  app.put('/api/menus/:id', async (c) => {
    const viewer = editor(c);
    const key = idempotencyKey(c, false);
    const input = await body(c, UpdateMenu);
    assertMenuDocument(input.document);
    const id = c.req.param('id');
    const answer = await idempotent(db, { ...who(viewer, key), request: ['PUT', `/api/menus/${id}`, input] },
      async (q) => ({ status: 200, body: await updateMenu(q, viewer.organisationId, id, input) }));
    return c.json(answer.body, 200);
  });
  app.post('/api/menus/:id/publish', async (c) => {
    const viewer = editor(c);
    const key = idempotencyKey(c, true);
    const input = await body(c, Publish);
    const id = c.req.param('id');
    const answer = await idempotent(db, { ...who(viewer, key), request: ['POST', `/api/menus/${id}/publish`, input] },
      async (q) => ({ status: 201, body: await publishMenu(q, viewer, id, input.locationIds) }));
    // A replay wakes the boxes too: harmless, and covers a cloud that died before notifying.
    notifyCommitted(db, answer.body.deliveries.filter((d) => d.seq !== null).map((d) => d.locationId));
    return c.json(answer.body, 201);
  });
  return app;
}
