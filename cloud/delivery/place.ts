/**
 * The location a platform route is about, checked against the signed-in person: they must see it,
 * and only an owner changes a platform connection (it holds the secret the platform signs with);
 * managers and viewers of the location read.
 */
import type { Context } from 'hono';
import { AppError } from '../../src/errors.js';
import type { AuthEnv } from '../auth/middleware.js';

export function placeOf(c: Context<AuthEnv>, write: boolean) {
  const viewer = c.var.viewer;
  const locationId = c.req.param('locationId') ?? '';
  if (!viewer.locationIds.includes(locationId)) throw new AppError('LOCATION_FORBIDDEN', 'You may not see or change this location.', { locationId });
  if (write && viewer.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner changes platform connections; ask an owner of the organisation.', { permission: 'platforms.edit' });
  return { locationId, organisationId: viewer.organisationId, viewer };
}
