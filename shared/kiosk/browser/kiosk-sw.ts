/**
 * The kiosk app's service worker: it caches the app page and its manifest when installed, and
 * answers them from the cache at once (refreshing the cache from the network behind), so the app
 * starts with no network at all. Everything else (the answers, the device check) goes to the network.
 */

/** The few service-worker types this script uses (the DOM library has no worker scope). */
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface WorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const CACHE = 'palaute-kiosk-v1';
const app = new URL(sw.registration.scope).pathname.replace(/\/$/, '');
const FILES = [app, `${app}/manifest.webmanifest`];

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(FILES))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(sw.clients.claim());
});

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin || !FILES.includes(url.pathname)) return;
  e.respondWith(
    caches.open(CACHE).then(async (cache) => {
      const cached = await cache.match(url.pathname);
      const fresh = fetch(e.request)
        .then((r) => {
          if (r.ok) void cache.put(url.pathname, r.clone());
          return r;
        })
        .catch(() => undefined);
      if (cached) {
        e.waitUntil(fresh);
        return cached;
      }
      return (await fresh) ?? new Response('offline', { status: 503 });
    }),
  );
});
