import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { BUILT_IN_IOS_VERSIONS } from "../../src/domain/ios-versions";
import { COLD_TIMEOUT_MS, currentStatus } from "../../src/services/apple-status";
import { refreshFeeds } from "../../src/services/refresh";
import { readSnapshotFromKv } from "../../src/storage/status-cache";
import { clearStatus, countingKv, feedEnv, recordingContext } from "../support/status";

const T0 = new Date("2026-11-27T04:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const SLOW = {
  consumer: "fault/timeout/apple-status/consumer-2021-no-events.json",
  developer: "fault/timeout/apple-status/developer-no-events.json",
};

beforeEach(clearStatus);

describe("currentStatus with a snapshot", () => {
  it("answers from the snapshot without touching Apple, even when Apple hangs", async () => {
    await refreshFeeds(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), T0);
    const ctx = recordingContext();
    const started = Date.now();
    const view = await currentStatus(feedEnv(SLOW), ctx, minutes(3));
    expect(Date.now() - started).toBeLessThan(500);
    expect(view.verdict).toMatchObject({ status: "outage", stale: false, ageSeconds: 180, checkedAt: T0.toISOString() });
    expect(view.versions.latestByMajor).toEqual(BUILT_IN_IOS_VERSIONS.latestByMajor);
    expect(view.versions.source).toBe("fixtures.test");
    expect(ctx.pending).toHaveLength(0);
  });

  it("serves a stale snapshot at once and starts one background refresh, which renews it", async () => {
    await refreshFeeds(feedEnv(), T0);
    const ctx = recordingContext();
    const later = minutes(45);
    const view = await currentStatus(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), ctx, later);
    expect(view.verdict).toMatchObject({ status: "no_incident", stale: true, ageSeconds: 45 * 60 });
    expect(ctx.pending).toHaveLength(1);
    // A second request meanwhile does not start another.
    await currentStatus(feedEnv(), ctx, later);
    expect(ctx.pending).toHaveLength(1);
    await ctx.settle();
    const stored = await readSnapshotFromKv(env.STATUS);
    expect(stored?.consumer?.checkedAt).toBe(later.toISOString());
    const renewed = await currentStatus(feedEnv(), recordingContext(), minutes(46));
    expect(renewed.verdict).toMatchObject({ status: "outage", stale: false });
  });

  it("a stale snapshot whose refresh hangs is still answered at once; the refresh gives up at its timeout", async () => {
    await refreshFeeds(feedEnv(), T0);
    const ctx = recordingContext();
    const started = Date.now();
    const view = await currentStatus(feedEnv(SLOW), ctx, minutes(50), { backgroundTimeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(500);
    expect(view.verdict.stale).toBe(true);
    await ctx.settle();
    expect((await readSnapshotFromKv(env.STATUS))?.consumer?.checkedAt).toBe(T0.toISOString());
  });

  it("keeps a per-isolate copy: hot requests skip KV for 30 seconds", async () => {
    await refreshFeeds(feedEnv(), T0);
    const counter = countingKv();
    const bindings = feedEnv({ kv: counter.kv });
    for (let second = 0; second < 30; second += 3) await currentStatus(bindings, recordingContext(), new Date(minutes(1).getTime() + second * 1000));
    expect(counter.gets).toBe(1);
    await currentStatus(bindings, recordingContext(), new Date(minutes(1).getTime() + 31_000));
    expect(counter.gets).toBe(2);
  });
});

describe("currentStatus with no snapshot", () => {
  it("reads Apple once, answers, and stores what it read", async () => {
    const ctx = recordingContext();
    const view = await currentStatus(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), ctx, T0);
    expect(view.verdict).toMatchObject({ status: "outage", stale: false, checkedAt: T0.toISOString() });
    expect(view.versions).toBe(BUILT_IN_IOS_VERSIONS);
    await ctx.settle();
    expect((await readSnapshotFromKv(env.STATUS))?.consumer?.events).toHaveLength(2);
  });

  it(`gives up after ${COLD_TIMEOUT_MS} ms and answers unknown`, async () => {
    const started = Date.now();
    const view = await currentStatus(feedEnv(SLOW), recordingContext(), T0);
    const elapsed = Date.now() - started;
    expect(view.verdict.status).toBe("unknown");
    expect(elapsed).toBeGreaterThanOrEqual(COLD_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(COLD_TIMEOUT_MS + 1_000);
    // Right after a failed read, the next request doesn't wait again.
    const again = Date.now();
    expect((await currentStatus(feedEnv(SLOW), recordingContext(), minutes(0.1))).verdict.status).toBe("unknown");
    expect(Date.now() - again).toBeLessThan(300);
  });

  it("with only the developer feed readable, iMessage is unknown and the consumer feed is retried in the background", async () => {
    const bindings = feedEnv({ consumer: "fault/500/apple-status/consumer-2021-no-events.json" });
    const first = recordingContext();
    expect((await currentStatus(bindings, first, T0)).verdict.status).toBe("unknown");
    await first.settle();
    const ctx = recordingContext();
    expect((await currentStatus(feedEnv(), ctx, minutes(2))).verdict.status).toBe("unknown");
    expect(ctx.pending).toHaveLength(1);
    await ctx.settle();
    expect((await currentStatus(feedEnv(), recordingContext(), minutes(3))).verdict.status).toBe("no_incident");
  });
});
