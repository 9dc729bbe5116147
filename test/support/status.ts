// Helpers for status tests: env pointing at served fixtures, and a KV binding that counts writes.
import { env } from "cloudflare:workers";
import type { Bindings } from "../../src/env";
import { resetIsolateStatusState } from "../../src/services/apple-status";
import { SNAPSHOT_KEY } from "../../src/storage/status-cache";
import { FIXTURES } from "./fixtures";

export interface CountingKv {
  kv: KVNamespace;
  puts: number;
  gets: number;
}

/** A proxy around the real KV binding that counts reads and writes. */
export function countingKv(real: KVNamespace = env.STATUS): CountingKv {
  const counts: CountingKv = { kv: real, puts: 0, gets: 0 };
  counts.kv = new Proxy(real, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (property === "put") counts.puts++;
        if (property === "get") counts.gets++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return counts;
}

export function feedEnv(overrides: { consumer?: string; developer?: string; versions?: string; kv?: KVNamespace } = {}): Bindings {
  return {
    ...env,
    APPLE_STATUS_URL: `${FIXTURES}/${overrides.consumer ?? "apple-status/consumer-2021-no-events.json"}`,
    APPLE_DEVELOPER_STATUS_URL: `${FIXTURES}/${overrides.developer ?? "apple-status/developer-no-events.json"}`,
    IOS_VERSIONS_URL: `${FIXTURES}/${overrides.versions ?? "ios-versions/gdmf-pmv-2026-08-22.json"}`,
    STATUS: overrides.kv ?? env.STATUS,
  };
}

/** Each test starts with no snapshot in KV and none in this isolate's memory. */
export async function clearStatus(): Promise<void> {
  await env.STATUS.delete(SNAPSHOT_KEY);
  resetIsolateStatusState();
}

/** An ExecutionContext stand-in that keeps what was handed to waitUntil. */
export function recordingContext() {
  const pending: Promise<unknown>[] = [];
  return {
    pending,
    waitUntil(promise: Promise<unknown>) {
      pending.push(promise);
    },
    settle: () => Promise.allSettled(pending),
  };
}
