// What Siri says (≤ 200 characters) and what Show Result shows (≤ 1,200 characters).
import type { Decision } from "./engine";
import type { AppleVerdict, Finding } from "./types";

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

/** The first sentences of several, as many as fit. */
function joinWithin(parts: string[], limit: number): string {
  let text = "";
  for (const part of parts.filter(Boolean)) {
    const next = text ? `${text} ${part}` : part;
    if (next.length > limit) break;
    text = next;
  }
  return text || fit(parts.find(Boolean) ?? "", limit);
}

function appleSentence(apple: AppleVerdict): string {
  switch (apple.status) {
    case "outage":
      return "Apple reports an iMessage outage right now.";
    case "degraded":
      return "Apple reports iMessage problems right now.";
    case "maintenance":
      return "Apple reports maintenance on a service iMessage uses.";
    case "no_incident":
      // The first question is "is it me or Apple?": answer it, in Apple's own terms.
      return "Apple reports no iMessage incident.";
    default:
      return "";
  }
}

export function composeSay(decision: Decision, apple: AppleVerdict, findings: readonly Finding[]): string {
  if (decision.resolved) return "Great, iMessage is working again. Nothing more to do.";
  if (!decision.next) {
    return joinWithin([appleSentence(apple), "You've tried every fix here. Contact Apple Support and say iMessage still fails."], SAY_LIMIT);
  }
  const { fix } = decision.next;
  const evidence = findings.find((f) => fix.triggers.includes(f.id));
  return joinWithin([appleSentence(apple), evidence?.detail ?? "", `Next: ${fix.title.charAt(0).toLowerCase()}${fix.title.slice(1)}.`], SAY_LIMIT);
}

export function composeShow(decision: Decision, apple: AppleVerdict, findings: readonly Finding[]): string {
  const lines = [`Apple: ${apple.summary}`];
  const notable = findings.filter((f) => f.severity !== "info").slice(0, 4);
  if (notable.length) lines.push("", "Found:", ...notable.map((f) => `• ${f.detail}`));
  lines.push("");
  if (decision.resolved) lines.push("Fixed. If it happens again, run Fix iMessage again.");
  else if (!decision.next) lines.push("Every fix has been tried. Contact Apple Support (getsupport.apple.com) and mention what you tried.");
  else {
    const { fix, why } = decision.next;
    lines.push(`Next: ${fix.title} (about ${fix.minutes} min)`, ...fix.steps.map((step, i) => `${i + 1}. ${step}`));
    if (fix.warning) lines.push(`Warning: ${fix.warning}`);
    lines.push(`Why: ${why}`);
  }
  const text = lines.join("\n");
  return text.length <= SHOW_LIMIT ? text : `${text.slice(0, SHOW_LIMIT - 1).replace(/\s+\S*$/, "")}…`;
}
