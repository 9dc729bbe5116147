// The scheduled refresh (Cron Trigger, every 5 minutes): Apple's feeds and the iOS version table into KV.
//
// Write budget. KV's free plan allows 1,000 writes a day and the cron runs 288 times a day, so the
// refresh cannot write on every run. It writes the snapshot only when
//   - a feed's content changed (normalized events compared, so volatile bytes don't count), or
//   - the version table changed, or
//   - a feed read succeeded and the stored checkedAt is 30 minutes old or more (a heartbeat).
// That is at most 48 heartbeats a day plus one write per real change (Apple posts a handful a day),
// typically well under 100 writes. The cost: a snapshot's checkedAt can trail the last successful
// read by up to 30 minutes, so staleness is judged against 40 minutes (STALE_AFTER_MS), not 5.
// A failed read writes nothing: the last good snapshot stays and ages into `stale`.
import type { IosVersionTable } from "../domain/ios-versions";
import type { Bindings } from "../env";
import { fetchAppleFeed, type FeedResult } from "../feeds/apple-status";
import { fetchIosVersions, type VersionsResult } from "../feeds/ios-versions";
import { readSnapshotFromKv, writeSnapshot, type FeedSnapshot, type StatusSnapshot } from "../storage/status-cache";

export const HEARTBEAT_MS = 30 * 60 * 1000;
/** The cron has time: Apple's CDN is usually fast, but a slow answer beats none. */
export const SCHEDULED_TIMEOUT_MS = 8_000;

export type FeedOutcome = "changed" | "heartbeat" | "unchanged" | "failed";
export type VersionsOutcome = "changed" | "unchanged" | "failed" | "skipped";

export interface RefreshReport {
  wrote: boolean;
  consumer: FeedOutcome;
  developer: FeedOutcome;
  versions: VersionsOutcome;
  snapshot: StatusSnapshot | null;
}

export interface RefreshOptions {
  timeoutMs?: number;
  /** Read the version table too (default: when none is stored, and once an hour). */
  versions?: boolean;
}

/** The version table changes a few times a month: once an hour is plenty (the first cron run of each hour). */
export function versionsDue(stored: StatusSnapshot | null, now: Date): boolean {
  return !stored?.versions || now.getUTCMinutes() < 5;
}

export async function refreshFeeds(env: Bindings, now: Date, options: RefreshOptions = {}): Promise<RefreshReport> {
  const timeoutMs = options.timeoutMs ?? SCHEDULED_TIMEOUT_MS;
  const stored = await readSnapshotFromKv(env.STATUS);
  const wantVersions = options.versions ?? versionsDue(stored, now);
  const [consumer, developer, versions] = await Promise.all([
    fetchAppleFeed("consumer", env.APPLE_STATUS_URL, timeoutMs),
    fetchAppleFeed("developer", env.APPLE_DEVELOPER_STATUS_URL, timeoutMs),
    wantVersions ? fetchIosVersions(env.IOS_VERSIONS_URL, timeoutMs, now) : Promise.resolve(null),
  ]);
  const next = mergeSnapshot(stored, { consumer, developer, versions }, now);
  if (next.write && next.snapshot) await writeSnapshot(env.STATUS, next.snapshot, now);
  const report = { wrote: next.write, consumer: next.consumer, developer: next.developer, versions: next.versions, snapshot: next.snapshot };
  console.log(JSON.stringify({ level: "info", event: "status_refresh", wrote: report.wrote, consumer: report.consumer, developer: report.developer, versions: report.versions }));
  return report;
}

export interface Reads {
  consumer: FeedResult;
  developer: FeedResult;
  versions: VersionsResult | null;
}

/** Pure: what the snapshot becomes after these reads, and whether it must be written. */
export function mergeSnapshot(stored: StatusSnapshot | null, reads: Reads, now: Date) {
  const consumer = mergeFeed(stored?.consumer ?? null, reads.consumer, now);
  const developer = mergeFeed(stored?.developer ?? null, reads.developer, now);
  const versions = mergeVersions(stored?.versions ?? null, reads.versions);
  const snapshot: StatusSnapshot | null =
    consumer.state || developer.state || versions.table
      ? { consumer: consumer.state, developer: developer.state, versions: versions.table }
      : null;
  const outcomes: FeedOutcome[] = [consumer.outcome, developer.outcome];
  const write = snapshot !== null && (outcomes.some((o) => o === "changed" || o === "heartbeat") || versions.outcome === "changed");
  return { snapshot, write, consumer: consumer.outcome, developer: developer.outcome, versions: versions.outcome };
}

function mergeFeed(stored: FeedSnapshot | null, read: FeedResult, now: Date): { state: FeedSnapshot | null; outcome: FeedOutcome } {
  if (!read.ok) return { state: stored, outcome: "failed" };
  const at = now.toISOString();
  if (!stored || JSON.stringify(stored.events) !== JSON.stringify(read.feed.events)) {
    return { state: { events: read.feed.events, checkedAt: at, changedAt: at }, outcome: "changed" };
  }
  const age = now.getTime() - Date.parse(stored.checkedAt);
  if (!(age < HEARTBEAT_MS)) return { state: { ...stored, checkedAt: at }, outcome: "heartbeat" };
  return { state: stored, outcome: "unchanged" };
}

function mergeVersions(stored: IosVersionTable | null, read: VersionsResult | null): { table: IosVersionTable | null; outcome: VersionsOutcome } {
  if (read === null) return { table: stored, outcome: "skipped" };
  if (!read.ok) return { table: stored, outcome: "failed" };
  const lines = (t: IosVersionTable) => JSON.stringify([t.latestByMajor, t.iPadOS ?? null, t.macOS ?? null]);
  if (stored && lines(stored) === lines(read.table)) {
    return { table: stored, outcome: "unchanged" };
  }
  return { table: read.table, outcome: "changed" };
}
