// Builders for engine tests: a healthy iPhone on a working network, changed one answer at a time.
import { deriveFindings } from "../../src/domain/findings";
import { decideNext, type Decision } from "../../src/domain/engine";
import { BUILT_IN_IOS_VERSIONS } from "../../src/domain/ios-versions";
import type { FixId, Outcome } from "../../src/domain/ids";
import type { Diagnostics, Finding, RequestFacts, TriedFix } from "../../src/domain/types";

export const NOW = new Date("2026-11-27T12:55:30Z");

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Pacific time at NOW, as Shortcuts' ISO 8601 format writes it. */
export function pacific(offsetMs = 0): string {
  const t = new Date(NOW.getTime() + offsetMs - 8 * 3_600_000).toISOString().slice(0, 19);
  return `${t}-08:00`;
}

export function healthy(): Diagnostics {
  return {
    client: { shortcut: "fix-imessage", version: "1.0.0" },
    device: { os: "iOS", osVersion: "26.6.1", model: "iPhone" },
    clock: { deviceTime: pacific(), timeZone: "America/Los_Angeles", automatic: true },
    network: { type: "wifi", wifi: { rssi: -55, public: false }, vpn: false, websitesLoad: true },
    storage: { freeBytes: 12_000_000_000 },
    symptom: { kind: "not_delivered", scope: "everyone" },
    settings: { imessageOn: true, sendAsSms: true, hasSim: true },
    tried: [],
  };
}

function merge<T>(base: T, patch: DeepPartial<T> | undefined): T {
  if (!patch) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object"
        ? merge(current, value as DeepPartial<typeof current>)
        : value;
  }
  return out as T;
}

export function with_(patch: DeepPartial<Diagnostics>): Diagnostics {
  return merge(healthy(), patch);
}

/**
 * A Wi-Fi-only iPad as Fix iMessage describes it: iPadOS, empty carrier fields (no line), no SIM
 * answer, and nothing about Send as Text Message (an iPad can't send texts itself).
 */
export function wifiIpad(patch: DeepPartial<Diagnostics> = {}): Diagnostics {
  return withoutLine({ os: "iPadOS", model: "iPad", osVersion: "26.6.1" }, patch);
}

/** A Mac: macOS, no cellular details, nothing about SIM or Send as Text Message. */
export function mac(patch: DeepPartial<Diagnostics> = {}): Diagnostics {
  return withoutLine({ os: "macOS", model: "Mac", osVersion: "26.6.2" }, patch);
}

/** A healthy device with no phone line of its own, as Fix iMessage describes one. */
function withoutLine(device: Diagnostics["device"], patch: DeepPartial<Diagnostics>): Diagnostics {
  const base = merge(healthy(), { device, network: { cellular: {} }, settings: { hasSim: undefined, sendAsSms: undefined } });
  return merge(base, patch);
}

export function facts(patch: Partial<RequestFacts> = {}): RequestFacts {
  return { now: NOW, country: "US", timezone: "America/Los_Angeles", asOrganization: "T-Mobile USA, Inc.", ...patch };
}

export const APPLE_INCIDENT: Finding = {
  id: "apple-incident",
  severity: "high",
  detail: "Apple reports an ongoing iMessage outage.",
};
export const APPLE_RECENT: Finding = {
  id: "apple-recent-incident",
  severity: "low",
  detail: "Apple resolved an iMessage outage 40 minutes ago.",
};

export function findingsFor(d: Diagnostics, f: RequestFacts = facts(), extra: Finding[] = []): Finding[] {
  return [...extra, ...deriveFindings({ diagnostics: d, facts: f, versions: BUILT_IN_IOS_VERSIONS })];
}

export function decide(d: Diagnostics, f: RequestFacts = facts(), extra: Finding[] = []): Decision {
  return decideNext(d, findingsFor(d, f, extra));
}

export function tried(...fixes: FixId[]): { fix: FixId; outcome: Outcome }[] {
  return fixes.map((fix) => ({ fix, outcome: "not_fixed" }));
}

/**
 * Plays a whole repair: answers each prescribed fix with `answer(fix, step)` until the engine
 * resolves or runs out. Returns the fixes in the order offered.
 */
export function walk(
  d: Diagnostics,
  options: { facts?: RequestFacts; extra?: Finding[]; answer?: (fix: FixId, step: number) => Outcome; limit?: number; confirmBackup?: boolean } = {},
  /** An Apple outage never ends the repair: stop at the limit instead of failing. */
  endless = false,
): { offered: FixId[]; exhausted: boolean; resolved: boolean; history: TriedFix[]; decisions: Decision[] } {
  const history: TriedFix[] = [...(d.tried ?? [])];
  const decisions: Decision[] = [];
  const offered: FixId[] = [];
  const answer = options.answer ?? (() => "not_fixed" as const);
  for (let step = 0; step < (options.limit ?? 200); step++) {
    const decision = decide({ ...d, tried: history }, options.facts, options.extra);
    decisions.push(decision);
    if (!decision.next) return { offered, exhausted: decision.exhausted, resolved: decision.resolved, history, decisions };
    const fix = decision.next.fix.id;
    offered.push(fix);
    history.push({ fix, outcome: answer(fix, step), ...(fix === "back-up-iphone" && options.confirmBackup ? { confirmed: true } : {}) });
  }
  if (endless) return { offered, exhausted: false, resolved: false, history, decisions };
  throw new Error(`No end after ${options.limit ?? 200} steps: ${offered.join(", ")}`);
}
