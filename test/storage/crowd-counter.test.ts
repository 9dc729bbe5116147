// The crowd counter Durable Object in the real runtime: SQLite storage, the 30-minute dedupe, the
// alarm that forwards to the global counter and prunes, and what survives a restart.
import { evictDurableObject, listDurableObjectIds, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MINUTE_MS } from "../../src/domain/crowd";
import { counterName, CrowdCounter, DEDUPE_MS, FORWARD_MS, GLOBAL_COUNTER, RETENTION_MINUTES, type CrowdReport } from "../../src/storage/crowd-counter";

const counter = (region: string | null) => env.CROWD.get(env.CROWD.idFromName(counterName(region)));
const globalCounter = () => env.CROWD.get(env.CROWD.idFromName(GLOBAL_COUNTER));

let serial = 0;
/** Clean reports from distinct devices at `at` (ms). */
function reports(n: number, at: number, extra: Partial<CrowdReport> = {}): CrowdReport[] {
  return Array.from({ length: n }, () => ({ at, key: `k${String(++serial).padStart(31, "0")}`, symptom: "not_delivered", carrier: "", clean: true, ...extra }));
}

/** Every value in every table of the counter, as text. */
async function everythingStored(region: string | null): Promise<string> {
  return runInDurableObject(counter(region), (_instance: CrowdCounter, state) => {
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'").toArray();
    return JSON.stringify(tables.map(({ name }) => ({ name, rows: state.storage.sql.exec(`SELECT * FROM "${name}"`).toArray() })));
  });
}

