/**
 * Cloud accounts, mounted by createCloudApp in two lines:
 *   const auth = createAuth(db, logger, options.auth);  app.use('*', auth.context);  app.route('/', auth.routes);
 */
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { CloudDb } from '../db.js';
import { authDeps, type AuthDeps, type AuthOptions } from './deps.js';
import { authContext, type AuthEnv } from './middleware.js';
import { createAuthPages } from './pages.js';
import { createAuthRoutes } from './routes.js';

export type { AuthOptions } from './deps.js';

export function createAuth(db: CloudDb, logger: Logger, options: AuthOptions = {}): { deps: AuthDeps; context: ReturnType<typeof authContext>; routes: Hono<AuthEnv> } {
  const deps = authDeps(db, logger, options);
  const routes = new Hono<AuthEnv>();
  routes.route('/', createAuthRoutes(deps));
  routes.route('/', createAuthPages(deps));
  return { deps, context: authContext(deps), routes };
}
