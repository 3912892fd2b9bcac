import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Permission } from '../auth/permissions.js';
import type { AppEnv } from './env.js';
import { standardErrors } from './schemas.js';
import { requireKnownContentType } from './body-checks.js';
import { refuseUnstorableText } from './unstorable-text.js';

/**
 * The route's gate: the caller (already authenticated by the app-wide middleware) must hold the
 * route's permission before anything reads the body, query or path, so an anonymous caller gets
 * 401 and a waiter on a manager's route 403, never a 400 that describes the schema.
 */
function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.get('authorize')(c, permission);
    await next();
  };
}

/**
 * A route with its permission. The permission is written into the OpenAPI document as
 * `x-permission`, so the docs say who may call what and the permission tests can walk every route.
 * Every API route is declared here, so every route runs in one order: (app-wide) body limit →
 * set-up check → authenticate; (here) authorize → content type and unstorable-text (NUL, lone surrogate) checks → validate → handle.
 */
export function defineRoute<const R extends RouteConfig>(permission: Permission, config: R) {
  return createRoute({
    ...config,
    middleware: [requirePermission(permission), requireKnownContentType, refuseUnstorableText] as const,
    'x-permission': permission,
    responses: { ...standardErrors, ...config.responses },
  });
}
