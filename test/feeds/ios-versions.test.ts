import { describe, expect, it } from "vitest";
import { BUILT_IN_IOS_VERSIONS } from "../../src/domain/ios-versions";
import { fetchIosVersions, parseIosVersions } from "../../src/feeds/ios-versions";
import { FIXTURES, fixtureText } from "../support/fixtures";

const asOf = new Date("2026-08-22T12:00:00Z");

describe("parseIosVersions on Apple's gdmf feed (2026-08-22)", () => {
  it("gives the newest iPhone release per major line, matching the built-in table", async () => {
    const result = parseIosVersions(await fixtureText("ios-versions/gdmf-pmv-2026-08-22.json"), asOf);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.latestByMajor).toEqual(BUILT_IN_IOS_VERSIONS.latestByMajor);
    expect(result.table).toMatchObject({ source: "gdmf.apple.com", asOf: "2026-08-22T12:00:00.000Z" });
  });

  it("ignores releases offered only to iPads, Apple TVs and HomePods", async () => {
    const result = parseIosVersions(await fixtureText("ios-versions/gdmf-pmv-2026-08-22.json"), asOf);
    // 17.7.11 is in PublicAssetSets.iOS for iPads only.
    expect(result.ok && result.table.latestByMajor["17"]).toBeUndefined();
  });

  it("gives iPads and Macs their own lines, matching the built-in table", async () => {
    const result = parseIosVersions(await fixtureText("ios-versions/gdmf-pmv-2026-08-22.json"), asOf);
    if (!result.ok) throw new Error(result.reason);
    expect(result.table.iPadOS).toEqual(BUILT_IN_IOS_VERSIONS.iPadOS);
    expect(result.table.iPadOS?.["17"]).toBe("17.7.11");
    expect(result.table.macOS).toEqual(BUILT_IN_IOS_VERSIONS.macOS);
  });

  it("takes AssetSets into account and compares versions numerically", () => {
    const text = JSON.stringify({
      PublicAssetSets: { iOS: [{ ProductVersion: "18.7.9", SupportedDevices: ["iPhone12,1"] }] },
      AssetSets: { iOS: [{ ProductVersion: "18.7.10", SupportedDevices: ["iPhone12,1"], Build: "22H374" }, { ProductVersion: "26.9", SupportedDevices: ["iPad16,1"] }] },
    });
    const result = parseIosVersions(text, asOf);
    expect(result.ok && result.table.latestByMajor).toEqual({ "18": "18.7.10" });
  });

  it.each([
    ["not JSON", "<html>"],
    ["no iPhone releases", JSON.stringify({ PublicAssetSets: { iOS: [{ ProductVersion: "26.6", SupportedDevices: ["AppleTV14,1"] }] } })],
    ["a wrong shape", JSON.stringify({ PublicAssetSets: { iOS: "26.6" } })],
  ])("refuses %s", (_what, text) => {
    expect(parseIosVersions(text, asOf).ok).toBe(false);
  });
});

describe("fetchIosVersions", () => {
  it("reads the served feed", async () => {
    const result = await fetchIosVersions(`${FIXTURES}/ios-versions/gdmf-pmv-2026-08-22.json`, 2_000, asOf);
    expect(result.ok && result.table.latestByMajor["26"]).toBe("26.6.1");
  });

  it("reports a refused origin as a reason (the caller keeps its table)", async () => {
    const result = await fetchIosVersions("https://gdmf.apple.com/v2/pmv", 2_000, asOf);
    expect(result).toEqual({ ok: false, reason: "HTTP 502" });
  });
});
