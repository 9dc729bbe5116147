// Faults on our side: the envelope, a request id to quote, a log line without the body.
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { ErrorSchema } from "../../src/http/errors";

const RECIPIENT = "+1 415 555 0100";
const body = JSON.stringify({ device: { osVersion: "26.6.1" }, symptom: { kind: "not_delivered", scope: "one_contact", recipient: RECIPIENT } });

function databaseThatFails(error: Error): D1Database {
  const fail = () => {
    throw error;
  };
  return { prepare: fail, batch: fail, exec: fail, dump: fail, withSession: fail } as unknown as D1Database;
}

async function createSessionWith(db: D1Database) {
  const request = new Request("https://delivered.test/v1/sessions", { method: "POST", headers: { "content-type": "application/json" }, body });
  return worker.fetch(request, { ...env, DB: db }, createExecutionContext());
}

describe("faults", () => {
  afterEach(() => vi.restoreAllMocks());

  it("an unexpected error: 500 internal with the request id, logged without the body", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await createSessionWith(databaseThatFails(new TypeError("cannot read properties of undefined")));
    expect(res.status).toBe(500);
    const { error } = ErrorSchema.parse(await res.json());
    expect(error.code).toBe("internal");
    expect(error.requestId).toBe(res.headers.get("x-request-id"));
    const lines = logged.mock.calls.map((args) => args.join(" "));
    expect(lines.some((line) => line.includes(error.requestId!))).toBe(true);
    expect(lines.join("\n")).not.toContain("555");
  });

  it("the database unavailable: 503 unavailable with Retry-After", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const res = await createSessionWith(databaseThatFails(new Error("D1_ERROR: Network connection lost.")));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(ErrorSchema.parse(await res.json()).error.code).toBe("unavailable");
  });
});
