import { describe, expect, it } from "vitest";
import { contactCheckTexts } from "../../src/domain/contact-texts";
import { checkRecipient, numberExample, numberPart } from "../../src/domain/recipient";
import { SAY_LIMIT } from "../../src/domain/texts";

const ids = (check: ReturnType<typeof checkRecipient>) => check.findings.map((f) => f.id);

describe("recipient checks (libphonenumber-js, max metadata)", () => {
  it("a US number without country code, on a US phone", () => {
    expect(checkRecipient("(415) 555-0100", "US")).toMatchObject({
      kind: "phone",
      e164: "+14155550100",
      international: "+1 415 555 0100",
      valid: true,
      hasCountryCode: false,
      findings: [{ id: "recipient-number-format", detail: "The number is saved without + and its country code (+1)." }],
    });
  });

  it("the same number in international form is fine", () => {
    expect(checkRecipient("+1 415-555-0100")).toMatchObject({ valid: true, hasCountryCode: true, findings: [] });
    expect(checkRecipient("0044 7400 123456", "US")).toMatchObject({ e164: "+447400123456", hasCountryCode: true, type: "MOBILE", findings: [] });
  });

  describe("a national number saved in another country", () => {
    it("a UK 07911 123456 from a US iPhone: a UK mobile, +44", () => {
      const check = checkRecipient("07911 123456", { carrier: "US", request: "US" });
      expect(check).toMatchObject({ valid: true, e164: "+447911123456", international: "+44 7911 123456", region: "GB", type: "MOBILE" });
      expect(check.findings).toEqual([
        { id: "recipient-number-format", severity: "medium", detail: "The number is saved without + and its country code (+44); it looks like a mobile number from the UK." },
      ]);
      const { say, show } = contactCheckTexts(check, "US");
      expect(say).toBe("This looks like a mobile number from the UK, saved without its country code. Save it with plus 44 in front so iMessage can find it.");
      expect(show).toContain("Save it as +44 7911 123456 so iMessage can match it.");
    });
    it("the same from a US SIM in a request from the UK: the request's country decides", () => {
      expect(checkRecipient("07911 123456", { carrier: "US", request: "GB" })).toMatchObject({ e164: "+447911123456", region: "GB" });
    });
    it("with no SIM country and a US request", () => {
      expect(checkRecipient("07911 123456", { carrier: undefined, request: "US" })).toMatchObject({ e164: "+447911123456" });
    });
    it("a German 0151 mobile from a French phone", () => {
      const check = checkRecipient("0151 23456789", { carrier: "FR", request: "FR" });
      expect(check).toMatchObject({ e164: "+4915123456789", region: "DE", type: "MOBILE" });
      expect(check.findings[0]?.detail).toContain("from Germany");
    });
    it("a US number from a UK phone whose request comes from the US", () => {
      expect(checkRecipient("(415) 555-0100", { carrier: "GB", request: "US" })).toMatchObject({ e164: "+14155550100", region: "US" });
    });
    it("an ambiguous number (a mobile in France and in the Netherlands) claims no country", () => {
      const check = checkRecipient("06 12 34 56 78", { carrier: "US", request: "US" });
      expect(check).toMatchObject({ kind: "invalid", valid: false, e164: null });
      expect(check.findings[0]?.detail).toBe("The number is saved without + and its country code, and it isn't a valid United States number: add the + and the country code.");
    });
  });

  it("short codes are text-only", () => {
    for (const code of ["72345", "12345", "22 000"]) {
      const check = checkRecipient(code, "US");
      expect(check).toMatchObject({ kind: "phone", type: "SHORT_CODE", valid: false });
      expect(ids(check)).toEqual(["recipient-short-code"]);
    }
    expect(contactCheckTexts(checkRecipient("72345", "US")).say).toBe("That's a short code, a service number that only takes text messages. Send your message as a text instead.");
  });

  it("toll-free and other service lines are not iMessage numbers, and are never 'saved as +…'", () => {
    for (const [number, region] of [["+1 800 555 0199", undefined], ["0800 123 4567", "GB"]] as const) {
      const check = checkRecipient(number, region);
      expect(check.type).toBe("TOLL_FREE");
      expect(ids(check)).toEqual(["recipient-service-number"]);
      expect(check.findings[0]?.detail).toContain("toll-free");
      const texts = contactCheckTexts(check, region);
      expect(`${texts.say} ${texts.show}`).not.toMatch(/Save it as/);
      expect(texts.say).toContain("mobile number");
    }
  });

  it("tel: and sms: links, labels and odd separators are read as the number they hold", () => {
    expect(numberPart("tel:+1-415-555-0100;ext=2")).toBe("+1-415-555-0100");
    expect(checkRecipient("tel:%2B447911123456")).toMatchObject({ e164: "+447911123456", hasCountryCode: true, findings: [] });
    expect(checkRecipient("sms:+14155550100")).toMatchObject({ e164: "+14155550100" });
    expect(checkRecipient("Mobile: +44\u00a07911\u2011123456")).toMatchObject({ e164: "+447911123456" });
  });

  it("a landline: use their mobile, never 'save it as … so iMessage can match it'", () => {
    for (const [number, region] of [["+33 1 42 68 53 00", undefined], ["030 1234567", "DE"]] as const) {
      const check = checkRecipient(number, region);
      expect(check.type).toBe("FIXED_LINE");
      expect(ids(check)).toEqual(["recipient-landline"]);
      const texts = contactCheckTexts(check, region);
      expect(`${texts.say}\n${texts.show}`).not.toMatch(/Save it as|plus \d+ in front/);
      expect(texts.say).toBe("That's a landline, which can't get iMessages. Message the person's mobile number instead.");
    }
  });

  it("FIXED_LINE_OR_MOBILE (most US numbers) is not a landline", () => {
    const check = checkRecipient("+1 415 555 0100");
    expect(check.type).toBe("FIXED_LINE_OR_MOBILE");
    expect(ids(check)).toEqual([]);
    expect(contactCheckTexts(check).say).toBe("That number is saved correctly for iMessage. If messages to them still fail, run Fix iMessage.");
  });

  it("an impossible number, junk, an email", () => {
    expect(checkRecipient("+1 415 555 01", "US")).toMatchObject({ kind: "phone", valid: false, e164: null, findings: [{ id: "recipient-number-invalid" }] });
    for (const junk of ["hello", "call me", "12", "++", "friend@icloud"]) expect(checkRecipient(junk, "US").kind).toBe("invalid");
    expect(checkRecipient(" friend@icloud.com ")).toMatchObject({ kind: "email", valid: true, findings: [{ id: "recipient-email" }] });
    expect(checkRecipient("mailto:friend@icloud.com").kind).toBe("email");
  });

  it("a lower-case, odd or unusable region is tolerated", () => {
    expect(checkRecipient("020 7946 0000", "gb").region).toBe("GB");
    expect(checkRecipient("(415) 555-0100", { carrier: "--", request: "US" }).e164).toBe("+14155550100");
    // With no usable region at all, a number that fits several countries claims none.
    expect(checkRecipient("(415) 555-0100", { carrier: "G1", request: undefined }).kind).toBe("invalid");
  });

  it("no finding repeats the number; every say fits and ends with what to do", () => {
    for (const [input, region] of [["07911 123456", "US"], ["(415) 555-0100", "US"], ["72345", "US"], ["+1 800 555 0199", "US"], ["+33 1 42 68 53 00", "FR"], ["06 12 34 56 78", "US"], ["friend@icloud.com", "US"], ["+44 7911 123456", "GB"]]) {
      const check = checkRecipient(input!, region);
      for (const f of check.findings) expect(f.detail).not.toMatch(/7911|555|123456|53 00|icloud/);
      const { say, show } = contactCheckTexts(check, region);
      expect(say.length).toBeLessThanOrEqual(SAY_LIMIT);
      expect(say.split(/(?<=[.!?])\s+/).length).toBeLessThanOrEqual(2);
      expect(say).not.toMatch(/\d{3}/);
      const lines = show.split("\n");
      expect(new Set(lines).size).toBe(lines.length);
    }
  });

  it("the fix's example number is the corrected one, else one of the person's own country", () => {
    expect(numberExample(checkRecipient("07911 123456", "US"), "US")).toBe("+44 7911 123456");
    expect(numberExample(undefined, "DE")).toBe("+49 1512 3456789");
    expect(numberExample(undefined, "GB")).toMatch(/^\+44 7/);
    expect(numberExample(checkRecipient("+33 1 42 68 53 00"), "FR")).toMatch(/^\+33 6/);
    expect(numberExample(undefined, undefined)).toMatch(/^\+1 /);
  });
});
