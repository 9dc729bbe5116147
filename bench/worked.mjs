// How the order settles (issue 13): mean steps to a fix after N simulated repairs, learning from
// outcomes against the fixed expert order, on the same simulated people. Goal: fewer steps after
// 2,000 repairs, and never a riskier fix earlier.
import { build } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const outfile = join(mkdtempSync(join(tmpdir(), "delivered-bench-")), "worked.mjs");
await build({ entryPoints: ["bench/worked-entry.ts"], bundle: true, platform: "node", format: "esm", outfile, logLevel: "error" });
const { runWorkedBench } = await import(pathToFileURL(outfile).href);
for (const n of [200, 2000]) {
  const r = runWorkedBench(n);
  console.log(
    `worked: after ${r.repairs} simulated repairs, mean steps to a fix over the last ${Math.min(500, n)} ${r.learnedMean.toFixed(2)} learning vs ${r.expertMean.toFixed(2)} expert order` +
      ` (first 100: ${r.firstLearnedMean.toFixed(2)}); first fix now ${r.firstFix}; risk tiers never earlier: ${r.tierOrderKept ? "yes" : "NO"}`,
  );
}
