import type { Logger } from 'pino';
import { systemClock, uuidV7Ids, type Clock, type IdGenerator } from '../../src/lib/clock.js';
import type { CloudDb } from '../db.js';

/** Settings of cloud sign-in; every one has a default. */
export interface AuthOptions {
  clock?: Clock;
  ids?: IdGenerator;
  /** Mark the session cookie Secure (the service is behind https). Default: CLOUD_COOKIE_SECURE=1. */
  secureCookies?: boolean;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). Default: CLOUD_TRUST_PROXY=1. */
  trustProxy?: boolean;
}

/** What the auth routes and middleware work with. */
export interface AuthDeps {
  db: CloudDb;
  logger: Logger;
  clock: Clock;
  ids: IdGenerator;
  secureCookies: boolean;
  trustProxy: boolean;
}

const DAY = 24 * 60 * 60 * 1000;

/** A session lives 14 days past its last use, and 60 days at most. */
export const SESSION_IDLE_MS = 14 * DAY;
export const SESSION_MAX_MS = 60 * DAY;
/** Renew the sliding expiry at most once an hour, not on every request. */
export const SESSION_RENEW_AFTER_MS = 60 * 60 * 1000;
/** Invitations and password links are good for 7 days. */
export const INVITATION_TTL_MS = 7 * DAY;
/** 5 wrong passwords for one email from one address within 15 minutes lock that pair for 15 minutes. */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LOGIN_LOCK_MS = 15 * 60 * 1000;

export function authDeps(db: CloudDb, logger: Logger, options: AuthOptions = {}): AuthDeps {
  return {
    db,
    logger,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? uuidV7Ids,
    secureCookies: options.secureCookies ?? process.env.CLOUD_COOKIE_SECURE === '1',
    trustProxy: options.trustProxy ?? process.env.CLOUD_TRUST_PROXY === '1',
  };
}
