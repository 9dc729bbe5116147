// The crowd verdict as evidence for one device (contract, "v1 additions"): `likely` is a finding
// strong enough to say "it's not your iPhone" once the device's own causes are ruled out;
// `possible` is weak evidence. How the verdict is reached lives in the crowd detector.
import { place } from "./countries";
import type { CrowdVerdict, Finding } from "./types";

export function unknownCrowd(region: string | null = null, summary = "The crowd signal isn't available right now."): CrowdVerdict {
  return { status: "unknown", region, reports: 0, expected: 0, ratio: null, since: null, summary };
}


export function crowdFindings(crowd: CrowdVerdict | undefined): Finding[] {
  if (!crowd) return [];
  const counts = `(${crowd.reports} reports in 15 minutes, about ${Math.max(1, Math.round(crowd.expected))} usual)`;
  if (crowd.status === "likely") {
    return [{ id: "crowd-outage", severity: "high", detail: `Many iPhones ${place(crowd.region)} fail the same way right now, and Apple hasn't posted anything yet ${counts}.` }];
  }
  if (crowd.status === "possible") {
    return [{ id: "crowd-possible", severity: "low", detail: `More iPhones than usual ${place(crowd.region)} report iMessage trouble right now ${counts}.` }];
  }
  return [];
}
