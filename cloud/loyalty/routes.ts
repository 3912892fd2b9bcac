/**
 * Loyalty in the cloud (issue 18), for signed-in people:
 *   GET /api/loyalty/programme   the organisation's programme and its version (anyone signed in)
 *   PUT /api/loyalty/programme   replace it (owner): a new version, sent to every location
 *   GET /api/reports/loyalty     liability, points issued and redeemed, repeat visits, customers by tier, alerts (owner)
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import { readJson } from '../auth/http.js';
import type { CloudDb } from '../db.js';
import { programmeInput } from '../../sync/loyalty.js';
import { readProgramme, saveProgramme } from './programme.js';
import { loyaltyReport, reportQuery } from './report.js';

export const ProgrammeBody = z.object({
  /** The version you loaded (0 when there was none); omit to overwrite whatever is there. */
  expectedVersion: z.number().int().min(0).optional(),
  programme: programmeInput,
}).strict();

const owner = (c: Context<AuthEnv>, permission: string) => {
  if (c.var.viewer.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner of the organisation may do this.', { permission });
  return c.var.viewer;
};

export function createLoyaltyRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/api/loyalty/*', requireViewer);
  app.use('/api/reports/loyalty', requireViewer);
  app.get('/api/loyalty/programme', async (c) => c.json(await readProgramme(db, c.var.viewer.organisationId)));
  app.put('/api/loyalty/programme', async (c) => {
    const viewer = owner(c, 'loyalty.programme');
    const body = await readJson(c, ProgrammeBody);
    return c.json(await saveProgramme(db, viewer, body.programme, body.expectedVersion));
  });
  app.get('/api/reports/loyalty', async (c) => {
    const viewer = owner(c, 'reports.loyalty');
    return c.json(await loyaltyReport(db, viewer, reportQuery(c.req.query())));
  });
  return app;
}
