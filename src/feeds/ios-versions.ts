// Apple's public OS-version feed (gdmf.apple.com/v2/pmv) → the newest release per major line for
// iPhones, iPads (both under the feed's iOS key) and Macs (its macOS key).
import { z } from "zod";
import { compareVersions, parseVersion, type IosVersionTable } from "../domain/ios-versions";
import { fetchText, logFeedFailure } from "./http";

const AssetSchema = z.object({
  ProductVersion: z.string(),
  SupportedDevices: z.array(z.string()).nullish(),
});
const AssetSetsSchema = z.object({ iOS: z.array(AssetSchema).nullish(), macOS: z.array(AssetSchema).nullish() }).nullish();
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
  const sets = [parsed.data.PublicAssetSets, parsed.data.AssetSets];
  const iOS = sets.flatMap((set) => set?.iOS ?? []);
  const latestByMajor = newestPerMajor(iOS, (device) => device.startsWith("iPhone"));
  if (Object.keys(latestByMajor).length === 0) return { ok: false, reason: "no iPhone releases listed" };
  const iPadOS = newestPerMajor(iOS, (device) => device.startsWith("iPad"));
  const macOS = newestPerMajor(sets.flatMap((set) => set?.macOS ?? []), () => true);
  return {
    ok: true,
    table: { latestByMajor, ...(Object.keys(iPadOS).length ? { iPadOS } : {}), ...(Object.keys(macOS).length ? { macOS } : {}), source, asOf: asOf.toISOString() },
  };
}

/** The newest release of each major line among assets offered to a matching device. */
function newestPerMajor(assets: z.infer<typeof AssetSchema>[], device: (id: string) => boolean): Record<string, string> {
  const latest: Record<string, string> = {};
  for (const asset of assets) {
    if (!(asset.SupportedDevices ?? []).some(device)) continue;
    const version = parseVersion(asset.ProductVersion);
    if (!version) continue;
    const major = String(version[0]);
    const current = latest[major];
    if (!current || compareVersions(asset.ProductVersion, current) > 0) latest[major] = asset.ProductVersion.trim();
  }
  return latest;
}

export async function fetchIosVersions(url: string, timeoutMs: number, now: Date): Promise<VersionsResult> {
  const fetched = await fetchText(url, timeoutMs);
  const result = fetched.ok ? parseIosVersions(fetched.text, now, new URL(url).hostname) : fetched;
  if (!result.ok) logFeedFailure("ios-versions", url, result.reason);
  return result;
}
