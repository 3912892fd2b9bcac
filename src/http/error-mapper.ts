import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Logger } from 'pino';
import { AppError, ERROR_CODES, type ErrorCode } from '../errors.js';
import { validationDetails } from './router.js';
import { isDiskFull } from '../db/disk-full.js';

interface ErrorBodyShape {
  error: { code: ErrorCode; message: string; details?: unknown };
}

function body(code: ErrorCode, message: string, details?: unknown): ErrorBodyShape {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Maps anything thrown into the one error body. Unknown errors become 500 INTERNAL, logged with their stack. */
export function toErrorResponse(err: unknown, c: Context, logger: Logger): Response {
  if (err instanceof AppError) {
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
    return c.json(body(err.code, err.message, err.details), err.status as 400);
  }
  if (err instanceof z.ZodError) {
    return c.json(body('VALIDATION_FAILED', 'The request is not valid.', validationDetails(err)), 400);
  }
  if (err instanceof HTTPException) {
    if (err.status === 413) {
      c.header('Connection', 'close');
      return c.json(body('PAYLOAD_TOO_LARGE', 'The request body is over 1 MB.'), 413);
    }
    if (err.status === 400 && /json/i.test(err.message)) {
      return c.json(body('MALFORMED_JSON', 'The request body is not valid JSON.'), 400);
    }
    if (err.status === 400) return c.json(body('VALIDATION_FAILED', err.message), 400);
  }
  const sqliteCode = (err as { code?: unknown }).code;
  if (sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE' || sqliteCode === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return c.json(body('DUPLICATE', 'A record with the same unique value already exists.'), ERROR_CODES.DUPLICATE);
  }
  if (isDiskFull(err)) {
    // Not a defect to chase in the logs: the disk alert on the `alerts` topic tells the manager.
    logger.warn({ method: c.req.method, path: c.req.path }, 'write refused: disk full');
    c.header('Retry-After', '30');
    return c.json(body('DISK_FULL', 'The box\'s disk is full, so nothing was saved. Free space on the box; retry with the same ids.'), 503);
  }
  if (sqliteCode === 'SQLITE_BUSY') {
    c.header('Retry-After', '1');
    return c.json(body('BUSY', 'The box is busy; retry in a moment with the same ids.'), 503);
  }
  logger.error({ err, method: c.req.method, path: c.req.path }, 'unhandled error');
  return c.json(body('INTERNAL', 'Something went wrong on the box. It was logged; retrying with the same ids is safe.'), 500);
}
