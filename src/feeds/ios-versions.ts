// Apple's public OS-version feed (gdmf.apple.com/v2/pmv) → the newest iOS per major line for iPhones.
import { z } from "zod";
import { compareVersions, parseVersion, type IosVersionTable } from "../domain/ios-versions";
import { fetchText, logFeedFailure } from "./http";

const AssetSchema = z.object({
  ProductVersion: z.string(),
  SupportedDevices: z.array(z.string()).nullish(),
});
const AssetSetsSchema = z.object({ iOS: z.array(AssetSchema).nullish() }).nullish();
const PmvSchema = z.object({ PublicAssetSets: AssetSetsSchema, AssetSets: AssetSetsSchema });

export type VersionsResult = { ok: true; table: IosVersionTable } | { ok: false; reason: string };

/**
 * iPhone assets only: the iOS key also lists iPads, Apple TVs and HomePods. PublicAssetSets is
 * what users are offered; AssetSets adds releases offered to managed devices (same lines).
 */
export function parseIosVersions(text: string, asOf: Date, source = "gdmf.apple.com"): VersionsResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: "invalid JSON" };
  }
  const parsed = PmvSchema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: "unexpected shape" };
  const latestByMajor: Record<string, string> = {};
  const assets = [...(parsed.data.PublicAssetSets?.iOS ?? []), ...(parsed.data.AssetSets?.iOS ?? [])];
  for (const asset of assets) {
    if (!(asset.SupportedDevices ?? []).some((device) => device.startsWith("iPhone"))) continue;
    const version = parseVersion(asset.ProductVersion);
    if (!version) continue;
    const major = String(version[0]);
    const current = latestByMajor[major];
    if (!current || compareVersions(asset.ProductVersion, current) > 0) latestByMajor[major] = asset.ProductVersion.trim();
  }
  if (Object.keys(latestByMajor).length === 0) return { ok: false, reason: "no iPhone releases listed" };
  return { ok: true, table: { latestByMajor, source, asOf: asOf.toISOString() } };
}

export async function fetchIosVersions(url: string, timeoutMs: number, now: Date): Promise<VersionsResult> {
  const fetched = await fetchText(url, timeoutMs);
  const result = fetched.ok ? parseIosVersions(fetched.text, now, new URL(url).hostname) : fetched;
  if (!result.ok) logFeedFailure("ios-versions", url, result.reason);
  return result;
}
