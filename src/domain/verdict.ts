// Apple's status, read right: the verdict and the findings it gives the engine.
// (Filled in by the status-feed work: see issue 3.)
import type { SymptomKind } from "./ids";
import type { AppleVerdict, Finding } from "./types";

export function unknownVerdict(reason = "Apple's status could not be checked right now."): AppleVerdict {
  return { status: "unknown", summary: reason, events: [], checkedAt: null, stale: false, ageSeconds: null };
}

/** `apple-incident` / `apple-recent-incident` findings for this symptom. */
export function appleFindings(_verdict: AppleVerdict, _symptom: SymptomKind, _now: Date): Finding[] {
  return [];
}
