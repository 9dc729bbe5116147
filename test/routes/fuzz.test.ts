// Thousands of generated bodies against the public POST routes: valid, half-valid and garbage.
// Whatever comes in, the answer is a contract-shaped 200 or a 4xx envelope, never a 5xx.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FIX_IDS, OUTCOMES, SYMPTOM_KINDS } from "../../src/domain/ids";
import { ErrorSchema } from "../../src/http/errors";
import { ContactCheckResponseSchema } from "../../src/schemas/contact-check";
import { DiagnoseResponseSchema } from "../../src/schemas/responses";
import { get, postJson } from "../support/http";

const textual = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, arb.map((v) => String(v)), fc.constant(""), fc.constant(null));
const bool = textual(fc.boolean()).chain((v) => fc.constantFrom(v, v === true ? "Yes" : v === false ? "No" : v));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const isoTime = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-01-01T00:00:00Z"), noInvalidDate: true })
  .chain((d) => fc.constantFrom(d.toISOString(), d.toISOString().replace("Z", "-08:00"), d.toISOString().slice(0, 19) + "+05:30"));

const validBody = fc.record(
  {
    client: maybe(fc.record({ shortcut: fc.constantFrom("fix-imessage", "is-imessage-down", "other"), version: fc.constantFrom("1.0.0", "0.9", "2.0") })),
    device: fc.record({
      os: maybe(fc.constantFrom("iOS", "iPadOS", "macOS", "ios", "")),
      osVersion: fc.tuple(fc.integer({ min: 12, max: 27 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b, c]) => `${a}.${b}.${c}`),
      model: maybe(fc.constantFrom("iPhone", "iPad", "Mac")),
    }),
    clock: maybe(fc.record({ deviceTime: maybe(isoTime), timeZone: maybe(fc.constantFrom("America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Nowhere/Zone", "")), automatic: maybe(bool) })),
    network: maybe(
      fc.record({
        type: maybe(fc.constantFrom("wifi", "cellular", "none", "Wi-Fi", "")),
        wifi: maybe(fc.record({ rssi: maybe(textual(fc.integer({ min: -110, max: -20 }))), public: maybe(bool) })),
        cellular: maybe(fc.record({ carrier: maybe(fc.string({ maxLength: 20 })), radio: maybe(fc.constantFrom("NR", "LTE", "")), countryCode: maybe(fc.constantFrom("us", "gb", "de", "", "zz")), roaming: maybe(bool) })),
        vpn: maybe(bool),
        websitesLoad: maybe(bool),
      }),
    ),
    storage: maybe(fc.record({ freeBytes: maybe(textual(fc.integer({ min: 0, max: 2 ** 40 }))) })),
    symptom: fc.record({
      kind: fc.constantFrom(...SYMPTOM_KINDS),
      scope: maybe(fc.constantFrom("everyone", "one_contact", "One contact")),
      recipient: maybe(fc.oneof(fc.constantFrom("(415) 555-0100", "+44 7400 123456", "friend@icloud.com", "0033142685300"), fc.string({ maxLength: 30 }))),
      since: maybe(isoTime),
    }),
    settings: maybe(fc.record({ imessageOn: maybe(bool), sendAsSms: maybe(bool), hasSim: maybe(bool), backupConfirmed: maybe(bool) })),
    tried: maybe(fc.array(fc.record({ fix: fc.constantFrom(...FIX_IDS), outcome: fc.constantFrom(...OUTCOMES) }), { maxLength: 30 })),
  },
  { requiredKeys: ["device", "symptom"] },
);

/** A valid body with one value somewhere replaced by anything at all. */
const halfValidBody = fc.tuple(validBody, fc.constantFrom("device", "clock", "network", "storage", "symptom", "settings", "tried", "client"), fc.anything()).map(([body, key, value]) => {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const target = copy[key];
  if (target && typeof target === "object" && !Array.isArray(target)) {
    const inner = Object.keys(target);
    const innerKey = inner[Math.abs(JSON.stringify(value)?.length ?? 0) % Math.max(inner.length, 1)] ?? "x";
    (target as Record<string, unknown>)[innerKey] = value;
  } else copy[key] = value;
  return copy;
});

const garbage = fc.oneof(fc.jsonValue(), fc.string().map((s) => ({ __raw: s })), fc.anything());

function serialise(body: unknown): string {
  if (body && typeof body === "object" && "__raw" in body) return String((body as { __raw: string }).__raw);
  return JSON.stringify(body) ?? "null";
}

