import { describe, expect, it } from "vitest";
import { parseAppleFeed, type FeedEvent } from "../../src/domain/apple-feed";
import type { AppleVerdict } from "../../src/domain/types";
import {
  appleFindings,
  buildAppleVerdict,
  clockTime,
  SAY_MAX,
  SHOW_MAX,
  statusSay,
  statusShow,
  unknownVerdict,
  type FeedState,
} from "../../src/domain/verdict";
import { fixtureText } from "../support/fixtures";

async function feedState(path: string, checkedAt: string): Promise<FeedState> {
  const result = parseAppleFeed(await fixtureText(`apple-status/${path}`));
  if (!result.ok) throw new Error(result.reason);
  return { events: result.feed.events, checkedAt };
}

function state(events: FeedEvent[], checkedAt: string): FeedState {
  return { events, checkedAt };
}

function event(overrides: Partial<FeedEvent> & { services: FeedEvent["services"] }): FeedEvent {
  return {
    messageId: "1",
    statusType: "Outage",
    eventStatus: "ongoing",
    message: "Users may be experiencing problems with this service.",
    startedAt: "2026-11-27T10:12:00.000Z",
    endedAt: null,
    ...overrides,
  };
}

function expectReadable(verdict: AppleVerdict, now: Date) {
  const say = statusSay(verdict, now);
  const show = statusShow(verdict, now);
  expect(say.length).toBeLessThanOrEqual(SAY_MAX);
  expect(show.length).toBeLessThanOrEqual(SHOW_MAX);
  expect(`${verdict.summary} ${say} ${show}`).not.toMatch(/healthy/i);
  // Siri's line: no UTC, no zone ids, no ISO times; it ends with what to do.
  expect(say).not.toMatch(/UTC|GMT|[A-Z][a-z]+\/[A-Z]|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}/);
  expect(say).toMatch(/(run Fix iMessage|try iMessage again later|check your iPhone)\.$/);
}

// The feeds' own time, a few minutes after Apple posted them.
const APRIL_2021 = new Date("2021-04-26T13:35:00Z");
const NOV_2020 = new Date("2020-11-02T14:00:00Z");
const OUTAGE_END = Date.parse("2021-04-26T13:13:00Z"); // the derived resolved event

