// "Fix iMessage": the guided repair. It gathers what the device can tell, asks the rest with short
// spoken-friendly menus, starts a session with the API, then walks through the fixes the API
// prescribes one at a time, doing the ones a shortcut can do, until one works or none are left.
// The session id is saved to a file so a run after a restart picks up where it stopped.
//
// How iOS runs it (docs/shortcuts-runtime.md): answers are read one key per action and tested before
// going deeper (§1); a request that can't reach any server stops the run with iOS's alert, so the
// network is checked first and then whether Delivered's server answers (§3, §7); each step is shown
// once with Show Result, which Siri reads aloud when it runs the shortcut, and nothing is also spoken
// (§5); Airplane Mode is toggled only after Dismiss Siri, so it never cuts Siri off mid-run (§5).
import {
  cellularDetail,
  deviceDetail,
  dismissSiri,
  formatDateCustom,
  formatDateIso8601,
  getFile,
  openUrl,
  replaceText,
  saveFile,
  selectPhoneNumber,
  setAirplaneMode,
  showResult,
  stopShortcut,
  valueForKey,
  wait,
  wifiDetail,
  getContentsOfUrl,
  dictionaryFrom,
} from "../builder/actions.ts";
import type { ShortcutBuilder } from "../builder/shortcut.ts";
import { currentDate, joinText, namedVariable, repeatIndex, type Ref, type TextPart } from "../builder/values.ts";
import { apiBaseUrl, callApi, serverAnswers, showUpdateHint, type ShortcutDefinition } from "./common.ts";

const SLUG = "fix-imessage";
const VERSION = "1.1.0";
const NAME = "Fix iMessage";
/**
 * In the Shortcuts folder of iCloud Drive, at its top level: holds the session id, or "finished".
 * (Save File creates a missing folder, §6, but a top-level file needs no folder at all.)
 */
export const SESSION_FILE = "Delivered Fix iMessage session.txt";
const FINISHED = "finished";
/** More rounds than the API has fixes: the loop ends when the API says resolved or exhausted. */
const MAX_ROUNDS = 40;
const AIRPLANE_SECONDS_DEFAULT = 10;
/** A wait this short the shortcut times itself; a longer one (activation: an hour) means "come back later". */
const LONGEST_WAIT_SECONDS = 120;

const NO_NETWORK =
  "Your device isn't connected to the internet, and iMessage needs it.\n\n" +
  "1. Open Control Center and make sure Airplane Mode is off.\n" +
  "2. Turn on Wi-Fi and join a network, or turn on Cellular Data.\n" +
  "3. Open a web page in Safari to check that it loads.";
const NO_SERVER =
  "Delivered's server can't be reached from this network right now, so let's check your connection first.\n\n" +
  "1. Open Safari and load a web page. If a sign-in page appears (hotels, airports, trains), sign in.\n" +
  "2. If nothing loads, turn Wi-Fi off and on, or switch to Cellular Data.\n" +
  "3. Turn off any VPN for now.";
const RESTART =
  "Still no luck: restart your device (on an iPhone: press Volume Up, then Volume Down, then hold the Side button until the Apple logo appears). " +
  "Once you're online, run Fix iMessage again: it checks the rest.";

const client = { shortcut: SLUG, version: VERSION };
const v = namedVariable;

/** A menu whose every item stores one value in a variable. */
function ask(sc: ShortcutBuilder, variable: string, prompt: TextPart, choices: Array<[title: string, value: string, synonyms: string[]]>): void {
  sc.menu(
    prompt,
    choices.map(([title, value, synonyms]) => ({ title, synonyms, body: () => sc.setVariable(variable, value) })),
  );
}

function detectNetwork(sc: ShortcutBuilder): { radio: Ref } {
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
  return { radio };
}

/** Asks whether it works now; "yes" ends the run on a happy note. */
function workingNow(sc: ShortcutBuilder): void {
  sc.menu("Is it working now?", [
    {
      title: "Yes, it works",
      synonyms: ["yes", "it works", "working"],
      body: () => {
        showResult(sc, "Great. If messages fail again, run Fix iMessage.");
        stopShortcut(sc);
      },
    },
    { title: "No, not yet", synonyms: ["no", "not yet", "still not"], body: () => {} },
  ]);
}

/** Turns Airplane Mode on and off, after leaving Siri: switching the radios off would cut Siri off (§5). */
function toggleAirplaneMode(sc: ShortcutBuilder, seconds: Ref | number): void {
  dismissSiri(sc);
  setAirplaneMode(sc, true);
  wait(sc, seconds);
  setAirplaneMode(sc, false);
  wait(sc, 10); // time to reconnect before the person tries again
}

