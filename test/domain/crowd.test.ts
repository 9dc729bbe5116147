// The crowd detector (src/domain/crowd.ts) against synthetic series: what raises it, what doesn't,
// how it steps down, and the words it uses.
import { describe, expect, it } from "vitest";
import {
  BASELINE_DAYS,
  CALM_MINUTES,
  crowdChart,
  crowdSummary,
  DAY_MINUTES,
  detectCrowd,
  EXPECTED_FLOOR,
  expectedFor,
  INITIAL_STATE,
  MINUTE_MS,
  normalizeCarrier,
  observe,
  poissonTail,
  replay,
  reportFacts,
  stepCrowd,
  type CrowdCounts,
} from "../../src/domain/crowd";
import { statusSay, statusShow, unknownVerdict, SAY_MAX } from "../../src/domain/verdict";
import type { AppleVerdict, CrowdVerdict, Diagnostics } from "../../src/domain/types";

const NOW = new Date("2026-11-28T18:30:00Z");
const NOW_MINUTE = Math.floor(NOW.getTime() / MINUTE_MS);

/** A seeded PRNG and Poisson draws, so every run sees the same noise. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function poisson(rng: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

/**
 * `days` of history up to NOW's minute at `rate` clean reports a minute (Poisson), with `extra`
 * adding to chosen minutes (relative to now: 0 is the current minute, -1 the one before).
 */
function series(options: { days: number; rate: number; seed?: number; extra?: Record<number, number>; peak?: Record<number, number> }): CrowdCounts {
  const length = options.days * DAY_MINUTES + 1;
  const start = NOW_MINUTE - length + 1;
  const rng = random(options.seed ?? 7);
  const clean = Array.from({ length }, () => poisson(rng, options.rate));
  const peak = new Array<number>(length).fill(0);
  for (const [offset, n] of Object.entries(options.extra ?? {})) clean[length - 1 + Number(offset)]! += n;
  for (const [offset, n] of Object.entries(options.peak ?? {})) {
    clean[length - 1 + Number(offset)]! += n;
    peak[length - 1 + Number(offset)] = n;
  }
  return { start, clean, peak, firstMinute: options.days > 0 ? start : NOW_MINUTE };
}

/** No history at all: only the given minutes have reports. */
function fresh(reports: Record<number, number>): CrowdCounts {
  const clean = new Array<number>(30).fill(0);
  for (const [offset, n] of Object.entries(reports)) clean[29 + Number(offset)] = n;
  const first = Math.min(...Object.keys(reports).map(Number));
  return { start: NOW_MINUTE - 29, clean, firstMinute: NOW_MINUTE + first };
}

const endOfMinute = new Date(NOW.getTime() + MINUTE_MS - 1);

describe("the Poisson tail", () => {
  it("matches the closed form for small counts, and stays exact far out", () => {
    // P(X ≥ 3 | 2) = 1 − e^−2 (1 + 2 + 2)
    expect(poissonTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * 5, 10);
    expect(poissonTail(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 10);
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(2, 10)).toBe(1); // at or under the mean: never significant
    // 24 in a minute where 2 per 15 minutes are usual: about 3e-30.
    expect(poissonTail(24, 2 / 15)).toBeLessThan(1e-25);
    expect(poissonTail(24, 2 / 15)).toBeGreaterThan(0);
    // Large means: 700 where 600 are usual is about 4 standard deviations.
    expect(poissonTail(700, 600)).toBeGreaterThan(1e-5);
    expect(poissonTail(700, 600)).toBeLessThan(1e-4);
  });
});

