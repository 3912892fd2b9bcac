/**
 * A location's public profile, for signed-in people (issue 20):
 *   GET /api/locations/{id}/profile   the profile and its version (owners, and managers of the location)
 *   PUT /api/locations/{id}/profile   create or replace it (owners only), with expectedVersion
 * Order (architecture §10): body limit → authenticate → permission → content type → validate.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../src/errors.js';
import { readJson } from '../auth/http.js';
import { assertLocations } from '../auth/reader.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import type { CloudDb } from '../db.js';
import { ProfileInput } from './schema.js';
import { readProfile, saveProfile } from './store.js';

export const MAX_PROFILE_BYTES = 64 * 1024;
const small = bodyLimit({ maxSize: MAX_PROFILE_BYTES, onError: () => { throw new AppError('PAYLOAD_TOO_LARGE', `A profile may be at most ${MAX_PROFILE_BYTES} bytes.`); } });
const ID = /^[A-Za-z0-9-]{1,100}$/;

function locationOf(c: Context<AuthEnv>): string {
  const id = c.req.param('id') ?? '';
  // The same answer as for another organisation's location: an odd id tells nothing more.
  if (!ID.test(id)) throw new AppError('LOCATION_FORBIDDEN', 'You may not see this location; ask an owner of the organisation for access.', { locationIds: [id.slice(0, 100)] });
  return id;
}

export function createProfileRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/api/locations/:id/profile', small, requireViewer);
  app.get('/api/locations/:id/profile', async (c) => {
    if (c.var.viewer.role === 'viewer') throw new AppError('FORBIDDEN', 'Viewers do not see the public profile\'s settings; ask an owner or a manager.', { permission: 'profile.read' });
    return c.json(await readProfile(db, c.var.viewer, locationOf(c)));
  });
  app.put('/api/locations/:id/profile', async (c) => {
    if (c.var.viewer.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner can change the restaurant\'s public profile.', { permission: 'profile.edit' });
    const locationId = locationOf(c);
    assertLocations(c.var.viewer, [locationId]);
    const input = await readJson(c, ProfileInput);
    return c.json(await saveProfile(db, c.var.viewer, locationId, input));
  });
  return app;
}
