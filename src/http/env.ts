import type { Actor } from '../db/command.js';

/** Per-request variables set by the auth middleware. */
export interface AppEnv {
  Variables: {
    /** Who is calling: null when no credential was sent. */
    actor: Actor | null;
    /** True when a credential was sent but is unknown, expired or revoked. */
    badCredential: boolean;
  };
}
