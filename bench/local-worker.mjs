// Shared by the HTTP benchmarks: the real Worker under `wrangler dev` (local workerd, local
// KV/D1) on 127.0.0.1, Apple's feeds served from test/fixtures by a local server, the snapshot
// warmed through the scheduled handler, and autocannon to load it. Only loopback is ever used.
import autocannon from "autocannon";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

export const HOST = "127.0.0.1";
export const root = fileURLToPath(new URL("..", import.meta.url));
const fixtures = join(root, "test", "fixtures");

/** Starts the fixture origin and `wrangler dev`; resolves once the snapshot is warm. `vars`: more --var NAME:value. */
export async function startLocalWorker({ vars = {} } = {}) {
  const origin = createServer(async (req, res) => {
    const file = normalize(join(fixtures, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    try {
      if (!file.startsWith(fixtures)) throw new Error("outside fixtures");
      res.writeHead(200, { "content-type": "application/json" }).end(await readFile(file));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => origin.listen(0, HOST, resolve));
  const originUrl = `http://${HOST}:${origin.address().port}`;

  const port = 8700 + Math.floor(Math.random() * 200);
  const base = `http://${HOST}:${port}`;
  const persist = mkdtempSync(join(tmpdir(), "delivered-bench-"));
  const wranglerJs = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
  const quiet = { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" } };
  // The cron handler also cleans up sessions: the local database needs its schema, as with `npm start`.
  execFileSync(process.execPath, [wranglerJs, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], quiet);
  const wrangler = spawn(
    process.execPath,
    [
      wranglerJs,
      "dev",
      "--ip", HOST,
      "--port", String(port),
      "--test-scheduled",
      "--persist-to", persist,
      "--log-level", "warn",
      "--var", `APPLE_STATUS_URL:${originUrl}/apple-status/consumer-2021-no-events.json`,
      "--var", `APPLE_DEVELOPER_STATUS_URL:${originUrl}/apple-status/developer-no-events.json`,
      "--var", `IOS_VERSIONS_URL:${originUrl}/ios-versions/gdmf-pmv-2026-08-22.json`,
      "--var", "RATE_LIMIT:off",
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" }, detached: true },
  );

  const stop = () => {
    try {
      process.kill(-wrangler.pid, "SIGTERM");
    } catch {}
    origin.close();
    rmSync(persist, { recursive: true, force: true });
  };
  process.on("SIGINT", () => {
    stop();
    process.exit(130);
  });

  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {}
      if (Date.now() > deadline) throw new Error("wrangler dev did not start within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const scheduled = await fetch(`${base}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    if (!scheduled.ok) throw new Error(`/__scheduled answered ${scheduled.status}`);
    // waitUntil work finishes after the scheduled response: wait until the snapshot is there.
    let warm = null;
    for (let i = 0; i < 40 && !warm; i++) {
      const body = await (await fetch(`${base}/v1/status`)).json();
      if (body.apple.checkedAt) warm = body;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (!warm) throw new Error("no snapshot after the scheduled refresh");
    return { base, originUrl, warm, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** Loads one route for `seconds` with autocannon; `request` may set method, headers and body. */
export function load(base, path, { connections, seconds, ...request }) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${base}${path}`, connections, duration: seconds, ...request }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

export function describeLoad(label, result) {
  const l = result.latency;
  return `${label.padEnd(34)} ${String(Math.round(result.requests.average)).padStart(6)} req/s   latency ms: p50 ${l.p50}  p90 ${l.p90}  p99 ${l.p99}  max ${l.max}   (${result.non2xx} non-2xx, ${result.errors} errors)`;
}
