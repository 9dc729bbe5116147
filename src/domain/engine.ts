// Chooses the next fix: Apple first, then evidence, then the least invasive fix not yet tried,
// along the path the scope and symptom call for (../shared/domain/playbook-notes.md), and only
// fixes this device can do (an iPhone, a Wi-Fi-only iPad, a Mac).
import type { FindingId, FixId, Outcome, SymptomKind } from "./ids";
import { fitsDevice, fixById, PLAYBOOK, renderFix, type FixContext, type FixText } from "./playbook";
import { deviceProfile, type DeviceProfile } from "./platform";
import { RISKS, type Diagnostics, type Finding, type Fix } from "./types";
import { orderByWorked, workedFor, workedSentence, type Worked, type WorkedTable } from "./worked";

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
  "clock-manual",
  "no-sim",
  // Many clean devices in the region fail at once: not this device, once its own causes are ruled out.
  "crowd-outage",
  "recipient-short-code",
  "recipient-number-invalid",
  "recipient-landline",
  "recipient-service-number",
  "recipient-number-format",
  "recipient-email",
  // Only when the version is too old for the symptom (severity "high"); otherwise it's weak.
  "ios-outdated",
];
/**
 * Activation rides on the clock: a wrong or manual clock gets its certificates rejected, so it
 * comes before waiting or calling the carrier ("critical here", says the guide).
 */
const ACTIVATION_EVIDENCE: FindingId[] = ["apple-incident", "offline", "clock-skew", "clock-manual", ...STRONG_EVIDENCE.filter((id) => !["apple-incident", "offline", "clock-skew", "clock-manual"].includes(id))];

/** Evidence worth acting on, but only after the stronger kinds (and, for one contact, their side). */
const WEAK_EVIDENCE: FindingId[] = ["apple-recent-incident", "weak-wifi", "roaming", "send-as-sms-off", "timezone-mismatch", "crowd-possible", "ios-outdated"];

/** The device path for "everyone": connection → restarts and toggles → settings → account → carrier/SIM → reset → erase. */
const DEVICE_PATH: FixId[] = [
  "reconnect-network",
  "check-apple-status",
  "toggle-airplane-mode",
  "disable-vpn",
  "switch-network",
  "force-restart",
  "toggle-imessage",
  "set-date-time-automatically",
  "check-send-receive",
  "enable-send-as-sms",
  "text-message-forwarding",
  "messages-in-icloud",
  "free-storage",
  "update-ios",
  "sign-out-apple-id",
  "sign-out-icloud",
  "carrier-settings-update",
  "inspect-sim",
  "keep-messages",
  // The guide's "definitive fix when all other options have failed"; the carrier after it.
  "reset-network-settings",
  "contact-carrier",
  "back-up-iphone",
  "dfu-restore",
  "hardware-service",
];

