// The crowd signal live (issue 12): the Worker under `wrangler dev`, started by `npm start`'s own
// command (`node scripts/node22.mjs node … scripts/dev.ts`: local D1 migrations, then wrangler dev),
// with its own local storage in a temporary directory and RATE_LIMIT=off. wrangler dev passes a client's CF-Connecting-IP through
// (and supplies a placeholder request.cf: country "US"), so each report can come from its own address.
//
//  1. 60 Fix iMessage starts from iPhones with a wrong clock, within a minute: the crowd stays calm.
//  2. 80 clean starts from distinct addresses, within a minute: GET /v1/status says `likely` within a minute.
//  3. wrangler dev restarted on the same storage: the verdict is still `likely` (the counter's SQLite).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const HOST = "127.0.0.1";
const persist = mkdtempSync(join(tmpdir(), "delivered-crowd-live-"));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const base = `http://${HOST}:${port}`;
let wrangler = null;

/**
 * `npm start` itself (scripts/dev.ts under Node 22: local D1 migrations, then wrangler dev), on a port
 * and storage of its own, with the rate limiter lifted.
 */
function start() {
  const args = ["--ip", HOST, "--port", String(port), "--persist-to", persist, "--var", "RATE_LIMIT:off", "--log-level", "warn"];
  wrangler = spawn(process.execPath, [join(root, "scripts", "node22.mjs"), "node", "--experimental-strip-types", "--no-warnings", "scripts/dev.ts", ...args], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
    detached: true,
  });
}

async function stop() {
  if (!wrangler) return;
  const child = wrangler;
  wrangler = null;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {}
  await Promise.race([exited, sleep(10_000)]);
  // The port is free again once the old server is gone.
  for (let i = 0; i < 40; i++) {
    try {
      await fetch(`${base}/healthz`);
      await sleep(250);
    } catch {
      return;
    }
  }
}

async function ready() {
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {}
    if (Date.now() > deadline) throw new Error("wrangler dev did not start within 90 s");
    await sleep(250);
  }
}

const crowd = async () => (await (await fetch(`${base}/v1/status`)).json()).crowd;

function body(clock) {
  return JSON.stringify({
    client: { shortcut: "fix-imessage", version: "1.1.0" },
    device: { os: "iOS", osVersion: "26.1", model: "iPhone" },
    clock,
    network: { type: "wifi", wifi: { rssi: -60, public: false }, vpn: false, websitesLoad: true },
    storage: { freeRange: "over_5gb" },
    symptom: { kind: "not_delivered", scope: "everyone" },
    settings: { imessageOn: true, hasSim: true },
  });
}

/** `count` starts spread over `spanMs`, each from its own address; polls the verdict meanwhile. */
async function send(count, spanMs, makeBody, addressPrefix, onTick) {
  const started = Date.now();
  for (let i = 0; i < count; i++) {
    const at = started + (spanMs * i) / count;
    if (at > Date.now()) await sleep(at - Date.now());
    const response = await fetch(`${base}/v1/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": `${addressPrefix}.${i + 1}` },
      body: makeBody(),
    });
    if (response.status !== 201) throw new Error(`POST /v1/sessions answered ${response.status}: ${await response.text()}`);
    await onTick?.(i + 1, Date.now() - started);
  }
  return Date.now() - started;
}

process.on("SIGINT", async () => {
  await stop();
  rmSync(persist, { recursive: true, force: true });
  process.exit(130);
});

const results = [];
let ok = true;
try {
  start();
  await ready();
  const first = await crowd();
  console.log(`crowd live: wrangler dev on ${base}; region ${first.region}; before any report: ${first.status} (${first.summary})`);

  // 1. Wrong clocks: each of them has its own cause, so none is clean.
  const wrongClock = () => body({ deviceTime: new Date(Date.now() - 20 * 60_000).toISOString(), automatic: false });
  let worst = "none";
  const rank = { unknown: 0, none: 0, possible: 1, likely: 2 };
  const clockMs = await send(60, 45_000, wrongClock, "198.18.1", async (sent) => {
    if (sent % 10 === 0) {
      const c = await crowd();
      if (rank[c.status] > rank[worst]) worst = c.status;
    }
  });
  for (let i = 0; i < 12; i++) {
    await sleep(1000);
    const c = await crowd();
    if (rank[c.status] > rank[worst]) worst = c.status;
  }
  const afterClock = await crowd();
  const calm = worst === "none" && afterClock.status === "none";
  ok &&= calm;
  results.push(`60 wrong-clock starts in ${seconds(clockMs)}: crowd stayed ${worst} (then ${afterClock.reports} clean in 15 minutes) ${calm ? "OK" : "FAIL"}`);

  // 2. Clean iPhones, each from its own address.
  const clean = () => body({ deviceTime: new Date().toISOString(), automatic: true });
  let likelyAfter = null;
  let likelyAtReport = null;
  const sendStarted = Date.now();
  const cleanMs = await send(80, 55_000, clean, "198.18.2", async (sent, elapsed) => {
    if (likelyAfter === null && sent % 2 === 0 && (await crowd()).status === "likely") {
      likelyAfter = elapsed;
      likelyAtReport = sent;
    }
  });
  while (likelyAfter === null && Date.now() - sendStarted < 60_000) {
    if ((await crowd()).status === "likely") likelyAfter = Date.now() - sendStarted;
    else await sleep(500);
  }
  const raised = await crowd();
  const inTime = likelyAfter !== null && likelyAfter <= 60_000;
  ok &&= inTime;
  results.push(
    `80 clean starts in ${seconds(cleanMs)}: GET /v1/status said likely ${likelyAfter === null ? "never within a minute" : `${seconds(likelyAfter)} after the first (by report ${likelyAtReport ?? 80})`}; ` +
      `then ${raised.status}, ${raised.reports} clean in 15 minutes, expected ${raised.expected}, ratio ${raised.ratio} ${inTime ? "OK" : "FAIL"}`,
  );
  results.push(`  summary: "${raised.summary}"`);

  // 3. Restart on the same storage (after the isolate's last batch has left: it flushes every 2 s).
  await sleep(3000);
  const stopAt = Date.now();
  await stop();
  start();
  await ready();
  const restartMs = Date.now() - stopAt;
  const after = await crowd();
  const kept = after.status === "likely" && after.since === raised.since;
  ok &&= kept;
  results.push(`restarted wrangler dev (${seconds(restartMs)}): ${after.status} since ${after.since}, ${after.reports} clean in 15 minutes ${kept ? "OK" : "FAIL"}`);
  const say = (await (await fetch(`${base}/v1/status`)).json()).say;
  results.push(`  Siri: "${say}"`);
} catch (error) {
  ok = false;
  results.push(`error: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await stop();
  rmSync(persist, { recursive: true, force: true });
}
for (const line of results) console.log(`crowd live: ${line}`);
console.log(`crowd live: ${ok ? "all checks passed" : "FAILED"}`);
process.exit(ok ? 0 : 1);
