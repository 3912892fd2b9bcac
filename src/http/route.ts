import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Permission } from '../auth/permissions.js';
import { standardErrors } from './schemas.js';

/**
 * A route with its permission. The permission is written into the OpenAPI document as
 * `x-permission`, so the docs say who may call what and the permission tests can walk every route.
 */
export function defineRoute<const R extends RouteConfig>(permission: Permission, config: R) {
  return createRoute({ ...config, 'x-permission': permission, responses: { ...standardErrors, ...config.responses } });
}

