// Where a request gets Apple's status and the iOS version table: the cached snapshot.
// A request never waits on Apple while a snapshot exists: a stale one is served as it is
// (stale: true) and one refresh starts in the background. Only with no snapshot at all does a
// request read Apple itself, once, for at most 1.5 seconds; failing that the verdict is `unknown`.
import { BUILT_IN_IOS_VERSIONS, type IosVersionTable } from "../domain/ios-versions";
import type { AppleVerdict } from "../domain/types";
import { buildAppleVerdict, unknownVerdict } from "../domain/verdict";
import type { Bindings } from "../env";
import { fetchAppleFeed } from "../feeds/apple-status";
import { forgetSnapshotCopy, readSnapshot, writeSnapshot, type StatusSnapshot } from "../storage/status-cache";
import { mergeSnapshot, refreshFeeds } from "./refresh";

export interface StatusView {
  verdict: AppleVerdict;
  versions: IosVersionTable;
}

/** All a status read needs from the request's context (Hono's and workerd's ExecutionContext types both fit). */
export type WaitUntil = Pick<ExecutionContext, "waitUntil">;

export interface StatusOptions {
  /** Bound on the read a request makes when there is no snapshot at all (the contract: ≤ 1.5 s). */
  coldTimeoutMs?: number;
  /** Bound on a background refresh of a stale snapshot (it runs after the response, within waitUntil). */
  backgroundTimeoutMs?: number;
}

export const COLD_TIMEOUT_MS = 1_500;
const BACKGROUND_TIMEOUT_MS = 5_000;
/** Per isolate: at most one background refresh a minute, and no cold read for 30 s after one failed. */
const BACKGROUND_RETRY_MS = 60_000;
const COLD_RETRY_MS = 30_000;

let backgroundRefresh: Promise<unknown> | null = null;
let lastBackgroundAt: number | null = null;
let lastColdFailureAt: number | null = null;

export async function currentStatus(env: Bindings, ctx: WaitUntil, now: Date, options: StatusOptions = {}): Promise<StatusView> {
  const snapshot = await readSnapshot(env.STATUS, now);
  if (snapshot && (snapshot.consumer || snapshot.developer)) {
    const verdict = buildAppleVerdict(snapshot, now);
    if (verdict.stale || !snapshot.consumer || !snapshot.developer) {
      startBackgroundRefresh(env, ctx, now, options.backgroundTimeoutMs ?? BACKGROUND_TIMEOUT_MS);
    }
    return { verdict, versions: snapshot.versions ?? BUILT_IN_IOS_VERSIONS };
  }
  const versions = snapshot?.versions ?? BUILT_IN_IOS_VERSIONS;
  if (lastColdFailureAt !== null && Math.abs(now.getTime() - lastColdFailureAt) < COLD_RETRY_MS) {
    return { verdict: unknownVerdict(), versions };
  }
  const filled = await coldRead(env, ctx, now, snapshot, options.coldTimeoutMs ?? COLD_TIMEOUT_MS);
  if (!filled) {
    lastColdFailureAt = now.getTime();
    return { verdict: unknownVerdict(), versions };
  }
  return { verdict: buildAppleVerdict(filled, now), versions: filled.versions ?? BUILT_IN_IOS_VERSIONS };
}

/** One bounded read of both feeds (in parallel, so the bound is the total). Stores what it got. */
async function coldRead(env: Bindings, ctx: WaitUntil, now: Date, stored: StatusSnapshot | null, timeoutMs: number): Promise<StatusSnapshot | null> {
  const [consumer, developer] = await Promise.all([
    fetchAppleFeed("consumer", env.APPLE_STATUS_URL, timeoutMs),
    fetchAppleFeed("developer", env.APPLE_DEVELOPER_STATUS_URL, timeoutMs),
  ]);
  const next = mergeSnapshot(stored, { consumer, developer, versions: null }, now);
  if (!next.snapshot || (!next.snapshot.consumer && !next.snapshot.developer)) return null;
  if (next.write) ctx.waitUntil(writeSnapshot(env.STATUS, next.snapshot, now));
  return next.snapshot;
}

function startBackgroundRefresh(env: Bindings, ctx: WaitUntil, now: Date, timeoutMs: number): void {
  if (backgroundRefresh) return;
  if (lastBackgroundAt !== null && Math.abs(now.getTime() - lastBackgroundAt) < BACKGROUND_RETRY_MS) return;
  lastBackgroundAt = now.getTime();
  backgroundRefresh = refreshFeeds(env, now, { timeoutMs, versions: false })
    .catch((error: unknown) => console.error(JSON.stringify({ level: "error", event: "status_background_refresh_failed", reason: String(error) })))
    .finally(() => {
      backgroundRefresh = null;
    });
  ctx.waitUntil(backgroundRefresh);
}

/** Forgets this isolate's copy and retry timers (tests start each case from KV alone). */
export function resetIsolateStatusState(): void {
  forgetSnapshotCopy();
  backgroundRefresh = null;
  lastBackgroundAt = null;
  lastColdFailureAt = null;
}
