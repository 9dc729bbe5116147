// The D1 layer under sessions, against the real binding and the schema from migrations/.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Diagnostics, Finding } from "../../src/domain/types";
import {
  SESSION_ID_PATTERN,
  SESSION_TTL_MS,
  createSession,
  deleteExpiredSessions,
  findAnswer,
  loadSession,
  newSessionId,
  recordOutcome,
  touchSession,
  withoutRecipient,
} from "../../src/storage/sessions";

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date("2026-11-27T05:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

const diagnostics: Diagnostics = {
  device: { os: "iOS", osVersion: "17.1.1" },
  symptom: { kind: "not_delivered", scope: "one_contact", recipient: "(415) 555-0100" },
  tried: [{ fix: "toggle-airplane-mode", outcome: "not_fixed" }],
};
const findings: Finding[] = [{ id: "recipient-number-format", severity: "medium", detail: "The number is saved without + and its country code (+1)." }];

async function rowCount(table: string, sessionId: string): Promise<number> {
  const column = table === "sessions" ? "id" : "session_id";
  const row = await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`).bind(sessionId).first<{ n: number }>();
  return row?.n ?? -1;
}

describe("session ids", () => {
  it("are 128 random bits in base64url, different every time", () => {
    const ids = new Set(Array.from({ length: 1000 }, newSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(SESSION_ID_PATTERN);
    // 22 base64url characters carry 132 bits; the last carries only 2 of the 128 random ones.
    expect(Buffer.from([...ids][0]!, "base64url")).toHaveLength(16);
  });
});

describe("withoutRecipient", () => {
  it("drops the recipient and the tried list, keeping everything else", () => {
    const stored = withoutRecipient(diagnostics);
    expect(stored.symptom).toEqual({ kind: "not_delivered", scope: "one_contact", recipientChecked: true });
    expect(stored.tried).toBeUndefined();
    expect(stored.device).toEqual(diagnostics.device);
    expect(diagnostics.symptom.recipient).toBe("(415) 555-0100"); // the input is not mutated
  });
});

describe("createSession / loadSession", () => {
  it("stores the sanitized diagnostics, findings and the initial tried list as history", async () => {
    const created = await createSession(env.DB, { diagnostics, findings, history: diagnostics.tried ?? [] }, T0);
    expect(created.step).toBe(2);

    const loaded = await loadSession(env.DB, created.id, later(1000));
    expect(loaded).toEqual(created);
    expect(loaded?.diagnostics.symptom.recipient).toBeUndefined();
    expect(loaded?.history).toEqual([{ step: 1, fix: "toggle-airplane-mode", outcome: "not_fixed", at: T0 }]);
    expect(loaded?.expiresAt).toEqual(later(SESSION_TTL_MS));
  });

  it("answers null for unknown, malformed and expired ids", async () => {
    const created = await createSession(env.DB, { diagnostics, findings, history: [] }, T0);
    expect(await loadSession(env.DB, newSessionId(), T0)).toBeNull();
    expect(await loadSession(env.DB, "' OR 1=1 --", T0)).toBeNull();
    expect(await loadSession(env.DB, created.id, later(SESSION_TTL_MS - 1))).not.toBeNull();
    expect(await loadSession(env.DB, created.id, later(SESSION_TTL_MS))).toBeNull();
  });

  it("touching a session moves its expiry to 30 days after that use", async () => {
    const created = await createSession(env.DB, { diagnostics, findings, history: [] }, T0);
    await touchSession(env.DB, created.id, later(20 * DAY));
    expect(await loadSession(env.DB, created.id, later(45 * DAY))).not.toBeNull();
    expect(await loadSession(env.DB, created.id, later(50 * DAY))).toBeNull();
  });
});

describe("recordOutcome", () => {
  it("records the outcome, moves the step on and renews the expiry", async () => {
    const created = await createSession(env.DB, { diagnostics, findings, history: [] }, T0);
    const newFindings: Finding[] = [{ id: "low-storage", severity: "high", detail: "Only 300 MB free." }];
    const won = await recordOutcome(
      env.DB,
      { sessionId: created.id, step: 1, fix: "force-restart", outcome: "not_fixed", diagnostics, findings: newFindings, idempotency: { key: "k1", answer: { hello: 1 } } },
      later(DAY),
    );
    expect(won).toBe(true);
    const loaded = await loadSession(env.DB, created.id, later(DAY));
    expect(loaded?.step).toBe(2);
    expect(loaded?.history).toEqual([{ step: 1, fix: "force-restart", outcome: "not_fixed", at: later(DAY) }]);
    expect(loaded?.findings).toEqual(newFindings);
    expect(loaded?.diagnostics.symptom.recipient).toBeUndefined();
    expect(loaded?.updatedAt).toEqual(later(DAY));
    expect(loaded?.expiresAt).toEqual(later(DAY + SESSION_TTL_MS));
    expect(await findAnswer(env.DB, created.id, "k1")).toEqual({ fix: "force-restart", outcome: "not_fixed", answer: { hello: 1 } });
  });

  it("writes nothing when the session has moved past the step", async () => {
    const created = await createSession(env.DB, { diagnostics, findings, history: [] }, T0);
    const base = { sessionId: created.id, diagnostics, findings };
    expect(await recordOutcome(env.DB, { ...base, step: 1, fix: "force-restart", outcome: "not_fixed" }, T0)).toBe(true);
    expect(await recordOutcome(env.DB, { ...base, step: 1, fix: "toggle-imessage", outcome: "fixed", idempotency: { key: "late", answer: {} } }, T0)).toBe(false);
    expect(await rowCount("session_steps", created.id)).toBe(1);
    expect(await findAnswer(env.DB, created.id, "late")).toBeNull();
    expect((await loadSession(env.DB, created.id, T0))?.step).toBe(2);
  });

  it("lets exactly one of many concurrent outcomes for one step win", async () => {
    const created = await createSession(env.DB, { diagnostics, findings, history: [] }, T0);
    const outcomes = ["fixed", "not_fixed", "skipped", "cannot_do", "not_fixed", "fixed"] as const;
    const wins = await Promise.all(
      outcomes.map((outcome, i) =>
        recordOutcome(env.DB, { sessionId: created.id, step: 1, fix: "force-restart", outcome, diagnostics, findings, idempotency: { key: `k${i}`, answer: { i } } }, T0),
      ),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = wins.indexOf(true);
    const loaded = await loadSession(env.DB, created.id, T0);
    expect(loaded?.step).toBe(2);
    expect(loaded?.history.map((h) => h.outcome)).toEqual([outcomes[winner]]);
    expect(await rowCount("session_idempotency", created.id)).toBe(1);
    expect(await findAnswer(env.DB, created.id, `k${winner}`)).not.toBeNull();
  });

  it("does not write to an expired session", async () => {
    const created = await createSession(env.DB, { diagnostics, findings, history: [] }, T0);
    const won = await recordOutcome(env.DB, { sessionId: created.id, step: 1, fix: "force-restart", outcome: "fixed", diagnostics, findings }, later(SESSION_TTL_MS));
    expect(won).toBe(false);
    expect(await rowCount("session_steps", created.id)).toBe(0);
  });
});

describe("deleteExpiredSessions", () => {
  it("deletes expired sessions with their steps and stored answers, and keeps live ones", async () => {
    const old = await createSession(env.DB, { diagnostics, findings, history: diagnostics.tried ?? [] }, T0);
    await recordOutcome(env.DB, { sessionId: old.id, step: old.step, fix: "force-restart", outcome: "not_fixed", diagnostics, findings, idempotency: { key: "k", answer: {} } }, T0);
    const live = await createSession(env.DB, { diagnostics, findings, history: diagnostics.tried ?? [] }, later(10 * DAY));

    const deleted = await deleteExpiredSessions(env.DB, later(SESSION_TTL_MS + DAY));
    expect(deleted).toBeGreaterThanOrEqual(1);
    for (const table of ["sessions", "session_steps", "session_idempotency"]) expect(await rowCount(table, old.id)).toBe(0);
    expect(await rowCount("sessions", live.id)).toBe(1);
    expect(await rowCount("session_steps", live.id)).toBe(1);
  });
});
