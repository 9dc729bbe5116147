// What's wrong with how a recipient is saved, by libphonenumber-js with full ("max") metadata,
// which knows line types (mobile, fixed line, toll-free, VoIP). A number saved without its country
// code is read for the carrier's country, then the request's, then the countries people most often
// save numbers from, and claimed for a country only when that is unambiguous.
// Details never repeat the number or address: findings are stored with sessions.
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode, type NumberType, type PhoneNumber } from "libphonenumber-js/max";
import mobileExamples from "libphonenumber-js/mobile/examples";
import { countryName } from "./crowd-advice";
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
  /** The region the number was read for (ISO 3166 alpha-2), when one was used or found. */
  region: string | null;
  findings: Finding[];
}

/** Where a number without a country code may come from, most likely first. */
export interface RegionHints {
  /** The SIM's country (Get Network Details → Country Code). */
  carrier?: string | null;
  /** The country the request comes from (request.cf.country). */
  request?: string | null;
}

/**
 * Countries whose numbers people most often keep without a country code in another country's
 * phone: the largest sources of travel, study and migration. Kept short on purpose: every country
 * added is one more that can make a national number ambiguous, and then nothing is claimed.
 */
const LIKELY_ORIGINS: CountryCode[] = ["GB", "US", "DE", "FR", "ES", "IT", "IN", "MX", "BR", "PH", "CN", "AU", "PL", "NG", "PK", "TR", "KR", "JP", "ZA", "IE"];

/** Lines iMessage can't reach, and what to call them. */
const SERVICE_LINES: Partial<Record<NonNullable<NumberType>, string>> = {
  TOLL_FREE: "a toll-free number",
  PREMIUM_RATE: "a premium-rate number",
  SHARED_COST: "a shared-cost number",
  UAN: "a company's switchboard number",
  PAGER: "a pager number",
  VOICEMAIL: "a voicemail number",
  VOIP: "an internet phone number",
  PERSONAL_NUMBER: "a forwarding number",
};

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]{2,}$/;

/** How a country is named after "from": "from the UK", "from Germany". */
const WITH_THE: Partial<Record<string, string>> = { GB: "the UK", US: "the US", AE: "the UAE", NL: "the Netherlands", PH: "the Philippines", CZ: "the Czech Republic", DO: "the Dominican Republic" };
export function fromCountry(region: string): string {
  return WITH_THE[region] ?? countryName(region);
}

export function normaliseRegion(region: string | undefined | null): CountryCode | undefined {
  const code = region?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) && code !== "ZZ" && code !== "XX" ? (code as CountryCode) : undefined;
}

/**
 * The number inside what Contacts or a link holds: `tel:+1-415-555-0100;ext=2`, `sms:…`, "Mobile: …",
 * %2B for +, Unicode dashes and spaces.
 */
