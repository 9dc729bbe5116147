// "Fix iMessage": the guided repair. It gathers what the device can tell, asks the rest with
// short spoken-friendly menus, starts a session with the API, then walks through the fixes the
// API prescribes one at a time, doing the ones a shortcut can do, until one works or none are
// left. The session id is saved to a file so a run after a restart picks up where it stopped.
import {
  cellularDetail,
  deviceDetail,
  formatDateCustom,
  formatDateIso8601,
  getFile,
  openUrl,
  saveFile,
  selectPhoneNumber,
  setAirplaneMode,
  showResult,
  speak,
  stopShortcut,
  valueForKey,
  wait,
  wifiDetail,
} from "../builder/actions.ts";
import type { ShortcutBuilder } from "../builder/shortcut.ts";
import { currentDate, joinText, namedVariable, repeatIndex, type Ref } from "../builder/values.ts";
import { apiBaseUrl, callApi, showUpdateHint, stopOnApiError, type ShortcutDefinition } from "./common.ts";

const SLUG = "fix-imessage";
const VERSION = "1.0.0";
const NAME = "Fix iMessage";
/** In the Shortcuts folder of iCloud Drive; holds the session id, or "finished". */
export const SESSION_FILE = "Delivered/fix-imessage-session.txt";
const FINISHED = "finished";
/** More rounds than the API has fixes: the loop ends when the API says resolved or exhausted. */
const MAX_ROUNDS = 40;
const AIRPLANE_SECONDS_DEFAULT = 15;

const OFFLINE_SHOW =
  "Your iPhone is not connected to the internet, and iMessage needs it.\n\n" +
  "1. Open Control Center and make sure Airplane Mode is off.\n" +
  "2. Turn on Wi-Fi and join a network, or turn on Cellular Data.\n" +
  "3. Open a web page in Safari to check that it loads.\n\n" +
  "Then run Fix iMessage again.";
const OFFLINE_SAY = "You're offline. Turn off Airplane Mode and connect to Wi-Fi or cellular data, then run Fix iMessage again.";

const client = { shortcut: SLUG, version: VERSION };
const v = namedVariable;

/** A menu whose every item stores one value in a variable. */
function ask(sc: ShortcutBuilder, variable: string, prompt: string, choices: Array<[title: string, value: string, synonyms: string[]]>): void {
  sc.menu(
    prompt,
    choices.map(([title, value, synonyms]) => ({ title, synonyms, body: () => sc.setVariable(variable, value) })),
  );
}

function detectNetwork(sc: ShortcutBuilder): { wifiName: Ref; radio: Ref } {
  const wifiName = wifiDetail(sc, "Wi-Fi Network", "Network Name");
  const radio = cellularDetail(sc, "Cellular Radio", "Radio Technology");
  const localAddress = sc.output("Local IP Address", "getipaddress", { WFIPAddressSourceOption: "Local", WFIPAddressTypeOption: "IPv4" });
  sc.setVariable("Network Type", "none");
  sc.if(radio, "hasAnyValue", () => sc.setVariable("Network Type", "cellular"));
  sc.if(wifiName, "hasAnyValue", () => sc.setVariable("Network Type", "wifi"));
  sc.if(v("Network Type"), { is: "none" }, () => {
    // A wired Mac has an address but neither Wi-Fi nor cellular: the type is then unknown.
    sc.if(localAddress, "hasAnyValue", () => sc.setVariable("Network Type", ""));
  });
  return { wifiName, radio };
}

function resumeSavedSession(sc: ShortcutBuilder, base: Ref): void {
  sc.setVariable("Resumed", "no");
  const saved = getFile(sc, "Saved Session File", SESSION_FILE);
  const savedId = sc.output("Saved Session", "detect.text", { WFInput: saved });
  sc.if(savedId, "hasAnyValue", () => {
    sc.if(savedId, { isNot: FINISHED }, () => {
      sc.menu("You started fixing iMessage before. Pick up where you left off?", [
        {
          title: "Continue",
          synonyms: ["yes", "continue", "pick up"],
          body: () => {
            const answer = callApi(sc, "Saved Session State", {
              url: [base, "/v1/sessions/", savedId, `?client=${SLUG}&version=${VERSION}`],
              method: "GET",
            });
            const errorCode = valueForKey(sc, "Resume Error", answer, "error.code");
            sc.if(
              errorCode,
              "hasNoValue",
              () => {
                sc.setVariable("Response", answer);
                sc.setVariable("Session ID", savedId);
                sc.setVariable("Resumed", "yes");
              },
              () => showResult(sc, "That repair has expired, so let's start a new one."),
            );
          },
        },
        { title: "Start over", synonyms: ["no", "start over", "new"], body: () => {} },
      ]);
    });
  });
}

