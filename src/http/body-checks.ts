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
