// What's wrong with how a recipient is saved, by libphonenumber-js with full ("max") metadata,
// which knows line types (mobile, fixed line, toll-free, VoIP). A number saved without its country
// code is read for the carrier's country, then the request's, then the countries people most often
// save numbers from, and claimed for a country only when that is unambiguous.
// Details never repeat the number or address: findings are stored with sessions.
import {
  getCountryCallingCode,
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
  type CountryCode,
  type NumberType,
  type PhoneNumber,
} from "libphonenumber-js/max";
import mobileExamples from "libphonenumber-js/mobile/examples";
import { countryName, countryPhrase } from "./countries";
import type { Finding } from "./types";

export type RecipientType = NonNullable<NumberType> | "SHORT_CODE";

export interface RecipientCheck {
  kind: "phone" | "email" | "invalid";
  e164: string | null;
  /** The number as it should be saved, e.g. "+44 7911 123456". */
  international: string | null;
  valid: boolean;
  type: RecipientType | null;
  hasCountryCode: boolean;
  /** The country the number belongs to (ISO 3166 alpha-2), else the one it was read for. */
  region: string | null;
  findings: Finding[];
  /** How it was read, for the words (contactCheckTexts); not part of the API's answer. */
  reading: RecipientReading;
}

export interface RecipientReading {
  status: "ok" | "format" | "ambiguous" | "short-code" | "landline" | "service-line" | "invalid" | "wrong-length" | "email" | "email-invalid" | "not-a-number";
  /** The country a number without country code is read for on the person's phone: the first usable region given. */
  home: CountryCode | null;
  /** The number belongs to another country than `home` (or there is no home). */
  abroad: boolean;
  /** For "format": what turns the saved number into the international one. */
  fix?: { kind: "prepend" } | { kind: "plus" } | { kind: "drop-prefix"; prefix: string } | { kind: "rewrite" };
  /** For "ambiguous": one reading per country, in LIKELY_ORIGINS order. */
  candidates?: { region: CountryCode; international: string }[];
  /** For "wrong-length": too few digits or too many. */
  length?: "short" | "long";
  /** For a landline or service line read at home: the one mobile number it would be in another likely country. */
  alternative?: { region: CountryCode; international: string; type: RecipientType; fix: NonNullable<RecipientReading["fix"]> };
}

/** Where a number without a country code may come from, most likely first. */
export interface RegionHints {
  /** The SIM's country (Get Network Details → Country Code): what the phone itself reads numbers for. */
  carrier?: string | null;
  /** The country the request comes from (request.cf.country). */
  request?: string | null;
}

/**
 * Countries whose numbers people most often keep without a country code in another country's phone,
 * tried when the number isn't valid for the carrier's or the request's country: the largest iPhone
 * markets, then the largest sources of migration, study and travel. Short on purpose: every country
 * added is one more that can make a national number ambiguous (then nothing is claimed), and each
 * costs a parse (these 26 take about 0.4 ms; all 245 regions would take 6–14 ms of CPU).
 * The order decides only which country is named first when several fit; claims need exactly one.
 */
const LIKELY_ORIGINS: CountryCode[] = [
  "US", "GB", "CA", "AU", "NZ", "IE", "DE", "FR", "IT", "ES", "NL", "PT", "CH", "PL",
  "IN", "PH", "MX", "BR", "CN", "JP", "KR", "NG", "ZA", "TR", "PK", "AE",
];

/** Regions that share a numbering plan with a larger one: +44 7911 1… is Guernsey's range in the metadata, and a UK number to everyone. */
const PLAN_OWNER: Partial<Record<string, CountryCode>> = { GG: "GB", JE: "GB", IM: "GB", AX: "FI", SJ: "NO", VA: "IT", CC: "AU", CX: "AU" };

