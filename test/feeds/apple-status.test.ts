import { describe, expect, it } from "vitest";
import { decodeEntities, parseAppleFeed, type ParsedFeed } from "../../src/domain/apple-feed";
import { fetchAppleFeed } from "../../src/feeds/apple-status";
import { FIXTURES, fixtureText } from "../support/fixtures";

function parsedOrThrow(text: string): ParsedFeed {
  const result = parseAppleFeed(text);
  if (!result.ok) throw new Error(result.reason);
  return result.feed;
}

describe("parseAppleFeed on Apple's real feeds", () => {
  it("reads the 2021 consumer feed with no events", async () => {
    const feed = parsedOrThrow(await fixtureText("apple-status/consumer-2021-no-events.json"));
    expect(feed.serviceNames).toHaveLength(65);
    expect(feed.serviceNames).toContain("iMessage");
    expect(feed.events).toEqual([]);
  });

  it("decodes HTML entities in names and reads the iCloud Mail outage", async () => {
    const feed = parsedOrThrow(await fixtureText("apple-status/consumer-2021-04-26-icloud-mail-outage-ongoing.json"));
    expect(feed.serviceNames).toContain("iCloud Account & Sign In");
    expect(feed.serviceNames.some((name) => name.includes("&amp;"))).toBe(false);
    expect(feed.events).toHaveLength(2);
    const mail = feed.events.find((e) => e.messageId === "1000000310");
    expect(mail).toEqual({
      messageId: "1000000310",
      statusType: "Outage",
      eventStatus: "ongoing",
      services: [{ name: "iCloud Mail", eventStatus: "ongoing" }],
      message: "Users may be experiencing intermittent issues with this service.",
      startedAt: "2021-04-26T11:13:00.000Z",
      endedAt: null,
    });
    const keychain = feed.events.find((e) => e.messageId === "2000000560");
    expect(keychain?.eventStatus).toBe("resolved");
    expect(keychain?.endedAt).toBe("2021-04-24T22:55:00.000Z");
  });

  it("counts an event once per messageId, keeping each service's own status", async () => {
    const feed = parsedOrThrow(await fixtureText("apple-status/developer-2020-11-02-maintenance-ongoing.json"));
    // 16 listings across services, 10 distinct messageIds.
    expect(feed.events).toHaveLength(10);
    expect(new Set(feed.events.map((e) => e.messageId)).size).toBe(10);
    const maintenance = feed.events.find((e) => e.messageId === "2000000024");
    expect(maintenance?.eventStatus).toBe("ongoing");
    expect(maintenance?.endedAt).toBeNull();
    expect(maintenance?.services).toEqual(
      expect.arrayContaining([
        { name: "Videos", eventStatus: "ongoing" },
        { name: "Contact Us", eventStatus: "completed" },
        { name: "Software Downloads", eventStatus: "completed" },
      ]),
    );
    expect(feed.serviceNames).toContain("APNS");
  });

  it("reads the minified developer feed", async () => {
    const feed = parsedOrThrow(await fixtureText("apple-status/developer-no-events.json"));
    expect(feed.serviceNames).toContain("APNS");
    expect(feed.events).toEqual([]);
  });

  it("accepts the jsonCallback(...) wrapper exactly like bare JSON", async () => {
    const bare = await fixtureText("apple-status/developer-2020-11-02-maintenance-ongoing.json");
    expect(parsedOrThrow(`jsonCallback(${bare});`)).toEqual(parsedOrThrow(bare));
    expect(parsedOrThrow(`\uFEFF  jsonCallback(\n${bare}\n)\n`)).toEqual(parsedOrThrow(bare));
  });
});

describe("parseAppleFeed tolerance and refusals", () => {
  const event = {
    messageId: 42,
    statusType: "Issue",
    eventStatus: "ongoing",
    message: "Some users can&#39;t send &quot;messages&quot;.",
    epochStartDate: null,
    epochEndDate: null,
    startDate: "11/02/2020 03:11 PST",
    endDate: null,
    affectedServices: null,
    someFieldAppleAddsLater: { nested: true },
  };

  it("tolerates unknown fields, trims names, decodes messages, falls back to the Pacific date string", () => {
    const feed = parsedOrThrow(JSON.stringify({ newTopLevel: 1, services: [{ serviceName: "  iMessage ", events: [event], extra: [] }] }));
    expect(feed.serviceNames).toEqual(["iMessage"]);
    expect(feed.events[0]).toMatchObject({
      messageId: "42",
      services: [{ name: "iMessage", eventStatus: "ongoing" }],
      message: `Some users can't send "messages".`,
      startedAt: "2020-11-02T11:11:00.000Z",
    });
  });

  it("extends an event to the services in affectedServices", () => {
    const feed = parsedOrThrow(JSON.stringify({ services: [{ serviceName: "iMessage", events: [{ ...event, affectedServices: ["iMessage", "FaceTime"] }] }] }));
    expect(feed.events[0]?.services.map((s) => s.name)).toEqual(["iMessage", "FaceTime"]);
  });

  it.each([
    ["HTML", "<!doctype html><title>Apple</title><p>Maintenance</p>"],
    ["a changed wrapper", 'window.__status = {"services":[]}'],
    ["truncated JSON", '{"services": [{"serviceName": "iMessage", "ev'],
    ["an empty service list", '{"drpost": false, "services": []}'],
    ["a service without a name", '{"services": [{"events": []}]}'],
    ["an event without a status", '{"services": [{"serviceName": "iMessage", "events": [{"messageId": "1", "statusType": "Outage"}]}]}'],
  ])("refuses %s", (_what, text) => {
    expect(parseAppleFeed(text).ok).toBe(false);
  });

  it("decodes named and numeric entities and leaves unknown ones", () => {
    expect(decodeEntities("Maps Routing &amp; Navigation &#8212; &#x2019; &bogus;")).toBe("Maps Routing & Navigation \u2014 \u2019 &bogus;");
  });
});

describe("fetchAppleFeed through the Worker's fetch", () => {
  it("reads a served feed and the jsonp form of it", async () => {
    const bare = await fetchAppleFeed("consumer", `${FIXTURES}/apple-status/consumer-2021-no-events.json`, 2_000);
    const jsonp = await fetchAppleFeed("consumer", `${FIXTURES}/fault/jsonp/apple-status/consumer-2021-no-events.json`, 2_000);
    expect(bare.ok && jsonp.ok).toBe(true);
    expect(jsonp).toEqual(bare);
  });

  it.each([
    ["500", "HTTP 500"],
    ["html", "neither JSON"],
    ["truncated", "invalid JSON"],
    ["wrapper-changed", "neither JSON"],
    ["empty-services", "no services"],
  ])("reports the %s fault as a reason, never a throw", async (fault, reason) => {
    const result = await fetchAppleFeed("consumer", `${FIXTURES}/fault/${fault}/apple-status/consumer-2021-no-events.json`, 2_000);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it("gives up at its timeout", async () => {
    const started = Date.now();
    const result = await fetchAppleFeed("consumer", `${FIXTURES}/fault/timeout/apple-status/consumer-2021-no-events.json`, 150);
    expect(result).toEqual({ ok: false, reason: "timed out after 150 ms" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("reports an unreachable origin", async () => {
    const result = await fetchAppleFeed("consumer", "https://www.apple.com/support/systemstatus/data/system_status_en_US.js", 2_000);
    expect(result).toEqual({ ok: false, reason: "HTTP 502" });
  });
});