describe("with no history (a fresh deployment), the floor alone decides", () => {
  it("3 clean reports raise nothing", () => {
    const verdict = detectCrowd(fresh({ 0: 3 }), endOfMinute, "DE");
    expect(verdict).toMatchObject({ status: "none", reports: 3, since: null });
    expect(verdict.expected).toBeCloseTo(EXPECTED_FLOOR, 1);
  });

  it("one a minute for three minutes raises nothing either", () => {
    expect(detectCrowd(fresh({ [-2]: 1, [-1]: 1, 0: 1 }), endOfMinute, "DE").status).toBe("none");
  });

  it("dozens of distinct devices within a minute are likely", () => {
    const verdict = detectCrowd(fresh({ 0: 30 }), endOfMinute, "DE");
    expect(verdict.status).toBe("likely");
    expect(verdict.reports).toBe(30);
    expect(verdict.ratio).toBeGreaterThan(10);
    expect(verdict.since).toBe(new Date(NOW_MINUTE * MINUTE_MS).toISOString());
    expect(verdict.summary).toBe("Many more iPhones than usual in Germany report iMessage failing right now: 30 in 15 minutes, about 2 is usual.");
  });

  it("a handful within minutes is possible, not likely", () => {
    expect(detectCrowd(fresh({ [-1]: 5, 0: 5 }), endOfMinute, "DE").status).toBe("possible");
    expect(detectCrowd(fresh({ [-2]: 3, [-1]: 3, 0: 3 }), endOfMinute, "DE").status).toBe("possible");
  });

  it("with an hour counted but no day yet, the hour before stands in for the time of day", () => {
    // A busy region's first hour: 10 a minute is its normal, not an outage.
    const clean = new Array<number>(80).fill(10);
    const counts: CrowdCounts = { start: NOW_MINUTE - 79, clean, firstMinute: NOW_MINUTE - 79 };
    expect(expectedFor(counts, NOW_MINUTE).expected).toBeCloseTo(150, 5);
    expect(detectCrowd(counts, endOfMinute, "US").status).toBe("none");
  });
});

describe("with a week of history", () => {
  const steady = series({ days: 8, rate: 5, seed: 11 });

  it("expects what the same 15 minutes held on the previous days", () => {
    const { expected, days } = expectedFor(steady, NOW_MINUTE);
    expect(days).toBe(BASELINE_DAYS - 1); // seven days, the busiest left out
    expect(expected).toBeGreaterThan(60);
    expect(expected).toBeLessThan(90);
  });

  it("ordinary noise raises nothing, minute after minute", () => {
    const { trail } = replay(steady, NOW_MINUTE, 1, NOW_MINUTE - 12 * 60);
    expect(trail.filter((s) => s !== "none")).toEqual([]);
  });

  it("a sharp onset is likely within two minutes", () => {
    // 5 a minute is usual; from two minutes ago, 40 a minute.
    const outage = series({ days: 8, rate: 5, seed: 11, extra: { [-1]: 35, 0: 35 } });
    const verdict = detectCrowd(outage, endOfMinute, "FR");
    expect(verdict.status).toBe("likely");
    expect(verdict.since).toBe(new Date((NOW_MINUTE - 1) * MINUTE_MS).toISOString());
    expect(verdict.summary).toMatch(/^Many more iPhones than usual in France report iMessage failing right now: \d+ in 15 minutes, about \d+ is usual\.$/);
  });

  it("last week's outage at this hour does not hide this week's (the busiest day is left out)", () => {
    const counts = series({ days: 8, rate: 5, seed: 3, extra: { [-DAY_MINUTES * 3]: 600, [-1]: 40, 0: 40 } });
    expect(expectedFor(counts, NOW_MINUTE).expected).toBeLessThan(90);
    expect(detectCrowd(counts, endOfMinute, "FR").status).toBe("likely");
  });

  it("one carrier's activation trouble is that carrier's, not iMessage's", () => {
    const counts = series({ days: 8, rate: 5, seed: 5, peak: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [-i, 20])) });
    const verdict = detectCrowd(counts, endOfMinute, "NL");
    expect(verdict.status).toBe("none");
    expect(verdict.reports).toBeGreaterThan(300);
    expect(verdict.summary).toMatch(/^Many iPhones in the Netherlands report activation trouble with one carrier right now, not iMessage as a whole: \d+ in 15 minutes/);
  });
});

