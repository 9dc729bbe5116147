// What /v1/contact-check says (for Siri) and shows about one recipient. `say` is heard: no digits
// to garble (the country code is said as "plus 44"), one or two sentences ending with what to do.
// `show` may carry the number itself (nothing here is stored) and never repeats a sentence.
import { countryName } from "./crowd-advice";
import { fromCountry, numberExample, type RecipientCheck } from "./recipient";
import { fit, SAY_LIMIT, SHOW_LIMIT } from "./texts";

/** "mobile", "fixed line or mobile", "toll free" for the Number line. */
const typeWords = (type: string) => type.toLowerCase().replace(/_/g, " ");

export function contactCheckTexts(check: RecipientCheck, home?: string | null): { say: string; show: string } {
  const lines: string[] = [];
  let say: string;
  const ids = new Set(check.findings.map((f) => f.id));
  const example = numberExample(undefined, check.region ?? home);
  if (check.kind === "email") {
    say = "That's an email address. It reaches them only if it's the one they use for iMessage, so their mobile number is safer.";
    lines.push("Email address.", "On their side it must be ticked in Settings > Apps > Messages > Send & Receive.", "Their mobile number, saved with + and the country code, is the surer way.");
  } else if (ids.has("recipient-short-code")) {
    say = "That's a short code, a service number that only takes text messages. Send your message as a text instead.";
    lines.push("Short code: a service number for text messages only.", "iMessage can't reach it: send it as a text (touch and hold the message, then Send as Text Message).");
  } else if (!check.valid) {
    say = "That number doesn't look right. Check it for a missing or extra digit, and save it with a plus sign and the country code.";
    lines.push("Not a valid number.", ...check.findings.map((f) => `• ${f.detail}`), `Numbers for iMessage look like ${example}: + and the country code, then the number.`);
  } else if (ids.has("recipient-landline") || ids.has("recipient-service-number")) {
    const what = ids.has("recipient-landline") ? "a landline" : "a service line, not a mobile";
    say = `That's ${what}, which can't get iMessages. Message the person's mobile number instead.`;
    lines.push(`Number: ${check.international} (${typeWords(check.type ?? "")})`, ...check.findings.map((f) => `• ${f.detail}`), "Ask them for their mobile number and save that, with + and the country code.");
  } else if (ids.has("recipient-number-format")) {
    const code = check.international?.match(/^\+(\d+)/)?.[1];
    const where = check.region ? ` from ${fromCountry(check.region)}` : "";
    const kind = check.type === "MOBILE" ? "a mobile number" : "a number";
    say = `This looks like ${kind}${where}, saved without its country code. Save it with plus ${code} in front so iMessage can find it.`;
    lines.push(`Number: ${check.international} (${typeWords(check.type ?? "phone")}${check.region ? `, ${countryName(check.region)}` : ""})`, ...check.findings.map((f) => `• ${f.detail}`), `Save it as ${check.international} so iMessage can match it.`);
  } else {
    say = "That number is saved correctly for iMessage. If messages to them still fail, run Fix iMessage.";
    lines.push(`Number: ${check.international}${check.type ? ` (${typeWords(check.type)})` : ""}`, "Saved with its country code: nothing to fix here.");
  }
  return { say: fit(say, SAY_LIMIT), show: fit(lines.join("\n"), SHOW_LIMIT) };
}
