import { newRouter } from '../../http/router.js';
import { clientAssets } from '../client-bundle.js';
import { guestPage, languageFromHeader } from './guest-page.js';

/**
 * GET /t/<token>: the page a table's QR code opens, for guests on the restaurant's Wi-Fi. Public
 * and static, like /app and /kds; the data calls carry the token and are checked (guests/public-routes.ts).
 */
export function guestPageRoutes() {
  return newRouter().get('/t/:token', async (c) => {
    const assets = await clientAssets();
    c.header('Cache-Control', 'no-cache');
    c.header('X-Frame-Options', 'DENY');
    return c.html(guestPage(assets.guest.url, languageFromHeader(c.req.header('accept-language'))));
  });
}
