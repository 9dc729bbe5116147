import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BUILT_IN_IOS_VERSIONS } from "../../src/domain/ios-versions";
import { currentStatus } from "../../src/services/apple-status";
import { fetchAppleFeed } from "../../src/feeds/apple-status";
import { HEARTBEAT_MS, mergeSnapshot, refreshFeeds, versionsDue } from "../../src/services/refresh";
import { readSnapshotFromKv, type StatusSnapshot } from "../../src/storage/status-cache";
import { FIXTURES } from "../support/fixtures";
import { clearStatus, countingKv, feedEnv, recordingContext } from "../support/status";

const T0 = new Date("2026-11-27T04:00:00Z"); // minute 0: the hourly version-table read is due
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function runScheduled(bindings: ReturnType<typeof feedEnv>, at: Date) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at.getTime(), cron: "*/5 * * * *" }), bindings, ctx);
  await waitOnExecutionContext(ctx);
}

beforeEach(clearStatus);

describe("the scheduled handler", () => {
  it("stores both feeds and the version table, then writes nothing for an unchanged feed", async () => {
    const counter = countingKv();
    const bindings = feedEnv({ kv: counter.kv });
    await runScheduled(bindings, T0);
    expect(counter.puts).toBe(1);
    const stored = await readSnapshotFromKv(env.STATUS);
    expect(stored?.consumer?.checkedAt).toBe(T0.toISOString());
    expect(stored?.developer?.events).toEqual([]);
    expect(stored?.versions?.latestByMajor).toEqual(BUILT_IN_IOS_VERSIONS.latestByMajor);
    expect(stored?.versions?.source).toBe("fixtures.test");

    for (const at of [5, 10, 15, 20, 25]) await runScheduled(bindings, minutes(at));
    expect(counter.puts).toBe(1);
    // checkedAt did not move: it only moves with a write.
    expect((await readSnapshotFromKv(env.STATUS))?.consumer?.checkedAt).toBe(T0.toISOString());
  });

  it("writes a heartbeat once the stored checkedAt is 30 minutes old", async () => {
    const counter = countingKv();
    const bindings = feedEnv({ kv: counter.kv });
    for (let at = 0; at <= 60; at += 5) await runScheduled(bindings, minutes(at));
    // 13 runs over an hour: the first write, and heartbeats at 30 and 60 minutes.
    expect(counter.puts).toBe(3);
    expect((await readSnapshotFromKv(env.STATUS))?.consumer?.checkedAt).toBe(minutes(60).toISOString());
    expect((await readSnapshotFromKv(env.STATUS))?.consumer?.changedAt).toBe(T0.toISOString());
  });

  it("a day of unchanged feeds stays far inside KV's 1,000 writes", async () => {
    // The same decision refreshFeeds makes, over 288 runs (pure: no I/O, so the day runs fast).
    const consumer = await fetchAppleFeed("consumer", `${FIXTURES}/apple-status/consumer-2021-no-events.json`, 2_000);
    const developer = await fetchAppleFeed("developer", `${FIXTURES}/apple-status/developer-no-events.json`, 2_000);
    let stored: StatusSnapshot | null = null;
    let writes = 0;
    for (let run = 0; run < 288; run++) {
      const next = mergeSnapshot(stored, { consumer, developer, versions: null }, minutes(run * 5));
      if (next.write) writes++;
      stored = next.snapshot;
    }
    expect(writes).toBe((24 * 60) / (HEARTBEAT_MS / 60_000));
  });

  it("writes when a feed's content changes", async () => {
    const counter = countingKv();
    await refreshFeeds(feedEnv({ kv: counter.kv }), T0);
    const report = await refreshFeeds(feedEnv({ kv: counter.kv, consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), minutes(5));
    expect(report).toMatchObject({ wrote: true, consumer: "changed", developer: "unchanged", versions: "skipped" });
    expect(counter.puts).toBe(2);
    const view = await currentStatus(env, recordingContext(), minutes(6));
    expect(view.verdict.status).toBe("outage");
  });

  it("accepts the jsonCallback wrapper for the consumer feed as for the developer feed", async () => {
    const report = await refreshFeeds(
      feedEnv({ consumer: "fault/jsonp/apple-status/consumer-2021-no-events.json", developer: "fault/jsonp/apple-status/developer-no-events.json" }),
      T0,
    );
    expect(report).toMatchObject({ wrote: true, consumer: "changed", developer: "changed" });
  });

  it("keeps serving when gdmf.apple.com is refused: the built-in table stands in", async () => {
    const report = await refreshFeeds(feedEnv({ versions: "fault/500/ios-versions/gdmf-pmv-2026-08-22.json" }), T0);
    expect(report).toMatchObject({ wrote: true, consumer: "changed", versions: "failed" });
    const view = await currentStatus(env, recordingContext(), minutes(1));
    expect(view.versions).toBe(BUILT_IN_IOS_VERSIONS);
    expect(view.verdict.status).toBe("no_incident");
  });

  it("reads the version table when none is stored and then once an hour", () => {
    expect(versionsDue(null, minutes(17))).toBe(true);
    const stored = { consumer: null, developer: null, versions: BUILT_IN_IOS_VERSIONS };
    expect(versionsDue(stored, minutes(17))).toBe(false);
    expect(versionsDue(stored, minutes(60))).toBe(true);
  });
});

describe("faults keep the last good snapshot", () => {
  const faults = ["timeout", "500", "html", "truncated", "empty-services", "wrapper-changed"];

  it.each(faults)("%s: no write, the last good verdict is served, stale once old", async (fault) => {
    const counter = countingKv();
    await refreshFeeds(feedEnv({ kv: counter.kv, consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), T0);
    const broken = feedEnv({
      kv: counter.kv,
      consumer: `fault/${fault}/apple-status/consumer-2021-no-events.json`,
      developer: `fault/${fault}/apple-status/developer-no-events.json`,
    });
    // Failing runs across the next hour (short timeout: the fault's own delay is 10 s).
    for (const at of [5, 30, 60]) {
      const report = await refreshFeeds(broken, minutes(at), { timeoutMs: 100, versions: false });
      expect(report).toMatchObject({ wrote: false, consumer: "failed", developer: "failed" });
    }
    expect(counter.puts).toBe(1);
    const ctx = recordingContext();
    const view = await currentStatus(broken, ctx, minutes(61), { backgroundTimeoutMs: 100 });
    expect(view.verdict).toMatchObject({ status: "outage", stale: true, ageSeconds: 61 * 60, checkedAt: T0.toISOString() });
    await ctx.settle();
    expect(counter.puts).toBe(1);
  });

  it.each(faults)("%s with nothing stored: unknown, never an error", async (fault) => {
    const broken = feedEnv({
      consumer: `fault/${fault}/apple-status/consumer-2021-no-events.json`,
      developer: `fault/${fault}/apple-status/developer-no-events.json`,
    });
    const report = await refreshFeeds(broken, T0, { timeoutMs: 100, versions: false });
    expect(report).toMatchObject({ wrote: false, snapshot: null });
    const view = await currentStatus(broken, recordingContext(), minutes(1), { coldTimeoutMs: 100 });
    expect(view.verdict.status).toBe("unknown");
    expect(view.versions).toBe(BUILT_IN_IOS_VERSIONS);
  });

  it("one feed failing keeps the other feed's update", async () => {
    await refreshFeeds(feedEnv(), T0);
    const report = await refreshFeeds(
      feedEnv({ consumer: "fault/500/x", developer: "apple-status/developer-2020-11-02-maintenance-ongoing.json" }),
      minutes(5),
    );
    expect(report).toMatchObject({ wrote: true, consumer: "failed", developer: "changed" });
    const stored = await readSnapshotFromKv(env.STATUS);
    expect(stored?.consumer?.checkedAt).toBe(T0.toISOString());
    expect(stored?.developer?.events).toHaveLength(10);
  });
});
