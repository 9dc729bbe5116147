// GET /v1/status from Cloudflare's cache in the location that serves the request (the Cache API,
// caches.default), so a surge of widgets polling Apple's verdict costs one status computation per
// location, country and query every 30 s rather than a KV read and two crowd-counter reads per
// isolate every 10 to 30 s.
//
// Why the Cache API and not a Cache Rule: a Worker's own responses never pass through the zone's
// cache, so Cache Rules don't apply to them; and the answer depends on the caller's country (the
// crowd verdict), which only a key the Worker builds can tell apart. The Cache API works on a
// custom domain (routes); on *.workers.dev Cloudflare makes it a no-op and every request is
// computed, from the isolate's copy of the snapshot. STATUS_CACHE=off turns it off.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app";

export const CACHE_STATUS_HEADER = "x-delivered-cache";

/**
 * The cache key: the request's own origin and path (Cloudflare advises the Worker's hostname), its
 * query sorted, and the caller's region as one more parameter.
 */
export function edgeCacheKey(request: Request, region: string | null): Request {
  const url = new URL(request.url);
  const params = [...url.searchParams].sort(([a], [b]) => a.localeCompare(b));
  params.push(["_region", region ?? "-"]);
  url.search = new URLSearchParams(params).toString();
  url.hash = "";
  return new Request(url.toString(), { method: "GET" });
}

/** Answers a GET from this location's cache when it can, else stores the (200, public) answer. */
export function edgeCache(regionOf: (request: Request) => string | null): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== "GET" || c.env.STATUS_CACHE === "off" || typeof caches === "undefined") return next();
    const key = edgeCacheKey(c.req.raw, regionOf(c.req.raw));
    const cache = caches.default;
    let hit: Response | undefined;
    try {
      hit = await cache.match(key);
    } catch {
      hit = undefined; // a cache fault is a miss
    }
    if (hit) {
      const response = new Response(hit.body, hit);
      response.headers.set(CACHE_STATUS_HEADER, "hit");
      return response;
    }
    await next();
    const cacheControl = c.res.headers.get("cache-control") ?? "";
    if (c.res.status === 200 && /\bpublic\b/.test(cacheControl) && /\bmax-age=\d+/.test(cacheControl)) {
      // Stored without per-request headers; the cache honours the response's own max-age.
      const copy = new Response(c.res.clone().body, c.res);
      copy.headers.delete(CACHE_STATUS_HEADER);
      c.executionCtx.waitUntil(cache.put(key, copy).catch(() => undefined));
    }
    c.res.headers.set(CACHE_STATUS_HEADER, "miss");
  };
}
