// "Is iMessage Down": for Home Screen widgets and Siri, so it never asks anything. It reads the
// API's cached Apple status verdict, shows it as a notification and speaks it: run by Siri it
// finishes by voice alone; from a widget nothing needs the Shortcuts app (docs/shortcuts-runtime.md §5, §10).
import { valueForKey } from "../builder/actions.ts";
import { apiBaseUrl, callApi, present, showUpdateHint, type ShortcutDefinition } from "./common.ts";

const SLUG = "is-imessage-down";
const VERSION = "1.1.0";

export const isIMessageDown: ShortcutDefinition = {
  slug: SLUG,
  name: "Is iMessage Down",
  version: VERSION,
  description: "Tells you whether Apple reports a problem with iMessage right now. Made for widgets and Siri: it asks nothing.",
  sends: "Only the shortcut's name and version. Nothing about you or your device.",
  metadata: { iconColor: 463140863, iconGlyph: 59511, types: ["NCWidget", "Watch"] },
  define(sc, { apiUrl }) {
    sc.comment("Is iMessage Down — asks the Delivered API whether Apple reports an iMessage problem. Safe in widgets: no questions.");
    const base = apiBaseUrl(sc, apiUrl);
    const status = callApi(sc, "Status", { url: [base, `/v1/status?client=${SLUG}&version=${VERSION}`], method: "GET" }, "notification");
    const say = valueForKey(sc, "Status Spoken", status, "say");
    // The notification carries the short spoken line too: a widget shows it as a banner, Siri says it once.
    present(sc, "notification", "iMessage status", say);
    showUpdateHint(sc, status, "Is iMessage Down", "notification");
  },
};
