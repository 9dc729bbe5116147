// The crowd detector (issue 12): is iMessage failing for many more devices than usual right now?
// Pure: per-minute counts of clean reports in, the contract's crowd verdict out. No bindings, no
// clock of its own; the Durable Object that counts (src/storage/crowd-counter.ts) only feeds it.
//
// How the verdict is reached, minute by minute:
//  1. Expected: the same 15 minutes of the day on each of the previous 7 days, averaged (without
//     the busiest of them once there are 4 or more, so last week's outage doesn't hide this week's),
//     never below a floor for quiet regions. With no day of history yet, the hour before the window
//     stands in when there is one; with nothing at all, the floor alone decides.
//  2. Evidence: the clean reports of the last 2, 5 and 15 minutes, each against its share of the
//     expected count (a sharp onset shows in the short windows first, a slow one in the long one).
//     A window counts when it holds enough reports, is a large enough multiple of the expected
//     count, and is improbable under Poisson noise (the tail P(X ≥ count)).
//  3. Hysteresis: a raised verdict stays while its weaker "hold" test passes, and drops only after
//     CALM_MINUTES minutes without it, so it doesn't flap as the counts wobble around a threshold.
//
// One carrier's activation trouble is not iMessage's: each minute, the activation reports of the
// single busiest carrier are set aside from the counts the tests use (and from their history alike).
import { place } from "./countries";
import { unknownCrowd } from "./crowd-advice";
import type { CrowdStatus, FindingId, SymptomKind } from "./ids";
import type { CrowdVerdict, Diagnostics, Finding } from "./types";

export const MINUTE_MS = 60_000;
export const DAY_MINUTES = 24 * 60;
/** The contract's window: `reports` are the clean reports of the last 15 minutes. */
export const WINDOW_MINUTES = 15;
/**
 * Windows the tests scan, all ending now. A 2-minute window sees a sharp onset (everyone fails at
 * once) within two or three minutes; 5 minutes a ramp; 15 minutes a slow rise and a quiet region.
 */
export const SCAN_WINDOWS = [2, 5, 15] as const;
/** Days of history behind `expected` (the counter keeps one more, so a whole week is always there). */
export const BASELINE_DAYS = 7;
/** From this many days of history, the busiest one is left out of the average (an outage last week). */
export const TRIM_FROM_DAYS = 4;
/**
 * The least `expected` ever is (clean reports per 15 minutes). In a quiet region, or before there is
 * any history, two reports in a quarter hour are ordinary: with it, 3 reports raise nothing, while a
 * dozen within a minute or two is far beyond what chance gives (P ≈ 1e-12).
 */
export const EXPECTED_FLOOR = 2;
/** Without a day of history, the hour before the window stands in for the time of day (if counted). */
export const RECENT_BASELINE_MINUTES = 60;

/**
 * `likely`: a dozen distinct devices at least (fewer is a coincidence in any region), three times
 * the usual count (day-to-day swings and a viral post about iMessage stay under 2×), and a Poisson
 * tail of one in a million: evaluated every minute with three windows, pure noise raises it about
 * once in a decade per region.
 */
export const MIN_LIKELY_REPORTS = 12;
export const RATIO_LIKELY = 3;
export const P_LIKELY = 1e-6;
/**
 * `possible`: weak evidence (the engine only lets it reorder harmless fixes), so a lower bar, yet
 * not one a busy evening or a viral post crosses every day: twice the usual count, 8 devices at
 * least, a tail of 1e-5 (the simulator: about 5 raised by chance or a viral post per region-month).
 */
export const MIN_POSSIBLE_REPORTS = 8;
export const RATIO_POSSIBLE = 2;
export const P_POSSIBLE = 1e-5;
/** A raised verdict holds while some window stays this far above usual (weaker than raising it). */
export const RATIO_HOLD = 1.5;
export const P_HOLD = 1e-2;
/** Minutes without the hold test before a raised verdict steps down. */
export const CALM_MINUTES = 5;
/** How far back the verdict is replayed from no alarm (6 hours: longer than Apple's usual outages). */
export const REPLAY_MINUTES = 6 * 60;

