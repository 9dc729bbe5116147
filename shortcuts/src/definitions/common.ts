// What the three Delivered shortcuts share: the API base URL asked at import, the calls to
// the API, and the handling of its error envelope and update hint.
import { dictionaryFrom, getContentsOfUrl, notify, showResult, speak, stopShortcut, valueForKey, type HttpRequest } from "../builder/actions.ts";
import type { ShortcutBuilder, ShortcutMetadata } from "../builder/shortcut.ts";
import type { Ref } from "../builder/values.ts";

/** The project's production deployment; each install can point elsewhere (import question). */
export const PRODUCTION_API_URL = "https://delivered.example.workers.dev";

export interface ShortcutDefinition {
  /** File name in shortcuts/dist/ and the `client.shortcut` the API sees. */
  slug: string;
  /** The shortcut's name, which is also what you say to Siri. */
  name: string;
  version: string;
  description: string;
  /** What the shortcut sends to the API, in plain words (shown on the landing page). */
  sends: string;
  metadata: ShortcutMetadata;
  define(sc: ShortcutBuilder): void;
}

/** Text action holding the API base URL; its value is asked when the shortcut is imported. */
export function apiBaseUrl(sc: ShortcutBuilder): Ref {
  const url = sc.text("Delivered API", PRODUCTION_API_URL);
  sc.askOnImport(
    "WFTextActionText",
    "Which Delivered server should this shortcut ask? Keep the suggested address unless you run your own (no slash at the end).",
    PRODUCTION_API_URL,
  );
  return url;
}

/** Calls the API and reads the JSON answer as a dictionary (error answers too). */
export function callApi(sc: ShortcutBuilder, name: string, request: HttpRequest): Ref {
  const response = getContentsOfUrl(sc, `${name} Response`, request);
  return dictionaryFrom(sc, name, response);
}

/** When the API answered `{error: {message}}`, show and say the message, then stop. */
export function stopOnApiError(sc: ShortcutBuilder, answer: Ref, surface: "result" | "notification"): void {
  const message = valueForKey(sc, "Error Message", answer, "error.message");
  sc.if(message, "hasAnyValue", () => {
    if (surface === "notification") notify(sc, "Delivered could not answer", message);
    else showResult(sc, message);
    speak(sc, message);
    stopShortcut(sc);
  });
}

/** When the API says a newer version of this shortcut exists, show where to get it. */
export function showUpdateHint(sc: ShortcutBuilder, answer: Ref, shortcutName: string, surface: "result" | "notification"): void {
  const updateUrl = valueForKey(sc, "Update URL", answer, "client.updateUrl");
  sc.if(updateUrl, "hasAnyValue", () => {
    if (surface === "notification") notify(sc, `A new ${shortcutName} is available`, ["Install it from ", updateUrl]);
    else showResult(sc, `A newer version of ${shortcutName} is available. Install it from `, updateUrl);
  });
}