function startSession(sc: ShortcutBuilder, base: Ref, radio: Ref): void {
  const model = deviceDetail(sc, "Device Model", "Device Model");
  const osVersion = deviceDetail(sc, "System Version", "System Version");
  sc.setVariable("OS", "iOS");
  sc.if(model, { is: "iPad" }, () => sc.setVariable("OS", "iPadOS"));
  sc.if(model, { is: "Mac" }, () => sc.setVariable("OS", "macOS"));
  const deviceTime = formatDateIso8601(sc, "Device Time", currentDate());
  const timeZone = formatDateCustom(sc, "Time Zone", currentDate(), "VV");
  const rssi = wifiDetail(sc, "Wi-Fi Signal", "RSSI");
  const carrier = cellularDetail(sc, "Carrier", "Carrier Name");
  const countryCode = cellularDetail(sc, "Carrier Country", "Country Code");
  const roaming = cellularDetail(sc, "Roaming", "Is Roaming Abroad");

  sc.setVariable("Waiting Hours", "");
  /** Activation problems depend on how long they've lasted (Apple allows up to 24 hours). */
  const askHowLong = () =>
    ask(sc, "Waiting Hours", "How long has it been like this?", [
      ["Less than an hour", "0.5", ["less than an hour", "just now"]],
      ["A few hours", "4", ["a few hours", "hours"]],
      ["Most of a day", "18", ["most of a day", "today"]],
      ["More than a day", "36", ["more than a day", "days", "a long time"]],
      ["I don't know", "", ["don't know", "not sure"]],
    ]);
  const symptoms: Array<[title: string, value: string, synonyms: string[]]> = [
    ["It says Not Delivered", "not_delivered", ["not delivered", "red", "exclamation mark"]],
    ["It never says Delivered", "no_delivered_status", ["no delivered", "nothing under it"]],
    ["Waiting for activation", "waiting_for_activation", ["waiting", "activation"]],
    ["An activation error", "activation_error", ["activation error", "activation unsuccessful"]],
    ["My messages go green", "sending_green", ["green", "text message", "SMS"]],
    ["It works on my Mac, not my iPhone", "mac_delivered_iphone_not", ["mac", "works on mac"]],
  ];
  sc.menu(
    "What happens when you send an iMessage?",
    symptoms.map(([title, value, synonyms]) => ({
      title,
      synonyms,
      body: () => {
        sc.setVariable("Symptom", value);
        if (value === "waiting_for_activation" || value === "activation_error") askHowLong();
      },
    })),
  );
  sc.setVariable("Recipient", "");
  sc.menu("Does it happen with everyone, or with one person?", [
    { title: "Everyone", synonyms: ["everyone", "everybody", "all"], body: () => sc.setVariable("Scope", "everyone") },
    {
      title: "One person",
      synonyms: ["one", "one person", "one contact"],
      body: () => {
        sc.setVariable("Scope", "one_contact");
        sc.setVariable("Recipient", selectPhoneNumber(sc, "Recipient Number"));
      },
    },
  ]);
  // iOS has no action that reports free storage: the person picks a range, and the API quotes it as one.
  ask(sc, "Free Space", "How much free storage is there? You can see it in Settings, General, iPhone Storage.", [
    ["Less than 1 gigabyte", "under_1gb", ["less than one", "almost full", "full"]],
    ["1 to 5 gigabytes", "1_to_5gb", ["one to five", "a little"]],
    ["More than 5 gigabytes", "over_5gb", ["more than five", "plenty", "lots"]],
    ["I don't know", "", ["don't know", "not sure"]],
  ]);
  ask(sc, "VPN", "Is a VPN turned on?", [
    ["Yes", "true", ["yes", "on"]],
    ["No", "false", ["no", "off"]],
    ["I don't know", "", ["don't know", "not sure"]],
  ]);
  sc.setVariable("Public WiFi", "");
  sc.if(v("Network Type"), { is: "wifi" }, () =>
    ask(sc, "Public WiFi", "Is this Wi-Fi public, like at an airport, school, hotel or office?", [
      ["Yes, it's public", "true", ["yes", "public"]],
      ["No, it's my own", "false", ["no", "home", "my own"]],
    ]),
  );

  const answer = callApi(sc, "New Session", {
    url: [base, "/v1/sessions"],
    method: "POST",
    json: {
      client,
      device: { os: v("OS"), osVersion, model },
      clock: { deviceTime, timeZone },
      network: {
        type: v("Network Type"),
        wifi: { rssi, public: v("Public WiFi") },
        cellular: { carrier, radio, countryCode, roaming },
        vpn: v("VPN"),
      },
      storage: { freeRange: v("Free Space") },
      symptom: { kind: v("Symptom"), scope: v("Scope"), recipient: v("Recipient"), waitingHours: v("Waiting Hours") },
    },
  });
  stopOnApiError(sc, answer, "result");
  const sessionId = valueForKey(sc, "New Session ID", answer, "session.id");
  sc.setVariable("Session ID", sessionId);
  saveFile(sc, "Saved Session ID", sessionId, SESSION_FILE);
  sc.setVariable("Response", answer);
}