const ACTIVATION_PATH: FixId[] = [
  "set-date-time-automatically",
  "reconnect-network",
  "check-apple-status",
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

/** Blue iMessages work, green texts or picture messages don't: carrier account or network settings (the guide). */
const SMS_PATH: FixId[] = [
  "toggle-airplane-mode",
  "check-mms-settings",
  "check-sms-plan",
  "text-message-forwarding",
  "force-restart",
  "carrier-settings-update",
  "inspect-sim",
  "update-ios",
  "reset-network-settings",
  "contact-carrier",
  "back-up-iphone",
  "dfu-restore",
  "hardware-service",
];

const SYMPTOM_HEAD: Partial<Record<SymptomKind, FixId[]>> = {
  // The Mac shows the message arrived: a sync glitch on the iPhone (the guide's FAQ).
  mac_delivered_iphone_not: ["force-restart", "toggle-imessage", "messages-in-icloud", "check-send-receive"],
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
  // Texts to one person fail: how the number is saved and blocking matter; iMessage registration doesn't.
  sms_mms_failing: ["fix-recipient-number", "check-blocked", "merge-duplicate-contacts", "new-conversation"],
};

/** What can't help when a device that has no line of its own can't send texts: it's the iPhone's (forwarding) or the carrier's. */
const NOT_FOR_FORWARDED_TEXTS = new Set<FixId>(["reset-network-settings", "back-up-iphone", "dfu-restore", "hardware-service"]);

/** Fixes never offered while Apple reports an incident: they can't help and cost the user. */
const NOT_DURING_OUTAGE = new Set<FixId>([
  "reset-network-settings",
  "back-up-iphone",
  "dfu-restore",
  "hardware-service",
  "sign-out-apple-id",
  "sign-out-icloud",
  "keep-messages",
  "new-conversation",
  "contact-carrier",
  "check-apple-status",
]);

/** A fix this cheap and harmless is worth trying before acting on weak evidence that costs more. */
const QUICK_MINUTES = 5;
const isQuick = (fix: Fix) => (fix.risk === "none" || fix.risk === "settings") && fix.minutes <= QUICK_MINUTES;
/** Cost orders fixes of equal evidence: what's at stake first, then time. */
const byCost = (a: Fix, b: Fix) => RISKS.indexOf(a.risk) - RISKS.indexOf(b.risk) || a.minutes - b.minutes || a.rank - b.rank;

/** Finding → the fixes it selects, from the playbook's triggers (the catalog is the one source of truth). */
const TRIGGERED = new Map<FindingId, FixId[]>();
for (const fix of PLAYBOOK) {
  for (const finding of fix.triggers) TRIGGERED.set(finding, [...(TRIGGERED.get(finding) ?? []), fix.id]);
}

export interface ChosenFix {
  fix: Fix;
  /** The fix's texts for this device and state. */
  text: FixText;
  why: string;
  /** The finding the `why` quotes, if any. */
  evidence?: Finding;
  /** How often it ended the repair for people with the same problem; null below the floor. */
  worked: Worked | null;
}

export interface Decision {
  next: ChosenFix | null;
  resolved: boolean;
  exhausted: boolean;
  /** The device the advice is for, and the symptom it treats (texts are worded for both). */
  profile: DeviceProfile;
  symptom: SymptomKind;
  /** No outcome is known yet: the first answer of a repair. */
  firstStep: boolean;
}

export interface DecideOptions {
  /** The recipient's number as it should be saved, or an example number of the person's country. */
  numberExample?: string;
  /** What worked for people with the same symptom, scope and platform (issue 13). */
  worked?: WorkedTable;
}

/**
 * The device the fixes are for: the one the Shortcut runs on, except when the symptom names the
 * iPhone ("it works on my Mac, not my iPhone", reported from the Mac or an iPad).
 */
export function deviceToFix(d: Diagnostics): DeviceProfile {
  const own = deviceProfile(d);
  if (d.symptom.kind === "mac_delivered_iphone_not" && own.platform !== "iOS") return { platform: "iOS", noun: "iPhone", cellular: true, sms: true };
  return own;
}

export function decideNext(d: Diagnostics, findings: readonly Finding[], options: DecideOptions = {}): Decision {
  const profile = deviceToFix(d);
  const symptom = d.symptom.kind;
  const firstStep = (d.tried ?? []).length === 0;
  const outcomes = new Map<FixId, Outcome>();
  const attempts = new Map<FixId, number>();
  for (const { fix, outcome } of d.tried ?? []) {
    outcomes.set(fix, outcome);
    attempts.set(fix, (attempts.get(fix) ?? 0) + 1);
  }
  if ([...outcomes.values()].includes("fixed")) return { next: null, resolved: true, exhausted: false, profile, symptom, firstStep };

  const has = new Set(findings.map((f) => f.id));
  const ctx: FixContext = { profile, has, diagnostics: d, numberExample: options.numberExample };
  const activation = isActivation(d.symptom.kind);
  const strongOrder = activation ? ACTIVATION_EVIDENCE : STRONG_EVIDENCE;
  const isStrong = (f: Finding) =>
    strongOrder.includes(f.id) && (f.id === "ios-outdated" ? f.severity === "high" : f.severity === "high" || f.severity === "medium");
  const isWeak = (f: Finding) => !isStrong(f) && f.severity !== "info" && (WEAK_EVIDENCE.includes(f.id) || strongOrder.includes(f.id));
  const rankOf = (f: Finding) => (isStrong(f) ? strongOrder.indexOf(f.id) : 100 + WEAK_EVIDENCE.indexOf(f.id));
  const evidence = findings.filter((f) => isStrong(f) || isWeak(f)).sort((a, b) => rankOf(a) - rankOf(b));
  const selected = (group: Finding[]) =>
    group.flatMap((finding) => (TRIGGERED.get(finding.id) ?? []).map((id) => ({ fix: fixById(id), finding })));
  const relevant = (fix: Fix) => isRelevant(fix, d, has, profile);

  const strong = selected(evidence.filter(isStrong));
  const weak = selected(evidence.filter(isWeak)).sort((a, b) => byCost(a.fix, b.fix));
  // Fixes of equal evidence (the default paths) go better-working first, within a risk tier only.
  const recipient = orderByWorked(recipientFirst(d) ? recipientPath(d.symptom.kind).map((id) => ({ fix: fixById(id) })).filter(({ fix }) => relevant(fix)) : [], options.worked);
  // Weak evidence that costs little goes before the default path; the rest after its quick, harmless fixes.
  const path = orderByWorked(candidatePath(d).map((id) => ({ fix: fixById(id) })).filter(({ fix }) => relevant(fix)), options.worked);
  const boundary = path.findIndex(({ fix }) => !isQuick(fix));
  const weakSlow = weak.filter(({ fix }) => !isQuick(fix));
  const pathWithWeak = boundary < 0 ? [...path, ...weakSlow] : [...path.slice(0, boundary), ...weakSlow, ...path.slice(boundary)];
  const ordered: { fix: Fix; finding?: Finding }[] = [...strong, ...recipient, ...weak.filter(({ fix }) => isQuick(fix)), ...pathWithWeak];

  const seen = new Set<FixId>();
  const candidates = ordered.filter(({ fix }) => !seen.has(fix.id) && seen.add(fix.id) && relevant(fix));
  const candidateIds = candidates.map((c) => c.fix.id);
  const ready = (id: FixId) => prerequisitesMet(id, d, outcomes, candidateIds);
  const choose = (fix: Fix, finding: Finding | undefined, because?: string): Decision => {
    const text = renderFix(fix.id, ctx);
    const worked = workedFor(options.worked, fix.id);
    const why = [because ?? (finding ? `${finding.detail} ${text.why}` : text.why), worked ? workedSentence(worked) : ""].filter(Boolean).join(" ");
    return { next: { fix, text, why, evidence: because ? undefined : finding, worked }, resolved: false, exhausted: false, profile, symptom, firstStep };
  };
  const quoted = (fix: Fix) => evidence.find((f) => TRIGGERED.get(f.id)?.includes(fix.id));

  for (const candidate of candidates) {
    if (!outcomes.has(candidate.fix.id) && ready(candidate.fix.id)) {
      // A fix reached by the default order still quotes the evidence for it, if there is any.
      return choose(candidate.fix, candidate.finding ?? quoted(candidate.fix));
    }
  }
  // Nothing new left. Once Apple's own repair service has seen the device, nothing lighter is worth more.
  if (outcomes.get("hardware-service") !== "not_fixed") {
    // A skipped or impossible fix may come back, once.
    for (const { fix } of candidates) {
      const outcome = outcomes.get(fix.id);
      if ((outcome === "skipped" || outcome === "cannot_do") && attempts.get(fix.id) === 1 && ready(fix.id)) {
        return choose(fix, undefined, "You passed on this one earlier; it's the one fix left to try.");
      }
    }
  }
  // While Apple reports an incident, or the crowd shows one, the answer is never "you've tried
  // everything": it's Apple's to fix.
  if (has.has("apple-incident")) {
    return choose(fixById("apple-outage-wait"), undefined, `Apple still reports the problem, and you've tried what can help meanwhile. ${renderFix("apple-outage-wait", ctx).why}`);
  }
  if (has.has("crowd-outage")) {
    return choose(fixById("crowd-outage-wait"), undefined, `Many devices near you still fail the same way, and you've tried what can help meanwhile. ${renderFix("crowd-outage-wait", ctx).why}`);
  }
  return { next: null, resolved: false, exhausted: true, profile, symptom, firstStep };
}

export function isActivation(kind: SymptomKind): boolean {
  return kind === "waiting_for_activation" || kind === "activation_error";
}

/** One contact: their side first, unless the Mac already shows the message arrived. */
function recipientFirst(d: Diagnostics): boolean {
  return d.symptom.scope === "one_contact" && !isActivation(d.symptom.kind) && d.symptom.kind !== "mac_delivered_iphone_not";
}

function recipientPath(kind: SymptomKind): FixId[] {
  return RECIPIENT_PATH[kind] ?? RECIPIENT_PATH.default;
}

/** The default sequence for this scope and symptom. */
function candidatePath(d: Diagnostics): FixId[] {
  const kind = d.symptom.kind;
  const recipient = recipientFirst(d) ? recipientPath(kind) : [];
  const body = kind === "sms_mms_failing" ? SMS_PATH : [...(SYMPTOM_HEAD[kind] ?? []), ...DEVICE_PATH];
  return [...new Set([...recipient, ...body])];
}

export function backupConfirmed(d: Diagnostics): boolean {
  return d.settings?.backupConfirmed === true || (d.tried ?? []).some((t) => t.fix === "back-up-iphone" && t.confirmed === true);
}

/** False when the device can't do it, or the diagnostics already show it can't be the answer. */
function isRelevant(fix: Fix, d: Diagnostics, has: Set<FindingId>, profile: DeviceProfile): boolean {
  if (!fitsDevice(fix, profile)) return false;
  const { network, settings, clock, storage, symptom } = d;
  if ((has.has("apple-incident") || has.has("crowd-outage")) && NOT_DURING_OUTAGE.has(fix.id)) return false;
  if (symptom.kind === "sms_mms_failing" && !profile.sms && NOT_FOR_FORWARDED_TEXTS.has(fix.id)) return false;
  const tried = (id: FixId) => (d.tried ?? []).some((t) => t.fix === id);
  switch (fix.id) {
    case "apple-outage-wait":
    case "backup-contact-method":
      return has.has("apple-incident");
    case "crowd-outage-wait":
      return !has.has("apple-incident") && (has.has("crowd-outage") || has.has("crowd-possible"));
    case "check-apple-status":
      return has.has("apple-status-unknown");
    case "reconnect-network":
      return !(network?.websitesLoad === true && network.type !== "none");
    case "disable-vpn":
      return !(network?.vpn === false && !has.has("vpn"));
    case "check-roaming":
      return has.has("roaming");
    case "set-date-time-automatically":
      // A time zone that differs from the connection's location alone is a VPN, a work network or travel.
      return clock?.automatic !== true || has.has("clock-skew");
    case "enable-send-as-sms":
      return settings?.sendAsSms !== true && symptom.kind !== "sending_green" && symptom.kind !== "sms_mms_failing";
    case "send-as-text":
      return symptom.kind !== "sending_green" && symptom.kind !== "sms_mms_failing";
    case "text-message-forwarding":
      return !isActivation(symptom.kind) && symptom.kind !== "mac_delivered_iphone_not";
    case "messages-in-icloud":
      return symptom.kind === "mac_delivered_iphone_not" || profile.platform !== "iOS";
    case "check-mms-settings":
      return symptom.kind === "sms_mms_failing";
    case "check-sms-plan":
      return isActivation(symptom.kind) || symptom.kind === "sms_mms_failing";
    case "free-storage":
      return (storage?.freeBytes === undefined && storage?.freeRange === undefined) || has.has("low-storage");
    case "update-ios":
      return has.has("ios-outdated");
    case "fix-recipient-number":
      return (
        !has.has("recipient-short-code") &&
        ((!symptom.recipient && !symptom.recipientChecked) ||
          ["recipient-number-format", "recipient-number-invalid", "recipient-landline", "recipient-service-number", "recipient-email"].some((id) => has.has(id as FindingId)))
      );
    case "wait-for-activation":
      return isActivation(symptom.kind) && !has.has("activation-overdue");
    case "back-up-iphone":
      // A backup only serves the erase: not once it's confirmed, nor once the erase or Apple's repair is done.
      return !backupConfirmed(d) && !tried("dfu-restore") && !tried("hardware-service");
    default:
      return true;
  }
}

function prerequisitesMet(fix: FixId, d: Diagnostics, outcomes: Map<FixId, Outcome>, candidates: FixId[]): boolean {
  switch (fix) {
    case "reset-network-settings":
      // The guide's nuclear option comes only after iMessage itself was re-registered.
      return !candidates.includes("toggle-imessage") || outcomes.get("toggle-imessage") === "not_fixed";
    case "sign-out-icloud":
      // Signing out of iCloud entirely comes after signing out of Messages alone.
      return !candidates.includes("sign-out-apple-id") || outcomes.has("sign-out-apple-id");
    case "dfu-restore": {
      // Erases the device: only after an explicit backup confirmation and every lighter fix was tried or skipped.
      const rank = fixById("dfu-restore").rank;
      return backupConfirmed(d) && candidates.every((id) => fixById(id).rank >= rank || outcomes.has(id));
    }
    default:
      return true;
  }
}

/** The order rules in words, for GET /v1/playbook and the README. */
export const ORDER_RULES = [
  "Apple first: while Apple reports an iMessage or push-notification incident, wait and reach people another way; no drastic fix is offered, and the repair is never declared hopeless.",
  "The crowd next: when many clean devices in the caller's country fail at once (crowd verdict likely), a device with no cause of its own is told it's not its fault and to wait; its own causes (a wrong clock) still come first. A possible crowd outage is weak evidence.",
  "Evidence beats the default order: offline, a wrong or manual clock, iMessage off, a VPN or restricted network, activation waiting, under 1 GB free, no SIM, and how the recipient is saved select their fix first, most decisive first; the why quotes the evidence.",
  "Activation rides on the clock: a wrong or manual clock is fixed before waiting for activation or calling the carrier.",
  "Weak evidence (weak Wi-Fi, an incident Apple just resolved, roaming, Send as Text off, an update being available) acts only after stronger evidence; when it costs more than a few harmless minutes (an update takes 30), it comes after the quick, harmless fixes. An iOS too old for the symptom (three or more years behind) counts as strong.",
  "Among fixes of equal evidence, cost orders them: what's at stake first (nothing, settings, account, data, money, erasing), then minutes.",
  "One contact: their side first (how the number is saved, sending as a text, deregistration, blocking, duplicates, a new conversation), except when the Mac shows the message arrived: then restart and toggle iMessage on the iPhone.",
  "Only what the device can do: no Airplane Mode, SIM, carrier, reset or DFU on a Mac; no texts, carrier or SIM on a Wi-Fi-only iPad; an iPad or Mac sends texts through an iPhone's Text Message Forwarding.",
  "Least invasive first: connection → restarts and toggles → settings → account sign-outs (Messages, then iCloud) → carrier and SIM → trimming history → reset network settings (only after toggling iMessage) → the carrier → back up → DFU restore (only after an explicit backup confirmation and everything lighter) → Apple's repair service.",
  "A tried fix is never repeated; a skipped one comes back once when nothing else is left, but not after Apple's repair service has seen the device. resolved after a fix worked; exhausted when nothing is left.",
];
