// What /v1/contact-check says (for Siri) and shows about one recipient.
import type { RecipientCheck } from "./recipient";
import { fit, SAY_LIMIT, SHOW_LIMIT } from "./texts";

export function contactCheckTexts(check: RecipientCheck): { say: string; show: string } {
  const lines: string[] = [];
  let say: string;
  if (check.kind === "email") {
    say = "That's an email address. It works only if the person uses it for iMessage; their mobile number is safer.";
    lines.push("Email address.", "It reaches the person only if it's the address they use for iMessage (Settings > Messages > Send & Receive on their side).");
  } else if (!check.valid) {
    say = "That number doesn't look valid. Check it for a missing or extra digit and add the plus sign and country code.";
    lines.push("Not a valid number.", ...check.findings.map((f) => `• ${f.detail}`), "Edit the contact: + and the country code, then the number, e.g. +1 415 555 0100.");
  } else {
    const problems = check.findings.filter((f) => f.id !== "recipient-email");
    say = problems.length
      ? fit(`${problems[0]!.detail} Edit the contact to ${check.international}.`, SAY_LIMIT)
      : "That number is saved correctly for iMessage.";
    lines.push(`Number: ${check.e164}${check.type ? ` (${check.type.toLowerCase().replace(/_/g, " ")})` : ""}`);
    if (problems.length) lines.push(...problems.map((f) => `• ${f.detail}`), `Save it as ${check.e164} so iMessage can match it.`);
    else lines.push("Saved with its country code: nothing to fix here. If messages still fail, run Fix iMessage.");
  }
  return { say: fit(say, SAY_LIMIT), show: fit(lines.join("\n"), SHOW_LIMIT) };
}
