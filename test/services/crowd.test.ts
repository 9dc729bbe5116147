// The crowd signal on the Worker's side (src/services/crowd.ts), through the real routes: what is a
// report, the isolate's batching, the dedupe, and faults that must leave every route answering.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Bindings } from "../../src/env";
import worker from "../../src/index";
import { addressKeys, crowdReportCounters, resetIsolateCrowdState } from "../../src/services/crowd";
import { counterName } from "../../src/storage/crowd-counter";
import { CLEAN } from "../support/bodies";


let address = 0;
const nextAddress = () => `192.0.2.${(address = (address + 1) % 250)}`;

async function call(path: string, init: { body?: unknown; country?: string; ip?: string; bindings?: Bindings; method?: string } = {}) {
  const ctx = createExecutionContext();
  const request = new Request(`https://delivered.test${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { "content-type": "application/json", "cf-connecting-ip": init.ip ?? nextAddress() },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    cf: init.country ? { country: init.country } : undefined,
  } as RequestInit);
  const response = await worker.fetch(request, init.bindings ?? env, ctx);
  return { response, settled: waitOnExecutionContext(ctx) };
}

/** What the country's counter holds for the current 15 minutes. */
async function counted(region: string) {
  const verdict = await env.CROWD.get(env.CROWD.idFromName(counterName(region))).verdict(region);
  return verdict.reports;
}

async function otherReports(region: string): Promise<number> {
  const chart = await env.CROWD.get(env.CROWD.idFromName(counterName(region))).chart(region);
  return chart.bins.reduce((sum, bin) => sum + bin.other, 0);
}

beforeEach(() => resetIsolateCrowdState());
afterEach(() => vi.restoreAllMocks());

describe("what a report is", () => {
  it("a session start counts; a clean one raises the clean count", async () => {
    const { response, settled } = await call("/v1/sessions", { body: CLEAN, country: "SE" });
    expect(response.status).toBe(201);
    await settled;
    expect(await counted("SE")).toBe(1);
  });

  it("a Fix iMessage diagnosis with nothing tried counts; with something tried, or from another Shortcut, it doesn't", async () => {
    const runs = [
      call("/v1/diagnose", { body: CLEAN, country: "NO" }),
      call("/v1/diagnose", { body: { ...CLEAN, tried: [{ fix: "toggle-airplane-mode", outcome: "not_fixed" }] }, country: "NO" }),
      call("/v1/diagnose", { body: { ...CLEAN, client: { shortcut: "is-imessage-down", version: "1.1.0" } }, country: "NO" }),
      call("/v1/diagnose", { body: { ...CLEAN, client: undefined }, country: "NO" }),
      call("/v1/status", { country: "NO" }),
    ];
    for (const run of runs) {
      const { response, settled } = await run;
      expect(response.status).toBe(200);
      await settled;
    }
    expect(crowdReportCounters().reports).toBe(1);
    expect(await counted("NO")).toBe(1);
  });

  it("an iPhone with its own cause counts, but not as clean", async () => {
    const wrongClock = { ...CLEAN, clock: { automatic: false, deviceTime: new Date(Date.now() - 20 * 60_000).toISOString() } };
    const { settled } = await call("/v1/sessions", { body: wrongClock, country: "FI" });
    await settled;
    expect(await counted("FI")).toBe(0);
    expect(await otherReports("FI")).toBe(1);
  });

  it("one report per address per 30 minutes", async () => {
    for (let i = 0; i < 3; i++) {
      const { settled } = await call("/v1/sessions", { body: CLEAN, country: "IS", ip: "203.0.113.9" });
      await settled;
    }
    expect(crowdReportCounters().reports).toBe(3); // handed over…
    expect(await counted("IS")).toBe(1); // …counted once
  });

  it("hashes the address with a daily key, and yesterday's too in a day's first half hour", async () => {
    const noon = Date.parse("2026-11-28T12:00:00Z");
    const a = await addressKeys(env, "203.0.113.9", noon);
    expect(a.key).toMatch(/^[0-9a-f]{32}$/);
    expect(a.alt).toBeUndefined();
    expect((await addressKeys(env, "203.0.113.9", noon + 3600_000)).key).toBe(a.key);
    expect((await addressKeys(env, "203.0.113.10", noon)).key).not.toBe(a.key);
    const nextDay = await addressKeys(env, "203.0.113.9", Date.parse("2026-11-29T00:10:00Z"));
    expect(nextDay.key).not.toBe(a.key);
    expect(nextDay.alt).toBe(a.key);
    // Another deployment's key gives other hashes.
    expect((await addressKeys({ ...env, CROWD_KEY: "another key" }, "203.0.113.9", noon)).key).not.toBe(a.key);
  });
});

describe("batching", () => {
  it("a burst of reports reaches the counter in a few calls, each carrying many", async () => {
    const bindings = { ...env, CROWD_FLUSH_MS: "400" };
    const runs = await Promise.all(Array.from({ length: 60 }, () => call("/v1/diagnose", { body: CLEAN, country: "PL", bindings })));
    for (const { response } of runs) expect(response.status).toBe(200);
    await Promise.all(runs.map((r) => r.settled));
    const { reports, calls, failed } = crowdReportCounters();
    expect(reports).toBe(60);
    expect(failed).toBe(0);
    expect(calls).toBeLessThanOrEqual(3);
    expect(reports / calls).toBeGreaterThanOrEqual(20);
    expect(await counted("PL")).toBe(60);
  });

  it("reports from several countries go to each country's counter; those without one to the global counter", async () => {
    const bindings = { ...env, CROWD_FLUSH_MS: "300" };
    const runs = await Promise.all([
      ...Array.from({ length: 5 }, () => call("/v1/sessions", { body: CLEAN, country: "HU", bindings })),
      ...Array.from({ length: 4 }, () => call("/v1/sessions", { body: CLEAN, country: "RO", bindings })),
      ...Array.from({ length: 3 }, () => call("/v1/sessions", { body: CLEAN, bindings })),
    ]);
    await Promise.all(runs.map((r) => r.settled));
    expect(await counted("HU")).toBe(5);
    expect(await counted("RO")).toBe(4);
    const global = await env.CROWD.get(env.CROWD.idFromName(counterName(null))).overview();
    expect(global.verdict.reports).toBeGreaterThanOrEqual(3);
  });
});

describe("faults: the crowd is unknown, every route still answers", () => {
  function namespace(behaviour: () => Promise<never>): DurableObjectNamespace {
    const stub = new Proxy({}, { get: () => behaviour });
    return { idFromName: () => ({}), get: () => stub } as unknown as DurableObjectNamespace;
  }
  const failing = () => ({ ...env, CROWD: namespace(() => Promise.reject(new Error("Durable Object unreachable"))) }) as unknown as Bindings;
  const slow = () => ({ ...env, CROWD: namespace(() => new Promise((_, reject) => setTimeout(() => reject(new Error("too late")), 600))) }) as unknown as Bindings;
  const broken = () => ({ ...env, CROWD: { idFromName: () => { throw new Error("no namespace"); }, get: () => { throw new Error("no namespace"); } } }) as unknown as Bindings;

  for (const [name, bindings] of [["unreachable", failing], ["slower than the bound", slow], ["throwing", broken]] as const) {
    it(`a counter ${name}: diagnose, sessions, status and the landing page answer, with the crowd unknown`, async () => {
      const logged = vi.spyOn(console, "warn").mockImplementation(() => {});
      const started = Date.now();
      const diagnose = await call("/v1/diagnose", { body: CLEAN, country: "LT", bindings: bindings(), ip: "198.51.100.77" });
      expect(diagnose.response.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(550);
      const body = (await diagnose.response.json()) as { verdict: { crowd: { status: string; region: string | null } }; next: { id: string } };
      expect(body.verdict.crowd).toMatchObject({ status: "unknown", region: "LT" });
      expect(body.next.id).not.toBe("crowd-outage-wait");

      const session = await call("/v1/sessions", { body: CLEAN, country: "LT", bindings: bindings() });
      expect(session.response.status).toBe(201);
      const status = await call("/v1/status", { country: "LT", bindings: bindings() });
      expect(status.response.status).toBe(200);
      expect(((await status.response.json()) as { crowd: { status: string } }).crowd.status).toBe("unknown");
      const page = await call("/", { country: "LT", bindings: bindings() });
      expect(page.response.status).toBe(200);
      expect(await page.response.text()).toContain('class="crowd" data-status="unknown"');
      await Promise.all([diagnose.settled, session.settled, status.settled, page.settled]);
      // Logged without the address.
      expect(logged.mock.calls.flat().join("\n")).not.toContain("198.51.100.77");
    });
  }
});
