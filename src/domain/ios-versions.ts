// Which iOS releases are current. The built-in table is the fallback; the scheduled refresh
// replaces it with Apple's own feed (gdmf.apple.com/v2/pmv) when that can be read.

export interface IosVersionTable {
  /** Newest release of each major line still offered to iPhones, e.g. { "26": "26.6.1", "18": "18.7.10" }. */
  latestByMajor: Record<string, string>;
  /** Where the table came from and when. */
  source: string;
  asOf: string;
}

/** From Apple's feed as captured on 2026-08-22 (test/fixtures/ios-versions), iPhone assets only. */
export const BUILT_IN_IOS_VERSIONS: IosVersionTable = {
  latestByMajor: { "26": "26.6.1", "18": "18.7.10", "16": "16.7.16", "15": "15.8.8", "12": "12.5.8" },
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
