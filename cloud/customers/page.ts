/**
 * The owners' customers pages (issue 18), server-rendered:
 *   GET /customers      search the organisation's customers by name, phone or email, a page at a time
 *   GET /customers/:id  one customer: the locations that know them with visits and spend, merged ids,
 *                       consent, blocked; Export JSON and Erase (owners; the API checks it again)
 * Reads go through directory.ts (RLS by organisation and by the reader's locations).
 */
import { Hono } from 'hono';
import { html, raw } from 'hono/html';
import { AppError } from '../../src/errors.js';
import { viewerProfile } from '../auth/directory.js';
import { signedIn, type AuthEnv } from '../auth/middleware.js';
import { page, secureHeaders } from '../auth/page-layout.js';
import type { CloudDb } from '../db.js';
import { customerCard, listCustomers, parseCustomerQuery } from './directory.js';
import { CUSTOMERS_CSS, ERASE_SCRIPT, cardBody, listBody } from './page-html.js';

const ID = /^[A-Za-z0-9-]{1,100}$/;

export function createCustomerPages(db: CloudDb): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const refusal = (title: string, message: string) =>
    page(title, html`<style>${raw(CUSTOMERS_CSS)}</style><h1>${title}</h1><p>${message}</p><p><a href="/customers">All customers</a></p>`);

  app.get('/customers', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const profile = await viewerProfile(db, session.viewer, session.account);
    let query;
    try {
      query = parseCustomerQuery({ q: c.req.query('q'), cursor: c.req.query('cursor') });
    } catch (e) {
      if (e instanceof AppError && e.status < 500) return c.html(refusal('That search cannot be run', e.message), 400);
      throw e;
    }
    const found = await listCustomers(db, session.viewer, query);
    return c.html(page('Customers', html`<style>${raw(CUSTOMERS_CSS)}</style>${listBody(profile.organisation.name, query.q, found.customers, found.nextCursor, !query.cursor)}`));
  });

  app.get('/customers/:id', async (c) => {
    const session = await signedIn(c);
    if (!session) return c.redirect('/login');
    secureHeaders(c);
    const id = c.req.param('id');
    const missing = () => c.html(refusal('Customer not found', 'There is no such customer in your organisation.'), 404);
    if (!ID.test(id)) return missing();
    const card = await customerCard(db, session.viewer, id).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
      throw e;
    });
    if (!card) return missing();
    const profile = await viewerProfile(db, session.viewer, session.account);
    const isOwner = session.viewer.role === 'owner';
    return c.html(page(card.name, html`<style>${raw(CUSTOMERS_CSS)}</style>${cardBody(profile.organisation.name, card, isOwner)}`, isOwner ? ERASE_SCRIPT : ''));
  });
  return app;
}
