import { describe, expect, it } from "vitest";
import { checkRecipient } from "../../src/domain/recipient";

describe("recipient checks (libphonenumber-js, max metadata)", () => {
  it("a US number without country code", () => {
    expect(checkRecipient("(415) 555-0100", "US")).toMatchObject({
      kind: "phone",
      e164: "+14155550100",
      international: "+1 415 555 0100",
      valid: true,
      hasCountryCode: false,
      findings: [{ id: "recipient-number-format" }],
    });
  });
  it("the same number in international form is fine", () => {
    expect(checkRecipient("+1 415-555-0100")).toMatchObject({ valid: true, hasCountryCode: true, findings: [] });
    expect(checkRecipient("0044 7400 123456", "US")).toMatchObject({ e164: "+447400123456", hasCountryCode: true, type: "MOBILE", findings: [] });
  });
  it("line types come from the full metadata", () => {
    expect(checkRecipient("+44 7400 123456").type).toBe("MOBILE");
    const landline = checkRecipient("+33 1 42 68 53 00");
    expect(landline.type).toBe("FIXED_LINE");
    expect(landline.findings.map((f) => f.id)).toEqual(["recipient-landline"]);
  });
  it("without a region, a national number can't be read", () => {
    expect(checkRecipient("4155550100")).toMatchObject({ kind: "invalid", findings: [{ id: "recipient-number-invalid" }] });
  });
  it("an impossible number", () => {
    expect(checkRecipient("+1 415 555 01", "US")).toMatchObject({ kind: "phone", valid: false, e164: null, findings: [{ id: "recipient-number-invalid" }] });
    expect(checkRecipient("hello", "US")).toMatchObject({ kind: "invalid" });
  });
  it("an email address", () => {
    expect(checkRecipient(" friend@icloud.com ")).toMatchObject({ kind: "email", valid: true, findings: [{ id: "recipient-email" }] });
  });
  it("a lower-case or odd region is tolerated", () => {
    expect(checkRecipient("020 7946 0000", "gb").region).toBe("GB");
    expect(checkRecipient("020 7946 0000", "G1").kind).toBe("invalid");
  });
});
