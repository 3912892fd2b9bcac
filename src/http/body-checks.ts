import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.js';
import type { AppEnv } from './env.js';

const WITH_BODY = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Bodies must be JSON (or CSV where a route says so); anything else is refused before parsing. */
export const requireKnownContentType: MiddlewareHandler<AppEnv> = async (c, next) => {
  const hasBody = c.req.header('content-length') !== undefined && c.req.header('content-length') !== '0'
    || c.req.header('transfer-encoding') !== undefined;
  if (hasBody && WITH_BODY.includes(c.req.method)) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json' && type !== 'text/csv') {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json (got "${type || 'no content type'}").`);
    }
  }
  await next();
};

/** `\u0000` in JSON text (not an escaped backslash followed by "u0000"), or a raw NUL in CSV. */
const NUL_IN_BODY = /(^|[^\\])(\\\\)*\\u0000|\u0000/;

/**
 * Text with a NUL character (U+0000) is refused before any command sees it: SQLite would keep it,
 * but PostgreSQL text cannot, so the cloud would have to reject the row and the owner's figures
 * would miss it. No person types one; it comes from a broken client, and gets a clear 400.
 */
export const refuseNulCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (WITH_BODY.includes(c.req.method) && c.req.header('content-type') !== undefined) {
    if (NUL_IN_BODY.test(await c.req.text())) {
      throw new AppError('VALIDATION_FAILED', 'A text in the request holds the NUL character (\\u0000), which cannot be stored; remove it and send again.');
    }
  }
  await next();
};
