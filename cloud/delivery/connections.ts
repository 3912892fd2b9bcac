/**
 * Platform connections (issue 21): per location and platform, the shared secret and how the
 * location takes platform orders. A directory the service reads before any tenant is known (the
 * webhook is verified with its secret before anything in it is trusted), like `devices`.
 * The secret is written, never read back by a route: views say only whether one is set.
 */
import crypto from 'node:crypto';
import { z } from 'zod';
import type { CloudDb } from '../db.js';

export interface Connection {
  locationId: string;
  organisationId: string;
  platform: string;
  secret: string;
  storeRef: string | null;
  apiUrl: string | null;
  apiToken: string | null;
  autoAccept: boolean;
  prepMinutes: number;
  holdSeconds: number;
  commissionBp: number;
  enabled: boolean;
  /** The last request from the platform that passed its signature check (epoch ms). */
  lastRequestAt: number | null;
}

const COLUMNS = `location_id AS "locationId", organisation_id AS "organisationId", platform, secret, store_ref AS "storeRef", api_url AS "apiUrl",
  api_token AS "apiToken", auto_accept AS "autoAccept", prep_minutes AS "prepMinutes", hold_seconds AS "holdSeconds", commission_bp AS "commissionBp", enabled,
  (extract(epoch from last_request_at) * 1000)::float8 AS "lastRequestAt"`;

export async function findConnection(db: CloudDb, locationId: string, platform: string): Promise<Connection | null> {
  const { rows } = await db.query<Connection>(`SELECT ${COLUMNS} FROM platform_connections WHERE location_id = $1 AND platform = $2`, [locationId, platform]);
  return rows[0] ?? null;
}

export async function connectionsOf(db: CloudDb, locationId: string): Promise<Connection[]> {
  return (await db.query<Connection>(`SELECT ${COLUMNS} FROM platform_connections WHERE location_id = $1 ORDER BY platform`, [locationId])).rows;
}

/** Locations with at least one connection: where the outbox worker looks. */
export async function connectedPlaces(db: CloudDb): Promise<Array<{ locationId: string; organisationId: string }>> {
  return (await db.query<{ locationId: string; organisationId: string }>(
    'SELECT DISTINCT location_id AS "locationId", organisation_id AS "organisationId" FROM platform_connections')).rows;
}

/** What an owner sees: everything but the secret and the API token. */
export const connectionView = (c: Connection) => ({
  platform: c.platform, locationId: c.locationId, secretSet: c.secret.length > 0, storeRef: c.storeRef, apiUrl: c.apiUrl, apiTokenSet: c.apiToken !== null,
  autoAccept: c.autoAccept, prepMinutes: c.prepMinutes, holdSeconds: c.holdSeconds, commissionBp: c.commissionBp, enabled: c.enabled,
  lastRequestAt: c.lastRequestAt,
});
export type ConnectionView = ReturnType<typeof connectionView>;

/** A secret for a platform that lets the restaurant choose it (the generic scheme): 32 random bytes, hex. */
export const newSecret = (): string => crypto.randomBytes(32).toString('hex');

/** Notes a request that passed the connection's signature check (what the page shows as "last request"). */
export async function touchConnection(db: CloudDb, locationId: string, platform: string): Promise<void> {
  await db.query('UPDATE platform_connections SET last_request_at = now() WHERE location_id = $1 AND platform = $2', [locationId, platform]);
}

export async function deleteConnection(db: CloudDb, locationId: string, platform: string): Promise<boolean> {
  return ((await db.query('DELETE FROM platform_connections WHERE location_id = $1 AND platform = $2', [locationId, platform])).rowCount ?? 0) > 0;
}

export interface RefusedRequest { at: number; code: string; reason: string; remote: string | null }

/** The latest requests refused for this connection (bad signature, stale, malformed…): who is knocking, and why not. */
export async function refusedRequests(db: CloudDb, locationId: string, platform: string, limit = 5): Promise<RefusedRequest[]> {
  return (await db.query<RefusedRequest>(`SELECT (extract(epoch from at) * 1000)::float8 AS at, code, reason, remote FROM platform_request_log
    WHERE location_id = $1 AND platform = $2 ORDER BY at DESC, id DESC LIMIT $3`, [locationId, platform, limit])).rows;
}

export const ConnectionInput = z.object({
  /** The platform's webhook secret (Uber: the client secret; Deliveroo: the webhook secret). Required the first time; omit to keep. */
  secret: z.string().min(16, 'A shared secret is at least 16 characters.').max(256).optional(),
  storeRef: z.string().trim().max(200).nullable().optional(),
  /** Where statuses go: the platform's API base URL. */
  apiUrl: z.url({ protocol: /^https?$/ }).max(500).nullable().optional(),
  apiToken: z.string().min(1).max(2000).nullable().optional(),
  autoAccept: z.boolean().optional(),
  prepMinutes: z.number().int().min(1).max(240).optional(),
  /** How long an order waits for the box's answer before the platform is told no (default 480 s: Uber cancels at 11.5 min). */
  holdSeconds: z.number().int().min(1).max(3600).optional(),
  /** The platform's commission on the food subtotal, when its payload does not say (basis points). */
  commissionBp: z.number().int().min(0).max(10_000).optional(),
  enabled: z.boolean().optional(),
}).strict();
export type ConnectionInputT = z.infer<typeof ConnectionInput>;

/** Creates or changes a connection; fields not given keep their value. Returns null when a new one lacks its secret. */
export async function saveConnection(db: CloudDb, place: { locationId: string; organisationId: string }, platform: string, input: ConnectionInputT): Promise<Connection | null> {
  const current = await findConnection(db, place.locationId, platform);
  if (!current && !input.secret) return null;
  const next: Connection = {
    locationId: place.locationId, organisationId: place.organisationId, platform,
    secret: input.secret ?? current!.secret,
    storeRef: input.storeRef !== undefined ? input.storeRef : current?.storeRef ?? null,
    apiUrl: input.apiUrl !== undefined ? input.apiUrl : current?.apiUrl ?? null,
    apiToken: input.apiToken !== undefined ? input.apiToken : current?.apiToken ?? null,
    autoAccept: input.autoAccept ?? current?.autoAccept ?? false,
    prepMinutes: input.prepMinutes ?? current?.prepMinutes ?? 20,
    holdSeconds: input.holdSeconds ?? current?.holdSeconds ?? 480,
    commissionBp: input.commissionBp ?? current?.commissionBp ?? 0,
    enabled: input.enabled ?? current?.enabled ?? true,
    lastRequestAt: current?.lastRequestAt ?? null,
  };
  await db.query(`INSERT INTO platform_connections (location_id, organisation_id, platform, secret, store_ref, api_url, api_token, auto_accept, prep_minutes, hold_seconds, commission_bp, enabled)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
    ON CONFLICT (location_id, platform) DO UPDATE SET secret = EXCLUDED.secret, store_ref = EXCLUDED.store_ref, api_url = EXCLUDED.api_url, api_token = EXCLUDED.api_token,
      auto_accept = EXCLUDED.auto_accept, prep_minutes = EXCLUDED.prep_minutes, hold_seconds = EXCLUDED.hold_seconds, commission_bp = EXCLUDED.commission_bp,
      enabled = EXCLUDED.enabled, updated_at = now()`,
  [next.locationId, next.organisationId, platform, next.secret, next.storeRef, next.apiUrl, next.apiToken, next.autoAccept, next.prepMinutes, next.holdSeconds, next.commissionBp, next.enabled]);
  return next;
}