describe("hysteresis", () => {
  it("holds a raised verdict while the counts stay high, and steps down only after the calm minutes", () => {
    // 10 minutes of an outage (50 a minute over a usual 5), then back to usual.
    const extra = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [-(40 + i), 45]));
    const counts = series({ days: 8, rate: 5, seed: 17, extra });
    const { trail } = replay(counts, NOW_MINUTE, 1, NOW_MINUTE - 120);
    const statuses = trail.slice(-52); // from 51 minutes ago to now
    expect(statuses[2]).toBe("likely"); // 49 minutes ago: the outage's second minute
    // The 15-minute window keeps it raised for a while after the reports stop; then calm minutes.
    const firstNone = statuses.findIndex((s, i) => i > 2 && s === "none");
    expect(firstNone).toBeGreaterThan(12 + CALM_MINUTES);
    // And once down, it stays down: no flapping.
    expect(statuses.slice(firstNone).every((s) => s === "none")).toBe(true);
  });

  it("a count wobbling around the threshold does not flap", () => {
    // A possible-level excess every other minute for an hour.
    const extra = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [-i, i % 2 === 0 ? 9 : 0]));
    const counts = series({ days: 8, rate: 2, seed: 23, extra });
    const { trail } = replay(counts, NOW_MINUTE, 1, NOW_MINUTE - 90);
    const changes = trail.filter((s, i) => i > 0 && s !== trail[i - 1]).length;
    expect(trail.at(-1)).not.toBe("none");
    expect(changes).toBeLessThanOrEqual(3);
  });

  it("replaying is stepping: the verdict is the same state machine the live counter would have run", () => {
    const counts = series({ days: 8, rate: 3, seed: 29, extra: { [-30]: 30, [-29]: 30, [-3]: 12 } });
    let state = INITIAL_STATE;
    for (let m = NOW_MINUTE - 360; m <= NOW_MINUTE; m++) state = stepCrowd(state, observe(counts, m));
    expect(replay(counts, NOW_MINUTE).state).toEqual(state);
  });
});

describe("the chart", () => {
  it("covers the last 24 hours in 96 quarter hours, with the counts, the usual band and the raised span", () => {
    const counts = series({ days: 8, rate: 2, seed: 31, extra: { [-1]: 30, 0: 30 } });
    const other = Array.from({ length: counts.clean.length }, () => 1);
    const chart = crowdChart({ ...counts, other }, endOfMinute, "DE");
    expect(chart.bins).toHaveLength(96);
    expect(chart.end).toBe(new Date((NOW_MINUTE + 1) * MINUTE_MS).toISOString());
    const last = chart.bins.at(-1)!;
    expect(last.clean).toBe(Array.from(counts.clean).slice(-15).reduce((a, b) => a + b, 0));
    expect(last.other).toBe(15);
    expect(last.raised).toBe("likely");
    expect(chart.bins.slice(0, 90).every((b) => b.raised === "none")).toBe(true);
    for (const bin of chart.bins) expect(bin.upper).toBeGreaterThanOrEqual(bin.expected);
  });
});

describe("what a report is", () => {
  const base: Diagnostics = {
    device: { osVersion: "26.1" },
    network: { type: "cellular", cellular: { carrier: "  T-Mobile\u00a0US " } },
    symptom: { kind: "not_delivered", scope: "everyone" },
  };

  it("clean: no local cause, everyone, an iMessage symptom", () => {
    expect(reportFacts(base, [{ id: "ios-outdated" }, { id: "weak-wifi" }, { id: "timezone-mismatch" }])).toEqual({ symptom: "not_delivered", carrier: "", clean: true });
    expect(reportFacts({ ...base, symptom: { kind: "not_delivered" } }, []).clean).toBe(true);
  });

  it("not clean: any local cause, one contact, or texts failing while iMessage works", () => {
    for (const id of ["offline", "clock-skew", "clock-manual", "vpn", "restricted-network", "imessage-off", "low-storage", "no-sim"] as const) {
      expect(reportFacts(base, [{ id }]).clean, id).toBe(false);
    }
    expect(reportFacts({ ...base, symptom: { kind: "not_delivered", scope: "one_contact" } }, []).clean).toBe(false);
    expect(reportFacts({ ...base, symptom: { kind: "sms_mms_failing", scope: "everyone" } }, []).clean).toBe(false);
  });

  it("keeps the carrier for activation symptoms only, normalized", () => {
    expect(reportFacts({ ...base, symptom: { kind: "waiting_for_activation" } }, []).carrier).toBe("t-mobile us");
    expect(reportFacts({ ...base, symptom: { kind: "activation_error" } }, []).carrier).toBe("t-mobile us");
    expect(normalizeCarrier("<script>Vodafone</script>")).toBe("script vodafone script");
    expect(normalizeCarrier("x".repeat(100))).toHaveLength(40);
    expect(normalizeCarrier(undefined)).toBe("");
  });
});

