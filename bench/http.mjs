// Throughput of POST /v1/diagnose against the empty route (/healthz) on the same local server
// (target: at least 70% of the empty route's). The body is the contract's example, as a Shortcut sends it.
// Usage: node scripts/node22.mjs node bench/http.mjs [seconds]
import { describeLoad, load, startLocalWorker } from "./local-worker.mjs";

const seconds = Number(process.argv[2] ?? 10);
const connections = 10;
const body = JSON.stringify({
  client: { shortcut: "fix-imessage", version: "1.0.0" },
  device: { os: "iOS", osVersion: "17.1.1", model: "iPhone" },
  clock: { deviceTime: new Date().toISOString().replace("Z", "+00:00"), timeZone: "America/Los_Angeles", automatic: "Yes" },
  network: { type: "wifi", wifi: { rssi: "-71", public: "No" }, cellular: { carrier: "T-Mobile", radio: "NR", countryCode: "us", roaming: "No" }, vpn: "No", websitesLoad: "Yes" },
  storage: { freeBytes: "734003200" },
  symptom: { kind: "not_delivered", scope: "one_contact", recipient: "(415) 555-0100", since: "2026-11-26T10:00:00Z" },
  settings: { imessageOn: "Yes", sendAsSms: "No", hasSim: "Yes" },
  tried: [{ fix: "toggle-airplane-mode", outcome: "not_fixed" }],
});

const { base, stop } = await startLocalWorker();
try {
  console.log(`${seconds} s per run, ${connections} connections, wrangler dev on ${base}, Node ${process.version}`);
  const empty = await load(base, "/healthz", { connections, seconds });
  const diagnose = await load(base, "/v1/diagnose", { connections, seconds, method: "POST", headers: { "content-type": "application/json" }, body });
  console.log(describeLoad("GET /healthz", empty));
  console.log(describeLoad("POST /v1/diagnose", diagnose));
  const ratio = diagnose.requests.average / empty.requests.average;
  console.log(`diagnose throughput: ${(ratio * 100).toFixed(0)}% of the empty route's (target ≥ 70%)`);
  if (diagnose.non2xx > 0) console.log(`warning: ${diagnose.non2xx} non-2xx answers from /v1/diagnose`);
} finally {
  stop();
}
