// Bundled for Node by bench/crowd.mjs: how early the crowd detector (src/domain/crowd.ts) sees an
// outage. Simulated clean reports per minute for several regions, fed minute by minute to the real
// detector (the same observe → stepCrowd the Durable Object replays), with:
//  - a daily curve per region in its own time zone: quiet nights, busy evenings, from the region's
//    trough to its peak (2 to 40 clean reports a minute), a weekday/weekend level and day-to-day
//    swings of about 8% on top of Poisson noise;
//  - unrelated bursts that must not raise `likely`: one carrier's activation trouble (extra
//    activation reports from that carrier, up to 3× the region's whole rate, for 1 to 6 hours) and
//    a viral post about iMessage (1.3× to 2× the clean reports for 30 to 120 minutes);
//  - outages: the clean reports ramp to 5× to 50× (log-uniform) over 2 to 10 minutes and stay there
//    for 20 to 120 minutes.
// Apple's page is modelled on what happened (issue 12): on 2025-06-20 an event that began 09:39 PDT
// first appeared, already resolved, after 10:22; in May 2024 nothing showed until after the fact.
// So: 40% of outages appear only once over (0 to 30 minutes after the end), the others 25 to 75
// minutes after the onset (or after the end, if that comes first).
import { random } from "./random";
import { DAY_MINUTES, INITIAL_STATE, observe, stepCrowd, type CrowdCounts, type DetectorState } from "../src/domain/crowd";

type Rng = () => number;
const uniform = (rng: Rng, a: number, b: number) => a + (b - a) * rng();
function normal(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}
/** Poisson draw: Knuth for small means, a rounded normal for large ones. */
function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

export interface Region {
  code: string;
  /** Clean reports a minute at the quietest and the busiest time of day. */
  trough: number;
  peak: number;
  /** Hours ahead of UTC: where its evening falls. */
  utcOffset: number;
}

export const REGIONS: Region[] = [
  { code: "US", trough: 4, peak: 40, utcOffset: -6 },
  { code: "BR", trough: 3, peak: 30, utcOffset: -3 },
  { code: "IN", trough: 2, peak: 30, utcOffset: 5.5 },
  { code: "DE", trough: 2, peak: 25, utcOffset: 1 },
  { code: "GB", trough: 2, peak: 20, utcOffset: 0 },
  { code: "FR", trough: 2, peak: 18, utcOffset: 1 },
  { code: "JP", trough: 2, peak: 15, utcOffset: 9 },
  // A quiet region: under 2 a minute all day, reported apart from the goal.
  { code: "NZ", trough: 0.1, peak: 1.5, utcOffset: 13 },
];

/** Share of the day's peak by local hour: quiet nights, a morning rise, busy evenings. */
const SHAPE = [0.25, 0.12, 0.05, 0, 0, 0.03, 0.12, 0.3, 0.45, 0.52, 0.56, 0.6, 0.62, 0.6, 0.58, 0.6, 0.66, 0.75, 0.85, 0.95, 1, 0.95, 0.75, 0.45];
function shape(localHour: number): number {
  const h = ((localHour % 24) + 24) % 24;
  const i = Math.floor(h);
  const f = h - i;
  return SHAPE[i]! * (1 - f) + SHAPE[(i + 1) % 24]! * f;
}

export interface Outage {
  region: string;
  onset: number;
  end: number;
  multiplier: number;
  rampMinutes: number;
  /** Clean reports a minute at onset (before the outage). */
  baseRate: number;
  /** When Apple's page first shows it. */
  appleAt: number;
  /** Minutes from onset to `likely`, including the pipeline; null: never during the outage. */
  detectedAfter: number | null;
}

export interface RegionResult {
  region: Region;
  outages: Outage[];
  falseLikely: number;
  falsePossible: number;
  /** Episodes of each unrelated burst kind that raised `likely`. */
  burstAlarms: { carrier: number; viral: number };
}

/** Reports reach the counter within the isolate's flush (2 s) and readers' copy is at most 10 s old. */
export const PIPELINE_MINUTES = 12 / 60;
const WARMUP_DAYS = 7;
const SHARES = [0.4, 0.3, 0.2, 0.1];
const ACTIVATION_SHARE = 0.15;

interface Span {
  start: number;
  end: number;
}

