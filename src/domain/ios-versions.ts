// Which iOS, iPadOS and macOS releases are current. The built-in table is the fallback; the
// scheduled refresh replaces it with Apple's own feed (gdmf.apple.com/v2/pmv) when that can be read.
import type { Platform } from "./ids";

export interface IosVersionTable {
  /** Newest release of each major line still offered to iPhones, e.g. { "26": "26.6.1", "18": "18.7.10" }. */
  latestByMajor: Record<string, string>;
  /** The same for iPads (the feed's iOS assets whose devices are iPads). */
  iPadOS?: Record<string, string>;
  /** The same for Macs (the feed's macOS assets). */
  macOS?: Record<string, string>;
  /** Where the table came from and when. */
  source: string;
  asOf: string;
}

/** From Apple's feed as captured on 2026-08-22 (test/fixtures/ios-versions), iPhone assets only. */
export const BUILT_IN_IOS_VERSIONS: IosVersionTable = {
  latestByMajor: { "26": "26.6.1", "18": "18.7.10", "16": "16.7.16", "15": "15.8.8", "12": "12.5.8" },
  iPadOS: { "26": "26.6.1", "18": "18.7.10", "17": "17.7.11", "16": "16.7.16", "15": "15.8.8", "12": "12.5.8" },
  macOS: { "26": "26.6.2", "15": "15.7.9", "14": "14.8.9", "13": "13.7.8", "12": "12.7.6", "11": "11.7.11" },
  source: "built-in",
  asOf: "2026-08-22",
};

export function parseVersion(version: string): number[] | null {
  const match = /^(\d{1,3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?$/.exec(version.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [0, 0, 0];
  const pb = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export type IosAssessment =
  | { kind: "current" }
  | { kind: "unknown" }
  /** A newer release exists in the device's own major line: certain. */
  | { kind: "behind-in-line"; latest: string }
  /** The device's line is at its end (or gone) and a newer major exists: the phone may not support it. */
  | { kind: "newer-major"; latest: string };

/** The platform's lines: a table from an older snapshot may lack iPadOS or macOS, then the built-in ones serve. */
export function linesFor(platform: Platform, table: IosVersionTable): Record<string, string> {
  if (platform === "iPadOS") return table.iPadOS ?? BUILT_IN_IOS_VERSIONS.iPadOS!;
  if (platform === "macOS") return table.macOS ?? BUILT_IN_IOS_VERSIONS.macOS!;
  return table.latestByMajor;
}

/**
 * The year a major release came out. Apple numbered by year from 2025 (iOS and macOS 26); before,
 * iOS N came out in 2006 + N (iOS 18: 2024) and macOS N in 2009 + N (macOS 15: 2024), macOS 10.x in 2004 + x.
 */
export function releaseYear(platform: Platform, version: string): number | undefined {
  const parsed = parseVersion(version);
  if (!parsed) return undefined;
  const [major, minor] = parsed as [number, number, number];
  if (major >= 26) return 1999 + major;
  if (platform === "macOS") return major === 10 ? 2004 + minor : 2009 + major;
  return 2006 + major;
}

/**
 * Three years of releases behind the newest line is too old for iMessage: fixes to its sign-in and
 * delivery since then never reached the device, so an update is likely the fix, not a detail.
 */
export const TOO_OLD_YEARS = 3;

export function assessOsVersion(platform: Platform, version: string, table: IosVersionTable): IosAssessment & { yearsBehind?: number } {
  const lines = linesFor(platform, table);
  const assessment = assessIosVersion(version, { ...table, latestByMajor: lines });
  if (assessment.kind !== "behind-in-line" && assessment.kind !== "newer-major") return assessment;
  const newest = Object.values(lines).reduce((best, v) => (compareVersions(v, best) > 0 ? v : best));
  const years = (releaseYear(platform, newest) ?? 0) - (releaseYear(platform, version) ?? 0);
  return { ...assessment, yearsBehind: Math.max(0, years) };
}

export function assessIosVersion(version: string, table: IosVersionTable): IosAssessment {
  const parsed = parseVersion(version);
  if (!parsed) return { kind: "unknown" };
  const major = String(parsed[0]);
  const newestOverall = Object.values(table.latestByMajor).reduce<string | null>(
    (best, v) => (best === null || compareVersions(v, best) > 0 ? v : best),
    null,
  );
  if (newestOverall === null) return { kind: "unknown" };
  const inLine = table.latestByMajor[major];
  if (inLine && compareVersions(version, inLine) < 0) return { kind: "behind-in-line", latest: inLine };
  if (compareVersions(version, newestOverall) < 0 && (parseVersion(newestOverall)?.[0] ?? 0) > (parsed[0] ?? 0)) {
    return { kind: "newer-major", latest: newestOverall };
  }
  return { kind: "current" };
}
