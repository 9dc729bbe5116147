// Chooses the next fix: Apple first, then evidence, then the least invasive fix not yet tried,
// along the path the scope and symptom call for (../shared/domain/playbook-notes.md).
import type { FindingId, FixId, Outcome, SymptomKind } from "./ids";
import { fixById, PLAYBOOK } from "./playbook";
import type { Diagnostics, Finding, Fix } from "./types";

/** Evidence that stops iMessage outright, most decisive first. */
const STRONG_EVIDENCE: FindingId[] = [
  "apple-incident",
  "offline",
  "clock-skew",
  "imessage-off",
  "vpn",
  "restricted-network",
  "activation-overdue",
  "activation-pending",
  "low-storage",
  "timezone-mismatch",
  "clock-manual",
  "no-sim",
  "recipient-number-invalid",
  "recipient-landline",
  "recipient-number-format",
  "recipient-email",
];
/** Evidence worth acting on, but only after the stronger kinds (and, for one contact, their side). */
const WEAK_EVIDENCE: FindingId[] = ["weak-wifi", "apple-recent-incident", "roaming", "send-as-sms-off", "ios-outdated"];

const DEVICE_PATH: FixId[] = [
  "reconnect-network",
  "toggle-airplane-mode",
  "disable-vpn",
  "switch-network",
  "force-restart",
  "toggle-imessage",
  "set-date-time-automatically",
  "check-send-receive",
  "enable-send-as-sms",
  "free-storage",
  "update-ios",
  "sign-out-apple-id",
  "carrier-settings-update",
  "inspect-sim",
  "contact-carrier",
  "reset-network-settings",
  "back-up-iphone",
  "dfu-restore",
  "hardware-service",
];

const ACTIVATION_PATH: FixId[] = [
  "set-date-time-automatically",
  "reconnect-network",
  "toggle-airplane-mode",
  "disable-vpn",
  "switch-network",
  "toggle-imessage",
  "check-sms-plan",
  "wait-for-activation",
  "inspect-sim",
  "contact-carrier",
  "carrier-settings-update",
  "check-send-receive",
];

const SYMPTOM_HEAD: Partial<Record<SymptomKind, FixId[]>> = {
  mac_delivered_iphone_not: ["force-restart", "toggle-imessage", "check-send-receive"],
  sending_green: ["reconnect-network", "toggle-airplane-mode", "toggle-imessage", "check-send-receive"],
  waiting_for_activation: ACTIVATION_PATH,
  activation_error: ACTIVATION_PATH,
};

const RECIPIENT_PATH: Partial<Record<SymptomKind, FixId[]>> & { default: FixId[] } = {
  default: ["fix-recipient-number", "send-as-text", "recipient-deregister", "check-blocked", "merge-duplicate-contacts", "new-conversation"],
  // No status at all: the recipient may be offline or blocking.
  no_delivered_status: ["send-as-text", "check-blocked", "recipient-deregister", "fix-recipient-number", "merge-duplicate-contacts", "new-conversation"],
  // Already green: the recipient has likely left iMessage.
  sending_green: ["recipient-deregister", "fix-recipient-number", "merge-duplicate-contacts", "new-conversation", "check-blocked"],
};

/** Fixes never offered while Apple reports an incident: they can't help and cost the user. */
const NOT_DURING_OUTAGE = new Set<FixId>(["reset-network-settings", "back-up-iphone", "dfu-restore", "hardware-service", "sign-out-apple-id"]);

/** Finding → the fixes it selects, from the playbook's triggers (the catalog is the one source of truth). */
const TRIGGERED = new Map<FindingId, FixId[]>();
for (const fix of PLAYBOOK) {
  for (const finding of fix.triggers) TRIGGERED.set(finding, [...(TRIGGERED.get(finding) ?? []), fix.id]);
}

export interface Decision {
  next: { fix: Fix; why: string } | null;
  resolved: boolean;
  exhausted: boolean;
}

