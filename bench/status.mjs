// GET /v1/status with a warm snapshot (target: well under 50 ms of server time).
// 1. Over HTTP on the same local server as the empty route (/healthz): the difference is what the
//    status route costs on top of wrangler dev's proxy and the HTTP stack.
// 2. The route's own time, without HTTP: the status sub-app bundled for Node and called 20,000
//    times, first from the per-isolate copy (the hot path), then with that copy dropped before each
//    call (a KV read, answered by an in-memory stand-in, so KV's own latency is excluded).
// 3. Both over HTTP with the location's cache on (the default) and off (STATUS_CACHE=off).
// Usage: node scripts/node22.mjs node bench/status.mjs [seconds]
import { build } from "esbuild";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describeLoad, load, root, startLocalWorker } from "./local-worker.mjs";

const seconds = Number(process.argv[2] ?? 10);

async function inProcess(originUrl) {
  const dir = mkdtempSync(join(tmpdir(), "delivered-bench-status-"));
  try {
    const outfile = join(dir, "status-route.mjs");
    await build({
      stdin: {
        contents: `export { statusRoutes } from "./src/routes/status.ts";
          export { refreshFeeds } from "./src/services/refresh.ts";
          export { resetIsolateStatusState } from "./src/services/apple-status.ts";`,
        resolveDir: root,
        loader: "ts",
      },
      bundle: true, platform: "node", format: "esm", outfile, logLevel: "error",
      // The crowd counter's Durable Object class extends cloudflare:workers' base class; without a
      // CROWD binding the route never calls it, so a stand-in base class is enough in Node.
      plugins: [{
        name: "cloudflare-workers-stub",
        setup(b) {
          b.onResolve({ filter: /^cloudflare:workers$/ }, () => ({ path: "cloudflare:workers", namespace: "stub" }));
          b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }", loader: "js" }));
        },
      }],
    });
    const { statusRoutes, refreshFeeds, resetIsolateStatusState } = await import(pathToFileURL(outfile).href);
    const store = new Map();
    const kv = {
      async get(key, type) {
        const v = store.get(key);
        return v === undefined ? null : type === "json" ? JSON.parse(v) : v;
      },
      async put(key, value) {
        store.set(key, value);
      },
    };
    const env = {
      STATUS: kv,
      APPLE_STATUS_URL: `${originUrl}/apple-status/consumer-2021-no-events.json`,
      APPLE_DEVELOPER_STATUS_URL: `${originUrl}/apple-status/developer-no-events.json`,
      IOS_VERSIONS_URL: `${originUrl}/ios-versions/gdmf-pmv-2026-08-22.json`,
    };
    await refreshFeeds(env, new Date());
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    const measure = async (label, before) => {
      const times = [];
      for (let i = 0; i < 20_000; i++) {
        before();
        const t = performance.now();
        const res = await statusRoutes.request("/v1/status", {}, env, ctx);
        await res.text();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const at = (q) => times[Math.floor(q * (times.length - 1))];
      return `${label.padEnd(34)} median ${(at(0.5) * 1000).toFixed(0)} µs   p99 ${(at(0.99) * 1000).toFixed(0)} µs   max ${(at(1) * 1000).toFixed(0)} µs`;
    };
    resetIsolateStatusState();
    const hot = await measure("route in-process, isolate copy", () => {});
    const kvPath = await measure("route in-process, KV read", resetIsolateStatusState);
    return `${hot}\n${kvPath}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// 3. The location's cache (src/http/edge-cache.ts), on and off, on the same kind of server: a hit
//    replaces the status computation (snapshot, two crowd-counter reads) with a cache lookup.
for (const cache of ["on", "off"]) {
  const { base, originUrl, warm, stop } = await startLocalWorker({ vars: { STATUS_CACHE: cache } });
  try {
    console.log(`\nSTATUS_CACHE=${cache}; warm snapshot: status=${warm.apple.status} checkedAt=${warm.apple.checkedAt} stale=${warm.apple.stale}`);
    console.log(`${seconds} s per run, wrangler dev on ${base}, ${process.platform}/${process.arch}, Node ${process.version}`);
    const probe = await fetch(`${base}/v1/status`);
    await probe.arrayBuffer();
    console.log(`x-delivered-cache after a first request: ${probe.headers.get("x-delivered-cache") ?? "(none: off)"}`);
    const lines = [];
    for (const connections of [1, 10]) {
      lines.push(describeLoad(`GET /healthz       (${connections} conn)`, await load(base, "/healthz", { connections, seconds })));
      lines.push(describeLoad(`GET /v1/status     (${connections} conn)`, await load(base, "/v1/status", { connections, seconds })));
    }
    console.log(lines.join("\n"));
    if (cache === "off") console.log(await inProcess(originUrl));
  } finally {
    stop();
  }
}