describe("the crowd counter", () => {
  it("keeps per-minute buckets by symptom, carrier (activation only) and clean, in SQLite", async () => {
    const now = Date.now();
    const result = await counter("DE").record("DE", [
      ...reports(3, now),
      ...reports(2, now, { clean: false }),
      ...reports(2, now, { symptom: "waiting_for_activation", carrier: "telekom" }),
    ]);
    expect(result).toEqual({ accepted: 7, duplicates: 0 });
    const buckets = await runInDurableObject(counter("DE"), (_i: CrowdCounter, state) =>
      state.storage.sql.exec("SELECT minute, symptom, carrier, clean, n FROM buckets ORDER BY symptom, clean").toArray(),
    );
    const minute = Math.floor(now / MINUTE_MS);
    expect(buckets).toEqual([
      { minute, symptom: "not_delivered", carrier: "", clean: 0, n: 2 },
      { minute, symptom: "not_delivered", carrier: "", clean: 1, n: 3 },
      { minute, symptom: "waiting_for_activation", carrier: "telekom", clean: 1, n: 2 },
    ]);
    const verdict = await counter("DE").verdict("DE");
    expect(verdict).toMatchObject({ status: "none", region: "DE", reports: 5 });
  });

  it("counts one report per address per 30 minutes, across the day's change of key", async () => {
    const now = Date.now();
    const c = counter("AT");
    const key = "a".repeat(32);
    expect(await c.record("AT", [{ at: now, key, symptom: "not_delivered", carrier: "", clean: true }])).toEqual({ accepted: 1, duplicates: 0 });
    // The same address again, at once and 29 minutes later (also twice in one batch): dropped.
    expect(await c.record("AT", [{ at: now + 1000, key, symptom: "not_delivered", carrier: "", clean: true }])).toEqual({ accepted: 0, duplicates: 1 });
    expect(await c.record("AT", [
      { at: now + 29 * 60_000, key, symptom: "no_delivered_status", carrier: "", clean: false },
      { at: now + 29 * 60_000, key: "b".repeat(32), symptom: "not_delivered", carrier: "", clean: true },
      { at: now + 29 * 60_000, key: "b".repeat(32), symptom: "not_delivered", carrier: "", clean: true },
    ])).toEqual({ accepted: 1, duplicates: 2 });
    // After the first half hour since it was last counted, it counts again.
    expect(await c.record("AT", [{ at: now + DEDUPE_MS + 1, key, symptom: "not_delivered", carrier: "", clean: true }])).toEqual({ accepted: 1, duplicates: 0 });
    // Just after midnight the Worker sends yesterday's hash as `alt`: still the same address.
    expect(await c.record("AT", [{ at: now + DEDUPE_MS + 5000, key: "c".repeat(32), alt: key, symptom: "not_delivered", carrier: "", clean: true }])).toEqual({ accepted: 0, duplicates: 1 });
  });

  it("keeps nothing but counts and hashes: no address, no number, no id", async () => {
    const now = Date.now();
    await counter("BE").record("BE", reports(2, now));
    const stored = await everythingStored("BE");
    expect(stored).toContain("not_delivered");
    expect(stored).not.toMatch(/\d+\.\d+\.\d+\.\d+|[0-9a-f]{4}:[0-9a-f]{4}:/); // no IPv4 or IPv6 address
    const tables = (JSON.parse(stored) as { name: string }[]).map((t) => t.name).sort();
    expect(tables).toEqual(["buckets", "meta", "outbox", "regions", "seen"]);
  });

  it("forwards a country's counts and verdict to the global counter from its alarm, then prunes hourly", async () => {
    const now = Date.now();
    const c = counter("PT");
    await c.record("PT", reports(30, now));
    const alarm = await runInDurableObject(c, (_i: CrowdCounter, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm! - Date.now()).toBeLessThanOrEqual(FORWARD_MS);

    const before = await globalCounter().overview();
    expect(before.regions.some((r) => r.region === "PT")).toBe(false);
    expect(await runDurableObjectAlarm(c)).toBe(true);
    const after = await globalCounter().overview();
    expect(after.regions.find((r) => r.region === "PT")).toMatchObject({ status: "likely", reports: 30 });
    expect(after.verdict.reports).toBeGreaterThanOrEqual(30);
    // The outbox is empty; while raised, the country keeps pushing (every 30 s).
    const { outbox, next } = await runInDurableObject(c, async (_i: CrowdCounter, state) => ({
      outbox: state.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one().n,
      next: await state.storage.getAlarm(),
    }));
    expect(outbox).toBe(0);
    expect(next! - Date.now()).toBeGreaterThan(FORWARD_MS);
    expect(next! - Date.now()).toBeLessThanOrEqual(30_000);
  });

  it("the alarm drops buckets older than 8 days and hashes older than 30 minutes", async () => {
    const now = Date.now();
    const c = counter("IE");
    await c.record("IE", [...reports(1, now - (RETENTION_MINUTES + 10) * MINUTE_MS), ...reports(1, now - DEDUPE_MS - 60_000), ...reports(1, now)]);
    const count = () =>
      runInDurableObject(c, (_i: CrowdCounter, state) => ({
        buckets: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM buckets").one().n,
        seen: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM seen").one().n,
      }));
    expect(await count()).toEqual({ buckets: 3, seen: 3 });
    expect(await runDurableObjectAlarm(c)).toBe(true);
    expect(await count()).toEqual({ buckets: 2, seen: 1 });
    // With data left, the next alarm is set (to forward, then to prune again).
    expect(await runInDurableObject(c, (_i: CrowdCounter, state) => state.storage.getAlarm())).not.toBeNull();
  });

  it("keeps the global counter's forwarded counts when the global counter fails, and sends them later", async () => {
    const now = Date.now();
    const c = counter("GR");
    await c.record("GR", reports(4, now));
    // The global counter unreachable for one alarm: the outbox stays, the alarm comes back soon.
    const warn = console.warn;
    console.warn = () => {};
    try {
      await runInDurableObject(c, async (instance: CrowdCounter) => {
        const realEnv = (instance as unknown as { env: typeof env }).env;
        const failing = { ...realEnv, CROWD: { idFromName: () => ({}), get: () => ({ merge: () => Promise.reject(new Error("global down")) }) } };
        (instance as unknown as { env: unknown }).env = failing;
        await instance.alarm();
        (instance as unknown as { env: unknown }).env = realEnv;
      });
    } finally {
      console.warn = warn;
    }
    const outbox = await runInDurableObject(c, (_i: CrowdCounter, state) => state.storage.sql.exec<{ n: number }>("SELECT SUM(n) AS n FROM outbox").one().n);
    expect(outbox).toBe(4);
    expect(await runDurableObjectAlarm(c)).toBe(true);
    const afterwards = await runInDurableObject(c, (_i: CrowdCounter, state) => state.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one().n);
    expect(afterwards).toBe(0);
  });

  it("survives a restart: the verdict comes back from storage, not memory", async () => {
    const now = Date.now();
    const c = counter("DK");
    await c.record("DK", reports(25, now));
    const before = await c.verdict("DK", now + 1000);
    expect(before.status).toBe("likely");
    await evictDurableObject(c);
    const after = await counter("DK").verdict("DK", now + 1000);
    expect(after).toEqual(before);
    const ids = await listDurableObjectIds(env.CROWD);
    expect(ids.some((id) => id.equals(env.CROWD.idFromName("country:DK")))).toBe(true);
  });

  it("answers a chart of the last 24 hours", async () => {
    const now = Date.now();
    await counter("CZ").record("CZ", [...reports(3, now), ...reports(1, now, { clean: false })]);
    const chart = await counter("CZ").chart("CZ", now);
    expect(chart.region).toBe("CZ");
    expect(chart.bins).toHaveLength(96);
    expect(chart.bins.at(-1)).toMatchObject({ clean: 3, other: 1 });
  });
});