describe("verdicts from Apple's real feeds", () => {
  it("no events anywhere: Apple reports no incident (never 'healthy')", async () => {
    const at = APRIL_2021.toISOString();
    const verdict = buildAppleVerdict(
      { consumer: await feedState("consumer-2021-no-events.json", at), developer: await feedState("developer-no-events.json", at) },
      APRIL_2021,
    );
    expect(verdict).toEqual({
      status: "no_incident",
      summary: "Apple reports no incident for iMessage.",
      events: [],
      checkedAt: at,
      stale: false,
      ageSeconds: 0,
    });
    expectReadable(verdict, APRIL_2021);
  });

  it("the 2021 iCloud Mail outage is not an iMessage incident", async () => {
    const at = APRIL_2021.toISOString();
    const consumer = await feedState("consumer-2021-04-26-icloud-mail-outage-ongoing.json", at);
    const verdict = buildAppleVerdict({ consumer, developer: null }, APRIL_2021);
    expect(verdict.status).toBe("no_incident");
    expect(verdict.events).toEqual([]);
    expect(appleFindings(verdict, "not_delivered", APRIL_2021)).toEqual([]);
    // …while for iCloud Mail itself it is an outage.
    expect(buildAppleVerdict({ consumer, developer: null }, APRIL_2021, ["iCloud Mail"]).status).toBe("outage");
  });

  it("the 2020 developer maintenance is `maintenance` only for the service it is ongoing on", async () => {
    const at = NOV_2020.toISOString();
    const developer = await feedState("developer-2020-11-02-maintenance-ongoing.json", at);
    const consumer = await feedState("consumer-2021-no-events.json", at);
    expect(buildAppleVerdict({ consumer, developer }, NOV_2020).status).toBe("no_incident");
    const videos = buildAppleVerdict({ consumer, developer }, NOV_2020, ["Videos"]);
    expect(videos.status).toBe("maintenance");
    expect(videos.events).toHaveLength(1);
    expect(videos.summary).toBe("Apple reports ongoing Videos maintenance since 20 Oct 16:00 UTC.");
    // Same messageId, listed as completed under Contact Us: not an incident there.
    expect(buildAppleVerdict({ consumer, developer }, NOV_2020, ["Contact Us"]).status).toBe("no_incident");
  });

  it("an ongoing iMessage outage (derived feed) is an outage and an apple-incident", async () => {
    const at = APRIL_2021.toISOString();
    const consumer = await feedState("derived-consumer-imessage-outage-ongoing.json", at);
    const developer = await feedState("developer-no-events.json", at);
    const verdict = buildAppleVerdict({ consumer, developer }, APRIL_2021);
    expect(verdict.status).toBe("outage");
    expect(verdict.summary).toBe("Apple reports an ongoing iMessage outage since 11:13 UTC.");
    expect(verdict.events).toEqual([
      {
        service: "iMessage",
        statusType: "Outage",
        eventStatus: "ongoing",
        message: "Users may be experiencing intermittent issues with this service.",
        startedAt: "2021-04-26T11:13:00.000Z",
        endedAt: null,
      },
    ]);
    expect(appleFindings(verdict, "not_delivered", APRIL_2021)).toEqual([
      {
        id: "apple-incident",
        severity: "high",
        detail: "Apple reports an iMessage outage right now (since 11:13 UTC). Apple says: Users may be experiencing intermittent issues with this service.",
      },
    ]);
    // In the device's own time when its offset is known (Pacific, in April: UTC−7).
    expect(appleFindings(verdict, "not_delivered", APRIL_2021, -420)[0]?.detail).toContain("(since 4:13 this morning)");
    // Siri hears a duration, never "UTC".
    expect(statusSay(verdict, new Date(Date.parse("2021-04-26T11:13:00Z") + 25 * 60_000))).toBe(
      "Apple reports an iMessage outage, for 25 minutes so far. It's not you: send urgent messages as texts and try iMessage again later.",
    );
    expectReadable(verdict, APRIL_2021);
  });

  it("an iMessage outage resolved within 2 hours: no incident, but apple-recent-incident", async () => {
    const now = new Date(OUTAGE_END + 30 * 60_000);
    const consumer = await feedState("derived-consumer-imessage-outage-resolved.json", now.toISOString());
    const verdict = buildAppleVerdict({ consumer, developer: null }, now);
    expect(verdict.status).toBe("no_incident");
    expect(verdict.summary).toBe("Apple reports no incident for iMessage. An iMessage outage ended at 13:13 UTC.");
    expect(verdict.events).toHaveLength(1);
    const findings = appleFindings(verdict, "not_delivered", now);
    expect(findings).toEqual([
      {
        id: "apple-recent-incident",
        severity: "low",
        detail: "Apple fixed an iMessage outage 30 minutes ago (at 13:13 UTC), and some phones take a while to recover.",
      },
    ]);
    expect(statusSay(verdict, now)).toBe("Apple reports no iMessage incident. An iMessage outage ended 30 minutes ago. If your messages still fail, run Fix iMessage.");
    expectReadable(verdict, now);
  });

  it("an iMessage outage resolved yesterday: no incident and no finding", async () => {
    const now = new Date(OUTAGE_END + 26 * 60 * 60_000);
    const consumer = await feedState("derived-consumer-imessage-outage-resolved.json", now.toISOString());
    const verdict = buildAppleVerdict({ consumer, developer: null }, now);
    expect(verdict.status).toBe("no_incident");
    expect(verdict.summary).toBe("Apple reports no incident for iMessage.");
    expect(verdict.events).toEqual([]);
    expect(appleFindings(verdict, "not_delivered", now)).toEqual([]);
  });

  it("just past the 2-hour window the resolved outage no longer counts", async () => {
    const now = new Date(OUTAGE_END + 2 * 60 * 60_000 + 1);
    const consumer = await feedState("derived-consumer-imessage-outage-resolved.json", now.toISOString());
    expect(appleFindings(buildAppleVerdict({ consumer, developer: null }, now), "not_delivered", now)).toEqual([]);
  });
});

