// The crowd signal on the Worker's side (issue 12): reports go in, verdicts come out.
//
// Reports. `reportCrowd` is the one call the routes make, after the diagnosis: a Fix iMessage
// repair starting (POST /v1/sessions, or POST /v1/diagnose from the fix-imessage Shortcut with
// nothing tried yet) becomes one report: its country, symptom kind, carrier (activation symptoms
// only) and whether it's clean, plus a keyed hash of the client address for the 30-minute dedupe.
// The address itself never leaves this function. Each isolate batches reports in memory and
// flushes them at most every CROWD_FLUSH_MS (2 s) in one call per country, inside waitUntil: a surge
// of thousands of reports a second costs a few Durable Object calls a second.
//
// Verdicts. A request never waits long on a counter: each verdict is kept in isolate memory for
// 10 s; after that one request reads it again, for at most 250 ms (100 ms for GET /v1/status and the
// landing page), and a slower read is left to finish in the background while the request answers
// with the older copy (up to 2 minutes old), else `unknown`. A counter that fails is not asked again
// for 10 s. Nothing here ever throws into a route.
import type { Context } from "hono";
import type { AppEnv } from "../app";
import { unknownCrowd } from "../domain/crowd-advice";
import { reportFacts, type CrowdChart } from "../domain/crowd";
import type { DiagnoseResult } from "../domain/diagnose";
import type { CrowdVerdict, Diagnostics } from "../domain/types";
import type { Bindings } from "../env";
import { counterName, type CrowdOverview, type CrowdReport } from "../storage/crowd-counter";
import type { WaitUntil } from "./apple-status";

// ---- reports ---------------------------------------------------------------------------------

/** How a report's repair started: a session always counts; a diagnosis only as a Fix iMessage start. */
export type RepairStart = "session" | "diagnose";

const DEFAULT_FLUSH_MS = 2_000;
/** A batch this large is flushed at once, whatever the interval (keeps each call well under RPC limits). */
const MAX_BATCH = 2_000;
/** The dedupe window: in a day's first half hour yesterday's hash is checked too (the key changed). */
const DEDUPE_MS = 30 * 60_000;

interface Pending {
  region: string | null;
  report: CrowdReport;
}

let pending: Pending[] = [];
let flushArmed = false;
let lastFlushAt = -Infinity;
const counters = { reports: 0, calls: 0, failed: 0 };

/**
 * Counts this repair start toward the crowd signal, after its diagnosis. Returns at once; the work
 * runs in waitUntil and never fails the request.
 */
export function reportCrowd(c: Context<AppEnv>, start: RepairStart, diagnostics: Diagnostics, result: Pick<DiagnoseResult, "findings">): void {
  try {
    if (!c.env.CROWD) return;
    if (start === "diagnose" && (diagnostics.client?.shortcut !== "fix-imessage" || (diagnostics.tried?.length ?? 0) > 0)) return;
    const facts = reportFacts(diagnostics, result.findings);
    const region = regionOf(c.req.raw);
    const address = c.req.header("cf-connecting-ip") ?? "";
    const now = Date.now();
    c.executionCtx.waitUntil(
      addressKeys(c.env, address, now)
        .then((keys) => enqueue(c.env, { region, report: { at: now, ...keys, ...facts } }))
        .catch((error: unknown) => logFailure("crowd_report_failed", error)),
    );
  } catch (error) {
    logFailure("crowd_report_failed", error);
  }
}

function flushInterval(env: Bindings): number {
  const configured = Number(env.CROWD_FLUSH_MS);
  return env.CROWD_FLUSH_MS !== undefined && env.CROWD_FLUSH_MS !== "" && Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_FLUSH_MS;
}

async function enqueue(env: Bindings, item: Pending): Promise<void> {
  pending.push(item);
  if (pending.length >= MAX_BATCH) return flush(env);
  // One waiting flush per interval; every report until then rides along with it.
  if (flushArmed) return;
  flushArmed = true;
  try {
    const wait = lastFlushAt + flushInterval(env) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  } finally {
    flushArmed = false;
  }
  await flush(env);
}

/** Sends what is pending: one call per country (reports without one go to the global counter). */
async function flush(env: Bindings): Promise<void> {
  const batch = pending;
  pending = [];
  lastFlushAt = Date.now();
  if (batch.length === 0) return;
  const byRegion = new Map<string | null, CrowdReport[]>();
  for (const { region, report } of batch) {
    const list = byRegion.get(region);
    if (list) list.push(report);
    else byRegion.set(region, [report]);
  }
  await Promise.all(
    [...byRegion].map(async ([region, reports]) => {
      counters.calls++;
      counters.reports += reports.length;
      try {
        await counterFor(env, region).record(region, reports);
      } catch (error) {
        // A lost batch only weakens the signal for a moment; never retried into a pile-up.
        counters.failed += reports.length;
        logFailure("crowd_flush_failed", error, region);
      }
    }),
  );
}