/** What a country's numbers are called: "a UK number", "a German landline". Others read "a number from Guernsey". */
const ADJECTIVES: Partial<Record<string, string>> = {
  US: "US", GB: "UK", CA: "Canadian", AU: "Australian", NZ: "New Zealand", IE: "Irish", DE: "German", FR: "French",
  IT: "Italian", ES: "Spanish", NL: "Dutch", PT: "Portuguese", CH: "Swiss", AT: "Austrian", BE: "Belgian", PL: "Polish",
  SE: "Swedish", NO: "Norwegian", DK: "Danish", FI: "Finnish", GR: "Greek", IN: "Indian", PH: "Philippine", MX: "Mexican",
  BR: "Brazilian", CN: "Chinese", JP: "Japanese", KR: "South Korean", NG: "Nigerian", ZA: "South African", TR: "Turkish",
  PK: "Pakistani", AE: "UAE", IL: "Israeli", SG: "Singapore", HK: "Hong Kong", RU: "Russian", UA: "Ukrainian", AR: "Argentine",
};

/** Lines iMessage can't reach: the finding's noun, and the spoken one (no parentheses). */
const SERVICE_LINES: Partial<Record<NonNullable<NumberType>, { noun: string; spoken: string }>> = {
  TOLL_FREE: { noun: "toll-free number", spoken: "toll-free number" },
  PREMIUM_RATE: { noun: "premium-rate number", spoken: "premium-rate number" },
  SHARED_COST: { noun: "shared-cost number", spoken: "shared-cost number" },
  UAN: { noun: "company switchboard number", spoken: "company switchboard number" },
  PAGER: { noun: "pager number", spoken: "pager number" },
  VOICEMAIL: { noun: "voicemail access number", spoken: "voicemail access number" },
  VOIP: { noun: "internet (VoIP) number", spoken: "internet phone number" },
  PERSONAL_NUMBER: { noun: "personal forwarding number", spoken: "forwarding number" },
};

/** Types iMessage can reach: a mobile, or a number the plan doesn't tell apart from one (most of North America). */
const REACHABLE: ReadonlySet<string> = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]{2,}$/;

/** How a country is named after "from": "from the UK", "from Germany". */
export const fromCountry = countryPhrase;

const article = (word: string) => (/^[AEIOaeio]/.test(word) ? "an" : "a");

/** "a UK mobile number", "a French landline", "a toll-free number from Guernsey". */
export function numberWords(region: string | null | undefined, noun: string): string {
  const adjective = region ? ADJECTIVES[region] : undefined;
  if (adjective) return `${article(adjective)} ${adjective} ${noun}`;
  return region ? `${article(noun)} ${noun} from ${fromCountry(region)}` : `${article(noun)} ${noun}`;
}

/** The noun for a line type: "mobile number", "landline", "number" (a US number may be either). */
export function typeNoun(type: RecipientType | null, spoken = false): string {
  if (type === "MOBILE") return "mobile number";
  if (type === "FIXED_LINE") return "landline";
  const service = type && type !== "SHORT_CODE" ? SERVICE_LINES[type] : undefined;
  return service ? (spoken ? service.spoken : service.noun) : "number";
}

/** A two-letter region libphonenumber knows, or undefined for "--", "", "65535", "XX", "T1" and the like. "UK" is GB. */
export function normaliseRegion(region: string | undefined | null): CountryCode | undefined {
  const code = region?.trim().toUpperCase();
  const iso = code === "UK" ? "GB" : code;
  return iso && /^[A-Z]{2}$/.test(iso) && isSupportedCountry(iso) ? (iso as CountryCode) : undefined;
}

const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const SCHEME = /^(?:tel|sms|smsto|mms|imessage|facetime|facetime-audio|callto|mailto):(?:\/\/)?/i;

/** The text inside a link or a pasted label: compatibility forms (full-width digits, no-break spaces), no invisible marks, URI-decoded. */
function unwrap(input: string): { text: string; link: boolean } {
  let text = input.normalize("NFKC").replace(INVISIBLE, "").trim();
  const scheme = SCHEME.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  if (/%[0-9a-f]{2}/i.test(text)) {
    try {
      text = decodeURIComponent(text);
    } catch {
      // not URI-encoded after all: keep it as it is
    }
  }
  return { text: text.normalize("NFKC").replace(INVISIBLE, "").trim(), link: scheme !== null };
}

/**
 * The number inside what Contacts or a link holds: `tel:+1-415-555-0100;ext=2`, `sms:…?body=`, "Mobile: …",
 * "… (work)", "… ext. 12", %2B for +, Unicode dashes, spaces and invisible marks.
 */