/** Offers to do the fix when a shortcut can: Airplane Mode, opening a Settings page, Messages. */
function offerToDoIt(sc: ShortcutBuilder, step: Ref): void {
  const kind = valueForKey(sc, "Action Kind", step, "next.action.kind");
  sc.if(kind, { is: "toggle_airplane_mode" }, () => {
    sc.menu("Should I turn Airplane Mode on, wait, and turn it off again for you?", [
      {
        title: "Yes, do it for me",
        synonyms: ["yes", "do it"],
        body: () => {
          const seconds = valueForKey(sc, "Airplane Seconds", step, "next.action.seconds");
          sc.setVariable("Seconds", String(AIRPLANE_SECONDS_DEFAULT));
          sc.if(seconds, "hasAnyValue", () => sc.setVariable("Seconds", seconds));
          setAirplaneMode(sc, true);
          wait(sc, v("Seconds"));
          setAirplaneMode(sc, false);
          wait(sc, 10); // time to reconnect before the person tries again
        },
      },
      { title: "I'll do it myself", synonyms: ["no", "myself"], body: () => {} },
    ]);
  });
  sc.if(kind, { is: "open_url" }, () => {
    sc.menu("Should I open the right place for you?", [
      { title: "Yes, open it", synonyms: ["yes", "open"], body: () => openUrl(sc, "Fix Link", valueForKey(sc, "Fix URL", step, "next.action.url")) },
      { title: "No, thanks", synonyms: ["no"], body: () => {} },
    ]);
  });
  sc.if(kind, { is: "send_as_text" }, () => {
    sc.menu("Should I open Messages so you can send it as a text message?", [
      { title: "Yes, open Messages", synonyms: ["yes", "open"], body: () => openUrl(sc, "Messages Link", "sms:", v("Recipient")) },
      { title: "No, thanks", synonyms: ["no"], body: () => {} },
    ]);
  });
}

function repairLoop(sc: ShortcutBuilder, base: Ref): void {
  sc.repeat(MAX_ROUNDS, () => {
    const step = callDictionary(sc);
    stopOnApiError(sc, step, "result");
    const fixId = valueForKey(sc, "Fix", step, "next.id");
    const say = valueForKey(sc, "Spoken", step, "say");
    const show = valueForKey(sc, "Shown", step, "show");
    sc.if(fixId, "hasNoValue", () => {
      // Resolved, or no fix left: the API's text says which. Forget the session either way.
      speak(sc, say);
      showResult(sc, show);
      saveFile(sc, "Finished Marker", sc.text("Finished", FINISHED), SESSION_FILE);
      stopShortcut(sc);
    });
    speak(sc, say);
    showResult(sc, show);
    offerToDoIt(sc, step);
    ask(sc, "Outcome", "Did that fix it?", [
      ["Yes, it's fixed", "fixed", ["yes", "fixed", "it worked"]],
      ["No, still not working", "not_fixed", ["no", "not fixed", "still broken"]],
      ["Skip this step", "skipped", ["skip", "next"]],
      ["I can't do this", "cannot_do", ["can't", "cannot", "I can't"]],
    ]);
    const answer = callApi(sc, "Outcome", {
      url: [base, "/v1/sessions/", v("Session ID"), "/outcome"],
      method: "POST",
      // A retried request with the same key changes nothing on the server.
      headers: { "Idempotency-Key": joinText([v("Session ID"), "-", repeatIndex(), "-", fixId]) },
      json: { fix: fixId, outcome: v("Outcome"), client },
    });
    sc.setVariable("Response", answer);
  });
  showResult(sc, "That's enough for one go. Run Fix iMessage again to pick up where you left off.");
}

/** The current API answer, read back from the "Response" variable as a dictionary. */
function callDictionary(sc: ShortcutBuilder): Ref {
  return sc.output("Current Step", "detect.dictionary", { WFInput: v("Response") });
}

export const fixIMessage: ShortcutDefinition = {
  slug: SLUG,
  name: NAME,
  version: VERSION,
  description:
    "The guided repair: checks your device and network, asks a few questions, then walks you through one fix at a time until iMessage says Delivered.",
  sends:
    "Your device type and iOS version, the time and time zone, your network type, Wi-Fi signal strength, carrier and roaming state, your answers (what goes wrong, storage, VPN, public Wi-Fi), the contact's number if you pick one (checked, never stored), and which fixes worked.",
  metadata: { iconColor: 4282601983, iconGlyph: 61440, types: [] },
  define(sc) {
    sc.comment(
      "Fix iMessage — finds out why iMessages are not delivered and walks you through the fixes. It remembers where you are in the file " +
        SESSION_FILE +
        " so you can restart your phone and carry on.",
    );
    const base = apiBaseUrl(sc);
    const { radio } = detectNetwork(sc);
    sc.if(v("Network Type"), { is: "none" }, () => {
      // Offline: nothing to ask the API; say what to do instead.
      speak(sc, OFFLINE_SAY);
      showResult(sc, OFFLINE_SHOW);
      stopShortcut(sc);
    });
    resumeSavedSession(sc, base);
    sc.if(v("Resumed"), { isNot: "yes" }, () => startSession(sc, base, radio));
    const first = callDictionary(sc);
    showUpdateHint(sc, first, NAME, "result");
    repairLoop(sc, base);
  },
};
