// "Check iMessage Contact": picks one contact's phone number and asks the API whether the
// number is written in a way iMessage can reach (country code, landline, …).
import { cellularDetail, selectPhoneNumber, showResult, valueForKey } from "../builder/actions.ts";
import { apiBaseUrl, callApi, showUpdateHint, stopOnApiError, type ShortcutDefinition } from "./common.ts";

const SLUG = "check-imessage-contact";
const VERSION = "1.0.0";

export const checkIMessageContact: ShortcutDefinition = {
  slug: SLUG,
  name: "Check iMessage Contact",
  version: VERSION,
  description: "Checks the phone number of the person your messages do not reach, and shows what to fix in the contact card.",
  sends: "The phone number you pick (checked, never stored), your carrier's country code, and the shortcut's name and version.",
  metadata: { iconColor: 4292093695, iconGlyph: 59511, types: [] },
  define(sc) {
    sc.comment("Check iMessage Contact — checks how one contact's number is written. The number is checked and never stored.");
    const base = apiBaseUrl(sc);
    const phone = selectPhoneNumber(sc, "Phone Number");
    const country = cellularDetail(sc, "Carrier Country", "Country Code");
    // Shortcuts gives the country code in lower case ("us"); regions are upper case.
    const region = sc.output("Region", "text.changecase", { "Show-text": true, text: country, WFCaseType: "UPPERCASE" });
    const check = callApi(sc, "Contact Check", {
      url: [base, "/v1/contact-check"],
      method: "POST",
      json: { recipient: phone, region, client: { shortcut: SLUG, version: VERSION } },
    });
    stopOnApiError(sc, check, "result");
    const show = valueForKey(sc, "Advice", check, "show");
    showResult(sc, show);
    showUpdateHint(sc, check, "Check iMessage Contact", "result");
  },
};