describe("the words", () => {
  const obs = { reports: 37, expected: 2.1, carrierBurst: false };

  it("say how many and what is usual, in a sentence a person reads, with no times", () => {
    expect(crowdSummary("likely", "DE", obs)).toBe("Many more iPhones than usual in Germany report iMessage failing right now: 37 in 15 minutes, about 2 is usual.");
    expect(crowdSummary("possible", "US", { ...obs, reports: 9 })).toBe("More iPhones than usual in the US report iMessage trouble right now: 9 in 15 minutes, about 2 is usual.");
    expect(crowdSummary("none", null, { ...obs, reports: 1 })).toBe("iPhones worldwide report iMessage failing no more than usual: 1 in 15 minutes, about 2 is usual.");
  });

  const crowd = (status: CrowdVerdict["status"], region: string | null): CrowdVerdict => ({ status, region, reports: 37, expected: 2, ratio: 18.5, since: NOW.toISOString(), summary: crowdSummary(status === "unknown" ? "none" : status, region, obs) });
  const apple: AppleVerdict = { status: "no_incident", summary: "Apple reports no incident for iMessage.", events: [], checkedAt: NOW.toISOString(), stale: false, ageSeconds: 60 };

  it("Siri mentions a raised crowd verdict when Apple reports nothing, and ends with what to do", () => {
    expect(statusSay(apple, NOW, crowd("likely", "DE"))).toBe(
      "Many more iPhones than usual in Germany report iMessage failing, and Apple reports nothing yet. It's likely not you: send texts instead and try again in 30 minutes.",
    );
    expect(statusSay(unknownVerdict(), NOW, crowd("possible", "FR"))).toBe(
      "More iPhones than usual in France report iMessage trouble, and Apple's status can't be checked. If your messages fail, run Fix iMessage.",
    );
    // Nothing raised: what Siri said before.
    expect(statusSay(apple, NOW, crowd("none", "DE"))).toBe(statusSay(apple, NOW));
    // Apple's own incident speaks for itself.
    const outage: AppleVerdict = { ...apple, status: "outage", events: [{ service: "iMessage", statusType: "Outage", eventStatus: "ongoing", message: "", startedAt: NOW.toISOString(), endedAt: null }] };
    expect(statusSay(outage, NOW, crowd("likely", "DE"))).toBe(statusSay(outage, NOW));
  });

  it("fits 200 characters in one or two sentences for every country, without UTC, zones or ISO times", () => {
    const names = new Intl.DisplayNames(["en"], { type: "region" });
    const codes: string[] = [];
    for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (names.of(code) !== code) codes.push(code);
    }
    expect(codes.length).toBeGreaterThan(240);
    for (const code of [...codes, null]) {
      for (const status of ["likely", "possible"] as const) {
        for (const a of [apple, unknownVerdict()]) {
          const say = statusSay(a, NOW, crowd(status, code));
          expect(say.length, `${code} ${status}`).toBeLessThanOrEqual(SAY_MAX);
          expect(say).not.toMatch(/UTC|\d{4}-\d\d-\d\d|T\d\d:|\/|…/);
          // Sentences end with a word and a full stop ("St. Lucia" and "U.S." don't end one).
          expect(say.split(/(?<=[a-z]{3}\.)\s/).length).toBeLessThanOrEqual(2);
          expect(say).toMatch(/(try again in 30 minutes|run Fix iMessage)\.$/);
        }
      }
    }
  });

  it("Show Result lists the crowd's summary", () => {
    expect(statusShow(apple, NOW, crowd("likely", "DE"))).toContain("Many more iPhones than usual in Germany report iMessage failing right now");
    expect(statusShow(apple, NOW, crowd("none", "DE")).split("\n").at(-1)).toMatch(/^iPhones in Germany report iMessage failing no more than usual/);
    expect(statusShow(apple, NOW, { ...crowd("none", "DE"), status: "unknown" })).not.toContain("iPhones in Germany");
  });
});