async function expectContractAnswer(path: string, body: unknown, okSchema: { safeParse(v: unknown): { success: boolean } }) {
  const res = await postJson(path, serialise(body));
  const json = await res.json();
  if (res.status >= 500) throw new Error(`${res.status} for ${serialise(body).slice(0, 300)}: ${JSON.stringify(json)}`);
  if (res.status === 200) {
    expect(okSchema.safeParse(json).success).toBe(true);
  } else {
    expect([400, 413]).toContain(res.status);
    expect(ErrorSchema.safeParse(json).success).toBe(true);
  }
  return res.status;
}

describe("fuzzing the public POST routes", () => {
  it("POST /v1/diagnose: 1,000 valid bodies all answer 200 within the text limits", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const res = await postJson("/v1/diagnose", body);
        const json = await res.json();
        if (res.status !== 200) throw new Error(`${res.status} for ${JSON.stringify(body)}: ${JSON.stringify(json)}`);
        expect(DiagnoseResponseSchema.safeParse(json).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it("POST /v1/diagnose: 1,000 half-valid and 600 garbage bodies never give a 5xx", { timeout: 120_000 }, async () => {
    const statuses = new Set<number>();
    await fc.assert(fc.asyncProperty(halfValidBody, async (body) => void statuses.add(await expectContractAnswer("/v1/diagnose", body, DiagnoseResponseSchema))), { numRuns: 1000 });
    await fc.assert(fc.asyncProperty(garbage, async (body) => void statuses.add(await expectContractAnswer("/v1/diagnose", body, DiagnoseResponseSchema))), { numRuns: 600 });
    expect(statuses).toContain(400);
  });

  it("POST /v1/contact-check: 600 bodies of every kind never give a 5xx", { timeout: 120_000 }, async () => {
    const body = fc.oneof(
      fc.record({ recipient: fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^\+?[0-9 ()-]{3,20}$/), fc.integer()), region: maybe(fc.oneof(fc.constantFrom("US", "gb", "DE", ""), fc.string({ maxLength: 4 }))) }),
      garbage,
    );
    await fc.assert(fc.asyncProperty(body, async (b) => void (await expectContractAnswer("/v1/contact-check", b, ContactCheckResponseSchema))), { numRuns: 600 });
  });
});

describe("fuzzing the session routes and the GETs", () => {
  const SessionAnswer = { safeParse: (v: unknown) => ({ success: typeof v === "object" && v !== null && "session" in v && "next" in v }) };

  it("POST /v1/sessions: 400 garbage and half-valid bodies never give a 5xx", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(halfValidBody, garbage), async (body) => {
        const res = await postJson("/v1/sessions", serialise(body));
        if (res.status >= 500) throw new Error(`${res.status} for ${serialise(body).slice(0, 300)}`);
        const json = await res.json();
        if (res.status === 201) expect(SessionAnswer.safeParse(json).success).toBe(true);
        else expect(ErrorSchema.safeParse(json).success).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("POST /v1/sessions/{id}/outcome: 400 bodies and keys of every kind never give a 5xx", { timeout: 120_000 }, async () => {
    const created = (await (await postJson("/v1/sessions", { device: { osVersion: "26.6.1" }, symptom: { kind: "not_delivered" } })).json()) as { session: { id: string } };
    const outcomeBody = fc.oneof(
      fc.record({ fix: fc.oneof(fc.constantFrom(...FIX_IDS), fc.string()), outcome: fc.oneof(fc.constantFrom(...OUTCOMES, "Yes", "skip"), fc.string()), diagnostics: maybe(fc.oneof(validBody, fc.anything())) }),
      garbage,
    );
    await fc.assert(
      fc.asyncProperty(outcomeBody, maybe(fc.string({ maxLength: 300 })), async (body, key) => {
        const headers: Record<string, string> = key === undefined ? {} : { "idempotency-key": key.replace(/[^\x20-\x7e]/g, "") };
        const res = await postJson(`/v1/sessions/${created.session.id}/outcome`, serialise(body), headers);
        if (res.status >= 500) throw new Error(`${res.status} for ${serialise(body).slice(0, 300)}`);
        expect([200, 400, 409, 413]).toContain(res.status);
      }),
      { numRuns: 400 },
    );
  });

  it("GETs with odd ids, files and queries answer 200 or 404, never a 5xx", { timeout: 120_000 }, async () => {
    const segment = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("..", "%00", "%2e%2e%2f", "a".repeat(500), "fix-imessage"));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("/v1/sessions/", "/shortcuts/", "/v1/status?client="), segment, async (prefix, value) => {
        const suffix = prefix.startsWith("/shortcuts/") ? ".shortcut" : "";
        const res = await get(`${prefix}${encodeURIComponent(value)}${suffix}`);
        expect([200, 304, 400, 404]).toContain(res.status);
        await res.arrayBuffer();
      }),
      { numRuns: 300 },
    );
  });
});
