// What the Worker is bound to (wrangler.toml). Every var has a working default there.
export interface Bindings {
  DB: D1Database;
  STATUS: KVNamespace;
  ASSETS: Fetcher;
  RATE_LIMITER: RateLimit;
  APPLE_STATUS_URL: string;
  APPLE_DEVELOPER_STATUS_URL: string;
  IOS_VERSIONS_URL: string;
  /** "off" lifts the rate limiter (local load tests). */
  RATE_LIMIT: string;
  /** Where this deployment is reachable; the Shortcuts' default base URL and the landing page's links. */
  PUBLIC_URL: string;
}
