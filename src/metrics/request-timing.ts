import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Histogram } from 'prom-client';

/**
 * Times every request into `histogram`, labelled by the route pattern (`/orders/:id`), never the raw
 * path (ids in labels would grow the series without bound). Shared by the box's and the cloud's metrics.
 */
export function timeRequests(histogram: Histogram<'method' | 'route' | 'status'>): MiddlewareHandler {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    await next();
    const matched = routePath(c, -1);
    const route = matched === '/*' || matched === '*' ? 'unmatched' : matched;
    histogram.observe({ method: c.req.method, route, status: String(c.res.status) }, Number(process.hrtime.bigint() - started) / 1e9);
  };
}
