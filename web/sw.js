// Precheck's service worker: after the first visit the app runs with no network at all.
// The post-build step (web/postbuild.py) fills in the file list and a content version.
'use strict';

const VERSION = '__PRECHECK_VERSION__';
const ASSETS = __PRECHECK_ASSETS__;
const CACHE = 'precheck-' + VERSION;

// A new version waits until the page says to take over ("Reload now"), so that an open tab
// never mixes the files of two versions (an old manifest with new policy files).
self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

self.addEventListener('message', (event) => {
  if (event.data === 'precheck.skip-waiting') {
    self.skipWaiting();
  }
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith('precheck-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// Cache first: every file is content-hashed except the page itself, which changes only with
// a new service worker (and so a new cache).
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) {
      return hit;
    }
    // A page not in the cache: the app's own page for the app's addresses, never in place of
    // the authoring page (author/), whose files are kept once it has been opened (offline too).
    const author = new URL(request.url).pathname.startsWith(new URL('author/', self.registration.scope).pathname);
    if (request.mode === 'navigate' && !author) {
      const page = await cache.match('./');
      if (page) {
        return page;
      }
    }
    const response = await fetch(request);
    if (author && response.ok) {
      await cache.put(request, response.clone());
    }
    return response;
  })());
});