export type RaisedStatus = Exclude<CrowdStatus, "unknown">;

/** Per-minute counts for one region (or all of them), as the counter keeps them. */
export interface CrowdCounts {
  /** The minute (Unix time in whole minutes) of the first entry of each array. */
  start: number;
  /** Clean reports per minute. */
  clean: ArrayLike<number>;
  /** Every other report per minute (a local cause, one contact): only drawn, never tested. */
  other?: ArrayLike<number>;
  /** Per minute, the clean activation reports of the single busiest carrier (set aside by the tests). */
  peak?: ArrayLike<number>;
  /** The first minute counted: earlier minutes are missing history, not quiet ones. null: nothing yet. */
  firstMinute: number | null;
}

export interface WindowTest {
  minutes: number;
  count: number;
  expected: number;
  ratio: number;
  /** P(X ≥ count) for a Poisson count with the expected mean. */
  p: number;
}

/** What the tests see at one minute. */
export interface Observation {
  minute: number;
  windows: WindowTest[];
  /** Clean reports of the last 15 minutes, and what is usual for them (the contract's figures). */
  reports: number;
  expected: number;
  /** Days of history behind `expected` (0: the floor or the hour before). */
  days: number;
  /** The busiest carrier's activation reports alone would have raised it. */
  carrierBurst: boolean;
}

export interface DetectorState {
  status: RaisedStatus;
  /** The minute the raised verdict began (null while none). */
  since: number | null;
  /** Consecutive minutes the hold test failed. */
  calm: number;
}

export const INITIAL_STATE: DetectorState = { status: "none", since: null, calm: 0 };

export const minuteOf = (ms: number) => Math.floor(ms / MINUTE_MS);

// ---- Poisson tail ----------------------------------------------------------------------------

const LOG_FACTORIALS: number[] = [0];
for (let n = 1; n <= 256; n++) LOG_FACTORIALS[n] = LOG_FACTORIALS[n - 1]! + Math.log(n);

