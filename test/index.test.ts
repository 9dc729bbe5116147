// The Worker as deployed: every route mounted on one app, the limiter in front of the POSTs,
// and the Cron Trigger doing both of its jobs.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { get, postJson } from "./support/http";

const body = { device: { osVersion: "26.6.1" }, symptom: { kind: "not_delivered", scope: "one_contact", recipient: "+1 415 555 0100" } };

describe("the Worker entry", () => {
  it("mounts the sessions: create, then resume through the same fetch handler", async () => {
    const created = await postJson("/v1/sessions", body);
    expect(created.status).toBe(201);
    const { session, next } = (await created.json()) as { session: { id: string }; next: { id: string } };
    const resumed = await get(`/v1/sessions/${session.id}`);
    expect(resumed.status).toBe(200);
    expect(((await resumed.json()) as { next: { id: string } }).next.id).toBe(next.id);
  });

  it("limits POSTs per address when RATE_LIMIT is on", async () => {
    let calls = 0;
    const limiter = { limit: async () => ({ success: ++calls <= 2 }) };
    const limitedEnv = { ...env, RATE_LIMIT: "on", RATE_LIMITER: limiter as unknown as RateLimit };
    const send = () =>
      worker.fetch(
        new Request("https://delivered.test/v1/diagnose", { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.7" }, body: JSON.stringify(body) }),
        limitedEnv,
        createExecutionContext(),
      );
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    // GETs are never limited.
    const status = await worker.fetch(new Request("https://delivered.test/v1/playbook"), limitedEnv, createExecutionContext());
    expect(status.status).toBe(200);
  });

  it("the cron job deletes expired sessions", async () => {
    const created = (await (await postJson("/v1/sessions", body)).json()) as { session: { id: string } };
    const in31Days = Date.now() + 31 * 86_400_000;
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: in31Days, cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const row = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE id = ?").bind(created.session.id).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });
});