// ---- the address's keyed hash ----------------------------------------------------------------

let isolateSecret: string | null = null;
let warnedNoSecret = false;
const dayKeys = new Map<string, Promise<CryptoKey>>();

function secretOf(env: Bindings): string {
  if (env.CROWD_KEY) return env.CROWD_KEY;
  if (!warnedNoSecret) {
    warnedNoSecret = true;
    console.warn(JSON.stringify({ level: "warn", event: "crowd_key_missing", message: "CROWD_KEY is not set: the 30-minute dedupe works within this isolate only." }));
  }
  isolateSecret ??= [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
  return isolateSecret;
}

const encoder = new TextEncoder();

async function hmacKey(raw: ArrayBuffer | Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** Today's key: HMAC(secret, "crowd:" + UTC day). Yesterday's hashes can't be linked to today's. */
function dayKey(secret: string, day: string): Promise<CryptoKey> {
  const id = `${secret.length}:${secret}:${day}`;
  let key = dayKeys.get(id);
  if (!key) {
    key = hmacKey(encoder.encode(secret)).then(async (root) => hmacKey(await crypto.subtle.sign("HMAC", root, encoder.encode(`crowd:${day}`))));
    if (dayKeys.size > 4) dayKeys.clear();
    dayKeys.set(id, key);
  }
  return key;
}

async function addressHash(secret: string, day: string, address: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await dayKey(secret, day), encoder.encode(address));
  return [...new Uint8Array(mac, 0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The address's hash for today, and in a day's first half hour yesterday's too (for the dedupe). */
export async function addressKeys(env: Bindings, address: string, now: number): Promise<{ key: string; alt?: string }> {
  const secret = secretOf(env);
  const day = new Date(now).toISOString().slice(0, 10);
  const key = await addressHash(secret, day, address);
  const dayStart = Date.parse(`${day}T00:00:00Z`);
  if (now - dayStart >= DEDUPE_MS) return { key };
  const yesterday = new Date(dayStart - 1).toISOString().slice(0, 10);
  return { key, alt: await addressHash(secret, yesterday, address) };
}

// ---- verdicts --------------------------------------------------------------------------------

/** How long a diagnosis waits for a counter it has no copy of (it also waits on D1 meanwhile). */
export const READ_TIMEOUT_MS = 250;
/** GET /v1/status and the landing page answer from memory: they wait less. */
export const STATUS_READ_TIMEOUT_MS = 100;
const FRESH_MS = 10_000;

/** How long a copy is fresh: CROWD_CACHE_MS when set (the browser test shortens it), else 10 s. */
function freshMs(env: Bindings): number {
  const configured = Number(env.CROWD_CACHE_MS);
  return env.CROWD_CACHE_MS && Number.isFinite(configured) && configured >= 0 ? configured : FRESH_MS;
}
const STALE_MS = 120_000;
const FAILURE_BACKOFF_MS = 10_000;
/**
 * While one read of a newer copy is under way, other requests serve the older one; after this long
 * the read is presumed lost (a request cancelled mid-read never settles its promise) and the next
 * request reads again.
 */
const READ_GUARD_MS = 1_000;

interface Entry<T> {
  value: T;
  at: number;
  /** When a read of a newer copy started (null: none in flight); after READ_GUARD_MS another may start. */
  refreshing: number | null;
}

const verdicts = new Map<string, Entry<CrowdVerdict>>();
const overviews = new Map<string, Entry<CrowdOverview>>();
const charts = new Map<string, Entry<CrowdChart | null>>();
const failedAt = new Map<string, number>();

/** The caller's country as Cloudflare sees it (two letters), or null. */
export function regionOf(request: Request): string | null {
  const country = (request as Request & { cf?: { country?: unknown } }).cf?.country;
  return typeof country === "string" && /^[A-Z]{2}$/.test(country) && country !== "XX" ? country : null;
}

function counterFor(env: Bindings, region: string | null) {
  return env.CROWD.get(env.CROWD.idFromName(counterName(region)));
}

const TIMED_OUT = Symbol("timed out");

/** A cached, bounded read: fresh from memory, else a read of at most `timeoutMs`, else the older copy or `fallback`. */
async function cachedRead<T>(
  cache: Map<string, Entry<T>>,
  id: string,
  ctx: WaitUntil,
  read: () => Promise<T>,
  fallback: () => T,
  { maxAgeMs = FRESH_MS, timeoutMs = READ_TIMEOUT_MS }: { maxAgeMs?: number; timeoutMs?: number } = {},
): Promise<T> {
  const now = Date.now();
  const hit = cache.get(id);
  const fetchAndKeep = () =>
    read().then(
      (value) => {
        cache.set(id, { value, at: Date.now(), refreshing: null });
        failedAt.delete(id);
        return value;
      },
      (error: unknown) => {
        failedAt.set(id, Date.now());
        const entry = cache.get(id);
        if (entry) entry.refreshing = null;
        throw error;
      },
    );
  if (hit && now - hit.at < maxAgeMs) return hit.value;
  // An older copy still serves when the counter is slow or failing, for up to 2 minutes.
  const otherwise = hit && now - hit.at < STALE_MS ? () => hit.value : fallback;
  const inFlight = hit?.refreshing != null && now - hit.refreshing < READ_GUARD_MS;
  if (recentlyFailed(id, now) || inFlight) return otherwise();
  if (hit) hit.refreshing = now;
  const call = fetchAndKeep();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  try {
    const result = await Promise.race([call, timeout]);
    if (result !== TIMED_OUT) return result;
    // Too slow for this request: let it finish for the next one.
    ctx.waitUntil(call.catch((error: unknown) => logFailure("crowd_read_failed", error)));
    return otherwise();
  } catch (error) {
    logFailure("crowd_read_failed", error);
    return otherwise();
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function recentlyFailed(id: string, now: number): boolean {
  const at = failedAt.get(id);
  return at !== undefined && now - at < FAILURE_BACKOFF_MS;
}

/** The crowd verdict for the caller's country (the global one without a country). Never throws. */
export async function crowdVerdictFor(env: Bindings, ctx: WaitUntil, region: string | null, timeoutMs = READ_TIMEOUT_MS): Promise<CrowdVerdict> {
  if (!env.CROWD) return unknownCrowd(region);
  try {
    return await cachedRead(verdicts, counterName(region), ctx, () => counterFor(env, region).verdict(region), () => unknownCrowd(region), { timeoutMs, maxAgeMs: freshMs(env) });
  } catch (error) {
    logFailure("crowd_read_failed", error, region);
    return unknownCrowd(region);
  }
}

/** For GET /v1/status: the caller's verdict and the raised countries. Never throws. */
export async function crowdStatus(env: Bindings, ctx: WaitUntil, region: string | null): Promise<{ crowd: CrowdVerdict; regions: CrowdVerdict[] }> {
  if (!env.CROWD) return { crowd: unknownCrowd(region), regions: [] };
  const globalFallback = (): CrowdOverview => ({ verdict: unknownCrowd(null), regions: [] });
  const [own, overview] = await Promise.all([
    region ? crowdVerdictFor(env, ctx, region, STATUS_READ_TIMEOUT_MS) : Promise.resolve(null),
    cachedRead(overviews, counterName(null), ctx, () => counterFor(env, null).overview(), globalFallback, { timeoutMs: STATUS_READ_TIMEOUT_MS, maxAgeMs: freshMs(env) }).catch(globalFallback),
  ]);
  return { crowd: own ?? overview.verdict, regions: overview.regions };
}

/** Charts of the last 24 hours for these regions (null: worldwide), those that answer in time. */
export async function crowdCharts(env: Bindings, ctx: WaitUntil, regions: readonly (string | null)[]): Promise<CrowdChart[]> {
  if (!env.CROWD) return [];
  const read = (region: string | null) =>
    cachedRead<CrowdChart | null>(charts, counterName(region), ctx, () => counterFor(env, region).chart(region), () => null, { timeoutMs: STATUS_READ_TIMEOUT_MS, maxAgeMs: freshMs(env) }).catch(
      () => null,
    );
  const list = await Promise.all(regions.map(read));
  return list.filter((chart): chart is CrowdChart => chart !== null);
}

// ---- for tests and benches -------------------------------------------------------------------

/** Forgets this isolate's cached verdicts, failures and pending reports. */
export function resetIsolateCrowdState(): void {
  verdicts.clear();
  overviews.clear();
  charts.clear();
  failedAt.clear();
  pending = [];
  flushArmed = false;
  lastFlushAt = -Infinity;
  counters.reports = 0;
  counters.calls = 0;
  counters.failed = 0;
}

/** Reports handed to counters by this isolate, the calls that carried them, and those lost to failures. */
export function crowdReportCounters(): Readonly<typeof counters> {
  return { ...counters };
}

function logFailure(event: string, error: unknown, region?: string | null): void {
  // Never the address, the body or anything but what failed.
  console.warn(JSON.stringify({ level: "warn", event, ...(region !== undefined ? { region } : {}), reason: String(error instanceof Error ? error.message : error) }));
}