/** ln(n!) exactly up to 256, then Stirling's series (error below 1e-10 there). */
function logFactorial(n: number): number {
  if (n <= 256) return LOG_FACTORIALS[n]!;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

/** P(X ≥ k) for X ~ Poisson(mean). Exact enough for tails far below 1e-12; 1 when k ≤ mean. */
export function poissonTail(k: number, mean: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  if (k <= mean) return 1;
  let term = Math.exp(k * Math.log(mean) - mean - logFactorial(k));
  let sum = term;
  for (let i = k + 1; i < k + 10_000; i++) {
    term *= mean / i;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return Math.min(1, sum);
}

/** The smallest count whose upper tail is at most `p`: the top of the usual range. */
export function poissonUpper(mean: number, p: number): number {
  let k = Math.max(1, Math.ceil(mean));
  while (poissonTail(k, mean) > p) k += Math.max(1, Math.floor(Math.sqrt(mean) / 4));
  return k;
}

// ---- observing one minute --------------------------------------------------------------------

/** Reads a per-minute array by absolute minute (0 outside). */
function at(values: ArrayLike<number> | undefined, start: number, minute: number): number {
  if (!values) return 0;
  const i = minute - start;
  return i >= 0 && i < values.length ? (values[i] ?? 0) : 0;
}

/** The tested count of one minute: clean reports without the busiest carrier's activation ones. */
function tested(counts: CrowdCounts, minute: number): number {
  return Math.max(0, at(counts.clean, counts.start, minute) - at(counts.peak, counts.start, minute));
}

function windowSum(counts: CrowdCounts, end: number, minutes: number, value: (minute: number) => number): number {
  let sum = 0;
  for (let m = end - minutes + 1; m <= end; m++) sum += value(m);
  return sum;
}

/**
 * What is usual for the 15 minutes ending at `end`: the same minutes on the previous days the counter
 * covers (the busiest left out from 4 days on), else the hour before, never under the floor.
 */
export function expectedFor(counts: CrowdCounts, end: number, value: (minute: number) => number = (m) => tested(counts, m)): { expected: number; days: number } {
  const first = counts.firstMinute;
  if (first === null) return { expected: EXPECTED_FLOOR, days: 0 };
  const sums: number[] = [];
  for (let d = 1; d <= BASELINE_DAYS; d++) {
    const dayEnd = end - d * DAY_MINUTES;
    if (dayEnd - WINDOW_MINUTES + 1 < first) break;
    sums.push(windowSum(counts, dayEnd, WINDOW_MINUTES, value));
  }
  if (sums.length > 0) {
    if (sums.length >= TRIM_FROM_DAYS) sums.splice(sums.indexOf(Math.max(...sums)), 1);
    const mean = sums.reduce((a, b) => a + b, 0) / sums.length;
    return { expected: Math.max(EXPECTED_FLOOR, mean), days: sums.length };
  }
  // No day of history: the hour before the window, when the counter saw all of it.
  const recentEnd = end - WINDOW_MINUTES;
  if (recentEnd - RECENT_BASELINE_MINUTES + 1 >= first) {
    const rate = windowSum(counts, recentEnd, RECENT_BASELINE_MINUTES, value) / RECENT_BASELINE_MINUTES;
    return { expected: Math.max(EXPECTED_FLOOR, rate * WINDOW_MINUTES), days: 0 };
  }
  return { expected: EXPECTED_FLOOR, days: 0 };
}

/**
 * The tests at `minute`, of which `fraction` has passed (1 at a minute's end; a read mid-minute
 * weighs the current minute's expected share by the time gone).
 */
export function observe(counts: CrowdCounts, minute: number, fraction = 1): Observation {
  const part = Math.min(1, Math.max(1 / 60, fraction));
  const base = expectedFor(counts, minute);
  const scale = (minutes: number) => (minutes - 1 + part) / WINDOW_MINUTES;
  const windows = SCAN_WINDOWS.map((minutes): WindowTest => {
    const count = windowSum(counts, minute, minutes, (m) => tested(counts, m));
    const expected = base.expected * scale(minutes);
    const ratio = count / expected;
    // The tail only matters where the count and ratio already pass the weakest test.
    const p = count >= MIN_POSSIBLE_REPORTS && ratio >= RATIO_HOLD ? poissonTail(count, expected) : 1;
    return { minutes, count, expected, ratio, p };
  });
  const shown = expectedFor(counts, minute, (m) => at(counts.clean, counts.start, m));
  const reports = windowSum(counts, minute, WINDOW_MINUTES, (m) => at(counts.clean, counts.start, m));
  // Would the clean reports with the carrier's activation ones have raised it? Then say so.
  const allLong = reports / (shown.expected * scale(WINDOW_MINUTES));
  const carrierBurst = levelOf(windows) === "none" && allLong >= RATIO_LIKELY && reports >= MIN_LIKELY_REPORTS;
  return { minute, windows, reports, expected: shown.expected * scale(WINDOW_MINUTES), days: base.days, carrierBurst };
}

function passes(w: WindowTest, min: number, ratio: number, p: number): boolean {
  return w.count >= min && w.ratio >= ratio && w.p <= p;
}

/** What this minute's evidence alone says. */
export function levelOf(windows: readonly WindowTest[]): RaisedStatus {
  if (windows.some((w) => passes(w, MIN_LIKELY_REPORTS, RATIO_LIKELY, P_LIKELY))) return "likely";
  if (windows.some((w) => passes(w, MIN_POSSIBLE_REPORTS, RATIO_POSSIBLE, P_POSSIBLE))) return "possible";
  return "none";
}

function holds(windows: readonly WindowTest[]): boolean {
  return windows.some((w) => passes(w, MIN_POSSIBLE_REPORTS, RATIO_HOLD, P_HOLD));
}

/** One minute of the state machine: raise at once, step down only after CALM_MINUTES without the hold test. */
export function stepCrowd(state: DetectorState, obs: Observation): DetectorState {
  const raw = levelOf(obs.windows);
  if (raw === "likely") return { status: "likely", since: state.since ?? obs.minute, calm: 0 };
  if (state.status === "none") return raw === "possible" ? { status: "possible", since: obs.minute, calm: 0 } : INITIAL_STATE;
  if (holds(obs.windows)) return { ...state, calm: 0 };
  const calm = state.calm + 1;
  if (calm < CALM_MINUTES) return { ...state, calm };
  if (state.status === "likely" && raw === "possible") return { status: "possible", since: state.since, calm: 0 };
  return INITIAL_STATE;
}

/** The state at `minute`, replayed from no alarm REPLAY_MINUTES earlier (the same steps as live). */
export function replay(
  counts: CrowdCounts,
  minute: number,
  fraction = 1,
  from = minute - REPLAY_MINUTES,
): { state: DetectorState; obs: Observation; trail: RaisedStatus[]; trailStart: number } {
  // Before the counter's first minute there is nothing to replay.
  const trailStart = Math.min(minute, Math.max(from, counts.firstMinute ?? minute));
  let state = INITIAL_STATE;
  let obs: Observation | undefined;
  const trail: RaisedStatus[] = [];
  for (let m = trailStart; m <= minute; m++) {
    obs = observe(counts, m, m === minute ? fraction : 1);
    state = stepCrowd(state, obs);
    trail.push(state.status);
  }
  return { state, obs: obs!, trail, trailStart };
}

// ---- the verdict -------------------------------------------------------------------------------

const round1 = (n: number) => Math.round(n * 10) / 10;


/** "37 in 15 minutes, about 2 is usual" */
function figures(reports: number, expected: number): string {
  const usual = Math.max(1, Math.round(expected));
  return `${reports} in 15 minutes, about ${usual} is usual`;
}

/** One sentence a person reads; no times, no zones. */
export function crowdSummary(status: RaisedStatus, region: string | null, obs: Pick<Observation, "reports" | "expected" | "carrierBurst">): string {
  const nums = figures(obs.reports, obs.expected);
  switch (status) {
    case "likely":
      return `Many more iPhones than usual ${place(region)} report iMessage failing right now: ${nums}.`;
    case "possible":
      return `More iPhones than usual ${place(region)} report iMessage trouble right now: ${nums}.`;
    default:
      if (obs.carrierBurst) return `Many iPhones ${place(region)} report activation trouble with one carrier right now, not iMessage as a whole: ${nums}.`;
      return `iPhones ${place(region)} report iMessage failing no more than usual: ${nums}.`;
  }
}

/** The contract's crowd verdict for `region` (null: the global count) at `now`. */
export function detectCrowd(counts: CrowdCounts, now: Date, region: string | null): CrowdVerdict {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) return unknownCrowd(region);
  const minute = minuteOf(ms);
  const fraction = (ms - minute * MINUTE_MS) / MINUTE_MS;
  const { state, obs } = replay(counts, minute, fraction);
  return {
    status: state.status,
    region,
    reports: obs.reports,
    expected: round1(obs.expected),
    ratio: round1(obs.reports / obs.expected),
    since: state.since === null ? null : new Date(state.since * MINUTE_MS).toISOString(),
    summary: crowdSummary(state.status, region, obs),
  };
}

// ---- the chart ---------------------------------------------------------------------------------

export const CHART_HOURS = 24;
export const CHART_BIN_MINUTES = 15;
/** The chart's usual range: 999 quarter hours in 1,000 stay under its top by chance alone. */
export const BAND_P = 1e-3;

export interface ChartBin {
  /** Start of the bin (ISO). */
  start: string;
  clean: number;
  other: number;
  expected: number;
  /** The top of the usual range (Poisson tail BAND_P). */
  upper: number;
  /** The detector's highest state within the bin. */
  raised: RaisedStatus;
}

export interface CrowdChart {
  region: string | null;
  /** The end of the last bin (ISO): now. */
  end: string;
  bins: ChartBin[];
}

const RANK: Record<RaisedStatus, number> = { none: 0, possible: 1, likely: 2 };

/** The last 24 hours in 15-minute bins: clean and other reports, the usual band, the raised spans. */
export function crowdChart(counts: CrowdCounts, now: Date, region: string | null): CrowdChart {
  const minute = minuteOf(now.getTime());
  const binCount = (CHART_HOURS * 60) / CHART_BIN_MINUTES;
  const first = minute - binCount * CHART_BIN_MINUTES + 1;
  const { trail, trailStart } = replay(counts, minute, 1, first - REPLAY_MINUTES);
  const cleanAt = (m: number) => at(counts.clean, counts.start, m);
  const bins: ChartBin[] = [];
  for (let b = 0; b < binCount; b++) {
    const start = first + b * CHART_BIN_MINUTES;
    const end = start + CHART_BIN_MINUTES - 1;
    const expected = expectedFor(counts, end, cleanAt).expected;
    let raised: RaisedStatus = "none";
    for (let m = start; m <= end; m++) {
      const s = trail[m - trailStart];
      if (s && RANK[s] > RANK[raised]) raised = s;
    }
    bins.push({
      start: new Date(start * MINUTE_MS).toISOString(),
      clean: windowSum(counts, end, CHART_BIN_MINUTES, cleanAt),
      other: windowSum(counts, end, CHART_BIN_MINUTES, (m) => at(counts.other, counts.start, m)),
      expected: round1(expected),
      upper: poissonUpper(expected, BAND_P),
      raised,
    });
  }
  return { region, end: new Date((minute + 1) * MINUTE_MS).toISOString(), bins };
}

// ---- what a report is ------------------------------------------------------------------------

/** Findings that show a cause on the device itself: a report with any of them is not clean. */
export const LOCAL_CAUSES: readonly FindingId[] = ["offline", "clock-skew", "clock-manual", "vpn", "restricted-network", "imessage-off", "low-storage", "no-sim"];
export const ACTIVATION_SYMPTOMS: readonly SymptomKind[] = ["waiting_for_activation", "activation_error"];
/** Texts failing while iMessage works is not an iMessage outage: counted (for the chart), never clean. */
const NOT_IMESSAGE: readonly SymptomKind[] = ["sms_mms_failing"];
const CARRIER_MAX = 40;

/** What a report keeps: its symptom, the carrier for activation symptoms only, and whether it's clean. */
export interface ReportFacts {
  symptom: SymptomKind;
  /** "" unless the symptom is an activation one; lower case, at most 40 characters. */
  carrier: string;
  clean: boolean;
}

/** Classifies one repair's start from its diagnostics and the findings the diagnosis made of them. */
export function reportFacts(diagnostics: Pick<Diagnostics, "symptom" | "network">, findings: readonly Pick<Finding, "id">[]): ReportFacts {
  const symptom = diagnostics.symptom.kind;
  const local = findings.some((f) => LOCAL_CAUSES.includes(f.id));
  const everyone = (diagnostics.symptom.scope ?? "everyone") === "everyone";
  const activation = ACTIVATION_SYMPTOMS.includes(symptom);
  const carrier = activation ? normalizeCarrier(diagnostics.network?.cellular?.carrier) : "";
  return { symptom, carrier, clean: !local && everyone && !NOT_IMESSAGE.includes(symptom) };
}

/** "T-Mobile " → "t-mobile": letters, digits, spaces and a little punctuation, nothing else. */
export function normalizeCarrier(carrier: string | undefined): string {
  if (!carrier) return "";
  return carrier
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N} &.+'-]/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, CARRIER_MAX);
}
