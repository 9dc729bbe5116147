// GET /v1/status with a warm snapshot: latency and throughput on this machine (target: well under 50 ms).
// /healthz (no work) is measured the same way as the floor: the difference is what the status route costs.
// Usage: node scripts/node22.mjs node bench/status.mjs [seconds]
import { describeLoad, load, startLocalWorker } from "./local-worker.mjs";

const seconds = Number(process.argv[2] ?? 10);
const { base, warm, stop } = await startLocalWorker();
try {
  console.log(`warm snapshot: status=${warm.apple.status} checkedAt=${warm.apple.checkedAt} stale=${warm.apple.stale}`);
  console.log(`${seconds} s per run, wrangler dev on ${base}, ${process.platform}/${process.arch}, Node ${process.version}`);
  const lines = [];
  for (const connections of [1, 10]) {
    lines.push(describeLoad(`GET /healthz       (${connections} conn)`, await load(base, "/healthz", { connections, seconds })));
    lines.push(describeLoad(`GET /v1/status     (${connections} conn)`, await load(base, "/v1/status", { connections, seconds })));
  }
  console.log(lines.join("\n"));
} finally {
  stop();
}
