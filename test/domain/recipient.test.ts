import { describe, expect, it } from "vitest";
import { contactCheckTexts } from "../../src/domain/contact-texts";
import { checkRecipient, normaliseRegion, numberExample, numberPart, type RegionHints } from "../../src/domain/recipient";
import { SAY_LIMIT, SHOW_LIMIT } from "../../src/domain/texts";

const ids = (check: ReturnType<typeof checkRecipient>) => check.findings.map((f) => f.id);
const texts = (input: string, hints?: RegionHints | string) => contactCheckTexts(checkRecipient(input, hints));
/** Sentences of a text, as the engine's texts tests split them. */
const sentences = (text: string) => text.split(/\n+|(?<=[.!?…])\s+(?=[A-Z0-9•+])/).map((s) => s.replace(/^• /, "").trim()).filter((s) => s.length > 12);

describe("recipient checks (libphonenumber-js, max metadata)", () => {
  it("a US number without country code, on a US phone", () => {
    const check = checkRecipient("(415) 555-0100", "US");
    expect(check).toMatchObject({
      kind: "phone",
      e164: "+14155550100",
      international: "+1 415 555 0100",
      valid: true,
      hasCountryCode: false,
      region: "US",
      findings: [{ id: "recipient-number-format", severity: "medium", detail: "The number is saved without + and its country code (+1)." }],
    });
    // At home the number isn't "from the US": it's just missing its +1.
    expect(contactCheckTexts(check).say).toBe("This US number is saved without its country code. Edit the contact and put +1 in front.");
    expect(contactCheckTexts(check).show).toContain("Save it as +1 415 555 0100 so iMessage can match it.");
    // Saved with the national prefix 1, only the + is missing.
    expect(texts("1 (415) 555-0100", "US").say).toBe("This US number is saved without its country code. Edit the contact and put a + in front.");
  });

  it("the same number in international form is fine", () => {
    expect(checkRecipient("+1 415-555-0100")).toMatchObject({ valid: true, hasCountryCode: true, findings: [] });
    expect(checkRecipient("0044 7400 123456", "US")).toMatchObject({ e164: "+447400123456", hasCountryCode: true, type: "MOBILE", findings: [] });
    // Dialled with the US's own international prefix: the country code is there.
    expect(checkRecipient("011 44 7911 123456", "US")).toMatchObject({ e164: "+447911123456", hasCountryCode: true, region: "GB", findings: [] });
  });

  describe("a national number saved in another country", () => {
    it("a UK 07911 123456 from a US iPhone: a UK mobile, +44", () => {
      const check = checkRecipient("07911 123456", { carrier: "US", request: "US" });
      expect(check).toMatchObject({ valid: true, e164: "+447911123456", international: "+44 7911 123456", region: "GB", type: "MOBILE", hasCountryCode: false });
      // Read as a US number it reaches nobody: strong evidence.
      expect(check.findings).toEqual([
        { id: "recipient-number-format", severity: "high", detail: "The number is saved without + and its country code (+44); it looks like a mobile number from the UK." },
      ]);
      const { say, show } = contactCheckTexts(check, "US");
      expect(say).toBe("This looks like a UK mobile number saved without its country code. Edit the contact: put +44 in front and drop the first 0.");
      expect(show.split("\n")[0]).toBe("This looks like a UK mobile number: save it as +44 7911 123456.");
      expect(show).toContain("Without +44, your phone reads it as a US number, so iMessage can't match it.");
    });
    it("the same from a US SIM in a request from the UK: the request's country decides, and it's still not the phone's own", () => {
      const check = checkRecipient("07911 123456", { carrier: "US", request: "GB" });
      expect(check).toMatchObject({ e164: "+447911123456", region: "GB" });
      expect(check.findings).toEqual([expect.objectContaining({ id: "recipient-number-format", severity: "high", detail: expect.stringContaining("from the UK") })]);
    });
    it("with no SIM country and a US request", () => {
      expect(checkRecipient("07911 123456", { carrier: undefined, request: "US" })).toMatchObject({ e164: "+447911123456", region: "GB" });
    });
    it("a German 0151 mobile from a French phone", () => {
      const check = checkRecipient("0151 23456789", { carrier: "FR", request: "FR" });
      expect(check).toMatchObject({ e164: "+4915123456789", region: "DE", type: "MOBILE" });
      expect(check.findings[0]?.detail).toContain("from Germany");
      expect(contactCheckTexts(check).say).toBe("This looks like a German mobile number saved without its country code. Edit the contact: put +49 in front and drop the first 0.");
      expect(contactCheckTexts(check).show).toContain("This looks like a German mobile number: save it as +49 1512 3456789.");
    });
    it("a US number from a UK phone whose request comes from the US", () => {
      const check = checkRecipient("(415) 555-0100", { carrier: "GB", request: "US" });
      expect(check).toMatchObject({ e164: "+14155550100", region: "US", findings: [{ id: "recipient-number-format", severity: "high" }] });
      // Most US numbers can be a mobile or a landline: never called a landline.
      expect(contactCheckTexts(check).say).toBe("This looks like a US number saved without its country code. Edit the contact and put +1 in front.");
      expect(contactCheckTexts(check).show).toContain("Without +1, your phone reads it as a UK number, so iMessage can't match it.");
    });
    it("an ambiguous number (a mobile in France, the Netherlands and South Africa) claims no country, but names them", () => {
      const check = checkRecipient("0612345678", { carrier: "US", request: "US" });
      expect(check).toMatchObject({ kind: "phone", valid: false, e164: null, international: null, region: null });
      expect(check.findings).toEqual([
        {
          id: "recipient-number-format",
          severity: "high",
          detail: "The number is saved without + and its country code, and it isn't a valid US number; it could be from France, the Netherlands or South Africa.",
        },
      ]);
      const { say, show } = contactCheckTexts(check);
      expect(say).toBe("It isn't a US number, and it could be from France, the Netherlands or South Africa. Ask the person which, then save it with + and that country's code.");
      expect(show).toContain("From France: +33 6 12 34 56 78.");
      expect(show).toContain("From the Netherlands: +31 6 12345678.");
      expect(show).toContain("From South Africa: +27 61 234 5678.");
      // Written in one country's groups, it's that country's: "06 12 34 56 78" is how France writes it.
      expect(checkRecipient("06 12 34 56 78", "US")).toMatchObject({ e164: "+33612345678", region: "FR" });
      expect(checkRecipient("06 12345678", "US")).toMatchObject({ e164: "+31612345678", region: "NL" });
      // Grouped like neither, it stays ambiguous.
      expect(checkRecipient("06 1234 5678", "US")).toMatchObject({ valid: false, e164: null });
    });
    it("an Indian mobile written as India writes it, without the 0 libphonenumber would add", () => {
      expect(checkRecipient("98765 43210", "US")).toMatchObject({ e164: "+919876543210", region: "IN", type: "MOBILE" });
      // Elsewhere a number without its 0 is no foreign mobile: a US number a digit short is not a New Zealand one.
      expect(checkRecipient("201 555 012", "US")).toMatchObject({ valid: false, e164: null });
    });
    it("a mistyped home number is never claimed for another country", () => {
      // Nine digits: a Polish landline too, but a US number one digit short is far likelier.
      const check = checkRecipient("415 555 010", "US");
      expect(check).toMatchObject({ kind: "phone", valid: false, e164: null, region: "US" });
      expect(check.findings).toEqual([{ id: "recipient-number-invalid", severity: "high", detail: "It has too few digits for a US number: check it for a missing digit." }]);
      expect(contactCheckTexts(check).say).toBe("That number has too few digits. Check it in Contacts for a missing digit.");
    });
    it("read as a landline at home, it may be a mobile abroad: both are shown", () => {
      // From a German phone, 07911 123456 is a landline in Germany; it's also the UK mobile.
      const check = checkRecipient("07911 123456", { carrier: "DE" });
      expect(check).toMatchObject({ e164: "+497911123456", type: "FIXED_LINE", region: "DE" });
      expect(ids(check)).toEqual(["recipient-landline"]);
      expect(contactCheckTexts(check).show).toContain("If it's a UK mobile number, save it as +44 7911 123456 instead.");
      expect(contactCheckTexts(check).say).toBe(
        "As saved, that's a German landline, which can't get iMessages. If it's a UK mobile number, edit the contact: put +44 in front and drop the first 0.",
      );
    });
  });

  describe("numbers iMessage can't reach", () => {
    it("short codes (5 or 6 digits) are text-only", () => {
      for (const code of ["72345", "12345", "22 000", "Mobile: 72345", "898 932"]) {
        const check = checkRecipient(code, "US");
        expect(check, code).toMatchObject({ kind: "phone", type: "SHORT_CODE", valid: false, e164: null });
        expect(ids(check)).toEqual(["recipient-short-code"]);
      }
      expect(texts("72345", "US").say).toBe("That's a short code, a service number that only takes text messages. Send your message as a text instead.");
    });
    it("fewer digits is no phone number at all; a leading 0 is no short code", () => {
      for (const [input, detail] of [
        ["911", "It has only 3 digits, too few for a phone number."],
        ["1234", "It has only 4 digits, too few for a phone number."],
        ["01234", "It has only 5 digits, too few for a phone number."],
      ] as const) {
        expect(checkRecipient(input, "US"), input).toMatchObject({ kind: "invalid", valid: false, findings: [{ id: "recipient-number-invalid", detail }] });
      }
      expect(checkRecipient("07911 12", "GB").findings).toEqual([{ id: "recipient-number-invalid", severity: "high", detail: "It has too few digits for a UK number: check it for a missing digit." }]);
      expect(checkRecipient("06 12 34 56 7", "FR").findings[0]?.detail).toBe("It has too few digits for a French number: check it for a missing digit.");
      expect(checkRecipient("+44 7911 1234567", "US").findings[0]?.detail).toBe("It has too many digits for a UK number: check it for an extra digit.");
      expect(texts("+44 7911 1234567", "US").say).toBe("That number has too many digits. Check it in Contacts for an extra digit.");
      expect(checkRecipient("+999 1234 5678", "US")).toMatchObject({ valid: false, region: null, findings: [{ detail: "It starts with a country code that doesn't exist: check the digits after the +." }] });
      expect(checkRecipient("+1 415 555 01", "US")).toMatchObject({
        kind: "phone",
        valid: false,
        e164: null,
        findings: [{ id: "recipient-number-invalid", detail: "It has too few digits for a US number: check it for a missing digit." }],
      });
    });
    it("toll-free numbers, said plainly, and never 'saved as +…'", () => {
      for (const [number, region, words] of [
        ["+1 800 555 0199", undefined, "US toll-free number"],
        ["0800 123 4567", "GB", "UK toll-free number"],
      ] as const) {
        const check = checkRecipient(number, region);
        expect(check.type).toBe("TOLL_FREE");
        expect(ids(check)).toEqual(["recipient-service-number"]);
        expect(check.findings[0]?.detail).toContain("toll-free");
        const { say, show } = contactCheckTexts(check);
        expect(say).toBe(`That's a ${words}, which can't get iMessages. Message the person's mobile number instead.`);
        expect(`${say} ${show}`).not.toMatch(/Save it as|in front/);
      }
    });
    it("premium-rate, shared-cost, VoIP and personal numbers are not iMessage numbers either", () => {
      for (const [number, type, words] of [
        ["+44 909 876 5432", "PREMIUM_RATE", "premium-rate"],
        ["+41 848 123 456", "SHARED_COST", "shared-cost"],
        ["+44 55 1234 5678", "UAN", "company"],
        ["+44 56 1234 5678", "VOIP", "internet (VoIP)"],
        ["+44 70 1234 5678", "PERSONAL_NUMBER", "forwarding"],
      ] as const) {
        const check = checkRecipient(number);
        expect(check.type, number).toBe(type);
        expect(ids(check)).toEqual(["recipient-service-number"]);
        expect(check.findings[0]?.detail).toContain(words);
        expect(contactCheckTexts(check).say).toMatch(/can't get iMessages\. Message the person's mobile number instead\.$/);
      }
    });
    it("a landline, with or without its country code: use their mobile, never 'save it as …'", () => {
      for (const [number, region] of [
        ["+33 1 42 68 53 00", undefined],
        ["01 42 68 53 00", "FR"],
      ] as const) {
        const check = checkRecipient(number, region);
        expect(check).toMatchObject({ type: "FIXED_LINE", region: "FR" });
        // Saved without +33 too, but re-saving a landline helps nobody: no format finding.
        expect(ids(check)).toEqual(["recipient-landline"]);
        expect(check.findings[0]?.detail).toBe("It's a French landline, which can't receive iMessages: use the person's mobile number.");
        const { say, show } = contactCheckTexts(check);
        expect(say).toBe("That's a French landline, which can't get iMessages. Message the person's mobile number instead.");
        expect(`${say}\n${show}`).not.toMatch(/Save it as|in front/);
        expect(show).toContain("A French mobile number looks like +33 6 12 34 56 78.");
      }
      expect(texts("030 1234567", "DE").say).toBe("That's a German landline, which can't get iMessages. Message the person's mobile number instead.");
    });
    it("FIXED_LINE_OR_MOBILE (most US numbers) is not a landline", () => {
      const check = checkRecipient("+1 415 555 0100");
      expect(check.type).toBe("FIXED_LINE_OR_MOBILE");
      expect(ids(check)).toEqual([]);
      const { say, show } = contactCheckTexts(check);
      expect(say).toBe("That number is saved correctly for iMessage. If messages to them still fail, run Fix iMessage.");
      expect(show).not.toMatch(/landline|fixed line/i);
      expect(show.split("\n")[0]).toBe("Number: +1 415 555 0100, a US number.");
    });
  });

  describe("what a contact or a link holds", () => {
    it("tel:, sms:, imessage: and facetime: links", () => {
      expect(numberPart("tel:+1-415-555-0100;ext=2")).toBe("+1-415-555-0100");
      expect(checkRecipient("tel:+1-415-555-0100")).toMatchObject({ e164: "+14155550100", hasCountryCode: true, findings: [] });
      expect(checkRecipient("tel:%2B447911123456")).toMatchObject({ e164: "+447911123456", hasCountryCode: true, region: "GB", findings: [] });
      expect(checkRecipient("TEL:+44-7911-123456;phone-context=example.com")).toMatchObject({ e164: "+447911123456" });
      expect(checkRecipient("sms:+14155550100?body=hi")).toMatchObject({ e164: "+14155550100" });
      expect(checkRecipient("sms://+14155550100,+12125550100")).toMatchObject({ e164: "+14155550100" });
      expect(checkRecipient("facetime://+14155550100")).toMatchObject({ e164: "+14155550100" });
      expect(checkRecipient("imessage:friend@icloud.com")).toMatchObject({ kind: "email" });
      expect(checkRecipient("tel:07911123456", "GB")).toMatchObject({ e164: "+447911123456", hasCountryCode: false });
    });
    it("labels, separators, invisible marks, full-width digits and extensions", () => {
      for (const input of [
        "Mobile: +44 7911 123456",
        "+44 7911 123456 (work)",
        "\u202a+44 7911 123456\u202c",
        "\u200e+44\u00a07911\u2011123456",
        "+44\u202f7911\u2009123456",
        "＋４４ ７９１１ １２３４５６",
        "+44–7911–123456",
        "+44 (0)7911 123456",
        "+44 7911 123456 ext. 12",
        "iPhone: +44.7911.123456",
      ]) {
        expect(checkRecipient(input, "US"), JSON.stringify(input)).toMatchObject({ e164: "+447911123456", hasCountryCode: true, findings: [] });
      }
    });
    it("an email address: fine as it is; one with a space or no ending is not", () => {
      expect(checkRecipient(" friend@icloud.com ")).toMatchObject({ kind: "email", valid: true, findings: [{ id: "recipient-email" }] });
      expect(checkRecipient("mailto:friend@icloud.com").kind).toBe("email");
      expect(checkRecipient("Home: friend@icloud.com").kind).toBe("email");
      expect(checkRecipient("Friend <friend@icloud.com>").kind).toBe("email");
      const spaced = checkRecipient("friend @icloud.com");
      expect(spaced).toMatchObject({ kind: "invalid", valid: false, findings: [{ id: "recipient-number-invalid", detail: "That email address has a space in it, so it can't reach anyone." }] });
      const unfinished = checkRecipient("friend@icloud");
      expect(unfinished).toMatchObject({ kind: "invalid", findings: [{ id: "recipient-number-invalid", detail: "That email address has no ending (like .com), so it can't reach anyone." }] });
      for (const check of [spaced, unfinished]) {
        const { say, show } = contactCheckTexts(check);
        expect(say).toBe("That email address isn't complete. Fix it in Contacts, or message their mobile number instead.");
        expect(show).not.toMatch(/valid number/);
      }
    });
    it("junk is neither", () => {
      for (const junk of ["hello", "call me", "12", "++", "-", "n/a"]) {
        const check = checkRecipient(junk, "US");
        expect(check.kind, junk).toBe("invalid");
        expect(ids(check)).toEqual(["recipient-number-invalid"]);
      }
      expect(checkRecipient("hello", "US").findings[0]?.detail).toBe("That isn't a phone number or an email address.");
      expect(texts("hello", "US").say).toBe("That isn't a phone number or an email address. Pick the number or address you message them at.");
    });
  });

  describe("regions", () => {
    it("a lower-case, odd or unusable region is tolerated", () => {
      expect(checkRecipient("020 7946 0000", "gb").region).toBe("GB");
      expect(checkRecipient("020 7946 0000", "uk").region).toBe("GB");
      for (const carrier of ["--", "", "XX", "ZZ", "65535", "QQ", "  ", "T1"]) {
        expect(checkRecipient("(415) 555-0100", { carrier, request: "US" }), carrier).toMatchObject({ e164: "+14155550100", findings: [{ severity: "medium" }] });
      }
      expect(normaliseRegion("QQ")).toBeUndefined();
      expect(normaliseRegion(" de ")).toBe("DE");
    });
    it("with no usable region at all, a number that fits several countries claims none", () => {
      const check = checkRecipient("(415) 555-0100", { carrier: "G1", request: undefined });
      expect(check).toMatchObject({ kind: "phone", valid: false, e164: null });
      expect(check.findings[0]?.detail).toBe("The number is saved without + and its country code; it could be from the US or Mexico.");
    });
  });

  describe("words", () => {
    const CASES: [string, RegionHints | string | undefined][] = [
      ["07911 123456", { carrier: "US", request: "US" }],
      ["07911 123456", { carrier: "US", request: "GB" }],
      ["07911 123456", { carrier: "DE" }],
      ["0151 23456789", "FR"],
      ["(415) 555-0100", "US"],
      ["(415) 555-0100", { carrier: "GB", request: "US" }],
      ["(415) 555-0100", undefined],
      ["415 555 010", "US"],
      ["72345", "US"],
      ["911", "US"],
      ["+1 800 555 0199", "US"],
      ["0800 123 4567", "GB"],
      ["+44 56 1234 5678", "GB"],
      ["+33 1 42 68 53 00", "FR"],
      ["01 42 68 53 00", "FR"],
      ["01 42 68 53 00", "US"],
      ["06 12 34 56 78", "US"],
      ["0612345678", "US"],
      ["friend@icloud.com", "US"],
      ["friend @icloud.com", "US"],
      ["+44 7911 123456", "GB"],
      ["+1 415 555 01", "US"],
      ["+999 1234 5678", "US"],
      ["hello", "US"],
    ];
    it("no finding repeats the number or address (findings are stored with sessions)", () => {
      for (const [input, hints] of CASES) {
        for (const f of checkRecipient(input, hints).findings) {
          expect(f.detail, input).not.toMatch(/7911|555|123456|12 34|53 00|0800|0199|icloud|friend|\d{3}/);
        }
      }
    });
    it("say is heard: short, one or two sentences, no digits to garble, ending with what to do; show never repeats a sentence", () => {
      for (const [input, hints] of CASES) {
        const { say, show } = contactCheckTexts(checkRecipient(input, hints));
        expect(say.length, say).toBeLessThanOrEqual(SAY_LIMIT);
        expect(say.split(/(?<=[.!?])\s+/).length, say).toBeLessThanOrEqual(2);
        expect(say, say).not.toMatch(/\d{3}|\(|\)|…/);
        expect(say, say).toMatch(/\.$/);
        expect(show.length).toBeLessThanOrEqual(SHOW_LIMIT);
        expect(show, show).not.toMatch(/…$/);
        const all = sentences(show);
        expect(all.filter((s, i) => all.indexOf(s) !== i), show).toEqual([]);
      }
    });
  });

  it("the fix's example number is the corrected one, else a mobile of the number's own country, else of the person's", () => {
    expect(numberExample(checkRecipient("07911 123456", "US"), "US")).toBe("+44 7911 123456");
    expect(numberExample(undefined, "DE")).toBe("+49 1512 3456789");
    expect(numberExample(undefined, "GB")).toMatch(/^\+44 7/);
    // A landline is never the example: a mobile of its own country is, whatever the person's.
    expect(numberExample(checkRecipient("+33 1 42 68 53 00"), "US")).toBe("+33 6 12 34 56 78");
    expect(numberExample(checkRecipient("+1 800 555 0199"), "GB")).toBe("+1 201 555 0123");
    expect(numberExample(checkRecipient("friend@icloud.com"), "FR")).toBe("+33 6 12 34 56 78");
    expect(numberExample(undefined, undefined)).toMatch(/^\+1 /);
    expect(numberExample(undefined, "--")).toMatch(/^\+1 /);
    expect(numberExample(undefined, "QQ")).toMatch(/^\+1 /);
  });
});
