import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { linesFor } from "../../src/domain/ios-versions";
import { readSnapshotFromKv, SNAPSHOT_KEY } from "../../src/storage/status-cache";

describe("the status snapshot in KV", () => {
  it("reads a snapshot written before iPads and Macs had lines; the built-in lines serve for them", async () => {
    const versions = { latestByMajor: { "26": "26.6.1" }, source: "gdmf.apple.com", asOf: "2026-08-22T00:00:00.000Z" };
    await env.STATUS.put(SNAPSHOT_KEY, JSON.stringify({ consumer: null, developer: null, versions }));
    const snapshot = await readSnapshotFromKv(env.STATUS);
    expect(snapshot?.versions).toEqual(versions);
    expect(linesFor("iPadOS", snapshot!.versions!)["17"]).toBe("17.7.11");
    expect(linesFor("macOS", snapshot!.versions!)["15"]).toBe("15.7.9");
    await env.STATUS.delete(SNAPSHOT_KEY);
  });
});