/** No connection, or Delivered's server doesn't answer: the steps that need no server, then stop. */
function offlineWalk(sc: ShortcutBuilder, model: Ref, intro: string): void {
  showResult(sc, intro);
  workingNow(sc);
  sc.if(model, { isNot: "Mac" }, () => {
    sc.menu("Should I turn Airplane Mode on and off for you? That gives your device a fresh connection.", [
      { title: "Yes, do it for me", synonyms: ["yes", "do it"], body: () => toggleAirplaneMode(sc, AIRPLANE_SECONDS_DEFAULT) },
      {
        title: "I'll do it myself",
        synonyms: ["no", "myself"],
        body: () => showResult(sc, "Open Control Center, turn on Airplane Mode, wait 10 seconds, then turn it off."),
      },
    ]);
    workingNow(sc);
  });
  showResult(sc, RESTART);
  stopShortcut(sc);
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
            const response = getContentsOfUrl(sc, "Saved Session Response", {
              url: [base, "/v1/sessions/", savedId, `?client=${SLUG}&version=${VERSION}`],
              method: "GET",
            });
            const answer = dictionaryFrom(sc, "Saved Session State", response);
            // A session that ended (404 envelope) or an answer that isn't Delivered's has no `session`.
            const session = valueForKey(sc, "Saved Session Info", answer, "session");
            sc.if(
              session,
              "hasAnyValue",
              () => {
                sc.setVariable("Response", answer);
                sc.setVariable("Session ID", savedId);
                sc.setVariable("Resumed", "yes");
              },
              () => showResult(sc, "That repair has ended, so let's start a new one."),
            );
          },
        },
        { title: "Start over", synonyms: ["no", "start over", "new"], body: () => {} },
      ]);
    });
  });
}