export function numberPart(input: string): string {
  let text = input.trim().replace(/^(tel|sms|imessage|facetime):(\/\/)?/i, "");
  try {
    text = decodeURIComponent(text);
  } catch {
    // not URI-encoded: keep as is
  }
  text = text.replace(/;.*$/, "").replace(/[\u2010-\u2015\u2212]/g, "-").replace(/[\u00a0\u2007\u202f]/g, " ");
  // A label before the number ("Mobile: ", "iPhone ").
  return text.replace(/^[^+\d(]*(?=[+\d(])/, "").trim();
}

function invalid(hasCountryCode: boolean, region: CountryCode | undefined, detail: string): RecipientCheck {
  return {
    kind: "invalid",
    e164: null,
    international: null,
    valid: false,
    type: null,
    hasCountryCode,
    region: region ?? null,
    findings: [{ id: "recipient-number-invalid", severity: "high", detail }],
  };
}

/** The first region, in order, for which the national number is valid; among the likely origins only an unambiguous one. */
function readNational(text: string, hints: CountryCode[]): { parsed: PhoneNumber; region: CountryCode; guessed: boolean } | { ambiguous: true } | undefined {
  for (const region of hints) {
    const parsed = parsePhoneNumberFromString(text, region);
    if (parsed?.isValid()) return { parsed, region, guessed: false };
  }
  // Only countries that write the number this way at home: a Chinese mobile is never dialled with a
  // leading 0, so "0151 23456789" is German, although libphonenumber would read it for China too.
  const digits = text.replace(/\D/g, "");
  const matches = LIKELY_ORIGINS.filter((r) => !hints.includes(r))
    .map((region) => ({ region, parsed: parsePhoneNumberFromString(text, region) }))
    .filter((m): m is { region: CountryCode; parsed: PhoneNumber } => !!m.parsed?.isValid() && m.parsed.formatNational().replace(/\D/g, "") === digits);
  // A mobile is what a person most likely saved; claim a country only when one number fits.
  const mobiles = matches.filter((m) => m.parsed.getType() === "MOBILE" || m.parsed.getType() === "FIXED_LINE_OR_MOBILE");
  const pool = mobiles.length ? mobiles : matches;
  const numbers = new Set(pool.map((m) => m.parsed.number));
  if (numbers.size === 1) return { parsed: pool[0]!.parsed, region: pool[0]!.region, guessed: true };
  return numbers.size > 1 ? { ambiguous: true } : undefined;
}

export function checkRecipient(input: string, hints: RegionHints | string | null = {}): RecipientCheck {
  const { carrier, request } = typeof hints === "object" && hints !== null ? hints : { carrier: hints, request: undefined };
  const regions = [...new Set([normaliseRegion(carrier), normaliseRegion(request)].filter((r): r is CountryCode => !!r))];
  const home = regions[0];
  const trimmed = input.trim();
  if (EMAIL.test(trimmed.replace(/^mailto:/i, ""))) {
    return {
      kind: "email",
      e164: null,
      international: null,
      valid: true,
      type: null,
      hasCountryCode: false,
      region: null,
      findings: [{ id: "recipient-email", severity: "low", detail: "You're messaging an email address, which only works if it's the one the person uses for iMessage." }],
    };
  }

  const text = numberPart(trimmed);
  const digits = text.replace(/\D/g, "");
  // Written in international form (+44…, 0044…)? Then it parses with no region at all.
  const writtenInternational = /^(\+|00[1-9])/.test(text);
  if (!writtenInternational && /^[\d\s-]+$/.test(text) && digits.length >= 3 && digits.length <= 6) {
    return {
      kind: "phone",
      e164: null,
      international: null,
      valid: false,
      type: "SHORT_CODE",
      hasCountryCode: false,
      region: home ?? null,
      findings: [{ id: "recipient-short-code", severity: "high", detail: "That's a short code, a service number that only takes text messages: iMessage can't reach it." }],
    };
  }
  if (digits.length < 3 || !/^[+\d(][\d\s().\-/]*$/.test(text)) {
    return invalid(writtenInternational, home, "That isn't a phone number or an email address that can be read.");
  }

  let parsed: PhoneNumber | undefined;
  let region = home;
  let guessed = false;
  if (writtenInternational) parsed = parsePhoneNumberFromString(text.replace(/^00(?=[1-9])/, "+"));
  else {
    const read = readNational(text, regions);
    if (read && "ambiguous" in read) {
      return invalid(false, home, `The number is saved without + and its country code${home ? `, and it isn't a valid ${countryName(home)} number` : ""}: add the + and the country code.`);
    }
    if (read) ({ parsed, region, guessed } = read);
  }

  if (!parsed?.isValid()) {
    const partial = parsed ?? (home ? parsePhoneNumberFromString(text, home) : undefined);
    const where = partial?.country ?? home;
    return {
      ...invalid(writtenInternational, where, `The number isn't valid${where ? ` for ${countryName(where)}` : ""}: check for a missing or extra digit${writtenInternational ? "" : ", and add the + and the country code"}.`),
      kind: partial ? "phone" : "invalid",
    };
  }

  const type = parsed.getType() ?? null;
  // Read for a region, the number belongs to it (+44 7911 is the UK's, though Guernsey shares the range).
  const country = writtenInternational ? (parsed.country ?? region) : (region ?? parsed.country);
  const findings: Finding[] = [];
  const service = type ? SERVICE_LINES[type] : undefined;
  if (type === "FIXED_LINE") {
    findings.push({ id: "recipient-landline", severity: "high", detail: "The number is a landline, which can't receive iMessages: use the person's mobile number." });
  } else if (service) {
    findings.push({ id: "recipient-service-number", severity: "high", detail: `That's ${service}, not a mobile, so it can't receive iMessages: use the person's mobile number.` });
  } else if (!writtenInternational) {
    // Only a number iMessage can reach is worth re-saving with its country code.
    const looks = guessed && country ? `; it looks like a ${type === "MOBILE" ? "mobile " : ""}number from ${fromCountry(country)}` : "";
    findings.push({ id: "recipient-number-format", severity: "medium", detail: `The number is saved without + and its country code (+${parsed.countryCallingCode})${looks}.` });
  }
  return {
    kind: "phone",
    e164: parsed.number,
    international: parsed.formatInternational(),
    valid: true,
    type,
    hasCountryCode: writtenInternational,
    region: country ?? null,
    findings,
  };
}

/**
 * The number to show in the fix's steps: the recipient's own, corrected, when it can be read;
 * otherwise an example mobile number of the person's own country (not always a +1 one).
 */
export function numberExample(check: RecipientCheck | undefined, region: string | undefined | null): string {
  if (check?.international && check.findings.every((f) => f.id === "recipient-number-format")) return check.international;
  const example = getExampleNumber(normaliseRegion(region) ?? "US", mobileExamples) ?? getExampleNumber("US", mobileExamples);
  return example?.formatInternational() ?? "+1 415 555 0100";
}
