// How early the crowd signal flags an outage (issue 12): simulated months of clean reports for
// several regions driving the real detector (bench/crowd-entry.ts). Goals: detection p50 ≤ 3 min and
// p95 ≤ 6 min after onset where a region sees ≥ 2 clean reports a minute; ≤ 1 false alarm per
// region-month. The last line is the summary, in a fixed form.
import { build } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const outfile = join(mkdtempSync(join(tmpdir(), "delivered-bench-")), "crowd.mjs");
await build({ entryPoints: ["bench/crowd-entry.ts"], bundle: true, platform: "node", format: "esm", outfile, logLevel: "error" });
const { runCrowdBench, percentile, REGIONS } = await import(pathToFileURL(outfile).href);

const MONTHS = Number(process.env.CROWD_MONTHS ?? 5);
const started = performance.now();
const results = runCrowdBench(MONTHS, 30);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(1) : "n/a");
const busy = (o) => o.baseRate >= 2;
for (const region of REGIONS) {
  const mine = results.filter((r) => r.region.code === region.code);
  const outages = mine.flatMap((r) => r.outages);
  const detected = outages.filter((o) => o.detectedAfter !== null).map((o) => o.detectedAfter);
  const falseLikely = mine.reduce((a, r) => a + r.falseLikely, 0);
  const falsePossible = mine.reduce((a, r) => a + r.falsePossible, 0);
  console.log(
    `crowd ${region.code} (${region.trough}–${region.peak} clean/min): ${detected.length}/${outages.length} outages detected, ` +
      `p50 ${fmt(percentile(detected, 50))} min, p95 ${fmt(percentile(detected, 95))} min, worst ${fmt(Math.max(...detected))} min; ` +
      `false likely ${falseLikely}, false possible ${falsePossible} in ${mine.length} month${mine.length === 1 ? "" : "s"}`,
  );
}

const all = results.flatMap((r) => r.outages);
const goal = all.filter(busy);
const missed = goal.filter((o) => o.detectedAfter === null);
// A missed outage counts as never detected: it takes the slowest place in the percentiles.
const times = goal.map((o) => o.detectedAfter ?? Infinity);
const leads = all.filter((o) => o.detectedAfter !== null).map((o) => o.appleAt - o.onset - o.detectedAfter);
const regionMonths = results.length;
const falseAlarms = results.reduce((a, r) => a + r.falseLikely, 0) / regionMonths;
const carrier = results.reduce((a, r) => a + r.burstAlarms.carrier, 0);
const viral = results.reduce((a, r) => a + r.burstAlarms.viral, 0);
const slowest = goal.filter((o) => (o.detectedAfter ?? Infinity) > 6).map((o) => `${o.multiplier.toFixed(1)}× over ${o.rampMinutes.toFixed(1)} min at ${o.baseRate.toFixed(1)}/min`);
console.log(
  `crowd: ${regionMonths} region-months (${REGIONS.length} regions × ${MONTHS} months of 30 days, after a week of history) in ${seconds} s; ` +
    `${goal.length} outages where ≥ 2 clean reports a minute, ${missed.length} missed; ${all.length - goal.length} in quieter hours or regions; ` +
    `false alarms from carrier bursts ${carrier}, from viral posts ${viral}` +
    (slowest.length ? `; slower than 6 min: ${slowest.join(", ")}` : ""),
);
console.log(
  `crowd: detection p50 ${fmt(percentile(times, 50))} min, p95 ${fmt(percentile(times, 95))} min; false alarms ${falseAlarms.toFixed(2)} per region-month; lead over Apple's page p50 ${fmt(percentile(leads, 50))} min`,
);
