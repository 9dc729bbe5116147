import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { SAY_MAX, SHOW_MAX } from "../../src/domain/verdict";
import { LATEST_VERSIONS } from "../../src/services/shortcut-catalog";
import { refreshFeeds } from "../../src/services/refresh";
import { StatusResponseSchema } from "../../src/routes/status";
import { clearStatus, feedEnv } from "../support/status";

// The Worker's own vars point at Apple's real URLs, which answer 502 in tests: only what a test
// stores through refreshFeeds (same KV binding) can make the route say anything but `unknown`.
async function getStatus(query = "") {
  const response = await exports.default.fetch(`http://delivered.test/v1/status${query}`);
  const body = StatusResponseSchema.parse(await response.json());
  return { response, body };
}

beforeEach(clearStatus);

describe("GET /v1/status", () => {
  it("with nothing cached and Apple unreachable: 200 and unknown, briefly cacheable", async () => {
    const { response, body } = await getStatus();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=5");
    expect(body.apple).toMatchObject({ status: "unknown", events: [], checkedAt: null });
    expect(body.say).toBe("Apple's status can't be checked right now. If your messages fail, run Fix iMessage to check your iPhone.");
  });

  it("answers from the snapshot: an ongoing iMessage outage", async () => {
    const now = new Date();
    await refreshFeeds(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), now);
    const { response, body } = await getStatus("?client=fix-imessage&version=1.0.0");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=30");
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(body.apple).toMatchObject({ status: "outage", stale: false, checkedAt: now.toISOString() });
    expect(body.apple.events[0]).toMatchObject({ service: "iMessage", statusType: "Outage", eventStatus: "ongoing" });
    // Heard, not read: a duration, never a UTC clock time.
    expect(body.say).toMatch(/^Apple reports an iMessage outage, for \d+ (minutes|hours|days) so far\. It's not you: send urgent messages as texts/);
    expect(body.say).not.toMatch(/UTC|\d:\d\d/);
    expect(body.say.length).toBeLessThanOrEqual(SAY_MAX);
    expect(body.show.length).toBeLessThanOrEqual(SHOW_MAX);
    expect(body.show).toContain("• iMessage: Outage, since");
  });

  it("no events: 'Apple reports no incident', never 'healthy'", async () => {
    await refreshFeeds(feedEnv(), new Date());
    const { body } = await getStatus();
    expect(body.apple.status).toBe("no_incident");
    expect(body.apple.summary).toBe("Apple reports no incident for iMessage.");
    expect(JSON.stringify(body)).not.toMatch(/healthy/i);
  });

  it("serves an old snapshot as stale with its age, not an error", async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    await refreshFeeds(feedEnv(), twoHoursAgo);
    const { response, body } = await getStatus();
    expect(response.status).toBe(200);
    expect(body.apple.status).toBe("no_incident");
    expect(body.apple.stale).toBe(true);
    expect(body.apple.ageSeconds).toBeGreaterThanOrEqual(2 * 60 * 60);
    expect(body.say).toContain("Apple's page was last read 2 hours ago.");
  });

  it("ignores unexpected query values rather than refusing the widget", async () => {
    const { response } = await getStatus("?client=&version=&other=1");
    expect(response.status).toBe(200);
  });

  it("points an older Is iMessage Down at its update; a current one at nothing", async () => {
    expect((await getStatus("?client=is-imessage-down&version=0.9")).body.client).toEqual({
      latest: LATEST_VERSIONS["is-imessage-down"],
      updateUrl: "https://delivered.example.workers.dev/shortcuts/is-imessage-down.shortcut",
    });
    expect((await getStatus(`?client=is-imessage-down&version=${LATEST_VERSIONS["is-imessage-down"]}`)).body.client.updateUrl).toBeNull();
  });

  it("is described in /openapi.json", async () => {
    const response = await exports.default.fetch("http://delivered.test/openapi.json");
    const doc = (await response.json()) as { paths: Record<string, { get?: { responses?: Record<string, unknown> } }>; components: { schemas: Record<string, unknown> } };
    expect(doc.paths["/v1/status"]?.get?.responses?.["200"]).toBeDefined();
    expect(doc.components.schemas).toHaveProperty("AppleVerdict");
    expect(doc.components.schemas).toHaveProperty("StatusResponse");
  });
});

describe("the snapshot feeds POST /v1/diagnose", () => {
  async function diagnose(symptom: string) {
    const response = await exports.default.fetch("http://delivered.test/v1/diagnose", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ device: { os: "iOS", osVersion: "26.6.1", model: "iPhone" }, symptom: { kind: symptom } }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { verdict: { apple: { status: string } }; findings: { id: string }[]; next: { id: string } | null };
  }

  it("an ongoing iMessage outage makes apple-outage-wait the next fix", async () => {
    await refreshFeeds(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), new Date());
    const body = await diagnose("not_delivered");
    expect(body.verdict.apple.status).toBe("outage");
    expect(body.findings.map((f) => f.id)).toContain("apple-incident");
    expect(body.next?.id).toBe("apple-outage-wait");
  });

  it("the iCloud Mail outage does not", async () => {
    await refreshFeeds(feedEnv({ consumer: "apple-status/consumer-2021-04-26-icloud-mail-outage-ongoing.json" }), new Date());
    const body = await diagnose("not_delivered");
    expect(body.verdict.apple.status).toBe("no_incident");
    expect(body.findings.map((f) => f.id)).not.toContain("apple-incident");
    expect(body.next?.id).not.toBe("apple-outage-wait");
  });
});
