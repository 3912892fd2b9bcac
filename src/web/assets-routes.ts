import { newRouter } from '../http/router.js';
import { assetAt } from './client-bundle.js';

/**
 * GET /assets/<app>-<hash>.js: the browser bundles. The hash is of the content, so a name always
 * means the same bytes and the browser may keep it for a year without asking again.
 */
export function assetRoutes() {
  return newRouter().get('/assets/:file', async (c) => {
    const asset = await assetAt(`/assets/${c.req.param('file')}`);
    if (!asset) return c.notFound();
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(asset.code);
  });
}