export function decideNext(d: Diagnostics, findings: readonly Finding[]): Decision {
  const outcomes = new Map<FixId, Outcome>();
  const attempts = new Map<FixId, number>();
  for (const { fix, outcome } of d.tried ?? []) {
    outcomes.set(fix, outcome);
    attempts.set(fix, (attempts.get(fix) ?? 0) + 1);
  }
  if ([...outcomes.values()].includes("fixed")) return { next: null, resolved: true, exhausted: false };

  const has = new Set(findings.map((f) => f.id));
  const priority: FindingId[] = [...STRONG_EVIDENCE, ...WEAK_EVIDENCE];
  const isWeak = (f: Finding) => WEAK_EVIDENCE.includes(f.id) || f.severity === "low" || f.severity === "info";
  const ranked = findings.filter((f) => priority.includes(f.id)).sort((a, b) => priority.indexOf(a.id) - priority.indexOf(b.id));
  const selected = (group: Finding[]) => group.flatMap((finding) => triggeredFixes(finding.id).map((fix) => ({ fix, finding })));
  const strong = selected(ranked.filter((f) => !isWeak(f)));
  const weak = selected(ranked.filter(isWeak));
  const path = candidatePath(d).map((fix) => ({ fix, finding: undefined as Finding | undefined }));
  const recipientFirst = d.symptom.scope === "one_contact" && !isActivation(d.symptom.kind);
  const recipientCount = recipientFirst ? recipientPath(d.symptom.kind).length : 0;
  const ordered = [...strong, ...path.slice(0, recipientCount), ...weak, ...path.slice(recipientCount)];

  const seen = new Set<FixId>();
  const candidates = ordered.filter(({ fix }) => !seen.has(fix) && seen.add(fix) && isRelevant(fix, d, has));
  const ready = (fix: FixId) => prerequisitesMet(fix, d, outcomes, candidates.map((c) => c.fix));

  for (const candidate of candidates) {
    if (!outcomes.has(candidate.fix) && ready(candidate.fix)) {
      // A fix reached by the default order still quotes the evidence for it, if there is any.
      return choose(candidate.fix, candidate.finding ?? ranked.find((f) => TRIGGERED.get(f.id)?.includes(candidate.fix)));
    }
  }
  // Nothing new left: a skipped or impossible fix may come back, once.
  for (const candidate of candidates) {
    const outcome = outcomes.get(candidate.fix);
    if ((outcome === "skipped" || outcome === "cannot_do") && attempts.get(candidate.fix) === 1 && ready(candidate.fix)) {
      return choose(candidate.fix, undefined, "You passed on this one earlier; it's the one fix left to try.");
    }
  }
  return { next: null, resolved: false, exhausted: true };
}

function choose(id: FixId, finding: Finding | undefined, because?: string): Decision {
  const fix = fixById(id);
  const why = because ?? (finding ? `${finding.detail} ${fix.why}` : fix.why);
  return { next: { fix, why }, resolved: false, exhausted: false };
}

function triggeredFixes(finding: FindingId): FixId[] {
  return TRIGGERED.get(finding) ?? [];
}

function isActivation(kind: SymptomKind): boolean {
  return kind === "waiting_for_activation" || kind === "activation_error";
}

function recipientPath(kind: SymptomKind): FixId[] {
  return RECIPIENT_PATH[kind] ?? RECIPIENT_PATH.default;
}

/** The default sequence for this scope and symptom. */
function candidatePath(d: Diagnostics): FixId[] {
  const kind = d.symptom.kind;
  const recipient = d.symptom.scope === "one_contact" && !isActivation(kind) ? recipientPath(kind) : [];
  return [...new Set([...recipient, ...(SYMPTOM_HEAD[kind] ?? []), ...DEVICE_PATH])];
}

/** False when the diagnostics already show a fix can't be the answer. */
function isRelevant(fix: FixId, d: Diagnostics, has: Set<FindingId>): boolean {
  const { network, settings, clock, storage, symptom } = d;
  if (has.has("apple-incident") && NOT_DURING_OUTAGE.has(fix)) return false;
  switch (fix) {
    case "reconnect-network":
      return !(network?.websitesLoad === true && network.type !== "none");
    case "disable-vpn":
      return !(network?.vpn === false && !has.has("vpn"));
    case "set-date-time-automatically":
      return clock?.automatic !== true || has.has("clock-skew") || has.has("timezone-mismatch");
    case "enable-send-as-sms":
      return settings?.sendAsSms !== true && symptom.kind !== "sending_green";
    case "send-as-text":
      return symptom.kind !== "sending_green";
    case "free-storage":
      return (storage?.freeBytes === undefined && storage?.freeRange === undefined) || has.has("low-storage");
    case "update-ios":
      return has.has("ios-outdated");
    case "fix-recipient-number":
      return (!symptom.recipient && !symptom.recipientChecked) || ["recipient-number-format", "recipient-number-invalid", "recipient-landline", "recipient-email"].some((id) => has.has(id as FindingId));
    case "carrier-settings-update":
    case "inspect-sim":
    case "contact-carrier":
    case "check-sms-plan":
      return settings?.hasSim !== false;
    case "wait-for-activation":
      return isActivation(symptom.kind) && !has.has("activation-overdue");
    case "back-up-iphone":
      return settings?.backupConfirmed !== true;
    case "apple-outage-wait":
      return has.has("apple-incident");
    default:
      return true;
  }
}

function backupConfirmed(d: Diagnostics, outcomes: Map<FixId, Outcome>): boolean {
  const backup = outcomes.get("back-up-iphone");
  return d.settings?.backupConfirmed === true || backup === "not_fixed" || backup === "fixed";
}

function prerequisitesMet(fix: FixId, d: Diagnostics, outcomes: Map<FixId, Outcome>, candidates: FixId[]): boolean {
  switch (fix) {
    case "reset-network-settings":
      // The guide's nuclear option comes only after iMessage itself was re-registered.
      return outcomes.get("toggle-imessage") === "not_fixed";
    case "dfu-restore": {
      // Erases the phone: only after a confirmed backup and every lighter fix was tried or skipped.
      const rank = fixById("dfu-restore").rank;
      return backupConfirmed(d, outcomes) && candidates.every((id) => fixById(id).rank >= rank || outcomes.has(id));
    }
    default:
      return true;
  }
}

