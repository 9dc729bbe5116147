// What the Worker is bound to (wrangler.toml). Every var has a working default there.
import type { CrowdCounter } from "./storage/crowd-counter";

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
  /** The crowd counters (SQLite-backed Durable Objects): one per country, one global. */
  CROWD: DurableObjectNamespace<CrowdCounter>;
  /**
   * Secret (`wrangler secret put CROWD_KEY`): keys the daily hash of a reporting address for the
   * 30-minute dedupe. Without it each isolate draws its own key (dedupe then only within an isolate).
   */
  CROWD_KEY?: string;
  /** How often an isolate flushes its batched crowd reports, in ms (default 2000; tests: 0). */
  CROWD_FLUSH_MS?: string;
  /** How long an isolate keeps a crowd verdict or chart, in ms (default 10000; the browser test: 1000). */
  CROWD_CACHE_MS?: string;
  /** "off": GET /v1/status is not answered from the location's cache (http/edge-cache.ts). Default on. */
  STATUS_CACHE?: string;
}
