// Sessions end to end in workerd: the real engine, the real D1 binding with the schema from
// migrations/, and the rate limiter (a fake through the RateLimiter interface, and once the real binding).
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import type { Bindings } from "../../src/env";
import { rateLimitPosts, type RateLimiter } from "../../src/http/rate-limit";
import { sessionRoutes } from "../../src/routes/sessions";
import { SESSION_ID_PATTERN, newSessionId } from "../../src/storage/sessions";

const app = createApp().route("/", sessionRoutes);

interface CallOptions {
  headers?: Record<string, string>;
  env?: Partial<Bindings> & { RATE_LIMITER?: RateLimiter };
}

async function call(method: "GET" | "POST", path: string, body?: unknown, options: CallOptions = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const headers = { ...(body === undefined ? {} : { "content-type": "application/json" }), ...options.headers };
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const res = await app.request(path, init, { ...env, ...options.env }, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

// What the Shortcut sends: numbers and booleans as text, one contact affected.
const RECIPIENT = "(415) 555-0100";
const RECIPIENT_DIGITS = "4155550100";
const RECIPIENT_E164 = "+14155550100";
const oneContact = {
  client: { shortcut: "fix-imessage", version: "1.0.0" },
  device: { os: "iOS", osVersion: "17.1.1", model: "iPhone" },
  network: { type: "wifi", wifi: { rssi: "-60", public: "No" }, cellular: { countryCode: "us" }, vpn: "No", websitesLoad: "Yes" },
  storage: { freeBytes: "8000000000" },
  clock: { automatic: "Yes" },
  symptom: { kind: "not_delivered", scope: "one_contact", recipient: RECIPIENT },
  settings: { imessageOn: "Yes", hasSim: "Yes" },
};
const everyone = { ...oneContact, symptom: { kind: "not_delivered", scope: "everyone" } };

interface Answer {
  session: { id: string; step: number; createdAt: string; updatedAt: string; expiresAt: string };
  history: { step: number; fix: string; outcome: string; at: string }[];
  next: { id: string } | null;
  findings: { id: string; detail: string }[];
  resolved: boolean;
  exhausted: boolean;
  recorded?: boolean;
  say: string;
}

async function start(body: unknown = everyone): Promise<Answer> {
  const res = await call("POST", "/v1/sessions", body);
  expect(res.status).toBe(201);
  return res.json();
}

async function report(id: string, body: unknown, headers?: Record<string, string>): Promise<{ res: Response; answer: Answer }> {
  const res = await call("POST", `/v1/sessions/${id}/outcome`, body, { headers });
  return { res, answer: await res.clone().json() };
}

async function stepRows(id: string) {
  const { results } = await env.DB.prepare("SELECT step, fix, outcome FROM session_steps WHERE session_id = ? ORDER BY step").bind(id).all();
  return results;
}

describe("POST /v1/sessions", () => {
  it("starts a session at step 1 with the first fix (201, Location)", async () => {
    const res = await call("POST", "/v1/sessions", everyone);
    expect(res.status).toBe(201);
    const answer = (await res.json()) as Answer;
    expect(answer.session.id).toMatch(SESSION_ID_PATTERN);
    expect(res.headers.get("location")).toBe(`/v1/sessions/${answer.session.id}`);
    expect(answer.session.step).toBe(1);
    expect(answer.history).toEqual([]);
    expect(answer.next).not.toBeNull();
    expect(Date.parse(answer.session.expiresAt) - Date.parse(answer.session.createdAt)).toBe(30 * 24 * 3600 * 1000);
  });

  it("records a tried list given at the start as the first steps", async () => {
    const answer = await start({ ...everyone, tried: [{ fix: "force-restart", outcome: "Not fixed" }] });
    expect(answer.session.step).toBe(2);
    expect(answer.history).toMatchObject([{ step: 1, fix: "force-restart", outcome: "not_fixed" }]);
    expect(answer.next?.id).not.toBe("force-restart");
  });

  it("answers 400 with the envelope for invalid diagnostics", async () => {
    const res = await call("POST", "/v1/sessions", { symptom: { kind: "not_delivered" } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "invalid_request", issues: [{ path: "device" }] } });
  });
});

describe("create → outcome → resume", () => {
  it("records each outcome, moves on to a new fix, and GET resumes exactly there", async () => {
    const started = await start();
    const id = started.session.id;
    const first = started.next!.id;

    const { res, answer: second } = await report(id, { fix: first, outcome: "not_fixed" });
    expect(res.status).toBe(200);
    expect(second.recorded).toBe(true);
    expect(second.session.step).toBe(2);
    expect(second.history).toMatchObject([{ step: 1, fix: first, outcome: "not_fixed" }]);
    expect(second.next).not.toBeNull();
    expect(second.next!.id).not.toBe(first);

    // The phone restarts; the Shortcut comes back with the id.
    const resumed = await call("GET", `/v1/sessions/${id}`);
    expect(resumed.status).toBe(200);
    expect(resumed.headers.get("cache-control")).toBe("no-store");
    const state = (await resumed.json()) as Answer;
    expect(state.session.step).toBe(2);
    expect(state.next?.id).toBe(second.next!.id);
    expect(state.history).toEqual(second.history);

    const { answer: third } = await report(id, { fix: second.next!.id, outcome: "Skip" });
    expect(third.history.map((h) => [h.fix, h.outcome])).toEqual([
      [first, "not_fixed"],
      [second.next!.id, "skipped"],
    ]);
    expect([first, second.next!.id]).not.toContain(third.next?.id);

    const { answer: done } = await report(id, { fix: third.next!.id, outcome: "fixed" });
    expect(done).toMatchObject({ resolved: true, next: null, recorded: true });
    expect(done.session.step).toBe(4);
    expect(await stepRows(id)).toHaveLength(3);
  });

  it("fresh diagnostics re-evaluate the findings, and the session keeps them", async () => {
    const { session, next } = await start();
    const fresh = { ...everyone, storage: { freeBytes: "300000000" } };
    const { answer } = await report(session.id, { fix: next!.id, outcome: "not_fixed", diagnostics: fresh });
    expect(answer.findings.map((f) => f.id)).toContain("low-storage");
    expect(answer.next?.id).toBe("free-storage");
    const state = (await (await call("GET", `/v1/sessions/${session.id}`)).json()) as Answer;
    expect(state.findings.map((f) => f.id)).toContain("low-storage");
    expect(state.next?.id).toBe("free-storage");
  });

  it("treats empty diagnostics ({} or \"\") as none given", async () => {
    let { session, next } = await start();
    for (const diagnostics of [{}, ""]) {
      const { res, answer } = await report(session.id, { fix: next!.id, outcome: "not_fixed", diagnostics });
      expect(res.status).toBe(200);
      ({ session, next } = answer);
    }
    expect(await stepRows(session.id)).toHaveLength(2);
  });

  it("refuses an unknown fix or outcome with 400", async () => {
    const { session } = await start();
    for (const body of [{ fix: "reboot-the-moon", outcome: "fixed" }, { fix: "force-restart", outcome: "maybe" }, { outcome: "fixed" }]) {
      const { res, answer } = await report(session.id, body);
      expect(res.status).toBe(400);
      expect(answer).toMatchObject({ error: { code: "invalid_request" } });
    }
    expect(await stepRows(session.id)).toHaveLength(0);
  });

  it("does not record a fix twice: a stale repeat answers 409 conflict and changes nothing", async () => {
    const { session, next } = await start();
    await report(session.id, { fix: next!.id, outcome: "not_fixed" });
    const { res, answer } = await report(session.id, { fix: next!.id, outcome: "not_fixed" });
    expect(res.status).toBe(409);
    expect(answer).toMatchObject({ error: { code: "conflict", message: expect.stringContaining(next!.id), issues: [] } });
    expect(await stepRows(session.id)).toHaveLength(1);
  });

  it("refuses (409) an outcome for a fix the session never offered, and changes nothing", async () => {
    const { session, next } = await start();
    expect(next!.id).not.toBe("dfu-restore");
    const { res, answer } = await report(session.id, { fix: "dfu-restore", outcome: "not_fixed" });
    expect(res.status).toBe(409);
    expect(answer).toMatchObject({ error: { code: "conflict" } });
    const state = (await (await call("GET", `/v1/sessions/${session.id}`)).json()) as Answer;
    expect(state.session.step).toBe(1);
    expect(state.next?.id).toBe(next!.id);
    expect(await stepRows(session.id)).toHaveLength(0);
  });

  it("refuses (409) any outcome once the repair is resolved", async () => {
    const { session, next } = await start();
    const { answer: done } = await report(session.id, { fix: next!.id, outcome: "fixed" });
    expect(done.resolved).toBe(true);
    for (const body of [{ fix: next!.id, outcome: "not_fixed" }, { fix: "toggle-imessage", outcome: "fixed" }]) {
      const { res, answer } = await report(session.id, body);
      expect(res.status).toBe(409);
      expect(answer).toMatchObject({ error: { code: "conflict", message: expect.stringContaining("resolved") } });
    }
    expect(await stepRows(session.id)).toHaveLength(1);
  });
});

describe("the clock during a repair", () => {
  // Minutes pass between steps: the clock check must not drift (issue 9).
  const nowInLosAngeles = () => {
    const t = new Date(Date.now() - 8 * 3_600_000).toISOString().slice(0, 19);
    return `${t}-08:00`;
  };
  afterEach(() => vi.useRealTimers());

  it("a correct clock stays correct minutes later, on GET and on every outcome", async () => {
    const started = await start({ ...everyone, clock: { deviceTime: nowInLosAngeles(), automatic: "Yes", timeZone: "America/Los_Angeles" } });
    expect(started.findings.map((f) => f.id)).not.toContain("clock-skew");
    vi.useFakeTimers({ now: Date.now() + 3 * 60_000, toFake: ["Date"] });
    const resumed = (await (await call("GET", `/v1/sessions/${started.session.id}`)).json()) as Answer;
    expect(resumed.findings.map((f) => f.id)).not.toContain("clock-skew");
    expect(resumed.next?.id).toBe(started.next!.id);
    vi.setSystemTime(Date.now() + 10 * 60_000);
    const { answer } = await report(started.session.id, { fix: started.next!.id, outcome: "not_fixed" });
    expect(answer.findings.map((f) => f.id)).not.toContain("clock-skew");
    expect(answer.next?.id).not.toBe("set-date-time-automatically");
  });

  it("a clock that was wrong stays wrong by the same amount, however long the repair takes", async () => {
    const behind = new Date(Date.now() - 7 * 60_000 - 8 * 3_600_000).toISOString().slice(0, 19) + "-08:00";
    const started = await start({ ...everyone, clock: { deviceTime: behind, automatic: "Yes" } });
    expect(started.findings.find((f) => f.id === "clock-skew")?.detail).toContain("7 minutes behind");
    vi.useFakeTimers({ now: Date.now() + 20 * 60_000, toFake: ["Date"] });
    const resumed = (await (await call("GET", `/v1/sessions/${started.session.id}`)).json()) as Answer;
    expect(resumed.findings.find((f) => f.id === "clock-skew")?.detail).toContain("7 minutes behind");
  });

  it("a fresh clock in an outcome's diagnostics replaces the session's reading; without one it stays", async () => {
    const started = await start({ ...everyone, clock: { deviceTime: nowInLosAngeles(), automatic: "Yes" } });
    const fixed = started.next!.id;
    const tenBehind = new Date(Date.now() - 10 * 60_000 - 8 * 3_600_000).toISOString().slice(0, 19) + "-08:00";
    const { answer } = await report(started.session.id, { fix: fixed, outcome: "not_fixed", diagnostics: { ...everyone, clock: { deviceTime: tenBehind } } });
    expect(answer.next?.id).toBe("set-date-time-automatically");
    expect(answer.findings.find((f) => f.id === "clock-skew")?.detail).toContain("10 minutes behind");
    // The clock is fixed now: a fresh reading says so.
    const { answer: after } = await report(started.session.id, { fix: "set-date-time-automatically", outcome: "not_fixed", diagnostics: { ...everyone, clock: { deviceTime: nowInLosAngeles() } } });
    expect(after.findings.map((f) => f.id)).not.toContain("clock-skew");
    // Fresh diagnostics without a clock keep the last reading.
    const { answer: kept } = await report(started.session.id, { fix: after.next!.id, outcome: "not_fixed", diagnostics: { ...everyone, clock: undefined } });
    expect(kept.findings.map((f) => f.id)).not.toContain("clock-skew");
  });
});

describe("backup confirmation (no erase without it)", () => {
  // Everything lighter than the backup, already tried: the session is at the backup step.
  async function atBackup() {
    let state = await start({ ...everyone, settings: { ...everyone.settings, sendAsSms: "Yes" } });
    for (let i = 0; i < 40 && state.next && state.next.id !== "back-up-iphone"; i++) {
      state = (await report(state.session.id, { fix: state.next.id, outcome: "not_fixed" })).answer;
    }
    expect(state.next?.id).toBe("back-up-iphone");
    return state;
  }

  it("answering 'not fixed' to the backup step never unlocks the DFU restore", async () => {
    const state = await atBackup();
    const { answer } = await report(state.session.id, { fix: "back-up-iphone", outcome: "not_fixed" });
    expect(answer.next?.id).toBe("hardware-service");
    expect(answer.history.at(-1)).toMatchObject({ fix: "back-up-iphone", outcome: "not_fixed" });
    expect(answer.history.at(-1)).not.toHaveProperty("confirmed");
  });

  it("the person's explicit confirmation does, and the history keeps it", async () => {
    const state = await atBackup();
    const { answer } = await report(state.session.id, { fix: "back-up-iphone", outcome: "not_fixed", confirmed: "Yes" });
    expect(answer.next?.id).toBe("dfu-restore");
    expect(answer.history.at(-1)).toMatchObject({ fix: "back-up-iphone", confirmed: true });
    const resumed = (await (await call("GET", `/v1/sessions/${state.session.id}`)).json()) as Answer;
    expect(resumed.next?.id).toBe("dfu-restore");
  });

  it("confirmed: false is recorded as a no", async () => {
    const state = await atBackup();
    const { answer } = await report(state.session.id, { fix: "back-up-iphone", outcome: "not_fixed", confirmed: false });
    expect(answer.next?.id).toBe("hardware-service");
    expect(answer.history.at(-1)).toMatchObject({ confirmed: false });
  });
});

describe("Idempotency-Key", () => {
  it("a retried outcome with the same key changes nothing and answers the same", async () => {
    const { session, next } = await start();
    const headers = { "Idempotency-Key": "outcome-1" };
    const first = await report(session.id, { fix: next!.id, outcome: "not_fixed" }, headers);
    expect(first.answer.recorded).toBe(true);

    const retry = await report(session.id, { fix: next!.id, outcome: "not_fixed" }, headers);
    expect(retry.res.status).toBe(200);
    expect(retry.res.headers.get("idempotent-replayed")).toBe("true");
    expect(retry.answer).toEqual(first.answer);
    expect(await stepRows(session.id)).toHaveLength(1);

    // Still the same answer after the session has moved on.
    await report(session.id, { fix: first.answer.next!.id, outcome: "not_fixed" }, { "Idempotency-Key": "outcome-2" });
    const late = await report(session.id, { fix: next!.id, outcome: "not_fixed" }, headers);
    expect(late.answer).toEqual(first.answer);
    expect(await stepRows(session.id)).toHaveLength(2);
  });

  it("concurrent retries with one key record once and all answer the same", async () => {
    const { session, next } = await start();
    const headers = { "Idempotency-Key": "same" };
    const results = await Promise.all(Array.from({ length: 5 }, () => report(session.id, { fix: next!.id, outcome: "not_fixed" }, headers)));
    for (const { res, answer } of results) {
      expect(res.status).toBe(200);
      expect(answer).toEqual(results[0]!.answer);
    }
    expect(results[0]!.answer.recorded).toBe(true);
    expect(await stepRows(session.id)).toHaveLength(1);
  });

  it("refuses a key reused for a different outcome", async () => {
    const { session, next } = await start();
    await report(session.id, { fix: next!.id, outcome: "not_fixed" }, { "Idempotency-Key": "k" });
    const { res, answer } = await report(session.id, { fix: next!.id, outcome: "fixed" }, { "Idempotency-Key": "k" });
    expect(res.status).toBe(400);
    expect(answer).toMatchObject({ error: { code: "invalid_request", issues: [{ path: "Idempotency-Key" }] } });
    expect(await stepRows(session.id)).toMatchObject([{ outcome: "not_fixed" }]);
  });

  it("keys are per session", async () => {
    const a = await start();
    const b = await start();
    const headers = { "Idempotency-Key": "shared-key" };
    await report(a.session.id, { fix: a.next!.id, outcome: "not_fixed" }, headers);
    const { answer } = await report(b.session.id, { fix: b.next!.id, outcome: "not_fixed" }, headers);
    expect(answer.recorded).toBe(true);
    expect(answer.session.id).toBe(b.session.id);
  });
});

describe("concurrent outcomes for one step", () => {
  it("exactly one wins; the others answer 409; nothing is lost or counted twice", async () => {
    const { session, next } = await start();
    const outcomes = ["not_fixed", "fixed", "skipped", "cannot_do"];
    const results = await Promise.all(outcomes.map((outcome, i) => report(session.id, { fix: next!.id, outcome }, { "Idempotency-Key": `racer-${i}` })));
    const winners = results.filter((r) => r.res.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r !== winners[0])) {
      expect(loser.res.status).toBe(409);
      expect(loser.answer).toMatchObject({ error: { code: "conflict" } });
    }
    const winner = winners[0]!.answer;
    expect(winner.recorded).toBe(true);
    const rows = await stepRows(session.id);
    expect(rows).toEqual([{ step: 1, fix: next!.id, outcome: winner.history[0]!.outcome }]);

    // Each retry with its key answers what it answered the first time, and still changes nothing.
    const retries = await Promise.all(outcomes.map((outcome, i) => report(session.id, { fix: next!.id, outcome }, { "Idempotency-Key": `racer-${i}` })));
    retries.forEach((retry, i) => {
      expect(retry.res.status).toBe(results[i]!.res.status);
      if (retry.res.status === 200) expect(retry.answer).toEqual(results[i]!.answer);
    });
    expect(await stepRows(session.id)).toEqual(rows);
  });

  it("without keys too: one recorded, the other 409", async () => {
    const { session, next } = await start();
    const [a, b] = await Promise.all([report(session.id, { fix: next!.id, outcome: "fixed" }), report(session.id, { fix: next!.id, outcome: "not_fixed" })]);
    expect([a.res.status, b.res.status].sort()).toEqual([200, 409]);
    expect(await stepRows(session.id)).toHaveLength(1);
  });
});

