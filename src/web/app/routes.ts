import { newRouter } from '../../http/router.js';
import { clientAssets } from '../client-bundle.js';
import { appPage } from './app-page.js';
import { APP_MANIFEST, APP_ICON_SVG } from './app-manifest.js';
import { swScript } from './sw-script.js';

/**
 * The waiter app under /app/ (GET / sends a set-up box there). Public static files, like /kds: a
 * tablet not yet paired must load the page to pair itself; every data call carries its tokens.
 */
export function appRoutes() {
  return newRouter()
    .get('/app', (c) => c.redirect('/app/', 302))
    .get('/app/', async (c) => {
      const assets = await clientAssets();
      // The service worker keeps the offline copy; the browser's HTTP cache must not pin an old one.
      c.header('Cache-Control', 'no-cache');
      return c.html(appPage(assets.app.url));
    })
    .get('/app/manifest.webmanifest', (c) => {
      c.header('Content-Type', 'application/manifest+json');
      c.header('Cache-Control', 'no-cache');
      return c.body(APP_MANIFEST);
    })
    .get('/app/icon.svg', (c) => {
      c.header('Content-Type', 'image/svg+xml');
      c.header('Cache-Control', 'max-age=86400');
      return c.body(APP_ICON_SVG);
    })
    .get('/app/sw.js', async (c) => {
      const assets = await clientAssets();
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      // A service worker script is always checked against the network: a new box version replaces it.
      c.header('Cache-Control', 'no-cache');
      return c.body(swScript(assets.app.url));
    });
}