function startSession(sc: ShortcutBuilder, base: Ref, model: Ref, radio: Ref): void {
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
    ["Green texts or photos won't send", "sms_mms_failing", ["texts", "photos", "picture messages", "MMS"]],
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
  ask(sc, "Free Space", joinText(["How much storage is free on your ", model, "? Settings, General, Storage shows it."]), [
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

  const answer = callApi(
    sc,
    "New Session",
    {
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
    },
    "result",
  );
  const session = valueForKey(sc, "New Session Info", answer, "session");
  const sessionId = valueForKey(sc, "New Session ID", session, "id");
  sc.setVariable("Session ID", sessionId);
  saveFile(sc, "Saved Session ID", sessionId, SESSION_FILE);
  sc.setVariable("Response", answer);
}

/** Offers to do the fix when a shortcut can: Airplane Mode, a timed wait, a page, Messages. */
function offerToDoIt(sc: ShortcutBuilder, next: Ref): void {
  const action = valueForKey(sc, "Fix Action", next, "action");
  const kind = valueForKey(sc, "Action Kind", action, "kind");
  const seconds = valueForKey(sc, "Action Seconds", action, "seconds");
  sc.if(kind, { is: "toggle_airplane_mode" }, () => {
    sc.menu("Should I turn Airplane Mode on, wait, and turn it off again for you?", [
      {
        title: "Yes, do it for me",
        synonyms: ["yes", "do it"],
        body: () => {
          sc.setVariable("Seconds", String(AIRPLANE_SECONDS_DEFAULT));
          sc.if(seconds, "hasAnyValue", () => sc.setVariable("Seconds", seconds));
          toggleAirplaneMode(sc, v("Seconds"));
          showResult(sc, "Airplane Mode is off again. Send your message once more, then tell me how it went.");
        },
      },
      { title: "I'll do it myself", synonyms: ["no", "myself"], body: () => {} },
    ]);
  });
  sc.if(kind, { is: "wait" }, () => {
    sc.if(
      seconds,
      { atMost: LONGEST_WAIT_SECONDS },
      () =>
        sc.menu(joinText(["Should I time the ", seconds, " seconds for you?"]), [
          {
            title: "Yes, time it",
            synonyms: ["yes", "time it"],
            body: () => {
              wait(sc, seconds);
              showResult(sc, "Time's up: carry on with the next step.");
            },
          },
          { title: "No, thanks", synonyms: ["no"], body: () => {} },
        ]),
      () => {
        // Activation can take hours: the session is saved, so the person comes back later.
        showResult(sc, "This takes a while. Run Fix iMessage again later: it picks up right here.");
        stopShortcut(sc);
      },
    );
  });
  sc.if(kind, { is: "open_url" }, () => {
    sc.menu("Should I open the right place for you?", [
      { title: "Yes, open it", synonyms: ["yes", "open"], body: () => openUrl(sc, "Fix Link", valueForKey(sc, "Fix URL", action, "url")) },
      { title: "No, thanks", synonyms: ["no"], body: () => {} },
    ]);
  });
  sc.if(kind, { is: "send_as_text" }, () => {
    sc.menu("Should I open Messages so you can send it as a text message?", [
      {
        title: "Yes, open Messages",
        synonyms: ["yes", "open"],
        // The number as saved ("(415) 555-0100") isn't a valid sms: address: keep digits and +.
        body: () => openUrl(sc, "Messages Link", "sms:", replaceText(sc, "Recipient Digits", v("Recipient"), "[^0-9+]", "")),
      },
      { title: "No, thanks", synonyms: ["no"], body: () => {} },
    ]);
  });
}

/** How the step went: the four outcomes, or, for the backup, whether it finished (only a yes unlocks an erase). */
function askOutcome(sc: ShortcutBuilder, fixId: Ref): void {
  sc.setVariable("Confirmed", "");
  sc.if(
    fixId,
    { is: "back-up-iphone" },
    () =>
      sc.menu("Did the backup finish?", [
        {
          title: "Yes, it finished",
          synonyms: ["yes", "finished", "done"],
          body: () => {
            sc.setVariable("Outcome", "not_fixed");
            sc.setVariable("Confirmed", "true");
          },
        },
        {
          title: "No, it didn't",
          synonyms: ["no", "not yet", "it didn't"],
          body: () => {
            sc.setVariable("Outcome", "cannot_do");
            sc.setVariable("Confirmed", "false");
          },
        },
        { title: "Skip this step", synonyms: ["skip", "next"], body: () => sc.setVariable("Outcome", "skipped") },
      ]),
    () =>
      ask(sc, "Outcome", "Did that fix it?", [
        ["Yes, it's fixed", "fixed", ["yes", "fixed", "it worked"]],
        ["No, still not working", "not_fixed", ["no", "not fixed", "still broken"]],
        ["Skip this step", "skipped", ["skip", "next"]],
        ["I can't do this", "cannot_do", ["can't", "cannot", "I can't"]],
      ]),
  );
}

function repairLoop(sc: ShortcutBuilder, base: Ref): void {
  sc.repeat(MAX_ROUNDS, () => {
    const step = sc.output("Current Step", "detect.dictionary", { WFInput: v("Response") });
    const show = valueForKey(sc, "Shown", step, "show");
    // `next` is null once the repair is resolved or nothing is left: read it, then its id (§1).
    const next = valueForKey(sc, "Next Fix", step, "next");
    const fixId = valueForKey(sc, "Fix", next, "id");
    sc.if(fixId, "hasNoValue", () => {
      // Resolved, or no fix left: the API's text says which. Forget the session either way.
      showResult(sc, show);
      saveFile(sc, "Finished Marker", sc.text("Finished", FINISHED), SESSION_FILE);
      stopShortcut(sc);
    });
    showResult(sc, show);
    offerToDoIt(sc, next);
    askOutcome(sc, fixId);
    const answer = callApi(
      sc,
      "Outcome",
      {
        url: [base, "/v1/sessions/", v("Session ID"), "/outcome"],
        method: "POST",
        // A retried request with the same key changes nothing on the server.
        headers: { "Idempotency-Key": joinText([v("Session ID"), "-", repeatIndex(), "-", fixId]) },
        json: { fix: fixId, outcome: v("Outcome"), confirmed: v("Confirmed"), client },
      },
      "result",
    );
    sc.setVariable("Response", answer);
  });
  showResult(sc, "That's enough for one go. Run Fix iMessage again to pick up where you left off.");
}

export const fixIMessage: ShortcutDefinition = {
  slug: SLUG,
  name: NAME,
  version: VERSION,
  description:
    "The guided repair: checks your device and network, asks a few questions, then walks you through one fix at a time until iMessage says Delivered.",
  sends:
    "Your device type and system version, the time and time zone, your network type, Wi-Fi signal strength, carrier and roaming state, your answers (what goes wrong, storage, VPN, public Wi-Fi), the contact's number if you pick one (checked, never stored), and which fixes worked.",
  metadata: { iconColor: 4282601983, iconGlyph: 61440, types: [] },
  define(sc, { apiUrl }) {
    sc.comment(
      `Fix iMessage — finds out why iMessages are not delivered and walks you through the fixes. It remembers where you are in the file "${SESSION_FILE}" in the Shortcuts folder, so you can restart your phone and carry on.`,
    );
    const base = apiBaseUrl(sc, apiUrl);
    const model = deviceDetail(sc, "Device Model", "Device Model");
    const { radio } = detectNetwork(sc);
    // Offline: a request would end in iOS's own alert (§3). Walk the steps that need no server.
    sc.if(v("Network Type"), { is: "none" }, () => offlineWalk(sc, model, NO_NETWORK));
    const answers = serverAnswers(sc, base);
    sc.if(answers, "hasNoValue", () => offlineWalk(sc, model, NO_SERVER));
    resumeSavedSession(sc, base);
    sc.if(v("Resumed"), { isNot: "yes" }, () => startSession(sc, base, model, radio));
    showUpdateHint(sc, sc.output("First Step", "detect.dictionary", { WFInput: v("Response") }), NAME, "result");
    repairLoop(sc, base);
  },
};
