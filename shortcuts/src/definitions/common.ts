// What the three Delivered shortcuts share: the API base URL asked at import, the calls to the
// API, and reading its answers safely. How iOS runs these actions is in docs/shortcuts-runtime.md:
// answers are read one key per action (a dotted key path stops the run when a middle key is
// missing or null, §1), a request that reaches any server succeeds whatever its status (§3), and
// Get Dictionary from Input turns an HTML page into an empty or junk dictionary, never an error (§2).
import { dictionaryFrom, getContentsOfUrl, notify, showResult, speak, stopShortcut, valueForKey, type HttpRequest } from "../builder/actions.ts";
import type { ShortcutBuilder, ShortcutMetadata } from "../builder/shortcut.ts";
import { namedVariable, type Ref, type TextPart } from "../builder/values.ts";

/** Said when an answer isn't Delivered's: an error page from the network or the edge, a Wi-Fi sign-in page. */
export const NOT_AN_ANSWER =
  "Delivered's server didn't answer properly just now. If you're on public Wi-Fi, open Safari to sign in to it; otherwise try again in a few minutes.";

/** What a build is for. The same definitions and inputs always give the same bytes. */
export interface BuildInputs {
  /** The deployment's API, e.g. "https://delivered.acme.workers.dev": the import question's suggestion. */
  apiUrl: string;
}

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
  define(sc: ShortcutBuilder, inputs: BuildInputs): void;
}

/**
 * Where a shortcut tells the person things. "result": Show Result, which Siri reads aloud when it
 * runs the shortcut, so nothing is also spoken (it would be heard twice, §5). "notification": for
 * widgets, a notification and the same words spoken, so a run by Siri finishes by voice alone.
 */
export type Surface = "result" | "notification";

export function present(sc: ShortcutBuilder, surface: Surface, title: string, ...parts: TextPart[]): void {
  if (surface === "result") return showResult(sc, ...parts);
  notify(sc, title, parts);
  speak(sc, ...parts);
}

/**
 * Text action holding the API base URL; its value is asked when the shortcut is imported, suggesting
 * the deployment the build is for (`npm run shortcuts:build -- --api-url …`).
 */
export function apiBaseUrl(sc: ShortcutBuilder, apiUrl: string): Ref {
  const url = sc.text("Delivered API", apiUrl);
  sc.askOnImport(
    "WFTextActionText",
    "Which Delivered server should this shortcut ask? Keep the suggested address unless you run your own (no slash at the end).",
    apiUrl,
  );
  return url;
}

/**
 * Calls the API and returns its answer as a dictionary. Every answer of Delivered's that a
 * shortcut uses carries `say`; when it is missing the answer is an error envelope (its `error`
 * dictionary's `message` is shown) or not Delivered's at all (an edge's HTML page): the run stops
 * with a plain sentence instead of failing on a key.
 */
export function callApi(sc: ShortcutBuilder, name: string, request: HttpRequest, surface: Surface): Ref {
  const response = getContentsOfUrl(sc, `${name} Response`, request);
  const answer = dictionaryFrom(sc, name, response);
  const say = valueForKey(sc, `${name} Say`, answer, "say");
  sc.if(say, "hasNoValue", () => {
    const error = valueForKey(sc, `${name} Error`, answer, "error");
    const message = valueForKey(sc, `${name} Error Message`, error, "message");
    sc.setVariable("Problem", NOT_AN_ANSWER);
    sc.if(message, "hasAnyValue", () => sc.setVariable("Problem", message));
    present(sc, surface, "Delivered could not answer", namedVariable("Problem"));
    stopShortcut(sc);
  });
  return answer;
}

/**
 * Whether Delivered's server answers at all: GET /healthz, read `ok`. A phone with no connection
 * fails the request with iOS's own alert (nothing in Shortcuts can catch that, §3), so callers check
 * the network first; this catches what does answer but isn't Delivered (a Wi-Fi sign-in page, an
 * edge's error page).
 */
export function serverAnswers(sc: ShortcutBuilder, base: Ref): Ref {
  const health = getContentsOfUrl(sc, "Health Response", { url: [base, "/healthz"], method: "GET" });
  return valueForKey(sc, "Server Answers", dictionaryFrom(sc, "Health", health), "ok");
}

/** When the API says a newer version of this shortcut exists, show where to get it. */
export function showUpdateHint(sc: ShortcutBuilder, answer: Ref, shortcutName: string, surface: Surface): void {
  const client = valueForKey(sc, "Client Advice", answer, "client");
  const updateUrl = valueForKey(sc, "Update URL", client, "updateUrl");
  // A URL, not merely "a value": the API sends null when there's no update, and iOS's handling of a
  // JSON null is not settled (§1).
  sc.if(updateUrl, { beginsWith: "http" }, () => {
    if (surface === "notification") notify(sc, `A new ${shortcutName} is available`, ["Install it from ", updateUrl]);
    else showResult(sc, `A newer version of ${shortcutName} is available. Install it from `, updateUrl);
  });
}
