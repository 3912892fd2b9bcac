/**
 * Who is signed in, for every route of the cloud that serves people (not boxes). `authContext`
 * (installed once by createCloudApp) makes the auth settings reachable; `requireViewer` then puts
 * the signed-in person at `c.var.viewer`, or answers 401 UNAUTHENTICATED.
 *
 *   const reports = new Hono<AuthEnv>();
 *   reports.use('*', requireViewer);
 *   reports.get('/api/reports/sales', (c) => withReader(db, c.var.viewer, ids, (q) => …));
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../src/errors.js';
import type { AuthDeps } from './deps.js';
import { sessionToken, setSessionCookie } from './http.js';
import type { Viewer } from './reader.js';
import { resolveSession, type ResolvedSession } from './sessions.js';

/** The Hono environment of routes behind requireViewer. */
export interface AuthEnv {
  Variables: {
    auth: AuthDeps;
    viewer: Viewer;
    /** The session behind `viewer` (account id, email, name). */
    session: ResolvedSession;
  };
}

/** Makes `deps` reachable from requireViewer on every route of the app. */
export function authContext(deps: AuthDeps): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    c.set('auth', deps);
    await next();
  };
}

const unauthenticated = () => new AppError('UNAUTHENTICATED', 'Sign in first (at /login); your session may have expired.');

/**
 * The signed-in person (session cookie or `Authorization: Bearer`), put at `c.var.viewer` and
 * `c.var.session`; null when nobody is. A browser's cookie follows the sliding expiry; a Bearer
 * caller keeps its own token. Pages use this to send a visitor to /login instead of answering 401.
 */
export async function signedIn(c: Context<AuthEnv>): Promise<ResolvedSession | null> {
  const deps = c.get('auth');
  if (!deps) throw new Error('signedIn needs authContext installed on the app (createCloudApp does it).');
  const token = sessionToken(c);
  const session = token ? await resolveSession(deps, token) : null;
  if (!session || !token) return null;
  if (session.renewedUntil !== null && !c.req.header('authorization')) setSessionCookie(c, deps, token, session.renewedUntil);
  c.set('viewer', session.viewer);
  c.set('session', session);
  return session;
}

/** The signed-in person at `c.var.viewer`; 401 UNAUTHENTICATED otherwise. */
export const requireViewer: MiddlewareHandler<AuthEnv> = async (c, next) => {
  if (!(await signedIn(c))) throw unauthenticated();
  await next();
};