export function numberPart(input: string): string {
  // URI parameters, an iOS pause (,) or wait (;), a second recipient: none is part of the number.
  let text = unwrap(input).text.split(/[;,?&]/)[0]!;
  text = text.replace(/[\u2010-\u2015\u2212\u2043\ufe58\ufe63]/g, "-").replace(/[\s\u00b7\u2022]+/g, " ");
  // A label before the number ("Mobile: ", "iPhone "), an extension or a note after it.
  text = text.replace(/^[^+\d]*?(?=\(?[+\d])/, "");
  text = text.replace(/\s*(?:ext\.?|extension|x|#)\s*\d{1,7}\s*$/i, "");
  return text.replace(/(?<=\d)[^\d]*$/, "").trim();
}

/** The address inside "mailto:…", "Home: …" or "Name <…>", when the text holds an @. */
function emailPart(input: string): string | undefined {
  const { text } = unwrap(input);
  if (!text.includes("@")) return undefined;
  const bracketed = /<([^<>]*@[^<>]*)>/.exec(text);
  const address = bracketed ? bracketed[1]! : text.replace(/^[^@:]{1,30}:\s*(?=\S+@)/, "").split("?")[0]!;
  return address.trim();
}

/** Digits in the groups the text shows them: "07911 123456" → "5,6"; "" when written in one run. */
function grouping(text: string): string {
  const groups = text.trim().split(/[\s\-.()/]+/).filter((g) => /\d/.test(g));
  return groups.length > 1 ? groups.map((g) => g.replace(/\D/g, "").length).join(",") : "";
}

/**
 * Countries whose mobile numbers are written without the national prefix libphonenumber formats
 * them with: India's ten digits ("98765 43210", not "098765 43210"). Elsewhere a number written
 * without its 0 is more likely a home number with a digit missing than a foreign one.
 */
const WRITTEN_WITHOUT_PREFIX: ReadonlySet<string> = new Set(["IN"]);

/**
 * How the country writes the number at home, when the saved digits are that: "07911 123456" in the
 * UK, "98765 43210" in India. Undefined when the digits differ: a Chinese mobile is never written
 * with a leading 0, so "0151 23456789" isn't one.
 */
function writtenAtHome(parsed: PhoneNumber, digits: string, region: CountryCode): string | undefined {
  const national = parsed.formatNational();
  if (national.replace(/\D/g, "") === digits) return national;
  if (!WRITTEN_WITHOUT_PREFIX.has(region) || parsed.nationalNumber !== digits) return undefined;
  // The same groups without the prefix's digits: "098765 43210" → "98765 43210".
  let drop = national.replace(/\D/g, "").length - digits.length;
  return national.replace(/\d/g, (d) => (drop-- > 0 ? "" : d)).replace(/^[\s\-.()/]+/, "");
}

/** The country a valid number belongs to, with dependencies named by the plan they share. */
function ownRegion(parsed: PhoneNumber, readFor?: CountryCode): CountryCode | undefined {
  const country = parsed.country ?? readFor;
  return country ? (PLAN_OWNER[country] ?? country) : undefined;
}

function callingCode(region: CountryCode): string {
  return getCountryCallingCode(region);
}

interface Reading {
  parsed: PhoneNumber;
  region: CountryCode;
  /** The number as the country writes it, matching the saved digits. */
  written: string;
}

/** Mobile readings of a national number among the likely origins: one per distinct number, or several. */
function likelyMobiles(text: string, digits: string, skip: readonly CountryCode[]): Reading[] {
  const readings: Reading[] = [];
  for (const region of LIKELY_ORIGINS) {
    if (skip.includes(region)) continue;
    const parsed = parsePhoneNumberFromString(text, region);
    const written = parsed?.isValid() && REACHABLE.has(parsed.getType() ?? "") ? writtenAtHome(parsed, digits, region) : undefined;
    if (written === undefined || readings.some((r) => r.parsed.number === parsed!.number)) continue;
    readings.push({ parsed: parsed!, region, written });
  }
  if (readings.length < 2) return readings;
  // Several fit: the groups it's written in ("07400 123456" is British, "074001 23456" Indian) may settle it.
  const groups = grouping(text);
  const matching = groups ? readings.filter((r) => grouping(r.written) === groups) : [];
  return matching.length === 1 ? matching : readings;
}

function base(reading: RecipientReading): Omit<RecipientCheck, "findings"> {
  return { kind: "invalid", e164: null, international: null, valid: false, type: null, hasCountryCode: false, region: null, reading };
}

function invalidPhone(reading: RecipientReading, detail: string, kind: RecipientCheck["kind"] = "phone", region: string | null = reading.home): RecipientCheck {
  return { ...base(reading), kind, region, findings: [{ id: "recipient-number-invalid", severity: "high", detail }] };
}

/**
 * Whether the number is too short or too long for the country, against a mobile number there (plans
 * with numbers of many lengths accept almost any length; libphonenumber's length check would cost
 * 1.6 KB of bundle for what this says well enough on the invalid path).
 */
function lengthProblem(national: string | undefined, region: CountryCode | undefined): "short" | "long" | undefined {
  const example = region ? getExampleNumber(region, mobileExamples)?.nationalNumber : undefined;
  if (!national || !example) return undefined;
  // An invalid national number keeps its trunk 0 ("06 12 34 56 7" → 061234567): it isn't a digit of the number.
  const length = national.replace(/^0+/, "").length;
  return length < example.length ? "short" : length > example.length ? "long" : undefined;
}

function lengthDetail(problem: "short" | "long", region: CountryCode | undefined): string {
  const what = region ? numberWords(region, "number") : "a phone number";
  return problem === "short" ? `It has too few digits for ${what}: check it for a missing digit.` : `It has too many digits for ${what}: check it for an extra digit.`;
}

/** "France or the Netherlands", "France, the Netherlands or South Africa"; past three, "or another country". */
export function orList(names: string[]): string {
  const shown = names.length > 3 ? [...names.slice(0, 3), "another country"] : names;
  return shown.length < 2 ? (shown[0] ?? "") : `${shown.slice(0, -1).join(", ")} or ${shown[shown.length - 1]}`;
}

/** How the saved digits become the international number: put +44 in front, drop the first 0, or only add a +. */
function formatFix(parsed: PhoneNumber, digits: string): NonNullable<RecipientReading["fix"]> {
  const national = parsed.nationalNumber as string;
  if (digits === national) return { kind: "prepend" };
  if (digits === `${parsed.countryCallingCode}${national}`) return { kind: "plus" };
  if (digits.endsWith(national) && digits.length - national.length <= 2) return { kind: "drop-prefix", prefix: digits.slice(0, digits.length - national.length) };
  return { kind: "rewrite" };
}

/** A valid number: what kind of line it is, and whether it's saved the way iMessage matches it. */
function readValid(parsed: PhoneNumber, options: { readFor?: CountryCode; home: CountryCode | null; hasCountryCode: boolean; digits: string; text: string }): RecipientCheck {
  const { home, hasCountryCode, digits, text } = options;
  const type = parsed.getType() ?? null;
  const region = ownRegion(parsed, options.readFor) ?? null;
  const abroad = !home || callingCode(home) !== parsed.countryCallingCode;
  const findings: Finding[] = [];
  const reading: RecipientReading = { status: "ok", home, abroad };
  const service = type ? SERVICE_LINES[type] : undefined;
  if (type === "FIXED_LINE" || service) {
    // Re-saving a landline with its country code reaches nobody: only the person's mobile number helps.
    reading.status = type === "FIXED_LINE" ? "landline" : "service-line";
    findings.push(
      type === "FIXED_LINE"
        ? { id: "recipient-landline", severity: "high", detail: `It's ${numberWords(region, "landline")}, which can't receive iMessages: use the person's mobile number.` }
        : { id: "recipient-service-number", severity: "high", detail: `It's ${numberWords(region, service!.noun)}, not a mobile, so it can't receive iMessages: use the person's mobile number.` },
    );
    // Read at home as a landline, the same digits may be someone's mobile abroad ("07911 123456" on a
    // German phone): said when one likely country has it as a mobile, written in its own groups.
    if (!hasCountryCode && type === "FIXED_LINE") {
      const [mobile, ...others] = likelyMobiles(text, digits, options.readFor ? [options.readFor] : []);
      const groups = grouping(text);
      if (mobile && others.length === 0 && mobile.parsed.number !== parsed.number && (!groups || grouping(mobile.written) === groups)) {
        reading.alternative = {
          region: ownRegion(mobile.parsed, mobile.region)!,
          international: mobile.parsed.formatInternational(),
          type: mobile.parsed.getType()!,
          fix: formatFix(mobile.parsed, digits),
        };
      }
    }
  } else if (!hasCountryCode) {
    reading.status = "format";
    reading.fix = formatFix(parsed, digits);
    // Not the phone's own country: as saved, the phone dials it as one of its own, and reaches nobody.
    const looks = abroad && region ? `; it looks like ${type === "MOBILE" ? "a mobile number" : "a number"} from ${fromCountry(region)}` : "";
    findings.push({ id: "recipient-number-format", severity: abroad ? "high" : "medium", detail: `The number is saved without + and its country code (+${parsed.countryCallingCode})${looks}.` });
  }
  return {
    kind: "phone",
    e164: parsed.number,
    international: parsed.formatInternational(),
    valid: true,
    type,
    hasCountryCode,
    region,
    findings,
    reading,
  };
}

/**
 * Reads how a recipient is saved. `hints`: the SIM's country and the request's (or one region, as
 * before). A number without a country code is read for the SIM's country, then the request's; if
 * neither fits, for the likely origins, and claimed only when exactly one of them has it as a mobile.
 */
export function checkRecipient(input: string, hints: RegionHints | string | null = {}): RecipientCheck {
  const { carrier, request } = typeof hints === "object" && hints !== null ? hints : { carrier: hints, request: undefined };
  const regions = [...new Set([normaliseRegion(carrier), normaliseRegion(request)].filter((r): r is CountryCode => !!r))];
  const home = regions[0] ?? null;
  const nowhere: RecipientReading = { status: "not-a-number", home, abroad: false };

  const email = emailPart(input);
  if (email !== undefined) {
    if (EMAIL.test(email)) {
      return {
        ...base({ status: "email", home, abroad: false }),
        kind: "email",
        valid: true,
        findings: [{ id: "recipient-email", severity: "low", detail: "You're messaging an email address, which only works if it's the one the person uses for iMessage." }],
      };
    }
    const reason = /\s/.test(email)
      ? "has a space in it"
      : !/@[^@]*\.[^@.]{2,}$/.test(email)
        ? "has no ending (like .com)"
        : "isn't complete";
    return invalidPhone({ status: "email-invalid", home, abroad: false }, `That email address ${reason}, so it can't reach anyone.`, "invalid", null);
  }

  const text = numberPart(input);
  const digits = text.replace(/\D/g, "");
  if (!digits || /[^+\d\s\-.()/]/.test(text) || (text.match(/\+/g)?.length ?? 0) > 1) {
    return invalidPhone(nowhere, "That isn't a phone number or an email address.", "invalid");
  }

  // Written in international form (+44…, 0044…): it parses with no region at all.
  const compact = text.replace(/[\s\-.()/]/g, "");
  const international = compact.startsWith("+") ? text : /^00[1-9]/.test(compact) ? `+${compact.slice(2)}` : undefined;
  if (international !== undefined) {
    const parsed = parsePhoneNumberFromString(international);
    if (parsed?.isValid()) return readValid(parsed, { home, hasCountryCode: true, digits, text });
    // The country it's for, even when too short to parse: the phone's own if the code is its, else a likely one with that code.
    const code = international.replace(/\D/g, "");
    const region = parsed?.country
      ? ownRegion(parsed)
      : [...regions, ...LIKELY_ORIGINS].find((r) => (parsed ? parsed.countryCallingCode === callingCode(r) : code.startsWith(callingCode(r))));
    const reading: RecipientReading = { status: "invalid", home, abroad: false };
    // Unreadable with a dozen digits: no country has the code it starts with.
    if (!parsed && digits.length >= 8 && !region) return invalidPhone(reading, "It starts with a country code that doesn't exist: check the digits after the +.", "phone", null);
    const national = parsed?.nationalNumber ?? (region ? code.slice(callingCode(region).length) : undefined);
    const problem = parsed || region ? lengthProblem(national, region) : "short";
    if (problem) return invalidPhone({ ...reading, status: "wrong-length", length: problem }, lengthDetail(problem, region), "phone", region ?? null);
    return invalidPhone(reading, `It isn't a valid ${region ? numberWords(region, "number").replace(/^an? /, "") : "number"}: check it for a missing or extra digit.`, "phone", region ?? null);
  }

  // Saved without a country code: the phone's own country first, then the request's.
  const plain = /^[\d\s\-.]+$/.test(text);
  for (const region of regions) {
    const parsed = parsePhoneNumberFromString(text, region);
    if (!parsed?.isValid()) continue;
    // "12345" is Vienna 2345 to libphonenumber; written without the 0, it's a short code.
    if (digits.length <= 6 && parsed.formatNational().replace(/\D/g, "") !== digits) continue;
    // Dialled with the country's international prefix ("011 44 …" in the US): the country code is there.
    const dialledAbroad = parsed.countryCallingCode !== callingCode(region);
    return readValid(parsed, { readFor: dialledAbroad ? undefined : region, home, hasCountryCode: dialledAbroad, digits, text });
  }

  // Short codes: 5 or 6 digits (US and Canada 5–6, the UK and France 5), never with a leading 0.
  if (plain && digits.length >= 5 && digits.length <= 6 && !digits.startsWith("0")) {
    return {
      ...base({ status: "short-code", home, abroad: false }),
      kind: "phone",
      type: "SHORT_CODE",
      region: home,
      findings: [{ id: "recipient-short-code", severity: "high", detail: "That's a short code, a service number that only takes text messages: iMessage can't reach it." }],
    };
  }
  if (digits.length < 5 || (plain && digits.length <= 6)) {
    return invalidPhone({ status: "wrong-length", home, abroad: false, length: "short" }, `It has only ${digits.length} digit${digits.length === 1 ? "" : "s"}, too few for a phone number.`, "invalid");
  }

  const mobiles = likelyMobiles(text, digits, regions);
  if (mobiles.length === 1) return readValid(mobiles[0]!.parsed, { readFor: mobiles[0]!.region, home, hasCountryCode: false, digits, text });
  if (mobiles.length > 1) {
    const candidates = mobiles.map((m) => ({ region: ownRegion(m.parsed, m.region)!, international: m.parsed.formatInternational() }));
    const from = orList([...new Set(candidates.map((c) => fromCountry(c.region)))]);
    const notHome = home ? `, and it isn't a valid ${numberWords(home, "number").replace(/^an? /, "")}` : "";
    return {
      ...base({ status: "ambiguous", home, abroad: true, candidates }),
      kind: "phone",
      findings: [{ id: "recipient-number-format", severity: "high", detail: `The number is saved without + and its country code${notHome}; it could be from ${from}.` }],
    };
  }

  // Valid nowhere likely: say what's wrong for the phone's own country.
  const reading: RecipientReading = { status: "invalid", home, abroad: false };
  const problem = home ? lengthProblem(parsePhoneNumberFromString(text, home)?.nationalNumber ?? digits.replace(/^0/, ""), home) : undefined;
  if (problem) return invalidPhone({ ...reading, status: "wrong-length", length: problem }, lengthDetail(problem, home!));
  return invalidPhone(
    reading,
    home
      ? `It isn't a valid ${numberWords(home, "number").replace(/^an? /, "")}, nor a mobile number of a country it's often saved from: check it for a missing or extra digit.`
      : "Without its country code, it can't be read as a number of any one country: save it with + and the country code.",
  );
}

/**
 * The number for the fix's steps ("like {number}"): the recipient's own, corrected, when iMessage
 * can reach it; otherwise an example mobile number of the number's own country, else of the
 * person's (`region`: the SIM's or the request's country), else a US one. Never a landline.
 */
export function numberExample(check: RecipientCheck | undefined, region: string | undefined | null): string {
  if (check?.international && check.valid && (check.type === null || REACHABLE.has(check.type))) return check.international;
  for (const candidate of [check?.kind === "phone" ? check.region : undefined, region, "US"]) {
    const country = normaliseRegion(candidate);
    const example = country ? getExampleNumber(country, mobileExamples) : undefined;
    if (example) return example.formatInternational();
  }
  return "+1 201 555 0123";
}
