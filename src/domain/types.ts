import type { ActionKind, AppleStatus, CrowdStatus, FindingId, FixId, Outcome, Platform, SymptomKind } from "./ids";

/** Diagnostics after validation: what the device told us, every field but two optional. */
export interface Diagnostics {
  client?: { shortcut?: string; version?: string };
  device: { os?: "iOS" | "iPadOS" | "macOS"; osVersion: string; model?: string };
  clock?: {
    deviceTime?: string;
    timeZone?: string;
    automatic?: boolean;
    /**
     * The device clock minus the server's clock, measured once when the reading arrived (set by the
     * server, never by a client): a reading kept by a session must not "fall behind" as minutes pass.
     */
    skewMs?: number;
  };
  network?: {
    type?: "wifi" | "cellular" | "none";
    wifi?: { rssi?: number; public?: boolean };
    cellular?: { carrier?: string; radio?: string; countryCode?: string; roaming?: boolean };
    vpn?: boolean;
    websitesLoad?: boolean;
  };
  /**
   * Measured free space (macOS), or the range a person picked from a menu (iOS has no action
   * that reports it): "under_1gb" | "1_to_5gb" | "over_5gb".
   */
  storage?: { freeBytes?: number; freeRange?: "under_1gb" | "1_to_5gb" | "over_5gb" };
  symptom: {
    kind: SymptomKind;
    scope?: "everyone" | "one_contact";
    recipient?: string;
    since?: string;
    /** How long the person says the problem (or activation) has lasted, when no `since` was given. */
    waitingHours?: number;
    /** Set by a session that checked a recipient and then dropped the number (never stored). */
    recipientChecked?: boolean;
  };
  settings?: { imessageOn?: boolean; sendAsSms?: boolean; hasSim?: boolean; backupConfirmed?: boolean };
  tried?: TriedFix[];
}

export interface TriedFix {
  fix: FixId;
  outcome: Outcome;
  /** For back-up-iphone: the person confirmed the backup finished (the only thing that unlocks an erase). */
  confirmed?: boolean;
}

export type Severity = "high" | "medium" | "low" | "info";

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** A sentence quoting the evidence, e.g. "Your iPhone's clock is 7 minutes behind." */
  detail: string;
  /** True when the finding is a guess (e.g. VPN inferred from the network's operator). */
  heuristic?: boolean;
}

export interface FixAction {
  kind: ActionKind;
  url?: string;
  seconds?: number;
}

/** What a fix puts at stake, from nothing to everything: fixes never move across these tiers. */
export const RISKS = ["none", "settings", "account", "data", "money", "erase"] as const;
export type Risk = (typeof RISKS)[number];

export interface Fix {
  id: FixId;
  title: string;
  steps: string[];
  warning: string | null;
  action: FixAction;
  minutes: number;
  /** Findings that select this fix ahead of the default order. */
  triggers: FindingId[];
  /** Position from harmless (1) to drastic. */
  rank: number;
  risk: Risk;
  /** Where it applies (absent: every platform). */
  platforms?: readonly Platform[];
  /** "cellular": needs a phone line; "sms": the device itself must send texts (an iPhone with a line). */
  needs?: "cellular" | "sms";
  /** Why this fix, when no finding selected it. */
  why: string;
}

export interface AppleEvent {
  service: string;
  statusType: string;
  eventStatus: string;
  message: string;
  startedAt: string | null;
  endedAt: string | null;
}

export interface AppleVerdict {
  status: AppleStatus;
  summary: string;
  events: AppleEvent[];
  checkedAt: string | null;
  stale: boolean;
  /** Seconds since the feeds were last checked (null when never). */
  ageSeconds?: number | null;
}

/**
 * The crowd verdict (contract, "v1 additions"): clean problem reports from Fix iMessage runs in the
 * caller's country over the last 15 minutes, against what is usual for that time of day.
 */
export interface CrowdVerdict {
  status: CrowdStatus;
  /** ISO 3166 alpha-2 country, or null for the global count / when unknown. */
  region: string | null;
  reports: number;
  expected: number;
  ratio: number | null;
  /** When the raised verdict began. */
  since: string | null;
  summary: string;
}

/** What the request itself shows about the caller (Cloudflare's request.cf). */
export interface RequestFacts {
  now: Date;
  country?: string;
  timezone?: string;
  asOrganization?: string;
}
