import { exports } from "cloudflare:workers";
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";

it("answers healthz", async () => {
  const res = await exports.default.fetch("http://x/healthz");
  expect(res.status).toBe(200);
  const r2 = await fetch("http://fixtures.test/apple-status/developer-no-events.json");
  expect(r2.status).toBe(200);
  expect(env.RATE_LIMIT).toBe("off");
});
