// GET /v1/status with a warm snapshot: latency and throughput on this machine (target: well under 50 ms).
// Runs the real Worker under `wrangler dev` (local workerd, local KV) on 127.0.0.1 only, with
// Apple's feeds served from test/fixtures by a local server; warms the snapshot through the
// scheduled handler (/__scheduled), then measures with autocannon. /healthz (no work) is measured
// the same way as the floor (wrangler dev's proxy hop and the HTTP stack): the difference is what
// the status route itself costs.
// Usage: node scripts/node22.mjs node bench/status.mjs [seconds per run, default 10]
import autocannon from "autocannon";
import { build } from "esbuild";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HOST = "127.0.0.1";
const root = fileURLToPath(new URL("..", import.meta.url));
const fixtures = join(root, "test", "fixtures");
const seconds = Number(process.argv[2] ?? 10);

// Apple's feeds, served locally.
const origin = createServer(async (req, res) => {
  const file = normalize(join(fixtures, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
  try {
    if (!file.startsWith(fixtures)) throw new Error("outside fixtures");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  } catch {
    res.writeHead(404).end("not found");
  }
});
await new Promise((resolve) => origin.listen(0, HOST, resolve));
const originUrl = `http://${HOST}:${origin.address().port}`;

const port = 8700 + Math.floor(Math.random() * 200);
const base = `http://${HOST}:${port}`;
const persist = mkdtempSync(join(tmpdir(), "delivered-bench-status-"));
// The scheduled handler also prunes sessions in D1: give the local database its schema.
const migrated = spawnSync(
  process.execPath,
  [join(root, "node_modules", "wrangler", "bin", "wrangler.js"), "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist],
  { cwd: root, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" } },
);
if (migrated.status !== 0) throw new Error(`d1 migrations apply failed:\n${migrated.stderr}`);
const wrangler = spawn(
  process.execPath,
  [
    join(root, "node_modules", "wrangler", "bin", "wrangler.js"),
    "dev",
    "--ip", HOST,
    "--port", String(port),
    "--test-scheduled",
    "--persist-to", persist,
    "--log-level", "error",
    "--var", `APPLE_STATUS_URL:${originUrl}/apple-status/consumer-2021-no-events.json`,
    "--var", `APPLE_DEVELOPER_STATUS_URL:${originUrl}/apple-status/developer-no-events.json`,
    "--var", `IOS_VERSIONS_URL:${originUrl}/ios-versions/gdmf-pmv-2026-08-22.json`,
    "--var", "RATE_LIMIT:off",
  ],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" }, detached: true },
);

async function stop() {
  try {
    process.kill(-wrangler.pid, "SIGTERM"); // the process group this script started
  } catch {}
  origin.close();
  rmSync(persist, { recursive: true, force: true });
}
process.on("SIGINT", async () => {
  await stop();
  process.exit(130);
});

async function waitForWorker() {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("wrangler dev did not start within 90 s");
}

function run(path, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${base}${path}`, connections, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * The route's own time, without HTTP: the status sub-app bundled for Node and called 20,000 times
 * with a warm snapshot, first from the per-isolate copy (the hot path), then with that copy dropped
 * before each call (a KV read, answered here by an in-memory stand-in, so KV's own latency is excluded).
 */
async function inProcess() {
  const outfile = join(persist, "status-route.mjs");
  await build({
    stdin: {
      contents: `export { statusRoutes } from "./src/routes/status.ts";
        export { refreshFeeds } from "./src/services/refresh.ts";
        export { resetIsolateStatusState } from "./src/services/apple-status.ts";`,
      resolveDir: root,
      loader: "ts",
    },
    bundle: true, platform: "node", format: "esm", outfile, logLevel: "error",
  });
  const { statusRoutes, refreshFeeds, resetIsolateStatusState } = await import(pathToFileURL(outfile).href);
  const store = new Map();
  const kv = {
    async get(key, type) { const v = store.get(key); return v === undefined ? null : type === "json" ? JSON.parse(v) : v; },
    async put(key, value) { store.set(key, value); },
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
}

function line(label, result) {
  const l = result.latency;
  return `${label.padEnd(34)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}   (${result.non2xx} non-2xx, ${result.errors} errors)`;
}

try {
  await waitForWorker();
  const scheduled = await fetch(`${base}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  if (!scheduled.ok) throw new Error(`/__scheduled answered ${scheduled.status}`);
  // waitUntil work can finish after the scheduled response: wait until the snapshot is there.
  let warm = null;
  for (let i = 0; i < 40 && !warm; i++) {
    const body = await (await fetch(`${base}/v1/status`)).json();
    if (body.apple.checkedAt) warm = body;
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!warm) throw new Error("no snapshot after the scheduled refresh");
  console.log(`warm snapshot: status=${warm.apple.status} checkedAt=${warm.apple.checkedAt} stale=${warm.apple.stale}`);
  console.log(`${seconds} s per run, wrangler dev on ${base}, ${process.platform}/${process.arch}, Node ${process.version}`);

  const results = [];
  for (const connections of [1, 10]) {
    results.push(line(`GET /healthz       (${connections} conn)`, await run("/healthz", connections)));
    results.push(line(`GET /v1/status     (${connections} conn)`, await run("/v1/status", connections)));
  }
  console.log(results.join("\n"));
  console.log(await inProcess());
} finally {
  await stop();
}
