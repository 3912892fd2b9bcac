/**
 * The organisation's customers in the cloud (issue 18), for signed-in people:
 *   GET  /api/customers?q=&cursor=  search the organisation's customers by name, phone or email, a page at a time
 *   GET  /api/customers/:id         the record (a merged id answers the surviving one), the ids merged into it, and per
 *                                   location of the reader that knows them: visits and spend
 *   GET  /api/customers/:id/export  everything held about the person, as JSON (owner only)
 *   POST /api/customers/:id/erase   anonymise the person everywhere, boxes included (owner only)
 */
import { Hono, type Context } from 'hono';
import { AppError } from '../../src/errors.js';
import { requireViewer, type AuthEnv } from '../auth/middleware.js';
import type { CloudDb } from '../db.js';
import { eraseCustomer } from './erase.js';
import { exportCustomer } from './export.js';
import { customerCard, listCustomers, parseCustomerQuery } from './directory.js';

const ID = /^[A-Za-z0-9-]{1,100}$/;

function idOf(c: Context<AuthEnv>): string {
  const id = c.req.param('id') ?? '';
  if (!ID.test(id)) throw new AppError('VALIDATION_FAILED', 'A customer id is letters, digits and dashes (a UUID).', [{ path: 'id', message: 'not an id' }]);
  return id;
}

const owner = (c: Context<AuthEnv>) => {
  if (c.var.viewer.role !== 'owner') throw new AppError('FORBIDDEN', 'Only an owner of the organisation may export or erase a customer.', { permission: 'customers.erase' });
  return c.var.viewer;
};

export function createCustomerRoutes(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.use('/api/customers', requireViewer);
  app.use('/api/customers/*', requireViewer);
  app.get('/api/customers', async (c) => {
    const query = parseCustomerQuery({ q: c.req.query('q'), cursor: c.req.query('cursor'), limit: c.req.query('limit') });
    return c.json(await listCustomers(db, c.var.viewer, query));
  });
  app.get('/api/customers/:id', async (c) => c.json(await customerCard(db, c.var.viewer, idOf(c))));
  app.get('/api/customers/:id/export', async (c) => {
    const viewer = owner(c);
    const id = idOf(c);
    c.header('content-disposition', `attachment; filename="customer-${id}.json"`);
    return c.json(await exportCustomer(db, viewer, id));
  });
  app.post('/api/customers/:id/erase', async (c) => {
    const viewer = owner(c);
    return c.json(await eraseCustomer(db, viewer, idOf(c)));
  });
  return app;
}
