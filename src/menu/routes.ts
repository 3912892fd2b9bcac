import { newRouter } from '../http/router.js';
import type { RouteDeps } from '../http/route-deps.js';

export function menuRoutes(_deps: RouteDeps) {
  return newRouter();
}
