import { newRouter } from '../http/router.js';
import type { RouteDeps } from '../http/route-deps.js';
import { setupPage } from './setup-page.js';
import { statusPage } from './status-page.js';
import { kdsRoutes } from './kds/routes.js';
import { appRoutes } from './app/routes.js';
import { guestPageRoutes } from './guest/routes.js';
import { assetRoutes } from './assets-routes.js';
import { clientAssets } from './client-bundle.js';

/**
 * Pages the box serves to browsers (not part of the API document). GET / is the first-run set-up
 * form until the box is set up, then it sends the browser to the waiter app (/app/); the status
 * page lives at /status.
 */
export function webRoutes({ services }: RouteDeps) {
  return newRouter().route('/', kdsRoutes()).route('/', appRoutes()).route('/', guestPageRoutes()).route('/', assetRoutes()).get('/', async (c) => {
    // The page changes once set-up is done: never let a tablet keep the old one.
    c.header('Cache-Control', 'no-store');
    if (!services.setup.isInitialized()) return c.html(setupPage((await clientAssets()).setup.url));
    return c.redirect('/app/', 302);
  }).get('/status', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(statusPage(services.setup.get()));
  });
}
