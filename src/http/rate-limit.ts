// Rate limiting of POST routes per client address, with Cloudflare's rate-limiting binding
// (wrangler.toml: RATE_LIMITER, 30 requests per 60 s). RATE_LIMIT=off lifts it (local load tests).
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app";
import { ApiError } from "./errors";

/** What the middleware needs of the binding; tests pass a fake. */
export interface RateLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The limiter's period (wrangler.toml `simple.period`): after it a refused client may try again. */
export const RETRY_AFTER_SECONDS = 60;

// Requests already counted: the middleware may be applied both app-wide and per route.
const counted = new WeakSet<Request>();

export const rateLimitPosts: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== "POST" || c.env.RATE_LIMIT === "off" || counted.has(c.req.raw)) return next();
  counted.add(c.req.raw);
  const limiter: RateLimiter = c.env.RATE_LIMITER;
  // Cloudflare sets CF-Connecting-IP on every request; its absence means a local or test caller.
  const key = c.req.header("cf-connecting-ip") ?? "unknown";
  let allowed = true;
  try {
    allowed = (await limiter.limit({ key })).success;
  } catch (error) {
    // A failing limiter must not take the API down with it: let the request through, and say so.
    console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), message: "rate limiter failed", error: String(error) }));
  }
  if (!allowed) {
    throw new ApiError(
      "rate_limited",
      `Too many requests from your network. Wait ${RETRY_AFTER_SECONDS} seconds and try again.`,
      undefined,
      { "Retry-After": String(RETRY_AFTER_SECONDS) },
    );
  }
  await next();
};
