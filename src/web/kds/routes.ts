import { newRouter } from '../../http/router.js';
import { clientAssets } from '../client-bundle.js';
import { kdsPage } from './kds-page.js';

/**
 * GET /kds: the kitchen display shell. Public (a screen not yet paired must be able to load it to
 * pair itself); every data call it makes carries the screen's device token.
 */
export function kdsRoutes() {
  return newRouter().get('/kds', async (c) => {
    const assets = await clientAssets();
    // A new box version may change the page: never let a kitchen TV keep an old copy.
    c.header('Cache-Control', 'no-store');
    return c.html(kdsPage(assets.kds.url));
  });
}
