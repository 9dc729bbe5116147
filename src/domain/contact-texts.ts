// What /v1/contact-check says (for Siri) and shows about one recipient. `say` is heard: one or two
// sentences ending with what to do, the country in words and only its code as digits ("+44"), never
// the number itself, which Siri reads out as a garble. `show` may carry the number (nothing here is
// stored) and never repeats a sentence.
import { fromCountry, normaliseRegion, numberExample, numberWords, orList, typeNoun, type RecipientCheck, type RecipientReading } from "./recipient";
import { fit, SAY_LIMIT, SHOW_LIMIT } from "./texts";

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/** "US number" out of "a US number": after "This" or "valid". */
const bare = (words: string) => words.replace(/^an? /, "");
const EDIT_STEPS = "In Contacts, open the person, tap Edit and change the number, then start a new message to them.";

/** How to turn the saved number into the international one, as an instruction: "put +44 in front and drop the first 0". */
function fixWords(fix: RecipientReading["fix"], code: string): string {
  switch (fix?.kind) {
    case "plus":
      return "put a + in front";
    case "drop-prefix":
      return `put ${code} in front and drop the ${fix.prefix.length === 1 ? "first" : "leading"} ${fix.prefix}`;
    case "rewrite":
      return `save it with ${code} and the number`;
    default:
      return `put ${code} in front`;
  }
}

/**
 * `home`: the person's own country when the check doesn't know it (older callers); the check's own
 * reading comes first.
 */
export function contactCheckTexts(check: RecipientCheck, home?: string | null): { say: string; show: string } {
  const reading = check.reading;
  const own = reading.home ?? normaliseRegion(home) ?? null;
  const example = numberExample(check, own);
  const lines: string[] = [];
  let say: string;

  switch (reading.status) {
    case "email":
      say = "That's an email address, which works only if they use it for iMessage. If messages to it fail, message their mobile number instead.";
      lines.push(
        "Email address.",
        "It reaches the person only if it's an address they use for iMessage (on their side: Settings > Apps > Messages > Send & Receive).",
        `Their mobile number, saved with + and the country code (like ${example}), is the surer way.`,
      );
      break;
    case "email-invalid":
      say = "That email address isn't complete. Fix it in Contacts, or message their mobile number instead.";
      lines.push("Not a complete email address.", ...check.findings.map((f) => `• ${f.detail}`), "Fix it in Contacts, or message their mobile number, saved with + and the country code.");
      break;
    case "not-a-number":
      say = "That isn't a phone number or an email address. Pick the number or address you message them at.";
      lines.push("Not a phone number or an email address.", "Pick the number or the email address you message them at, as it's saved in Contacts.", `Numbers for iMessage look like ${example}: + and the country code, then the number.`);
      break;
    case "short-code":
      say = "That's a short code, a service number that only takes text messages. Send your message as a text instead.";
      lines.push(
        "Short code: a service number for text messages only.",
        "iMessage can't reach it: send your message as a text (touch and hold it, then Send as Text Message).",
        "If the text fails too, your carrier may block short codes: ask them.",
      );
      break;
    case "wrong-length":
    case "invalid": {
      say =
        reading.length === "short"
          ? "That number has too few digits. Check it in Contacts for a missing digit."
          : reading.length === "long"
            ? "That number has too many digits. Check it in Contacts for an extra digit."
            : "That isn't a valid number. Check it for a missing or extra digit, and save it with + and the country code.";
      lines.push("Not a valid number.", ...check.findings.map((f) => `• ${f.detail}`), `Numbers for iMessage look like ${example}: + and the country code, then the number.`);
      break;
    }
    case "landline":
    case "service-line": {
      const words = numberWords(check.region, typeNoun(check.type, true));
      const alternative = reading.alternative;
      if (alternative) {
        const code = alternative.international.split(" ")[0]!;
        const other = numberWords(alternative.region, typeNoun(alternative.type));
        say = `As saved, that's ${words}, which can't get iMessages. If it's ${other}, edit the contact: ${fixWords(alternative.fix, code)}.`;
      } else {
        say = `That's ${words}, which can't get iMessages. Message the person's mobile number instead.`;
      }
      lines.push(
        `Number: ${check.international}, ${numberWords(check.region, typeNoun(check.type))}.`,
        reading.status === "landline"
          ? "iMessage can't reach a landline at all: message the person's mobile number instead, saved with + and the country code."
          : `iMessage can't reach ${numberWords(null, typeNoun(check.type))}: message the person's mobile number instead, saved with + and the country code.`,
        `${capital(numberWords(check.region, "mobile number"))} looks like ${example}.`,
      );
      if (alternative) lines.push(`If it's ${numberWords(alternative.region, typeNoun(alternative.type))}, save it as ${alternative.international} instead.`);
      break;
    }
    case "format": {
      const code = check.international!.split(" ")[0]!;
      const words = numberWords(check.region, typeNoun(check.type));
      const edit = reading.fix?.kind === "drop-prefix" ? `Edit the contact: ${fixWords(reading.fix, code)}.` : `Edit the contact and ${fixWords(reading.fix, code)}.`;
      if (reading.abroad) {
        say = `This looks like ${words} saved without its country code. ${edit}`;
        lines.push(`This looks like ${words}: save it as ${check.international}.`);
        if (own) lines.push(`Without ${code}, your phone reads it as ${numberWords(own, "number")}, so iMessage can't match it.`);
      } else {
        say = `This ${bare(words)} is saved without its country code. ${edit}`;
        lines.push(`This ${bare(words)} is saved without its country code.`, `Save it as ${check.international} so iMessage can match it.`);
      }
      lines.push(EDIT_STEPS);
      break;
    }
    case "ambiguous": {
      const candidates = reading.candidates ?? [];
      const from = orList([...new Set(candidates.map((c) => fromCountry(c.region)))]) || "another country";
      say = `${own ? `It isn't ${numberWords(own, "number")}, and it could be from ${from}.` : `It could be from ${from}.`} Ask the person which, then save it with + and that country's code.`;
      lines.push(own ? `As saved, it isn't ${numberWords(own, "number")}, and it could be a mobile number from ${from}.` : `Without its country code, it could be a mobile number from ${from}.`);
      for (const candidate of candidates.slice(0, 4)) lines.push(`From ${fromCountry(candidate.region)}: ${candidate.international}.`);
      lines.push("Ask the person which, then save it that way, with the + and the country code.", EDIT_STEPS);
      break;
    }
    default:
      say = "That number is saved correctly for iMessage. If messages to them still fail, run Fix iMessage.";
      lines.push(`Number: ${check.international}, ${numberWords(check.region, typeNoun(check.type))}.`, "Saved with its country code: nothing to fix here.", "If messages to them still fail, run Fix iMessage.");
  }
  return { say: fit(say, SAY_LIMIT), show: fit(lines.join("\n"), SHOW_LIMIT) };
}
