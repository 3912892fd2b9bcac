/**
 * The box's routes for its off-box copy (issue 22). Order on every route: body limit (a sealed
 * chunk at most, a manifest a few kB) → authenticate with the device credential and box identity
 * (as ingest and the channel) → content type → validate → handle, in one transaction scoped to the
 * credential's location. A copy id from another location is simply not found (row-level security).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { BOX_ID_HEADER } from '../../sync/protocol.js';
import { MAX_SEALED_CHUNK_BYTES, OFFBOX_COPIES_PATH, OFFBOX_LATEST_PATH, startRequest } from '../../sync/offbox-protocol.js';
import type { CloudDb } from '../db.js';
import { authenticateBox } from '../box-identity.js';
import { withTenant, type Tenant } from '../tenant.js';
import { completeCopy, latestCopy, putChunk, readChunk, readCopy, startCopy } from './store.js';

const MAX_MANIFEST_BYTES = 64 * 1024;
const CHUNK_PATH = `${OFFBOX_COPIES_PATH}/:id/chunks/:index`;

const params = z.object({ id: z.uuid(), index: z.coerce.number().int().min(0).max(1_000_000).optional() });

function invalid(error: z.ZodError): AppError {
  return new AppError('VALIDATION_FAILED', 'The request is not valid; see details.', error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}

const limit = (maxSize: number, what: string) => bodyLimit({ maxSize, onError: () => { throw new AppError('PAYLOAD_TOO_LARGE', `${what} may be at most ${maxSize} bytes.`); } });

function requireType(c: Context, type: string): void {
  const given = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (given !== type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send this body as Content-Type: ${type}.`, { expected: type, given: given || null });
}

function pathParams(c: Context): { id: string; index?: number } {
  const parsed = params.safeParse({ id: c.req.param('id'), index: c.req.param('index') });
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

export function createOffboxRoutes(db: CloudDb, logger: Logger): Hono {
  const app = new Hono();
  const bearer = (c: Context) => {
    const h = c.req.header('authorization') ?? '';
    return h.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
  };
  const box = (c: Context): Promise<Tenant> => authenticateBox(db, bearer(c), c.req.header(BOX_ID_HEADER), logger);

  app.use(CHUNK_PATH, limit(MAX_SEALED_CHUNK_BYTES, 'A sealed chunk'));
  app.use(`${OFFBOX_COPIES_PATH}`, limit(MAX_MANIFEST_BYTES, 'A copy\'s manifest'));
  app.use(`${OFFBOX_COPIES_PATH}/:id/complete`, limit(1024, 'This request\'s body'));

  app.post(OFFBOX_COPIES_PATH, async (c) => {
    const tenant = await box(c);
    requireType(c, 'application/json');
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw new AppError('MALFORMED_JSON', 'The copy\'s manifest is not valid JSON.');
    }
    const parsed = startRequest.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error);
    const { created, copy } = await withTenant(db, tenant, (q) => startCopy(q, tenant, c.req.header(BOX_ID_HEADER) ?? null, parsed.data.id, parsed.data.manifest));
    if (created) logger.info({ locationId: tenant.locationId, copyId: copy.id, bytes: copy.manifest.bytes }, 'off-box copy started');
    return c.json(copy, created ? 201 : 200);
  });

  app.get(OFFBOX_LATEST_PATH, async (c) => {
    const tenant = await box(c);
    return c.json(await withTenant(db, tenant, (q) => latestCopy(q, tenant)));
  });

  app.get(`${OFFBOX_COPIES_PATH}/:id`, async (c) => {
    const tenant = await box(c);
    const { id } = pathParams(c);
    return c.json(await withTenant(db, tenant, (q) => readCopy(q, tenant, id)));
  });

  app.put(CHUNK_PATH, async (c) => {
    const tenant = await box(c);
    requireType(c, 'application/octet-stream');
    const { id, index } = pathParams(c);
    const data = new Uint8Array(await c.req.arrayBuffer());
    const { stored } = await withTenant(db, tenant, (q) => putChunk(q, tenant, id, index!, data));
    return c.json({ index, stored });
  });

  app.get(CHUNK_PATH, async (c) => {
    const tenant = await box(c);
    const { id, index } = pathParams(c);
    const data = await withTenant(db, tenant, (q) => readChunk(q, tenant, id, index!));
    return c.body(new Uint8Array(data), 200, { 'content-type': 'application/octet-stream' });
  });

  app.post(`${OFFBOX_COPIES_PATH}/:id/complete`, async (c) => {
    const tenant = await box(c);
    const { id } = pathParams(c);
    const copy = await withTenant(db, tenant, (q) => completeCopy(q, tenant, id));
    logger.info({ locationId: tenant.locationId, copyId: id }, 'off-box copy complete');
    return c.json(copy);
  });

  return app;
}
