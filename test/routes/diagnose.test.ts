import { describe, expect, it } from "vitest";
import { FIX_IDS } from "../../src/domain/ids";
import { ErrorSchema } from "../../src/http/errors";
import { DiagnoseResponseSchema } from "../../src/schemas/responses";
import { LATEST_VERSIONS } from "../../src/services/shortcut-catalog";
import { get, postJson } from "../support/http";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString().replace("Z", "+00:00");

// The contract's own example request, as a Shortcut would send it (numbers and booleans as text).
const shortcutBody = {
  client: { shortcut: "fix-imessage", version: "1.0.0" },
  device: { os: "iOS", osVersion: "17.1.1", model: "iPhone" },
  clock: { deviceTime: minutesAgo(7), timeZone: "America/Los_Angeles", automatic: "Yes" },
  network: {
    type: "wifi",
    wifi: { rssi: "-71", public: "No" },
    cellular: { carrier: "T-Mobile", radio: "NR", countryCode: "us", roaming: "false" },
    vpn: "", // unanswered
    websitesLoad: "true",
  },
  storage: { freeBytes: "734003200" },
  symptom: { kind: "not_delivered", scope: "everyone", since: "2026-11-26T10:00:00Z" },
  settings: { imessageOn: "1", sendAsSms: "0", hasSim: true },
  tried: [{ fix: "toggle-airplane-mode", outcome: "not_fixed" }],
  somethingNew: "ignored",
};

async function errorOf(res: Response) {
  const body = ErrorSchema.parse(await res.json());
  expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  return body.error;
}