describe("unknown and expired sessions", () => {
  it("answers 404 not_found for an unknown or malformed id", async () => {
    for (const id of [newSessionId(), "nope", "%27%20OR%201%3D1"]) {
      const get = await call("GET", `/v1/sessions/${id}`);
      expect(get.status).toBe(404);
      expect(await get.json()).toMatchObject({ error: { code: "not_found" } });
      const { res } = await report(id, { fix: "force-restart", outcome: "fixed" });
      expect(res.status).toBe(404);
    }
  });

  it("answers 404 once a session has expired, before the cleanup runs", async () => {
    const { session, next } = await start();
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?").bind(Date.now() - 1, session.id).run();
    expect((await call("GET", `/v1/sessions/${session.id}`)).status).toBe(404);
    expect((await report(session.id, { fix: next!.id, outcome: "fixed" })).res.status).toBe(404);
    expect(await stepRows(session.id)).toHaveLength(0);
  });

  it("each use renews the 30 days", async () => {
    const { session } = await start();
    const soon = Date.now() + 60_000;
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id = ?").bind(soon, session.id).run();
    const state = (await (await call("GET", `/v1/sessions/${session.id}`)).json()) as Answer;
    expect(Date.parse(state.session.expiresAt)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
    const row = await env.DB.prepare("SELECT expires_at FROM sessions WHERE id = ?").bind(session.id).first<{ expires_at: number }>();
    expect(row?.expires_at).toBe(Date.parse(state.session.expiresAt));
  });
});

describe("privacy", () => {
  /** Every value of every row of every table, as text. */
  async function everyStoredValue(): Promise<string[]> {
    const { results: tables } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").all<{ name: string }>();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["sessions", "session_steps", "session_idempotency"]));
    const values: string[] = [];
    for (const { name } of tables) {
      const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>();
      for (const row of results) for (const value of Object.values(row)) values.push(String(value));
    }
    return values;
  }

  it("a one-contact session never stores the recipient's number, in any form", async () => {
    const started = await start(oneContact);
    // The recipient's findings are what the session keeps instead of the number.
    const recipientFindings = started.findings.filter((f) => f.id.startsWith("recipient-")).map((f) => f.id);
    expect(recipientFindings.length).toBeGreaterThan(0);

    const headers = { "Idempotency-Key": "privacy" };
    const { answer } = await report(started.session.id, { fix: started.next!.id, outcome: "not_fixed", diagnostics: oneContact }, headers);
    await report(started.session.id, { fix: started.next!.id, outcome: "not_fixed", diagnostics: oneContact }, headers);
    await report(started.session.id, { fix: answer.next!.id, outcome: "cannot_do" });
    await report(started.session.id, { fix: started.next!.id, outcome: "not_fixed" }, { "Idempotency-Key": "stale" });
    const resumed = (await (await call("GET", `/v1/sessions/${started.session.id}`)).json()) as Answer;
    // Re-diagnosed without the number, the recipient's findings are still there.
    expect(resumed.findings.map((f) => f.id)).toEqual(expect.arrayContaining(recipientFindings));

    const values = await everyStoredValue();
    expect(values.join("\n")).toContain(started.session.id); // the scan does see this session
    for (const value of values) {
      expect(value).not.toContain(RECIPIENT);
      expect(value).not.toContain(RECIPIENT_E164);
      expect(value.replace(/\D/g, "")).not.toContain(RECIPIENT_DIGITS);
    }
  });

  it("nor an email address", async () => {
    const email = "someone.private@example.com";
    const started = await start({ ...oneContact, symptom: { ...oneContact.symptom, recipient: email } });
    await report(started.session.id, { fix: started.next!.id, outcome: "not_fixed" }, { "Idempotency-Key": "e" });
    const values = await everyStoredValue();
    for (const value of values) expect(value.toLowerCase()).not.toContain("someone.private");
  });
});

describe("rate limiting", () => {
  function fakeLimiter(allowed: number) {
    const calls: string[] = [];
    const limiter: RateLimiter = {
      async limit({ key }) {
        calls.push(key);
        return { success: calls.filter((k) => k === key).length <= allowed };
      },
    };
    return { limiter, calls };
  }

  it("answers 429 with Retry-After and the envelope once an address is over its limit", async () => {
    const { limiter, calls } = fakeLimiter(2);
    const options = (ip: string): CallOptions => ({ env: { RATE_LIMIT: "on", RATE_LIMITER: limiter }, headers: { "CF-Connecting-IP": ip } });
    for (let i = 0; i < 2; i++) expect((await call("POST", "/v1/sessions", everyone, options("203.0.113.7"))).status).toBe(201);
    const refused = await call("POST", "/v1/sessions", everyone, options("203.0.113.7"));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("x-request-id")).toBeTruthy();
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited", message: expect.any(String), requestId: expect.any(String) } });
    // Another address is not affected; the outcome route is limited too.
    expect((await call("POST", "/v1/sessions", everyone, options("198.51.100.1"))).status).toBe(201);
    expect((await call("POST", `/v1/sessions/${newSessionId()}/outcome`, { fix: "force-restart", outcome: "fixed" }, options("203.0.113.7"))).status).toBe(429);
    expect(calls).toEqual(["203.0.113.7", "203.0.113.7", "203.0.113.7", "198.51.100.1", "203.0.113.7"]);
  });

  it("counts a request once even when the middleware is applied app-wide as well", async () => {
    const both = createApp();
    both.use("/v1/*", rateLimitPosts);
    both.route("/", sessionRoutes);
    const { limiter, calls } = fakeLimiter(100);
    const ctx = createExecutionContext();
    const res = await both.request("/v1/sessions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(everyone) }, { ...env, RATE_LIMIT: "on", RATE_LIMITER: limiter }, ctx);
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(201);
    expect(calls).toHaveLength(1);
  });

  it("leaves GET alone, and RATE_LIMIT=off lifts the limiter", async () => {
    const { session } = await start();
    const { limiter, calls } = fakeLimiter(0);
    expect((await call("GET", `/v1/sessions/${session.id}`, undefined, { env: { RATE_LIMIT: "on", RATE_LIMITER: limiter } })).status).toBe(200);
    expect((await call("POST", "/v1/sessions", everyone, { env: { RATE_LIMIT: "off", RATE_LIMITER: limiter } })).status).toBe(201);
    expect(calls).toEqual([]);
  });

  it("lets requests through when the limiter itself fails", async () => {
    const broken: RateLimiter = { limit: () => Promise.reject(new Error("limiter unavailable")) };
    expect((await call("POST", "/v1/sessions", everyone, { env: { RATE_LIMIT: "on", RATE_LIMITER: broken } })).status).toBe(201);
  });

  it("with the real RATE_LIMITER binding (wrangler.toml: 30 a minute), the 31st request from one address is refused", async () => {
    const options: CallOptions = { env: { RATE_LIMIT: "on" }, headers: { "CF-Connecting-IP": `2001:db8::${crypto.randomUUID().slice(0, 4)}`, "content-type": "text/plain" } };
    // A fresh address per run (the binding's counts outlive a run in watch mode). A wrong content
    // type is refused (415) after the limiter has counted the request: cheap to send.
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await call("POST", "/v1/sessions", "x", options)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(415));
    expect(statuses[30]).toBe(429);
  });
});

describe("OpenAPI", () => {
  it("documents the three session routes", () => {
    const doc = sessionRoutes.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(["/v1/sessions", "/v1/sessions/{id}", "/v1/sessions/{id}/outcome"]);
    const outcome = doc.paths?.["/v1/sessions/{id}/outcome"]?.post;
    expect(outcome?.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: "idempotency-key", in: "header" })]));
    expect(Object.keys(outcome?.responses ?? {})).toEqual(expect.arrayContaining(["200", "400", "404", "409", "429"]));
  });
});
