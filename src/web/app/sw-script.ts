/**
 * The service worker (GET /app/sw.js). It keeps the app shell and the last menu so the app opens
 * and shows the menu with the box unreachable. Network first, cache as the fallback: a box update
 * or a menu change is seen as soon as the box answers. Orders are never cached here: the app
 * queues them itself (IndexedDB) with their ids and idempotency keys. The app's bundle is part of
 * the shell; its hashed name is also the cache's name, so a new box version starts a fresh cache.
 */
export function swScript(appBundleUrl: string): string {
  const version = appBundleUrl.replace(/^.*\/app-|\.js$/g, '');
  return `'use strict';
var CACHE = 'brigade-app-${version}';
var SHELL = ['/app/', '/app/manifest.webmanifest', '/app/icon.svg', ${JSON.stringify(appBundleUrl)}];

self.addEventListener('install', function (ev) {
  ev.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (ev) {
  ev.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function cached(req) {
  return fetch(req).then(function (res) {
    if (res.ok) { var copy = res.clone(); caches.open(CACHE).then(function (c) { c.put(req.url.split('?')[0], copy); }); }
    return res;
  }, function () {
    return caches.match(req.url.split('?')[0]).then(function (hit) {
      return hit || new Response('{"error":{"code":"OFFLINE","message":"The box cannot be reached."}}',
        { status: 503, headers: { 'content-type': 'application/json' } });
    });
  });
}

self.addEventListener('fetch', function (ev) {
  var req = ev.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== location.origin) return;
  // The app shell, its bundle and the menu (a 304 passes straight through; only full answers are kept).
  if (url.pathname.indexOf('/app/') === 0 || url.pathname.indexOf('/assets/') === 0 || url.pathname === '/menu') {
    ev.respondWith(cached(req));
  }
});
`;
}
