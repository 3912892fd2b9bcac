import type { Services } from '../services.js';
import type { Authorize } from './auth.js';

/** What every module's routes receive from the app. */
export interface RouteDeps {
  services: Services;
  authorize: Authorize;
}