describe("POST /v1/diagnose", () => {
  it("answers the contract's shape, reading text-typed numbers and booleans", async () => {
    const res = await postJson("/v1/diagnose", shortcutBody);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = DiagnoseResponseSchema.parse(await res.json());
    const ids = body.findings.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["clock-skew", "low-storage", "send-as-sms-off", "ios-outdated"]));
    expect(body.next?.id).toBe("set-date-time-automatically");
    expect(body.next?.why).toContain("7 minutes behind");
    expect(body.resolved).toBe(false);
    expect(body.exhausted).toBe(false);
    expect(body.say.length).toBeLessThanOrEqual(200);
    expect(body.show).toContain("1. Open Settings > General > Date & Time.");
    expect(body.verdict.apple.summary).not.toMatch(/healthy/i);
  });

  it("points an outdated Shortcut at its update", async () => {
    const res = await postJson("/v1/diagnose", { ...shortcutBody, client: { shortcut: "fix-imessage", version: "0.9" } });
    const body = DiagnoseResponseSchema.parse(await res.json());
    expect(body.client).toEqual({ latest: LATEST_VERSIONS["fix-imessage"], updateUrl: "https://delivered.example.workers.dev/shortcuts/fix-imessage.shortcut" });
  });

  it("resolved once a fix worked; exhausted when nothing is left", async () => {
    const fixed = await postJson("/v1/diagnose", { ...shortcutBody, tried: [{ fix: "toggle-imessage", outcome: "fixed" }] });
    expect(await fixed.json()).toMatchObject({ resolved: true, exhausted: false, next: null });
    const everything = FIX_IDS.map((fix) => ({ fix, outcome: "not_fixed" }));
    const done = await postJson("/v1/diagnose", { ...shortcutBody, tried: everything });
    expect(await done.json()).toMatchObject({ resolved: false, exhausted: true, next: null });
  });

  it("400 names the field that is wrong", async () => {
    const res = await postJson("/v1/diagnose", { device: { osVersion: "seventeen" }, symptom: { kind: "not_delivered" } });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.issues).toEqual([{ path: "device.osVersion", message: expect.stringContaining("17.1.1") }]);
  });

  it("400 for the two required fields, absent or blank", async () => {
    for (const body of [{}, { device: { osVersion: "" }, symptom: { kind: " " } }, { device: null, symptom: "x" }]) {
      const error = await errorOf(await postJson("/v1/diagnose", body));
      expect(error.issues?.map((i) => i.path).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/^device/), expect.stringMatching(/^symptom/)]));
    }
  });

  it("400 for malformed JSON, an empty body and a tried fix that doesn't exist", async () => {
    expect((await errorOf(await postJson("/v1/diagnose", "{\"device\":"))).message).toMatch(/not valid JSON/);
    expect((await postJson("/v1/diagnose", "")).status).toBe(400);
    const error = await errorOf(await postJson("/v1/diagnose", { ...shortcutBody, tried: [{ fix: "pray", outcome: "fixed" }] }));
    expect(error.issues?.[0]?.path).toBe("tried.0.fix");
  });

  it("413 past 16 KiB", async () => {
    const res = await postJson("/v1/diagnose", { ...shortcutBody, padding: "x".repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("too_large");
  });

  it("415 for a body that isn't JSON", async () => {
    const res = await postJson("/v1/diagnose", "device=1", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe("unsupported_media_type");
  });

  it("404 with the envelope for unknown routes", async () => {
    const res = await get("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("not_found");
  });

  it("sets security headers", async () => {
    const res = await postJson("/v1/diagnose", shortcutBody);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});

describe("GET /v1/playbook and the documents", () => {
  it("lists every fix of the contract in rank order", async () => {
    const res = await get("/v1/playbook");
    const fixes = (await res.json()) as { id: string; rank: number; steps: string[]; triggers: string[] }[];
    expect(fixes.map((f) => f.id).sort()).toEqual([...FIX_IDS].sort());
    expect(fixes.map((f) => f.rank)).toEqual(fixes.map((_, i) => i + 1));
    const warned = fixes.filter((f) => (f as { warning?: string | null }).warning).map((f) => f.id);
    expect(warned).toEqual(expect.arrayContaining(["reset-network-settings", "dfu-restore", "send-as-text"]));
  });

  it("healthz", async () => {
    expect(await (await get("/healthz")).json()).toEqual({ ok: true });
  });

  it("openapi.json documents the contract's routes and names", async () => {
    const doc = (await (await get("/openapi.json")).json()) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/diagnose", "/v1/contact-check", "/v1/playbook", "/healthz"]));
    const text = JSON.stringify(doc);
    for (const name of ["osVersion", "deviceTime", "websitesLoad", "freeBytes", "recipient", "imessageOn", "resolved", "exhausted", "updateUrl", "hasCountryCode"]) {
      expect(text).toContain(`"${name}"`);
    }
  });
});

describe("required fields are required even when the key is absent", () => {
  it("a device without osVersion, a symptom without kind", async () => {
    const error = await errorOf(await postJson("/v1/diagnose", { device: {}, symptom: {} }));
    expect(error.issues).toEqual([
      { path: "device.osVersion", message: 'The iOS version is required, like "17.1.1".' },
      { path: "symptom.kind", message: expect.stringContaining("The symptom kind is required") },
    ]);
  });
  it("a tried entry without its outcome", async () => {
    const error = await errorOf(await postJson("/v1/diagnose", { ...shortcutBody, tried: [{ fix: "force-restart" }] }));
    expect(error.issues?.[0]?.path).toBe("tried.0.outcome");
  });
});

describe("error messages read well", () => {
  it("a wrong type names both types with their articles", async () => {
    const error = await errorOf(await postJson("/v1/diagnose", { device: 5, symptom: { kind: "not_delivered" }, network: { wifi: [1] } }));
    expect(error.issues).toEqual([
      { path: "device", message: "Expected an object, got a number." },
      { path: "network.wifi", message: "Expected an object, got an array." },
    ]);
  });
  it("an absent device says what is required", async () => {
    const error = await errorOf(await postJson("/v1/diagnose", { symptom: { kind: "not_delivered" } }));
    expect(error.issues).toEqual([{ path: "device", message: 'The device is required: at least its osVersion, like "17.1.1".' }]);
  });
});
