// POST /v1/contact-check through the Worker, with bodies as the Check iMessage Contact Shortcut sends them.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ErrorSchema } from "../../src/http/errors";
import { ContactCheckResponseSchema } from "../../src/schemas/contact-check";
import { LATEST_VERSIONS } from "../../src/services/shortcut-catalog";
import { postJson } from "../support/http";

/** A request as Cloudflare delivers it from `country` (request.cf.country). */
function fromCountry(country: string, body: unknown) {
  const request = new Request("https://delivered.test/v1/contact-check", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    cf: { country },
  } as RequestInit);
  return exports.default.fetch(request);
}

async function answer(res: Response) {
  expect(res.status).toBe(200);
  return ContactCheckResponseSchema.parse(await res.json());
}

const shortcut = { shortcut: "check-imessage-contact", version: "1.1.0" };

describe("POST /v1/contact-check", () => {
  it("the contract's example", async () => {
    const res = await postJson("/v1/contact-check", { recipient: "(415) 555-0100", region: "US" });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      input: "(415) 555-0100",
      kind: "phone",
      e164: "+14155550100",
      valid: true,
      type: "FIXED_LINE_OR_MOBILE",
      hasCountryCode: false,
      findings: [{ id: "recipient-number-format" }],
      international: "+1 415 555 0100",
      say: "This US number is saved without its country code. Edit the contact and put +1 in front.",
      show: expect.stringContaining("Save it as +1 415 555 0100 so iMessage can match it."),
    });
    // Every name the contract gives, and nothing internal besides.
    expect(Object.keys(body).sort()).toEqual(["client", "e164", "findings", "hasCountryCode", "input", "international", "kind", "region", "say", "show", "type", "valid"]);
  });

  it("points an older Check iMessage Contact at its update", async () => {
    const res = await postJson("/v1/contact-check", { recipient: "+14155550100", client: { shortcut: "check-imessage-contact", version: "0.1" } });
    expect(((await res.json()) as { client: unknown }).client).toEqual({
      latest: LATEST_VERSIONS["check-imessage-contact"],
      updateUrl: "https://delivered.example.workers.dev/shortcuts/check-imessage-contact.shortcut",
    });
  });

  it("region from the request's country when none is given", async () => {
    const res = await fromCountry("GB", { recipient: "07400 123456" });
    expect(await res.json()).toMatchObject({ e164: "+447400123456", type: "MOBILE", region: "GB" });
  });

  it("400 without a recipient; a region the SIM can't give (--, 65535, empty, XX, USA) is ignored, not refused", async () => {
    expect((await postJson("/v1/contact-check", { region: "US" })).status).toBe(400);
    const error = ErrorSchema.parse(await (await postJson("/v1/contact-check", { region: "US", recipient: "  " })).json()).error;
    expect(error.issues?.[0]?.path).toBe("recipient");
    for (const region of ["--", "65535", "", "XX", "ZZ", "USA", "  ", null, 44]) {
      const body = await answer(await fromCountry("US", { recipient: "(415) 555-0100", region, client: shortcut }));
      // The request's country reads it then.
      expect(body, String(region)).toMatchObject({ e164: "+14155550100", region: "US" });
    }
  });

  it("a UK number saved without +44, checked from a US phone: the carrier's region, then the request's, then likely origins", async () => {
    for (const [region, country] of [
      ["US", "US"],
      ["US", "GB"],
      ["", "US"],
      ["--", "US"],
    ]) {
      const body = await answer(await fromCountry(country!, { recipient: "07911 123456", region, client: shortcut }));
      expect(body, `${region} ${country}`).toMatchObject({
        kind: "phone",
        e164: "+447911123456",
        international: "+44 7911 123456",
        type: "MOBILE",
        region: "GB",
        hasCountryCode: false,
        findings: [{ id: "recipient-number-format", severity: "high" }],
      });
      expect(body.say).toContain("UK mobile number");
      expect(body.show).toContain("This looks like a UK mobile number: save it as +44 7911 123456.");
    }
  });

  it("a German 0151 mobile from a French phone, a US number from a UK phone in the US", async () => {
    expect(await answer(await fromCountry("FR", { recipient: "0151 23456789", region: "fr" }))).toMatchObject({ e164: "+4915123456789", region: "DE" });
    expect(await answer(await fromCountry("US", { recipient: "(415) 555-0100", region: "GB" }))).toMatchObject({ e164: "+14155550100", region: "US" });
  });

  it("a tel: link, a short code, a toll-free number, a landline and an email, through the Worker", async () => {
    expect(await answer(await fromCountry("US", { recipient: "tel:+1-415-555-0100;ext=12", region: "US" }))).toMatchObject({ e164: "+14155550100", hasCountryCode: true, findings: [] });
    expect(await answer(await fromCountry("US", { recipient: "72345", region: "US" }))).toMatchObject({ type: "SHORT_CODE", findings: [{ id: "recipient-short-code" }] });
    expect(await answer(await fromCountry("GB", { recipient: "0800 123 4567", region: "GB" }))).toMatchObject({ type: "TOLL_FREE", findings: [{ id: "recipient-service-number" }] });
    const landline = await answer(await fromCountry("FR", { recipient: "01 42 68 53 00", region: "FR" }));
    expect(landline).toMatchObject({ type: "FIXED_LINE", findings: [{ id: "recipient-landline" }] });
    expect(`${landline.say} ${landline.show}`).not.toMatch(/Save it as/);
    expect(await answer(await fromCountry("US", { recipient: "friend@icloud.com", region: "" }))).toMatchObject({ kind: "email", findings: [{ id: "recipient-email" }] });
    expect(await answer(await fromCountry("US", { recipient: "friend@icloud", region: "" }))).toMatchObject({ kind: "invalid", valid: false });
  });

  it("an ambiguous number names the countries it could be from, and claims none", async () => {
    const body = await answer(await fromCountry("US", { recipient: "0612345678", region: "US" }));
    expect(body).toMatchObject({ kind: "phone", valid: false, e164: null, region: null, findings: [{ id: "recipient-number-format" }] });
    expect(body.say).toContain("France, the Netherlands or South Africa");
  });
});
