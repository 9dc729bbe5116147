// GET /v1/status from the location's cache (the Cache API): a second request within max-age is a
// hit with the same body, per country and per query; a fresh request id every time; nothing else
// is cached. The other tests run with STATUS_CACHE=off (vitest.config.ts), so each test here turns
// it on and uses its own query, as keys outlive a test.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { CACHE_STATUS_HEADER, edgeCacheKey } from "../../src/http/edge-cache";
import { refreshFeeds } from "../../src/services/refresh";
import { clearStatus, feedEnv } from "../support/status";

beforeEach(clearStatus);

const cached = { ...feedEnv(), STATUS_CACHE: "on" };
let run = 0;

async function status(query: string, country?: string, bindings: typeof cached = cached) {
  const ctx = createExecutionContext();
  const request = new Request(`https://delivered.test/v1/status?${query}`, country ? { cf: { country } } : {});
  const response = await worker.fetch(request as Parameters<typeof worker.fetch>[0], bindings, ctx);
  const body = await response.text();
  await waitOnExecutionContext(ctx); // the cache.put runs in waitUntil
  return { response, body, cache: response.headers.get(CACHE_STATUS_HEADER) };
}

describe("GET /v1/status from the location's cache", () => {
  it("answers the second request from the cache, with a request id of its own", async () => {
    await refreshFeeds(feedEnv(), new Date());
    const q = `client=is-imessage-down&version=1.1.0&run=${++run}`;
    const first = await status(q, "DE");
    const second = await status(q, "DE");
    expect([first.response.status, first.cache, second.cache]).toEqual([200, "miss", "hit"]);
    expect(second.body).toBe(first.body);
    expect(second.response.headers.get("cache-control")).toBe("public, max-age=30");
    expect(second.response.headers.get("x-request-id")).toBeTruthy();
    expect(second.response.headers.get("x-request-id")).not.toBe(first.response.headers.get("x-request-id"));
    expect(second.response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("keeps countries and queries apart: the crowd verdict and update advice differ by them", async () => {
    await refreshFeeds(feedEnv(), new Date());
    const q = `client=is-imessage-down&version=1.1.0&run=${++run}`;
    expect((await status(q, "DE")).cache).toBe("miss");
    expect((await status(q, "FR")).cache).toBe("miss");
    expect((await status(q)).cache).toBe("miss");
    expect((await status(q.replace("1.1.0", "1.0.0"), "DE")).cache).toBe("miss");
    expect((await status(q, "FR")).cache).toBe("hit");
    // The same parameters in another order are the same answer.
    const reordered = q.split("&").reverse().join("&");
    expect((await status(reordered, "DE")).cache).toBe("hit");
  });

  it("is off with STATUS_CACHE=off", async () => {
    const q = `run=${++run}`;
    const off = { ...cached, STATUS_CACHE: "off" };
    expect((await status(q, "DE", off)).cache).toBeNull();
    expect((await status(q, "DE", off)).cache).toBeNull();
  });

  it("keys by the request's own origin, sorted query and region", () => {
    const key = edgeCacheKey(new Request("https://delivered.example.net/v1/status?version=1&client=x#frag"), "DE");
    expect(key.url).toBe("https://delivered.example.net/v1/status?client=x&version=1&_region=DE");
    expect(edgeCacheKey(new Request("https://d.test/v1/status"), null).url).toBe("https://d.test/v1/status?_region=-");
  });
});
