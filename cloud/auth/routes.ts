/**
 * The account API of the cloud service:
 *   POST /api/auth/login · POST /api/auth/logout · GET /api/me
 *   GET|POST /api/invitations · DELETE /api/invitations/:id · POST /api/invitations/accept
 *   GET /api/members · PATCH|DELETE /api/members/:id
 */
import { Hono } from 'hono';
import { AppError } from '../../src/errors.js';
import type { AuthDeps } from './deps.js';
import { findAccountByEmail, viewerProfile } from './directory.js';
import { clearSessionCookie, clientIp, readJson, sessionToken, setSessionCookie, smallBody } from './http.js';
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from './invitations.js';
import { listMembers, removeMember, updateMember } from './members.js';
import { requireViewer, type AuthEnv } from './middleware.js';
import { decoyHash, verifyPassword } from './password.js';
import { AcceptBody, InviteBody, LoginBody, MemberPatchBody } from './schemas.js';
import { createSession, endSession } from './sessions.js';
import { assertNotThrottled, clearFailures, recordFailure } from './throttle.js';

const badCredentials = () => new AppError('BAD_CREDENTIALS', 'That email and password do not match an account. Check both, or ask an owner for a new invitation.');

const small = smallBody;

export function createAuthRoutes(deps: AuthDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.post('/api/auth/login', small, async (c) => {
    const body = await readJson(c, LoginBody);
    const ip = clientIp(c, deps);
    await assertNotThrottled(deps.db, body.email, ip, deps.clock.now());
    const account = await findAccountByEmail(deps.db, body.email);
    // Unknown email, no password yet, wrong password: one answer, after the same scrypt work.
    const ok = await verifyPassword(body.password, account?.password_hash ?? await decoyHash());
    if (!account || !account.password_hash || !ok) {
      await recordFailure(deps.db, body.email, ip, deps.clock.now());
      deps.logger.info({ ip, known: Boolean(account) }, 'cloud sign-in refused');
      throw badCredentials();
    }
    await clearFailures(deps.db, body.email, ip);
    const session = await createSession(deps.db, deps, account.id);
    setSessionCookie(c, deps, session.token, session.expiresAt);
    const viewer = { accountId: account.id, organisationId: account.organisation_id, role: account.role, locationIds: [] };
    return c.json({ token: session.token, expiresAt: session.expiresAt, ...(await viewerProfile(deps.db, viewer, { id: account.id, email: account.email, name: account.name })) });
  });

  app.post('/api/auth/logout', async (c) => {
    const token = sessionToken(c);
    if (token) await endSession(deps.db, token);
    clearSessionCookie(c, deps);
    return c.json({ signedOut: true });
  });

  app.get('/api/me', requireViewer, async (c) => c.json(await viewerProfile(deps.db, c.var.viewer, c.var.session.account)));

  app.get('/api/invitations', requireViewer, async (c) => c.json({ invitations: await listInvitations(deps, c.var.viewer) }));

  app.post('/api/invitations', requireViewer, small, async (c) => {
    const invitation = await createInvitation(deps, c.var.viewer, await readJson(c, InviteBody));
    return c.json({ ...invitation, path: `/invite/${invitation.token}` }, 201);
  });

  // Before /:id routes of the same prefix; needs no session (the token is the credential).
  app.post('/api/invitations/accept', small, async (c) => {
    const body = await readJson(c, AcceptBody);
    const session = await acceptInvitation(deps, body);
    setSessionCookie(c, deps, session.token, session.expiresAt);
    return c.json({ token: session.token, expiresAt: session.expiresAt, accountId: session.accountId }, 201);
  });

  app.delete('/api/invitations/:id', requireViewer, async (c) => c.json(await revokeInvitation(deps, c.var.viewer, c.req.param('id'))));

  app.get('/api/members', requireViewer, async (c) => c.json({ members: await listMembers(deps, c.var.viewer) }));

  app.patch('/api/members/:id', requireViewer, small, async (c) => {
    const patch = await readJson(c, MemberPatchBody);
    return c.json(await updateMember(deps, c.var.viewer, c.req.param('id'), patch));
  });

  app.delete('/api/members/:id', requireViewer, async (c) => {
    await removeMember(deps, c.var.viewer, c.req.param('id'));
    return c.json({ removed: true });
  });

  return app;
}
