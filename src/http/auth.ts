import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Actor, CommandDeps } from '../db/command.js';
import { runCommandNow } from '../db/command.js';
import { AppError } from '../errors.js';
import type { AuthService } from '../auth/service.js';
import { isAllowed, type Permission } from '../auth/permissions.js';
import type { AppEnv } from './env.js';

/**
 * Reads `Authorization: Bearer <token>` (a staff session or a device token), records who is calling,
 * and hands each route's gate the one `authorize` (see defineRoute).
 */
export function authenticate(auth: AuthService, authorize: Authorize): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('authorize', authorize);
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    c.set('actor', token ? auth.authenticate(token) : null);
    c.set('badCredential', Boolean(header) && c.get('actor') === null);
    await next();
  };
}

export interface AuthorizeDeps {
  command: CommandDeps;
  logger: Logger;
}

/**
 * The permission gate. Every route runs it before validation (defineRoute's middleware), so a caller
 * without the permission learns nothing about the request's schema; handlers call it again to get
 * the actor, or with a second permission (e.g. staff.manage_managers).
 * Denials to signed-in staff are logged and kept in the audit log.
 */
export function makeAuthorize(deps: AuthorizeDeps) {
  return function authorize(c: Context<AppEnv>, route: Permission | { 'x-permission': Permission }): Actor {
    const permission = typeof route === 'string' ? route : route['x-permission'];
    const actor = c.get('actor');
    if (isAllowed(permission, actor?.role ?? null)) {
      return actor ?? { staffId: null, role: 'system', deviceId: null };
    }
    if (!actor) {
      const message = c.get('badCredential')
        ? 'Your sign-in is no longer valid (expired, signed out, or the device was revoked). Sign in again.'
        : 'Sign in first: send Authorization: Bearer <token>.';
      throw new AppError('UNAUTHENTICATED', message);
    }
    deps.logger.warn({ permission, role: actor.role, staffId: actor.staffId, deviceId: actor.deviceId, path: c.req.path }, 'permission denied');
    if (actor.staffId) {
      runCommandNow(deps.command, actor, (ctx) => ctx.audit({ action: 'auth.denied', details: { permission, method: c.req.method, path: c.req.path } }));
    }
    throw new AppError('FORBIDDEN', `A ${actor.role} may not do this (needs ${permission}).`, { permission, role: actor.role });
  };
}

export type Authorize = ReturnType<typeof makeAuthorize>;
