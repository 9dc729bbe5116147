// Bundled for Node by bench/engine.mjs: times the pure diagnosis (findings → engine → texts)
// over 10,000 varied inputs, the work a /v1/diagnose request does besides HTTP and the cache read.
import { diagnose } from "../src/domain/diagnose";
import { BUILT_IN_IOS_VERSIONS } from "../src/domain/ios-versions";
import { FIX_IDS, OUTCOMES, SYMPTOM_KINDS } from "../src/domain/ids";
import type { AppleVerdict, Diagnostics } from "../src/domain/types";
import { random } from "./random";

const NOW = new Date("2026-11-27T12:55:30Z");
const APPLE: AppleVerdict = { status: "no_incident", summary: "Apple reports no incident for iMessage.", events: [], checkedAt: NOW.toISOString(), stale: false, ageSeconds: 60 };
const RECIPIENTS = ["(415) 555-0100", "+44 7400 123456", "friend@icloud.com", "+33 1 42 68 53 00", "555", undefined];
const VERSIONS = ["26.6.1", "26.1", "18.7.10", "17.1.1", "16.7.16", "27.0"];

function variedInputs(count: number): Diagnostics[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const maybe = <T>(value: T): T | undefined => (next() < 0.7 ? value : undefined);
  return Array.from({ length: count }, () => ({
    client: { shortcut: "fix-imessage", version: pick(["1.0.0", "0.9"]) },
    device: { os: "iOS" as const, osVersion: pick(VERSIONS), model: "iPhone" },
    clock: { deviceTime: new Date(NOW.getTime() + (next() - 0.5) * 20 * 60_000).toISOString().replace("Z", "+00:00"), timeZone: pick(["America/Los_Angeles", "Europe/Berlin"]), automatic: maybe(next() < 0.8) },
    network: {
      type: pick(["wifi", "cellular", "none"] as const),
      wifi: { rssi: Math.round(-40 - next() * 50), public: maybe(next() < 0.2) },
      cellular: { carrier: "T-Mobile", radio: "NR", countryCode: pick(["us", "gb"]), roaming: maybe(next() < 0.1) },
      vpn: maybe(next() < 0.2),
      websitesLoad: maybe(next() < 0.8),
    },
    storage: { freeBytes: maybe(Math.round(next() * 5e9)) },
    symptom: { kind: pick(SYMPTOM_KINDS), scope: pick(["everyone", "one_contact"] as const), recipient: pick(RECIPIENTS), since: new Date(NOW.getTime() - next() * 48 * 3_600_000).toISOString() },
    settings: { imessageOn: maybe(next() < 0.9), sendAsSms: maybe(next() < 0.7), hasSim: maybe(next() < 0.95) },
    tried: Array.from({ length: Math.floor(next() * 12) }, () => ({ fix: pick(FIX_IDS), outcome: pick(OUTCOMES.filter((o) => o !== "fixed")) })),
  }));
}

export function runEngineBench(count = 10_000) {
  const inputs = variedInputs(count);
  const facts = { now: NOW, country: "US", timezone: "America/Los_Angeles", asOrganization: "Comcast Cable Communications, LLC" };
  const run = (d: Diagnostics) => diagnose({ diagnostics: d, facts, apple: APPLE, versions: BUILT_IN_IOS_VERSIONS, publicUrl: "https://delivered.example.workers.dev", clientVersions: { "fix-imessage": "1.0.0" } });
  for (const d of inputs.slice(0, 500)) run(d); // warm up the JIT and the per-zone Intl caches
  // Wall time per call for the percentiles (process.hrtime has ns resolution; thread CPU time
  // ticks in milliseconds here, too coarse per call), and this thread's CPU time over the whole
  // run for the mean, which leaves out other processes and V8's background threads.
  const wall: number[] = [];
  const cpuStart = process.threadCpuUsage();
  for (const d of inputs) {
    const start = process.hrtime.bigint();
    run(d);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpu = process.threadCpuUsage(cpuStart);
  return { count, meanCpuMs: (cpu.user + cpu.system) / 1000 / count, wall: summarise(wall) };
}

function summarise(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { medianMs: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1]! };
}
