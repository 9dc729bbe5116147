// What's wrong with how a recipient is saved, by libphonenumber-js with full ("max")
// metadata, which knows line types (mobile, fixed line, VoIP).
// Details never repeat the number or address: findings are stored with sessions.
import { parsePhoneNumberFromString, type CountryCode, type NumberType } from "libphonenumber-js/max";
import type { Finding } from "./types";

export interface RecipientCheck {
  kind: "phone" | "email" | "invalid";
  e164: string | null;
  /** The number as it should be saved, e.g. "+1 415 555 0100". */
  international: string | null;
  valid: boolean;
  type: NonNullable<NumberType> | null;
  hasCountryCode: boolean;
  /** The region the number was read for (ISO 3166 alpha-2), when one was used or found. */
  region: string | null;
  findings: Finding[];
}

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]{2,}$/;

function normaliseRegion(region: string | undefined | null): CountryCode | undefined {
  const code = region?.trim().toUpperCase();
  return code && /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}

export function checkRecipient(input: string, region?: string | null): RecipientCheck {
  const text = input.trim();
  if (EMAIL.test(text)) {
    return {
      kind: "email",
      e164: null,
      international: null,
      valid: true,
      type: null,
      hasCountryCode: false,
      region: null,
      findings: [
        {
          id: "recipient-email",
          severity: "low",
          detail: "You're messaging an email address: it only works if it's the one the person uses for iMessage.",
        },
      ],
    };
  }

  const defaultCountry = normaliseRegion(region);
  // Written in international form (+44…, 0044…)? Then it parses with no region at all.
  const writtenInternational = /^(\+|00[1-9])/.test(text);
  const international = writtenInternational ? parsePhoneNumberFromString(text.replace(/^00(?=[1-9])/, "+")) : undefined;
  const hasCountryCode = international !== undefined;
  const parsed = international ?? parsePhoneNumberFromString(text, defaultCountry);

  if (!parsed || text.replace(/\D/g, "").length < 3) {
    return {
      kind: "invalid",
      e164: null,
      international: null,
      valid: false,
      type: null,
      hasCountryCode,
      region: defaultCountry ?? null,
      findings: [
        {
          id: "recipient-number-invalid",
          severity: "high",
          detail: defaultCountry
            ? `That isn't a phone number we can read for ${defaultCountry}, nor an email address.`
            : "That isn't a phone number we can read, nor an email address; add the + and country code.",
        },
      ],
    };
  }

  const valid = parsed.isValid();
  const type = valid ? (parsed.getType() ?? null) : null;
  const findings: Finding[] = [];
  if (!valid) {
    findings.push({
      id: "recipient-number-invalid",
      severity: "high",
      detail: `The number isn't valid${parsed.country ? ` for ${parsed.country}` : ""}: check for a missing or extra digit.`,
    });
  } else {
    if (!hasCountryCode) {
      findings.push({
        id: "recipient-number-format",
        severity: "medium",
        detail: `The number is saved without + and its country code (+${parsed.countryCallingCode}).`,
      });
    }
    if (type === "FIXED_LINE") {
      findings.push({
        id: "recipient-landline",
        severity: "high",
        detail: "The number is a landline, which can't receive iMessages: use the person's mobile number.",
      });
    }
  }
  return {
    kind: "phone",
    e164: valid ? parsed.number : null,
    international: valid ? parsed.formatInternational() : null,
    valid,
    type,
    hasCountryCode,
    region: parsed.country ?? defaultCountry ?? null,
    findings,
  };
}