describe("verdict rules", () => {
  const now = new Date("2026-11-27T11:00:00Z");
  const at = now.toISOString();

  it("counts an event listed under iMessage and FaceTime once", () => {
    const shared = { messageId: "7", services: [{ name: "iMessage", eventStatus: "ongoing" }, { name: "FaceTime", eventStatus: "ongoing" }] };
    const verdict = buildAppleVerdict({ consumer: state([event(shared)], at), developer: null }, now);
    expect(verdict.events).toHaveLength(1);
    expect(verdict.events[0]?.service).toBe("iMessage, FaceTime");
    expect(verdict.summary).toBe("Apple reports an ongoing iMessage and FaceTime outage since 10:12 UTC.");
  });

  it("an APNS issue on the developer feed makes iMessage degraded", () => {
    const apns = event({ statusType: "Issue", services: [{ name: "APNS", eventStatus: "ongoing" }] });
    const verdict = buildAppleVerdict({ consumer: state([], at), developer: state([apns], at) }, now);
    expect(verdict.status).toBe("degraded");
    expect(verdict.summary).toBe("Apple reports an ongoing push notification (APNS) issue since 10:12 UTC.");
    expect(appleFindings(verdict, "no_delivered_status", now)).toEqual([
      expect.objectContaining({ id: "apple-incident", severity: "medium" }),
    ]);
  });

  it("APNS Sandbox is not APNS", () => {
    const sandbox = event({ services: [{ name: "APNS Sandbox", eventStatus: "ongoing" }] });
    expect(buildAppleVerdict({ consumer: state([], at), developer: state([sandbox], at) }, now).status).toBe("no_incident");
  });

  it("the worst ongoing incident decides: outage over maintenance", () => {
    const maintenance = event({ messageId: "1", statusType: "Maintenance", services: [{ name: "APNS", eventStatus: "ongoing" }] });
    const outage = event({ messageId: "2", statusType: "Outage", services: [{ name: "iMessage", eventStatus: "ongoing" }] });
    const verdict = buildAppleVerdict({ consumer: state([outage], at), developer: state([maintenance], at) }, now);
    expect(verdict.status).toBe("outage");
    expect(verdict.summary).toContain("(and 1 more)");
  });

  it("upcoming maintenance is not an incident", () => {
    const upcoming = event({ statusType: "Maintenance", eventStatus: "upcoming", services: [{ name: "iMessage", eventStatus: "upcoming" }] });
    expect(buildAppleVerdict({ consumer: state([upcoming], at), developer: null }, now).status).toBe("no_incident");
  });

  it("an Apple Account outage weighs on activation symptoms only", () => {
    const account = event({ services: [{ name: "Apple Account", eventStatus: "ongoing" }] });
    const verdict = buildAppleVerdict({ consumer: state([account], at), developer: null }, now);
    expect(verdict.status).toBe("no_incident");
    expect(verdict.summary).toBe("Apple reports no incident for iMessage. It reports an ongoing Apple Account outage since 10:12 UTC.");
    expect(appleFindings(verdict, "not_delivered", now)).toEqual([]);
    expect(appleFindings(verdict, "sending_green", now)).toEqual([]);
    for (const symptom of ["waiting_for_activation", "activation_error"] as const) {
      expect(appleFindings(verdict, symptom, now)).toEqual([
        {
          id: "apple-incident",
          severity: "high",
          detail: "Apple reports an Apple Account outage right now (since 10:12 UTC). Apple says: Users may be experiencing problems with this service.",
        },
      ]);
    }
  });

  it.each(["Apple ID", "iCloud Account & Sign In", "iOS Device Activation"])("%s weighs on activation too", (name) => {
    const verdict = buildAppleVerdict({ consumer: state([event({ services: [{ name, eventStatus: "ongoing" }] })], at), developer: null }, now);
    expect(appleFindings(verdict, "waiting_for_activation", now).map((f) => f.id)).toEqual(["apple-incident"]);
  });

  it("an ongoing incident outranks a recent one", () => {
    const ongoing = event({ messageId: "1", services: [{ name: "iMessage", eventStatus: "ongoing" }] });
    const ended = event({ messageId: "2", eventStatus: "resolved", endedAt: "2026-11-27T10:30:00.000Z", services: [{ name: "iMessage", eventStatus: "resolved" }] });
    const verdict = buildAppleVerdict({ consumer: state([ongoing, ended], at), developer: null }, now);
    expect(appleFindings(verdict, "not_delivered", now).map((f) => f.id)).toEqual(["apple-incident"]);
  });

  it("without the consumer feed only an APNS incident can be reported", () => {
    expect(buildAppleVerdict({ consumer: null, developer: state([], at) }, now).status).toBe("unknown");
    const apns = event({ services: [{ name: "APNS", eventStatus: "ongoing" }] });
    expect(buildAppleVerdict({ consumer: null, developer: state([apns], at) }, now).status).toBe("outage");
  });

  it("no feed at all is unknown, and unknown gives only the informational apple-status-unknown", () => {
    const verdict = buildAppleVerdict({ consumer: null, developer: null }, now);
    expect(verdict).toEqual(unknownVerdict());
    expect(appleFindings(verdict, "not_delivered", now)).toEqual([{ id: "apple-status-unknown", severity: "info", detail: "Apple's status page couldn't be read just now." }]);
    expectReadable(verdict, now);
  });

  it("is stale once checkedAt is over 40 minutes old, and says so", () => {
    const checkedAt = new Date(now.getTime() - 41 * 60_000).toISOString();
    const verdict = buildAppleVerdict({ consumer: state([], checkedAt), developer: state([], at) }, now);
    expect(verdict).toMatchObject({ status: "no_incident", stale: true, ageSeconds: 41 * 60, checkedAt });
    expect(statusSay(verdict, now)).toContain("Apple's page was last read 41 minutes ago.");
    expect(statusShow(verdict, now)).toContain("last read 41 minutes ago");
    const fresh = buildAppleVerdict({ consumer: state([], new Date(now.getTime() - 39 * 60_000).toISOString()), developer: null }, now);
    expect(fresh.stale).toBe(false);
  });

  it("keeps say and show within their limits however long Apple's messages are", () => {
    const long = Array.from({ length: 8 }, (_, i) =>
      event({ messageId: String(i), message: "A very long message from Apple. ".repeat(40), services: [{ name: "iMessage", eventStatus: "ongoing" }] }),
    );
    expectReadable(buildAppleVerdict({ consumer: state(long, at), developer: null }, now), now);
  });

  it("writes times in UTC, with the date when not today", () => {
    expect(clockTime("2026-11-27T10:12:00Z", now)).toBe("10:12 UTC");
    expect(clockTime("2026-11-26T23:05:00Z", now)).toBe("26 Nov 23:05 UTC");
    expect(clockTime("2021-04-26T11:13:00Z", now)).toBe("26 Apr 2021 11:13 UTC");
  });
});
