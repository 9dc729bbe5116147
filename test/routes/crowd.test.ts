// The crowd verdict fused into the answers, through the routes: a clean iPhone in a country where
// many fail at once is told it's not its fault; its own cause still comes first; Apple's word wins.
import { createExecutionContext, runDurableObjectAlarm, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { SAY_MAX } from "../../src/domain/verdict";
import { refreshFeeds } from "../../src/services/refresh";
import { resetIsolateCrowdState } from "../../src/services/crowd";
import { counterName, type CrowdReport } from "../../src/storage/crowd-counter";
import { clearStatus, feedEnv } from "../support/status";
import { CLEAN } from "../support/bodies";


interface Answer {
  verdict: { apple: { status: string }; crowd: { status: string; region: string | null; reports: number; summary: string } };
  findings: { id: string; detail: string }[];
  next: { id: string; why: string } | null;
  say: string;
}

const counter = (region: string) => env.CROWD.get(env.CROWD.idFromName(counterName(region)));

let serial = 0;
/** Many clean reports from distinct devices in `region`, just now. */
async function outageIn(region: string, n = 40) {
  const now = Date.now();
  const reports: CrowdReport[] = Array.from({ length: n }, () => ({ at: now, key: `r${String(++serial).padStart(31, "0")}`, symptom: "not_delivered", carrier: "", clean: true }));
  await counter(region).record(region, reports);
}

async function call(path: string, country: string, body?: unknown) {
  const ctx = createExecutionContext();
  const request = new Request(`https://delivered.test${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "203.0.113.50" },
    body: body === undefined ? undefined : JSON.stringify(body),
    cf: { country },
  } as RequestInit);
  const response = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

beforeEach(async () => {
  await clearStatus();
  resetIsolateCrowdState();
  await refreshFeeds(feedEnv(), new Date());
});

describe("the crowd verdict as evidence, through the routes", () => {
  it("a clean iPhone in a country where many fail: crowd-outage, and wait instead of changing settings", async () => {
    await outageIn("DE");
    const response = await call("/v1/diagnose", "DE", CLEAN);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(answer.verdict.apple.status).toBe("no_incident");
    expect(answer.verdict.crowd).toMatchObject({ status: "likely", region: "DE", reports: 40 });
    expect(answer.verdict.crowd.summary).toBe("Many more iPhones than usual in Germany report iMessage failing right now: 40 in 15 minutes, about 2 is usual.");
    expect(answer.findings.map((f) => f.id)).toContain("crowd-outage");
    expect(answer.next?.id).toBe("crowd-outage-wait");
    expect(answer.say.length).toBeLessThanOrEqual(SAY_MAX);
  });

  it("a session started there begins with the same wait", async () => {
    await outageIn("ES");
    const response = await call("/v1/sessions", "ES", CLEAN);
    expect(response.status).toBe(201);
    expect(((await response.json()) as Answer).next?.id).toBe("crowd-outage-wait");
  });

  it("an iPhone with a wrong clock still sets its clock first", async () => {
    await outageIn("IT");
    const wrongClock = { ...CLEAN, clock: { automatic: false, deviceTime: new Date(Date.now() - 20 * 60_000).toISOString() } };
    const answer = (await (await call("/v1/diagnose", "IT", wrongClock)).json()) as Answer;
    expect(answer.verdict.crowd.status).toBe("likely");
    expect(answer.findings.map((f) => f.id)).toEqual(expect.arrayContaining(["crowd-outage", "clock-skew"]));
    expect(answer.next?.id).toBe("set-date-time-automatically");
  });

  it("the same iPhone in a quiet country gets the usual first fix", async () => {
    await outageIn("CH");
    const answer = (await (await call("/v1/diagnose", "LU", CLEAN)).json()) as Answer;
    expect(answer.verdict.crowd).toMatchObject({ status: "none", region: "LU" });
    expect(answer.findings.map((f) => f.id)).not.toContain("crowd-outage");
    expect(answer.next?.id).not.toBe("crowd-outage-wait");
  });

  it("Apple's own incident outranks the crowd", async () => {
    await outageIn("AR");
    await refreshFeeds(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), new Date());
    resetIsolateCrowdState();
    const answer = (await (await call("/v1/diagnose", "AR", CLEAN)).json()) as Answer;
    expect(answer.verdict.crowd.status).toBe("likely");
    expect(answer.findings.map((f) => f.id)).not.toContain("crowd-outage");
    expect(answer.next?.id).toBe("apple-outage-wait");
  });
});

describe("GET /v1/status and the landing page", () => {
  it("/v1/status: the caller's crowd verdict, the raised countries, and Siri says it when Apple reports nothing", async () => {
    await outageIn("MX");
    const own = (await (await call("/v1/status", "MX")).json()) as { crowd: Answer["verdict"]["crowd"]; crowdRegions: unknown[]; say: string; show: string };
    expect(own.crowd).toMatchObject({ status: "likely", region: "MX" });
    expect(own.say).toBe("Many more iPhones than usual in Mexico report iMessage failing, and Apple reports nothing yet. It's likely not you: send texts instead and try again in 30 minutes.");
    expect(own.show).toContain("Many more iPhones than usual in Mexico");

    // The country's alarm tells the global counter; then every caller sees Mexico among the raised.
    expect(await runDurableObjectAlarm(counter("MX"))).toBe(true);
    resetIsolateCrowdState();
    const elsewhere = (await (await call("/v1/status", "CL")).json()) as { crowd: { status: string; region: string }; crowdRegions: { region: string; status: string }[]; say: string };
    expect(elsewhere.crowd).toMatchObject({ status: "none", region: "CL" });
    expect(elsewhere.crowdRegions).toContainEqual(expect.objectContaining({ region: "MX", status: "likely" }));
    expect(elsewhere.say).toBe("Apple reports no iMessage incident. If your messages still fail, run Fix iMessage.");
  });

  it("the landing page shows the verdict and a chart of the last 24 hours for the country and worldwide, with no inline style", async () => {
    await outageIn("CA");
    const response = await call("/", "CA");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<div class="crowd" data-status="likely"><p class="crowd-headline">Many more iPhones than usual in Canada report iMessage failing right now: 40 in 15 minutes, about 2 is usual.</p>');
    expect(html).toContain('<figure class="crowd-chart" id="crowd-chart-ca">');
    expect(html).toContain('<figure class="crowd-chart" id="crowd-chart-world">');
    expect(html).toContain('<title id="crowd-chart-ca-title">Canada: clean reports every 15 minutes over the last 24 hours, against the usual range</title>');
    expect(html).toMatch(/<desc id="crowd-chart-ca-desc">40 clean reports in the last 15 minutes, about [\d.]+ usual\./);
    expect(html).toMatch(/class="crowd-raised crowd-raised-likely"/);
    expect(html).not.toMatch(/<script|<style|\sstyle="/i);
    // Times as a person reads them: no ISO times, no UTC in the chart.
    const charts = html.slice(html.indexOf('<div class="crowd-charts">'), html.indexOf('<p class="muted crowd-about">'));
    expect(charts).not.toMatch(/UTC|\d{4}-\d\d-\d\dT/);
    expect(charts).toContain(">24 h ago<");
    expect(charts).toContain(">now<");
  });

  it("marks Apple's incidents on the chart", async () => {
    await refreshFeeds(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), new Date());
    const html = await (await call("/", "AU")).text();
    expect(html).toMatch(/<g class="apple-incident"><rect [^>]+><\/rect><text [^>]+>Apple: iMessage outage<\/text><\/g>/);
  });
});
