// The outcome aggregate in the real runtime: sessions' outcomes through the routes, the real D1
// with the migrations applied.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { playbookRoutes } from "../../src/routes/playbook";
import { sessionRoutes } from "../../src/routes/sessions";
import { forgetWorkedCache } from "../../src/storage/fix-outcomes";
import { deleteExpiredSessions } from "../../src/storage/sessions";

const app = createApp().route("/", sessionRoutes).route("/", playbookRoutes);

async function call(method: "GET" | "POST", path: string, body?: unknown, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await app.request(path, { method, headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }, env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as any };
}

// A symptom no other test file uses, so the counts here are this file's own.
const body = {
  device: { os: "iOS", osVersion: "26.6.1", model: "iPhone" },
  network: { type: "wifi", vpn: "No", websitesLoad: "Yes" },
  storage: { freeRange: "over_5gb" },
  clock: { automatic: "Yes" },
  symptom: { kind: "no_delivered_status", scope: "everyone" },
  settings: { imessageOn: "Yes", sendAsSms: "Yes", hasSim: "Yes" },
};

async function tally(fix: string) {
  const row = await env.DB.prepare("SELECT people, fixed FROM fix_outcomes WHERE symptom = 'no_delivered_status' AND scope = 'everyone' AND platform = 'iOS' AND fix = ?").bind(fix).first<{ people: number; fixed: number }>();
  return row ?? { people: 0, fixed: 0 };
}

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM fix_outcomes").run();
  forgetWorkedCache();
});

describe("the outcome aggregate", () => {
  it("counts who tried a fix and whom it fixed; a skip or 'can't' counts nothing", async () => {
    const a = (await call("POST", "/v1/sessions", body)).body;
    const first = a.next.id as string;
    await call("POST", `/v1/sessions/${a.session.id}/outcome`, { fix: first, outcome: "not_fixed" });
    const b = (await call("POST", "/v1/sessions", body)).body;
    await call("POST", `/v1/sessions/${b.session.id}/outcome`, { fix: first, outcome: "fixed" });
    const c = (await call("POST", "/v1/sessions", body)).body;
    await call("POST", `/v1/sessions/${c.session.id}/outcome`, { fix: first, outcome: "skipped" });
    expect(await tally(first)).toEqual({ people: 2, fixed: 1 });
    // Nothing personal: counts per group only.
    const { results } = await env.DB.prepare("SELECT * FROM fix_outcomes").all();
    expect(Object.keys(results[0]!).sort()).toEqual(["fix", "fixed", "people", "platform", "scope", "symptom"]);
  });

  it("idempotent retries and racing outcomes count once", async () => {
    const s = (await call("POST", "/v1/sessions", body)).body;
    const fix = s.next.id as string;
    const headers = { "Idempotency-Key": "k1" };
    await call("POST", `/v1/sessions/${s.session.id}/outcome`, { fix, outcome: "not_fixed" }, headers);
    await call("POST", `/v1/sessions/${s.session.id}/outcome`, { fix, outcome: "not_fixed" }, headers);
    expect(await tally(fix)).toEqual({ people: 1, fixed: 0 });

    const r = (await call("POST", "/v1/sessions", body)).body;
    const racers = await Promise.all(["fixed", "not_fixed", "fixed", "not_fixed"].map((outcome, i) => call("POST", `/v1/sessions/${r.session.id}/outcome`, { fix, outcome }, { "Idempotency-Key": `r${i}` })));
    expect(racers.filter((x) => x.status === 200)).toHaveLength(1);
    expect((await tally(fix)).people).toBe(2);
  });

  it("outlives session expiry and an isolate's restart", async () => {
    const s = (await call("POST", "/v1/sessions", body)).body;
    await call("POST", `/v1/sessions/${s.session.id}/outcome`, { fix: s.next.id, outcome: "fixed" });
    await env.DB.prepare("UPDATE sessions SET expires_at = 0 WHERE id = ?").bind(s.session.id).run();
    expect(await deleteExpiredSessions(env.DB, new Date())).toBeGreaterThanOrEqual(1);
    forgetWorkedCache();
    expect(await tally(s.next.id)).toEqual({ people: 1, fixed: 1 });
  });

  it("next.worked appears from the 20th person on, and the playbook lists it for the symptom and scope", async () => {
    let fix = "";
    for (let i = 0; i < 20; i++) {
      const s = (await call("POST", "/v1/sessions", body)).body;
      fix = s.next.id;
      await call("POST", `/v1/sessions/${s.session.id}/outcome`, { fix, outcome: i % 4 === 0 ? "fixed" : "not_fixed" });
      forgetWorkedCache();
      if (i === 18) expect((await call("POST", "/v1/sessions", body)).body.next.worked).toBeNull();
    }
    const next = (await call("POST", "/v1/sessions", body)).body.next;
    expect(next.id).toBe(fix);
    expect(next.worked).toEqual({ people: 20, fixed: 5, rate: 0.25 });
    expect(next.why).toContain("This fixed it for 25% of the 20 people with the same problem.");

    const playbook = (await call("GET", "/v1/playbook?symptom=no_delivered_status&scope=everyone")).body as { id: string; worked: unknown }[];
    expect(playbook.find((f) => f.id === fix)?.worked).toEqual({ people: 20, fixed: 5, rate: 0.25 });
    expect(playbook.filter((f) => f.worked !== null)).toHaveLength(1);
    const plain = (await call("GET", "/v1/playbook")).body as Record<string, unknown>[];
    expect(plain[0]).not.toHaveProperty("worked");
  });
});
