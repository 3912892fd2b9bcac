import type { Actor } from '../db/command.js';
import type { Authorize } from './auth.js';

/** Per-request variables set by the auth middleware. */
export interface AppEnv {
  Variables: {
    /** Who is calling: null when no credential was sent. */
    actor: Actor | null;
    /** True when a credential was sent but is unknown, expired or revoked. */
    badCredential: boolean;
    /** The permission gate, for each route's own middleware (see defineRoute). */
    authorize: Authorize;
  };
}
