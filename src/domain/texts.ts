// What Siri says (≤ 200 characters) and what Show Result shows (≤ 1,200 characters).
// `say` is heard, not read: one or two natural sentences that end with the next step or the
// verdict, without UTC offsets, zone ids or ISO times. `show` never repeats a sentence.
import type { Decision } from "./engine";
import type { FindingId } from "./ids";
import type { AppleVerdict, Finding } from "./types";
import { verdictSummary } from "./verdict";

export const SAY_LIMIT = 200;
export const SHOW_LIMIT = 1200;

/** Cuts at a word boundary with an ellipsis, never past `limit` characters. */
export function fit(text: string, limit: number): string {
  const clean = text.replace(/[ \t]+/g, " ").trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > limit * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

const APPLE_FINDINGS: ReadonlySet<FindingId> = new Set(["apple-incident", "apple-recent-incident", "apple-status-unknown"]);

/** A finding as Siri should say it: its first sentence, without the parenthesised technical aside. */
export function spoken(detail: string): string {
  const first = detail.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? detail;
  return first.replace(/\s*\([^)]*\)/g, "").replace(/\s+([,.;:])/g, "$1").trim();
}

/** Names that keep their capital letter mid-sentence. */
const PROPER = /^(Apple|iMessage|Send as|Set Automatically|Date & Time|Wi-Fi|UK|US|EU)\b/;
function lowerFirst(sentence: string): string {
  return PROPER.test(sentence) || !/^[A-Z][a-z']/.test(sentence) ? sentence : sentence.charAt(0).toLowerCase() + sentence.slice(1);
}
const stop = (sentence: string) => (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`);

/** "Is it me or Apple?", answered in a clause: Apple's own terms, never "healthy". */
function appleClause(apple: AppleVerdict): string | undefined {
  switch (apple.status) {
    case "outage":
      return "Apple still reports an iMessage outage";
    case "degraded":
      return "Apple still reports iMessage problems";
    case "maintenance":
      return "Apple reports maintenance on a service iMessage uses";
    case "no_incident":
      return "Apple reports no iMessage incident";
    default:
      return undefined;
  }
}

export function composeSay(decision: Decision, apple: AppleVerdict, _findings: readonly Finding[] = []): string {
  const device = decision.profile.noun;
  if (decision.resolved) return "Great, iMessage is working again. Nothing more to do.";
  if (!decision.next) {
    const what = decision.symptom === "sms_mms_failing" ? "texts still fail" : "iMessage still fails";
    return fit(`You've tried every fix here. Contact Apple Support and tell them ${what} on your ${device}.`, SAY_LIMIT);
  }
  const { text, evidence } = decision.next;
  const nextStep = `Next: ${lowerFirst(text.title)}.`;
  const said = evidence ? stop(spoken(evidence.detail)) : undefined;
  // Apple's verdict leads the first answer; later steps repeat it only when it's news (an incident).
  const clause = decision.firstStep || (apple.status !== "no_incident" && apple.status !== "unknown") ? appleClause(apple) : undefined;
  // Apple's own finding is the verdict; otherwise the verdict leads and the device's evidence follows.
  const options: string[] = [];
  if (said && APPLE_FINDINGS.has(evidence!.id)) options.push(said);
  else if (said && clause) options.push(`${clause}, but ${lowerFirst(said)}`, said, `${clause}.`);
  else if (said) options.push(said);
  else if (clause) options.push(`${clause}.`);
  for (const first of options) {
    const sentence = `${first} ${nextStep}`;
    if (sentence.length <= SAY_LIMIT) return sentence;
  }
  // Always end with the next step, whatever had to go.
  return nextStep.length <= SAY_LIMIT ? nextStep : fit(nextStep, SAY_LIMIT);
}

export interface ShowOptions {
  now: Date;
  /** The device's UTC offset, so times read as its own clock shows them. */
  offsetMinutes?: number;
}

export function composeShow(decision: Decision, apple: AppleVerdict, findings: readonly Finding[], options: ShowOptions = { now: new Date() }): string {
  const evidence = decision.next?.evidence;
  const lines: string[] = [];
  // When the why quotes Apple's own finding, it says what the Apple line would.
  if (!(evidence && APPLE_FINDINGS.has(evidence.id))) {
    // The verdict's own words, with times as the device's clock shows them.
    lines.push(`Apple: ${apple.status === "unknown" ? apple.summary : verdictSummary(apple, options.now, options.offsetMinutes)}`);
  }
  const notable = findings.filter((f) => f.severity !== "info" && !APPLE_FINDINGS.has(f.id) && f !== evidence).slice(0, 4);
  if (notable.length) lines.push("", "Found:", ...notable.map((f) => `• ${f.detail}`));
  if (lines.length) lines.push("");
  if (decision.resolved) lines.push("Fixed. If it happens again, run Fix iMessage again.");
  else if (!decision.next) lines.push("Every fix has been tried. Contact Apple Support (getsupport.apple.com) and mention what you tried.");
  else {
    const { fix, text, why } = decision.next;
    lines.push(`Next: ${text.title} (about ${fix.minutes} min)`, ...text.steps.map((step, i) => `${i + 1}. ${step}`));
    if (text.warning) lines.push(`Warning: ${text.warning}`);
    lines.push(`Why: ${why}`);
  }
  const text = lines.join("\n");
  return text.length <= SHOW_LIMIT ? text : `${text.slice(0, SHOW_LIMIT - 1).replace(/\s+\S*$/, "")}…`;
}
