/**
 * Platform connections for signed-in people (issue 21): everyone who sees the location reads them;
 * only an owner creates, changes, rotates or deletes one (./place.ts). The secret is written, never
 * read back — except once, when the cloud made it (create or rotate without a secret of the
 * platform's own), in that one answer.
 *
 *   GET    /api/locations/:locationId/platforms                            connections, each with its latest refused requests
 *   POST   /api/locations/:locationId/platforms                            create {platform, secret?, …}: 201 (+ `secret` when made here); 409 when it exists
 *   PUT    /api/locations/:locationId/platforms/:platform                  create or change (secret required the first time)
 *   POST   /api/locations/:locationId/platforms/:platform/rotate-secret    {secret?}: the new one (made here unless given) replaces the old at once
 *   DELETE /api/locations/:locationId/platforms/:platform                  204; the platform's requests are refused from then on
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { PLATFORM_NAME } from '../../sync/delivery-messages.js';
import { readJson } from '../auth/http.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import type { CloudDb } from '../db.js';
import { PLATFORMS } from '../platforms/index.js';
import { ConnectionInput, connectionsOf, connectionView, deleteConnection, findConnection, newSecret, refusedRequests, saveConnection } from './connections.js';
import { placeOf } from './place.js';

export const CreateConnection = ConnectionInput.extend({ platform: z.string().max(40) }).strict();
export const RotateSecret = z.object({ secret: ConnectionInput.shape.secret }).strict();

function platformOf(name: string): string {
  if (!PLATFORM_NAME.test(name) || !PLATFORMS.has(name)) throw new AppError('NOT_FOUND', `No platform ${name.slice(0, 40)}; the platforms are ${[...PLATFORMS.keys()].join(', ')}.`, { platform: name.slice(0, 40) });
  return name;
}

export function connectionRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  for (const path of ['/api/locations/:locationId/platforms', '/api/locations/:locationId/platforms/*']) app.use(path, requireViewer);

  app.get('/api/locations/:locationId/platforms', async (c) => {
    const p = placeOf(c, false);
    const platforms = await Promise.all((await connectionsOf(db, p.locationId)).map(async (conn) => ({
      ...connectionView(conn), refused: await refusedRequests(db, p.locationId, conn.platform) })));
    return c.json({ platforms, available: [...PLATFORMS.keys()], canEdit: p.viewer.role === 'owner' });
  });

  app.post('/api/locations/:locationId/platforms', async (c) => {
    const p = placeOf(c, true);
    const { platform: name, ...input } = await readJson(c, CreateConnection);
    const platform = platformOf(name);
    if (await findConnection(db, p.locationId, platform)) throw new AppError('DUPLICATE', `This location is already connected to ${platform}; change it, rotate its secret or delete it.`, { platform });
    const made = input.secret ? null : newSecret();
    const saved = (await saveConnection(db, p, platform, { ...input, secret: input.secret ?? made! }))!;
    return c.json({ ...connectionView(saved), ...(made ? { secret: made } : {}) }, 201);
  });

  app.put('/api/locations/:locationId/platforms/:platform', async (c) => {
    const p = placeOf(c, true);
    const platform = platformOf(c.req.param('platform'));
    const saved = await saveConnection(db, p, platform, await readJson(c, ConnectionInput));
    if (!saved) throw new AppError('VALIDATION_FAILED', 'A new platform connection needs its shared secret.', [{ path: 'secret', message: 'required the first time' }]);
    return c.json(connectionView(saved));
  });

  app.post('/api/locations/:locationId/platforms/:platform/rotate-secret', async (c) => {
    const p = placeOf(c, true);
    const platform = platformOf(c.req.param('platform'));
    const { secret } = await readJson(c, RotateSecret);
    await mustExist(p.locationId, platform);
    const made = secret ? null : newSecret();
    const saved = (await saveConnection(db, p, platform, { secret: secret ?? made! }))!;
    return c.json({ ...connectionView(saved), ...(made ? { secret: made } : {}) });
  });

  app.delete('/api/locations/:locationId/platforms/:platform', async (c: Context<AuthEnv>) => {
    const p = placeOf(c, true);
    const platform = platformOf(c.req.param('platform') ?? '');
    if (!(await deleteConnection(db, p.locationId, platform))) await mustExist(p.locationId, platform);
    return c.body(null, 204);
  });

  async function mustExist(locationId: string, platform: string): Promise<void> {
    if (!(await findConnection(db, locationId, platform))) throw new AppError('NOT_FOUND', `This location is not connected to ${platform}.`, { platform });
  }
  return app;
}
