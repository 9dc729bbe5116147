// A surge of crowd reports (issue 12): the real Worker and its Durable Objects under wrangler's local
// test harness (workerd, 127.0.0.1 only), as many Fix iMessage starts as this machine can send for
// 10 seconds, each from its own address. It prints how many reports each Durable Object call carried:
// the isolate's batching (one call per country every 2 s) plus the country's forwarding to the global
// counter (one call every 10 s). Goal: ≥ 50 reports per call.
import autocannon from "autocannon";
import { fileURLToPath } from "node:url";
import { createTestHarness } from "wrangler";

const root = fileURLToPath(new URL("..", import.meta.url));
const SECONDS = Number(process.env.SURGE_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.SURGE_CONNECTIONS ?? 50);

// No Cloudflare account or network: miniflare's placeholder request.cf (country "US").
process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
const harness = createTestHarness({
  root,
  workers: [{ configPath: "./wrangler.toml", vars: { RATE_LIMIT: "off", APPLE_STATUS_URL: "http://127.0.0.1:9/", APPLE_DEVELOPER_STATUS_URL: "http://127.0.0.1:9/" } }],
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

try {
  const base = (await harness.listen()).url;
  const body = JSON.stringify({
    client: { shortcut: "fix-imessage", version: "1.1.0" },
    device: { os: "iOS", osVersion: "26.1", model: "iPhone" },
    clock: { automatic: true },
    network: { type: "wifi", vpn: false, websitesLoad: true },
    storage: { freeRange: "over_5gb" },
    symptom: { kind: "not_delivered", scope: "everyone" },
  });
  // Warm up (the first request builds the isolate) from an address of its own.
  await fetch(new URL("/v1/diagnose", base), { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": "192.0.2.1" }, body });

  let n = 0;
  const address = () => {
    n++;
    return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  };
  const result = await new Promise((resolve, reject) =>
    autocannon(
      {
        url: new URL("/v1/diagnose", base).href,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => ({ ...request, headers: { "content-type": "application/json", "cf-connecting-ip": address() }, body }),
          },
        ],
      },
      (error, r) => (error ? reject(error) : resolve(r)),
    ),
  );
  // Every request autocannon started (its total leaves out those still in flight at the end).
  const sent = n;
  // The last batch leaves within 2 s; the country forwards to the global counter within 10 s.
  await sleep(13_000);

  const env = await harness.getWorker().getEnv();
  const counter = (name) => env.CROWD.get(env.CROWD.idFromName(name));
  const country = await counter("country:US").stats();
  const global = await counter("global").stats();
  const counted = (await counter("country:US").verdict("US")).reports;
  const calls = country.calls + global.calls;
  const reports = country.reports + global.reports;
  console.log(
    `crowd surge: ${sent} Fix iMessage starts in ${SECONDS} s (${Math.round(sent / SECONDS)}/s, ${result.non2xx} non-2xx, ${CONNECTIONS} connections, each from its own address); ` +
      `${counted} counted; ${calls} Durable Object calls (${country.calls} to the country's counter from the isolate, ${global.calls} to the global counter from the country's alarm)`,
  );
  console.log(`crowd surge: ${(reports / calls).toFixed(0)} reports per Durable Object call (${(calls / SECONDS).toFixed(1)} calls a second while ${Math.round(sent / SECONDS)} reports a second arrived)`);
  if (counted !== sent + 1) console.log(`crowd surge: WARNING ${sent + 1 - counted} reports not counted`);
  if (result.non2xx > 0 || result.errors > 0) console.log(`crowd surge: WARNING ${result.non2xx} non-2xx answers, ${result.errors} errors`);
} finally {
  await harness.close();
}