function spans(rng: Rng, count: number, first: number, last: number, length: () => number, taken: Span[], gap: number): Span[] {
  const out: Span[] = [];
  for (let tries = 0; out.length < count && tries < 1000; tries++) {
    const start = Math.floor(uniform(rng, first, last));
    const span = { start, end: start + Math.round(length()) };
    if ([...taken, ...out].some((s) => span.start < s.end + gap && s.start < span.end + gap)) continue;
    out.push(span);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** One region over `days` measured days after a week of history. */
export function simulateRegion(region: Region, seed: number, days = 30, outagesPerMonth = 6): RegionResult {
  const rng = random(seed);
  const total = (WARMUP_DAYS + days) * DAY_MINUTES;
  const start = 29_000_000; // a minute index in 2025, at 00:00 UTC-ish; only differences matter
  const measuredFrom = WARMUP_DAYS * DAY_MINUTES;

  const outageSpans = spans(rng, Math.round((outagesPerMonth * days) / 30), measuredFrom + 60, total - 200, () => uniform(rng, 20, 120), [], 6 * 60);
  const carrierSpans = spans(rng, Math.round((2 * (days + WARMUP_DAYS)) / 30), 60, total - 400, () => uniform(rng, 60, 360), outageSpans, 120);
  const viralSpans = spans(rng, Math.round((2 * (days + WARMUP_DAYS)) / 30), 60, total - 200, () => uniform(rng, 30, 120), [...outageSpans, ...carrierSpans], 120);
  const outageParams = outageSpans.map(() => ({ multiplier: Math.exp(uniform(rng, Math.log(5), Math.log(50))), ramp: uniform(rng, 2, 10) }));
  const carrierParams = carrierSpans.map(() => ({ excess: uniform(rng, 0.5, 3), carrier: Math.floor(rng() * SHARES.length) }));
  const viralParams = viralSpans.map(() => ({ multiplier: uniform(rng, 1.3, 2), ramp: uniform(rng, 5, 20) }));

  const dayFactors = Array.from({ length: WARMUP_DAYS + days + 1 }, (_, d) => (d % 7 >= 5 ? 0.9 : 1) * Math.exp(0.08 * normal(rng)));
  const clean = new Float64Array(total);
  const peak = new Float64Array(total);
  const baseRates = new Float64Array(total);

  for (let i = 0; i < total; i++) {
    const utcHour = ((start + i) % DAY_MINUTES) / 60;
    const base = (region.trough + (region.peak - region.trough) * shape(utcHour + region.utcOffset)) * dayFactors[Math.floor(i / DAY_MINUTES)]!;
    baseRates[i] = base;
    let rate = base;
    outageSpans.forEach((s, k) => {
      if (i >= s.start && i < s.end) {
        const { multiplier, ramp } = outageParams[k]!;
        rate *= 1 + (multiplier - 1) * Math.min(1, (i - s.start + 1) / ramp);
      }
    });
    let viral = 1;
    viralSpans.forEach((s, k) => {
      if (i >= s.start && i < s.end) viral = 1 + (viralParams[k]!.multiplier - 1) * Math.min(1, (i - s.start + 1) / viralParams[k]!.ramp);
    });
    const activation = poisson(rng, rate * ACTIVATION_SHARE);
    const byCarrier = SHARES.map(() => 0);
    for (let a = 0; a < activation; a++) {
      const u = rng();
      let acc = 0;
      let c = 0;
      for (; c < SHARES.length - 1; c++) if (u < (acc += SHARES[c]!)) break;
      byCarrier[c]!++;
    }
    carrierSpans.forEach((s, k) => {
      if (i >= s.start && i < s.end) {
        const { excess, carrier } = carrierParams[k]!;
        byCarrier[carrier]! += poisson(rng, base * excess * Math.min(1, (i - s.start + 1) / 10));
      }
    });
    const others = poisson(rng, rate * (1 - ACTIVATION_SHARE) * viral);
    clean[i] = others + byCarrier.reduce((a, b) => a + b, 0);
    peak[i] = Math.max(...byCarrier);
  }

  const counts: CrowdCounts = { start, clean, peak, firstMinute: start };
  const outages: Outage[] = outageSpans.map((s, k) => {
    const r = random(seed * 31 + k);
    const lateOnly = r() < 0.4;
    const appleAt = lateOnly ? s.end + uniform(r, 0, 30) : Math.min(s.start + uniform(r, 25, 75), s.end + uniform(r, 0, 30));
    return {
      region: region.code,
      onset: s.start,
      end: s.end,
      multiplier: outageParams[k]!.multiplier,
      rampMinutes: outageParams[k]!.ramp,
      baseRate: baseRates[s.start]!,
      appleAt,
      detectedAfter: null,
    };
  });

  // Minute by minute, as the counter would replay it: the state at each minute's end.
  let state: DetectorState = INITIAL_STATE;
  let falseLikely = 0;
  let falsePossible = 0;
  const burstAlarms = { carrier: 0, viral: 0 };
  const near = (list: Span[], i: number, after: number) => list.some((s) => i >= s.start && i < s.end + after);
  for (let i = measuredFrom - 6 * 60; i < total; i++) {
    const before = state.status;
    state = stepCrowd(state, observe(counts, start + i));
    if (i < measuredFrom) continue;
    const outage = outages.find((o) => i >= o.onset && i < o.end);
    if (state.status === "likely" && outage && outage.detectedAfter === null) outage.detectedAfter = i + 1 - outage.onset + PIPELINE_MINUTES;
    // An episode raised away from any outage (or its 20-minute tail) is a false alarm.
    const risen = (status: string) => state.status === status && before !== status && !(status === "possible" && before === "likely");
    if (risen("likely") && !near(outageSpans, i, 20)) {
      falseLikely++;
      if (near(carrierSpans, i, 20)) burstAlarms.carrier++;
      if (near(viralSpans, i, 20)) burstAlarms.viral++;
    }
    if (risen("possible") && !near(outageSpans, i, 20)) falsePossible++;
  }
  return { region, outages, falseLikely, falsePossible, burstAlarms };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function runCrowdBench(months = 5, days = 30) {
  const results: RegionResult[] = [];
  for (let month = 0; month < months; month++) {
    REGIONS.forEach((region, r) => results.push(simulateRegion(region, 1000 + month * 97 + r * 13, days)));
  }
  return results;
}
