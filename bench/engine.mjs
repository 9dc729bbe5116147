// Engine time per diagnosis: median and p99 over 10,000 varied inputs (target: p99 < 0.5 ms).
import { build } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const outfile = join(mkdtempSync(join(tmpdir(), "delivered-bench-")), "engine.mjs");
await build({ entryPoints: ["bench/engine-entry.ts"], bundle: true, platform: "node", format: "esm", outfile, logLevel: "error" });
const { runEngineBench } = await import(pathToFileURL(outfile).href);
const result = runEngineBench(10_000);
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const { medianMs, p99Ms, maxMs } = result.wall;
console.log(`engine: ${result.count} varied diagnoses, median ${us(medianMs)}, p99 ${us(p99Ms)}, max ${us(maxMs)} (wall); mean CPU ${us(result.meanCpuMs)}`);
console.log(`engine: p99 ${p99Ms < 0.5 ? "meets" : "MISSES"} the 500 µs target${p99Ms < 0.5 ? "" : " (on a busy machine the tail is other processes' time: run it again when idle)"}`);
