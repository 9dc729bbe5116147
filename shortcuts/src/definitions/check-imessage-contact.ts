// "Check iMessage Contact": picks one contact's phone number and asks the API whether the number is
// written in a way iMessage can reach (country code, landline, short code, …).
import { cellularDetail, replaceText, selectPhoneNumber, valueForKey } from "../builder/actions.ts";
import { namedVariable } from "../builder/values.ts";
import { apiBaseUrl, callApi, present, showUpdateHint, type ShortcutDefinition } from "./common.ts";

const SLUG = "check-imessage-contact";
const VERSION = "1.1.0";

export const checkIMessageContact: ShortcutDefinition = {
  slug: SLUG,
  name: "Check iMessage Contact",
  version: VERSION,
  description: "Checks the phone number of the person your messages do not reach, and shows what to fix in the contact card.",
  sends: "The phone number you pick (checked, never stored), your carrier's country code, and the shortcut's name and version.",
  metadata: { iconColor: 4292093695, iconGlyph: 59511, types: [] },
  define(sc, { apiUrl }) {
    sc.comment("Check iMessage Contact — checks how one contact's number is written. The number is checked and never stored.");
    const base = apiBaseUrl(sc, apiUrl);
    // Contacts pick phone numbers; an email address (or a number not in Contacts) is typed.
    sc.menu("Which contact should I check?", [
      { title: "Pick from my contacts", synonyms: ["pick", "contacts", "choose"], body: () => sc.setVariable("Recipient", selectPhoneNumber(sc, "Phone Number")) },
      {
        title: "Type a number or email",
        synonyms: ["type", "email", "number"],
        body: () =>
          sc.setVariable(
            "Recipient",
            sc.output("Typed Recipient", "ask", { WFAskActionPrompt: "Type the number or email address as it's saved in Contacts.", WFInputType: "Text" }),
          ),
      },
    ]);
    const country = cellularDetail(sc, "Carrier Country", "Country Code");
    // Only letters survive: without a SIM (or with iOS's "--" placeholder) the region is left empty,
    // and the API falls back to the country the request comes from. Upper case, as regions are.
    const letters = replaceText(sc, "Carrier Letters", country, "[^A-Za-z]", "");
    const region = sc.output("Region", "text.changecase", { "Show-text": true, text: letters, WFCaseType: "UPPERCASE" });
    const check = callApi(
      sc,
      "Contact Check",
      { url: [base, "/v1/contact-check"], method: "POST", json: { recipient: namedVariable("Recipient"), region, client: { shortcut: SLUG, version: VERSION } } },
      "result",
    );
    present(sc, "result", "Contact check", valueForKey(sc, "Advice", check, "show"));
    showUpdateHint(sc, check, "Check iMessage Contact", "result");
  },
};
