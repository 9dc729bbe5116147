// The real files, run to the end: the three built shortcuts (shortcuts/dist, served by the Worker's
// own route) executed by the interpreter against the Worker, journey by journey, as a person would
// answer them. Where iOS's behaviour is not settled (docs/shortcuts-runtime.md: JSON null, empty text
// as a value, Siri reading Show Result, VV), each journey runs both ways. Then the golden
// Shortcuts-app exports (test/fixtures/shortcuts), as far as their actions are known to the interpreter.
import { exports } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { refreshFeeds } from "../../src/services/refresh";
import { runShortcut, networkFailure, type Answer, type PDict, type PlistValue, type RunOptions, type RunSource, type Semantics, type Transcript } from "../support/shortcut-runtime/interpreter";
import { device, VirtualDrive, type DeviceProfile } from "../support/shortcut-runtime/profiles";
import { builtShortcut, goldenShortcut } from "../support/shortcut-runtime/sources";
import { clearStatus, feedEnv } from "../support/status";

const worker = (request: Request) => exports.default.fetch(request);
/** Where Fix iMessage keeps its session id: the top of the Shortcuts folder (no folder to create, §6). */
const SESSION_FILE = "Delivered Fix iMessage session.txt";
/** What the shortcuts say when an answer isn't Delivered's (an edge's page, a Wi-Fi sign-in page). */
const NOT_AN_ANSWER = /^Delivered's server didn't answer properly just now\./;
// The API compares the device clock with its own: a run happens "now".
const now = () => ({ now: new Date() });

/** The ways iOS may turn out where the code doesn't settle it: the interpreter's defaults, and the other way. */
const BOTH_WAYS: [string, Partial<Semantics>][] = [
  ["as the code suggests", {}],
  ["the other way round", { jsonNull: "item", emptyTextHasValue: true, siriSpeaksShowResult: false, saveCreatesFolders: false }],
];

/** Ran to an end a person expects: no alert, nothing the interpreter had to stop, nothing iOS would mangle. */
function expectClean(t: Transcript): void {
  expect(t.error, JSON.stringify(t.error)).toBeUndefined();
  expect(t.warnings).toEqual([]);
  expect(["end", "exit", "cancelled"]).toContain(t.ended);
}

const paths = (t: Transcript) => t.requests.map((r) => `${r.method} ${r.path.replace(/\/sessions\/[A-Za-z0-9_-]{22}/, "/sessions/{id}").replace(/\?.*$/, "")} ${r.status ?? r.failed}`);

beforeEach(clearStatus);

// ——— Is iMessage Down ———
const snapshots: Record<string, string | null> = {
  unknown: null,
  "no incident": "apple-status/consumer-2021-no-events.json",
  outage: "apple-status/derived-consumer-imessage-outage-ongoing.json",
};

describe("Is iMessage Down: every verdict, as widget and as Siri, finishes with no prompt", () => {
  for (const [verdict, consumer] of Object.entries(snapshots)) {
    for (const source of ["widget", "siri"] as const) {
      for (const [way, semantics] of BOTH_WAYS) {
        it(`${verdict}, ${source}, ${way}`, async () => {
          if (consumer) await refreshFeeds(feedEnv({ consumer }), new Date());
          const t = await runShortcut(await builtShortcut("is-imessage-down"), { fetch: worker, runSource: source, semantics, device: device("iphoneWifi", now()) });
          expectClean(t);
          expect(t.ended).toBe("end");
          expect(paths(t)).toEqual(["GET /v1/status 200"]);
          expect(t.events.some((e) => e.kind === "menu" || e.kind === "prompt" || e.kind === "opened-app")).toBe(false);
          // Heard once, and the same words on the banner.
          expect(t.heard).toHaveLength(1);
          expect(t.seen).toEqual([`iMessage status: ${t.heard[0]}`]);
          const said = t.heard[0]!;
          if (verdict === "outage") expect(said).toMatch(/^Apple reports an iMessage outage, for .* so far\. It's not you/);
          if (verdict === "no incident") expect(said).toMatch(/^Apple reports no iMessage incident\. If your messages still fail, run Fix iMessage\.$/);
          if (verdict === "unknown") expect(said).toMatch(/^Apple's status can't be checked right now/);
        });
      }
    }
  }

  it("an older copy is told, by notification, where the new one is", async () => {
    const old = await builtShortcut("is-imessage-down");
    for (const action of old.WFWorkflowActions as PDict[]) {
      const url = (action.WFWorkflowActionParameters as PDict).WFURL as PDict | undefined;
      if (url) ((url.Value as PDict).string as string) = String((url.Value as PDict).string).replace("version=1.1.0", "version=1.0.0");
    }
    const t = await runShortcut(old, { fetch: worker, runSource: "widget", device: device("iphoneWifi", now()) });
    expectClean(t);
    expect(t.seen.at(-1)).toBe("A new Is iMessage Down is available: Install it from https://delivered.example.workers.dev/shortcuts/is-imessage-down.shortcut");
  });

  it("an edge's HTML error page: a plain sentence, heard and shown, not a key-path alert", async () => {
    const edge = async () => new Response('<html lang="en"><title>502 Bad Gateway</title><body class="cf">Bad gateway</body></html>', { status: 502, headers: { "content-type": "text/html" } });
    for (const [, semantics] of BOTH_WAYS) {
      const t = await runShortcut(await builtShortcut("is-imessage-down"), { fetch: edge, runSource: "siri", semantics, device: device("iphoneWifi", now()) });
      expectClean(t);
      expect(t.heard).toHaveLength(1);
      expect(t.heard[0]).toMatch(NOT_AN_ANSWER);
    }
  });

  it("with no connection at all, iOS stops the request with its own alert: nothing in Shortcuts can catch that (§3)", async () => {
    const t = await runShortcut(await builtShortcut("is-imessage-down"), { fetch: worker, runSource: "widget", device: device("offline", now()) });
    expect(t.error).toMatchObject({ identifier: "is.workflow.actions.downloadurl", message: "The Internet connection appears to be offline." });
  });
});

// ——— Check iMessage Contact ———
describe("Check iMessage Contact", () => {
  const check = (answers: Answer[], profile: DeviceProfile = device("iphoneWifi", now()), semantics: Partial<Semantics> = {}) =>
    builtShortcut("check-imessage-contact").then((s) => runShortcut(s, { fetch: worker, answers, device: profile, semantics }));

  for (const [way, semantics] of BOTH_WAYS) {
    it(`a US contact saved without +1, picked from Contacts (${way})`, async () => {
      const t = await check([{ say: "pick" }, { phone: "(415) 555-0100" }], undefined, semantics);
      expectClean(t);
      expect(JSON.parse(t.requests[0]!.body!)).toEqual({ recipient: "(415) 555-0100", region: "US", client: { shortcut: "check-imessage-contact", version: "1.1.0" } });
      expect(t.seen[0]).toMatch(/\+1 ?415 ?555 ?0100/);
    });
  }

  it("a UK number saved without +44, checked from a US iPhone", async () => {
    const t = await check([{ say: "pick" }, { phone: "07911 123456" }]);
    expectClean(t);
    expect(t.seen[0]).toContain("+44 7911 123456");
  });

  it("an email address, typed", async () => {
    const t = await check([{ say: "type" }, { text: "friend@icloud.com" }]);
    expectClean(t);
    expect(JSON.parse(t.requests[0]!.body!).recipient).toBe("friend@icloud.com");
    expect(t.seen[0]).toMatch(/email/i);
  });

  it.each([["--"], [""], ["65535"]])("a carrier country code of %j is sent as no region, and the API answers", async (code) => {
    const profile = device("iphoneWifi", now());
    const t = await check([{ say: "pick" }, { phone: "(415) 555-0100" }], { ...profile, cellular: profile.cellular.map((c) => ({ ...c, countryCode: code })) });
    expectClean(t);
    expect(JSON.parse(t.requests[0]!.body!).region).toBe("");
    expect(paths(t)).toEqual(["POST /v1/contact-check 200"]);
  });

  it("on a Wi-Fi-only iPad (no SIM) the region is empty too", async () => {
    const t = await check([{ say: "pick" }, { phone: "+1 415 555 0100" }], device("ipadWifiOnly", now()));
    expectClean(t);
    expect(JSON.parse(t.requests[0]!.body!).region).toBe("");
  });
});

// ——— Fix iMessage ———
interface Person {
  symptom?: string;
  /** For activation: how long it has been ("a few hours", "more than a day"). */
  waited?: string;
  scope?: string;
  /** Answer to "Did that fix it?" at outcome number n (1-based), for the fix shown. */
  outcome?: (n: number, shown: string) => "yes" | "no" | "skip" | "can't" | "stop";
  backupFinished?: boolean;
  resume?: "continue" | "start over";
}

/** A person who answers by what is asked: the symptom, everyone, plenty of storage, no VPN, home Wi-Fi, "yes, do it" to offers. */
function person(p: Person = {}): RunOptions["respond"] {
  let outcomes = 0;
  return ({ action, prompt, items, seen }) => {
    if (action === "selectphone") return { phone: "+1 415 555 0100" };
    if (prompt.startsWith("What happens")) return { say: p.symptom ?? "not delivered" };
    if (prompt.startsWith("How long")) return { say: p.waited ?? "more than a day" };
    if (prompt.startsWith("Does it happen")) return { say: p.scope ?? "everyone" };
    if (prompt.startsWith("How much storage")) return { say: "plenty" };
    if (prompt.startsWith("Is a VPN")) return { say: "no" };
    if (prompt.startsWith("Is this Wi-Fi public")) return { say: "home" };
    if (prompt.startsWith("You started fixing")) return { say: p.resume === "start over" ? "start over" : "continue" };
    if (prompt.startsWith("Did the backup finish")) {
      outcomes++;
      return { say: p.backupFinished === false ? "no" : "yes" };
    }
    if (prompt.startsWith("Did that fix it")) {
      const answer = p.outcome?.(++outcomes, seen.at(-1) ?? "") ?? "no";
      return answer === "stop" ? { cancel: true } : { say: answer };
    }
    if (prompt.startsWith("Is it working now")) return { say: "no" };
    if (/^Should I/.test(prompt)) return { say: "yes" };
    throw new Error(`unexpected prompt: ${prompt} (${items.join(" / ")})`);
  };
}

async function runFix(options: RunOptions & { person?: Person } = {}) {
  return runShortcut(await builtShortcut("fix-imessage"), { fetch: worker, device: device("iphoneWifi", now()), respond: person(options.person), maxActions: 20_000, ...options });
}

/** The fix each step showed: "Next: <title> (about …)". */
const stepsShown = (t: Transcript) => t.events.flatMap((e) => (e.kind === "shown" ? [/Next: (.*) \(about/.exec(e.text)?.[1]] : [])).filter(Boolean);

describe("Fix iMessage, whole journeys", () => {
  for (const [way, semantics] of BOTH_WAYS) {
    it(`an iPhone on Wi-Fi, resolved at step 3 (${way})`, async () => {
      const drive = new VirtualDrive();
      const t = await runFix({ drive, semantics, person: { outcome: (n) => (n === 3 ? "yes" : "no") } });
      expectClean(t);
      expect(t.ended).toBe("exit");
      expect(paths(t)).toEqual(["GET /healthz 200", "POST /v1/sessions 201", "POST /v1/sessions/{id}/outcome 200", "POST /v1/sessions/{id}/outcome 200", "POST /v1/sessions/{id}/outcome 200"]);
      expect(stepsShown(t)).toHaveLength(3);
      expect(t.seen.at(-1)).toMatch(/^Apple: .*\n\nFixed\./s);
      expect(drive.files.get(SESSION_FILE)).toBe("finished");
      // The outcome for each step names the fix shown, with a key that makes retries harmless.
      const outcomes = t.requests.filter((r) => r.path.endsWith("/outcome"));
      expect(outcomes.map((r) => JSON.parse(r.body!).outcome)).toEqual(["not_fixed", "not_fixed", "fixed"]);
      outcomes.forEach((r, i) => expect(r.headers["Idempotency-Key"]).toMatch(new RegExp(`^[A-Za-z0-9_-]{22}-${i + 1}-[a-z-]+$`)));
    });
  }

  it("run by Siri: each step heard once, and Airplane Mode toggled only after leaving Siri", async () => {
    const t = await runFix({ runSource: "siri", person: { outcome: (n) => (n === 3 ? "yes" : "no") } });
    expectClean(t);
    const repeated = t.heard.filter((line, i) => t.heard.indexOf(line) !== i && !/^(Did that fix it|Should I)/.test(line));
    expect(repeated).toEqual([]);
    expect(t.events.some((e) => e.kind === "spoken" && e.by === "speaktext")).toBe(false);
    const kinds = t.events.map((e) => e.kind);
    if (kinds.includes("airplane-mode")) expect(kinds.indexOf("siri-dismissed")).toBeLessThan(kinds.indexOf("airplane-mode"));
    expect(t.events.filter((e) => e.kind === "airplane-mode").map((e) => (e as { on: boolean }).on)).toEqual([true, false]);
  });

  it("a repair walked to the end: every fix answered 'no', the backup confirmed, then exhausted", async () => {
    const drive = new VirtualDrive();
    const t = await runFix({ drive });
    expectClean(t);
    expect(t.ended).toBe("exit");
    const shown = stepsShown(t);
    expect(shown.at(-1)).toBe("Get your iPhone checked by Apple");
    expect(shown).toContain("Restore your iPhone in DFU mode");
    expect(shown.indexOf("Back up your iPhone")).toBeLessThan(shown.indexOf("Restore your iPhone in DFU mode"));
    expect(t.seen.at(-1)).toContain("Every fix has been tried");
    // The backup step asked whether it finished, and sent the person's yes.
    const backup = t.requests.find((r) => r.body?.includes('"back-up-iphone"'));
    expect(JSON.parse(backup!.body!)).toMatchObject({ fix: "back-up-iphone", outcome: "not_fixed", confirmed: "true" });
    // The wait the API asks for (30 seconds to let iMessage deregister) was timed.
    expect(t.events).toContainEqual({ kind: "delay", seconds: 30 });
    expect(drive.files.get(SESSION_FILE)).toBe("finished");
  });

  it("an unfinished backup never leads to the erase", async () => {
    const t = await runFix({ person: { backupFinished: false } });
    expectClean(t);
    expect(stepsShown(t)).not.toContain("Restore your iPhone in DFU mode");
    expect(JSON.parse(t.requests.find((r) => r.body?.includes('"back-up-iphone"'))!.body!)).toMatchObject({ outcome: "cannot_do", confirmed: "false" });
  });

  it("a resumed session: stopped after a step, then picked up from the saved file", async () => {
    const drive = new VirtualDrive();
    const first = await runFix({ drive, person: { outcome: (n) => (n === 2 ? "stop" : "no") } });
    expect(first.ended).toBe("cancelled");
    const sessionId = drive.files.get(SESSION_FILE);
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const before = stepsShown(first);

    const second = await runFix({ drive, person: { outcome: () => "yes" } });
    expectClean(second);
    expect(paths(second)).toEqual(["GET /healthz 200", "GET /v1/sessions/{id} 200", "POST /v1/sessions/{id}/outcome 200"]);
    expect(stepsShown(second)[0]).toBe(before[1]);
    expect(drive.files.get(SESSION_FILE)).toBe("finished");

    // A third run doesn't offer to resume a finished repair.
    const third = await runFix({ drive, person: { outcome: () => "yes" } });
    expect(third.events.some((e) => e.kind === "menu" && e.prompt.startsWith("You started"))).toBe(false);
  });

  it("a saved session that has ended (expired) starts a new one", async () => {
    const drive = new VirtualDrive();
    drive.files.set(SESSION_FILE, "AAAAAAAAAAAAAAAAAAAAAA");
    const t = await runFix({ drive, person: { outcome: () => "yes" } });
    expectClean(t);
    expect(paths(t).slice(0, 3)).toEqual(["GET /healthz 200", "GET /v1/sessions/{id} 404", "POST /v1/sessions 201"]);
    expect(t.seen).toContain("That repair has ended, so let's start a new one.");
  });

  it("during an Apple outage: wait first, then another way to reach people, never 'exhausted'", async () => {
    await refreshFeeds(feedEnv({ consumer: "apple-status/derived-consumer-imessage-outage-ongoing.json" }), new Date());
    const t = await runFix({ person: { outcome: (n) => (n === 8 ? "stop" : "no") } });
    expect(t.ended).toBe("cancelled");
    expect(t.error).toBeUndefined();
    const shown = stepsShown(t);
    expect(shown.slice(0, 2)).toEqual(["Wait for Apple to fix iMessage", "Reach people another way for now"]);
    expect(t.seen.join("\n")).not.toMatch(/Contact Apple Support|Every fix has been tried|DFU|Reset network settings/);
  });

  it("offline: the steps that need no server, then stop, without a single request", async () => {
    for (const [, semantics] of BOTH_WAYS) {
      const t = await runFix({ device: device("offline", now()), semantics });
      expectClean(t);
      expect(t.ended).toBe("exit");
      expect(t.requests).toEqual([]);
      expect(t.seen[0]).toMatch(/^Your device isn't connected to the internet/);
      expect(t.events.filter((e) => e.kind === "airplane-mode")).toHaveLength(2);
      expect(t.seen.at(-1)).toMatch(/restart your device/);
    }
  });

  it("the API down behind a Wi-Fi sign-in page or the edge: the offline path, not a key-path alert", async () => {
    const portal = async () => new Response('<html><head><meta http-equiv="refresh" content="0;url=https://login.hotel.example/"></head></html>', { headers: { "content-type": "text/html" } });
    for (const [, semantics] of BOTH_WAYS) {
      const t = await runFix({ fetch: portal, semantics });
      expectClean(t);
      expect(paths(t)).toEqual(["GET /healthz 200"]);
      expect(t.seen[0]).toMatch(/^Delivered's server can't be reached from this network/);
    }
  });

  it("an HTML 502 from the edge after the health check: a plain sentence and a clean stop", async () => {
    const edge = async (request: Request) =>
      new URL(request.url).pathname === "/healthz"
        ? worker(request)
        : new Response('<!DOCTYPE html><html lang="en-US"><head><title>502 Bad gateway</title></head><body><div id="cf-wrapper">Error 502</div></body></html>', { status: 502, headers: { "content-type": "text/html" } });
    for (const [, semantics] of BOTH_WAYS) {
      const t = await runFix({ fetch: edge, semantics });
      expectClean(t);
      expect(t.ended).toBe("exit");
      expect(paths(t)).toEqual(["GET /healthz 200", "POST /v1/sessions 502"]);
      expect(t.seen.at(-1)).toMatch(NOT_AN_ANSWER);
    }
  });

  it("a server that can't be reached at all stops at the health check with iOS's alert, before asking anything (§3)", async () => {
    const t = await runFix({ fetch: async () => Promise.reject(networkFailure("dns")) });
    expect(t.error).toMatchObject({ identifier: "is.workflow.actions.downloadurl", message: "A server with the specified hostname could not be found." });
    expect(t.events.some((e) => e.kind === "menu")).toBe(false);
  });

  it("a Wi-Fi-only iPad: walked to the end with an iPad's steps, no texts, carrier or SIM", async () => {
    const t = await runFix({ device: device("ipadWifiOnly", now()) });
    expectClean(t);
    const body = JSON.parse(t.requests.find((r) => r.path === "/v1/sessions")!.body!);
    expect(body.device).toMatchObject({ os: "iPadOS", model: "iPad" });
    const shown = stepsShown(t);
    expect(shown).toContain("Force restart your iPad");
    expect(shown).toContain("Turn on Text Message Forwarding");
    expect(shown.join(" ")).not.toMatch(/carrier|SIM|Send it as a text|Send as Text Message/);
    expect(shown.at(-1)).toBe("Get your iPad checked by Apple");
  });

  it("a Mac on Ethernet: a Mac's steps, never Airplane Mode", async () => {
    const t = await runFix({ device: device("macEthernet", now()) });
    expectClean(t);
    const shown = stepsShown(t);
    expect(shown).toContain("Restart your Mac");
    expect(shown.join(" ")).not.toMatch(/Airplane|SIM|carrier|DFU|iPhone/);
    expect(t.events.some((e) => e.kind === "airplane-mode")).toBe(false);
    expect(shown.at(-1)).toBe("Get your Mac checked by Apple");
  });

  it("activation waiting: the hour-long wait is not timed by the shortcut; it says to come back, and the session is kept", async () => {
    const drive = new VirtualDrive();
    const t = await runFix({ drive, person: { symptom: "waiting", waited: "a few hours" } });
    expectClean(t);
    expect(t.seen.at(-1)).toBe("This takes a while. Run Fix iMessage again later: it picks up right here.");
    expect(drive.files.get(SESSION_FILE)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(t.events.some((e) => e.kind === "delay" && e.seconds > 120)).toBe(false);
  });

  it("one contact: the number is sent once, and Messages opens with digits and + only", async () => {
    const t = await runShortcut(await builtShortcut("fix-imessage"), {
      fetch: worker,
      device: device("iphoneWifi", now()),
      maxActions: 20_000,
      respond: (asked) => (asked.action === "selectphone" ? { phone: "(415) 555-0100" } : person({ scope: "one person", outcome: (n) => (n === 2 ? "yes" : "no") })!(asked)),
    });
    expectClean(t);
    expect(t.events).toContainEqual({ kind: "url-opened", url: "sms:4155550100" });
  });

  it("sends what each device reports: network type, Wi-Fi signal, carrier, clock with offset and zone (VV either way)", async () => {
    const body = async (profile: DeviceProfile) => {
      const t = await runFix({ device: profile, person: { outcome: () => "yes" } });
      expectClean(t);
      return JSON.parse(t.requests.find((r) => r.path === "/v1/sessions")!.body!) as { device: unknown; network: { type: string; wifi: unknown; cellular: unknown }; clock: { deviceTime: string; timeZone: string } };
    };
    const wifi = await body(device("iphoneWifi", now()));
    expect(wifi.network).toMatchObject({ type: "wifi", wifi: { rssi: "-58", public: "false" }, cellular: { carrier: "T-Mobile", radio: "5G NR", countryCode: "US", roaming: "No" }, vpn: "false" });
    expect(wifi.device).toEqual({ os: "iOS", osVersion: "18.2", model: "iPhone" });
    expect(wifi.clock.timeZone).toBe("America/Los_Angeles");
    expect(wifi.clock.deviceTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$/);
    expect((await body(device("iphoneCellular", now()))).network).toMatchObject({ type: "cellular", wifi: { rssi: "", public: "" } });
    expect((await body(device("iphoneCellular", { ...now(), rssiWhenDisconnected: "zero" }))).network).toMatchObject({ type: "cellular" });
    expect((await body(device("ipadWifiOnly", now()))).network).toMatchObject({ type: "wifi", cellular: { carrier: "", radio: "", countryCode: "", roaming: "" } });
    const mac = await body(device("macEthernet", now()));
    expect(mac.network.type).toBe("");
    expect(mac.device).toMatchObject({ os: "macOS", model: "Mac" });
    // Where VV is not the IANA zone (unverified on a device), the API gets no zone and still answers.
    expect((await body(device("iphoneWifi", { ...now(), formatVV: "empty" }))).clock.timeZone).toBe("");
  });

  it("the built file has no dotted key and no wrapped menu title", async () => {
    const plist = await builtShortcut("fix-imessage");
    for (const action of plist.WFWorkflowActions as PDict[]) {
      const p = action.WFWorkflowActionParameters as PDict;
      if (typeof p.WFDictionaryKey === "string") expect(p.WFDictionaryKey).not.toContain(".");
      expect(p).not.toHaveProperty("WFMenuItemAttributedTitle");
    }
  });
});

// ——— The golden exports (real Shortcuts-app files) ———
describe("golden exports", () => {
  it("strictly, each stops at its first action the interpreter does not know", async () => {
    const first = async (file: string) => (await runShortcut(await goldenShortcut(file))).error;
    expect(await first("golden-ef669bcf-v710-downloadurl-dictionary-showresult.xml")).toMatchObject({ index: 3, identifier: "is.workflow.actions.base64encode", interpreter: true });
    expect(await first("golden-2e0fb675-v1146-dictionary-repeat-formatdate-if.xml")).toMatchObject({ index: 4, identifier: "is.workflow.actions.choosefromlist", interpreter: true });
    expect(await first("golden-6a18b768-v1306-downloadurl-headers-if-devicedetails.xml")).toMatchObject({ index: 7, identifier: "is.workflow.actions.detect.link", interpreter: true });
  });

  it("ef669bcf (Toggl, iOS 12): dictionary, POST with a nested JSON body and Basic auth, implicit inputs, Show Result", async () => {
    let request: { url: string; auth: string | null; body: unknown } | undefined;
    const toggl = async (r: Request) => {
      request = { url: r.url, auth: r.headers.get("authorization"), body: await r.json() };
      return new Response('{"data":{"id":1,"description":"Workflow Corner"}}', { headers: { "content-type": "application/json; charset=utf-8" } });
    };
    const t = await runShortcut(await goldenShortcut("golden-ef669bcf-v710-downloadurl-dictionary-showresult.xml"), {
      fetch: toggl,
      stubs: { "is.workflow.actions.base64encode": (_p, read) => [btoa(read.input.map(String).join(""))] },
    });
    expect(t.ended).toBe("end");
    expect(request).toEqual({
      url: "https://www.toggl.com/api/v8/time_entries/start",
      auth: `Basic ${btoa("email:password")}`,
      body: { time_entry: { description: "Workflow Corner", pid: "PASTE PROJECT ID HERE", created_with: "Workflow", tags: ["PASTE TAG HERE"], tid: "PASTE TASK ID HERE" } },
    });
    expect(t.seen).toEqual(["Your timer 'Workflow Corner' was started."]);
  });

  it("2e0fb675 (days in a month, iOS 13): dictionary keys, Repeat over a number, If, Format Date EEEE, with stubs for list/choose/date/match/math", async () => {
    const t = await runShortcut(await goldenShortcut("golden-2e0fb675-v1146-dictionary-repeat-formatdate-if.xml"), {
      answers: [],
      stubs: {
        "is.workflow.actions.choosefromlist": (p, read) => [read.items(p.WFInput).find((i) => i === "February" || i === "Monday") ?? ""],
        "is.workflow.actions.list": (p) => (Array.isArray(p.WFItems) ? p.WFItems.map(String) : []),
        "is.workflow.actions.date": (p, read) => [new Date(`${read.text(p.WFDateActionDate).replace(/^(\w+) (\d+) (\d+)$/, "$1 $2, $3")} 12:00`)],
        "is.workflow.actions.text.match": (p, read) => (read.text(p.text) === read.text(p.WFMatchTextPattern) ? [read.text(p.text)] : []),
        "is.workflow.actions.math": (p, read) => [Number(read.text(p.WFMathOperand)) + Number(read.text(p.WFInput))],
      },
      device: device("iphoneWifi", { now: new Date("2026-03-01T12:00:00Z"), timeZone: "UTC" }),
    });
    expect(t.ended).toBe("end");
    expect(t.seen).toEqual(["February 2026\n4 iterations of Monday"]);
  });

  it("6a18b768 (Mastodon, iOS 16), its post branch: Bearer header token at {7, 1}, array → items, coercion aggrandizement, Open URL", async () => {
    const golden = await goldenShortcut("golden-6a18b768-v1306-downloadurl-headers-if-devicedetails.xml");
    const all = golden.WFWorkflowActions as PDict[];
    // The part from the API call on, after the token and the instance URL (import questions) and the post's URL.
    const setup: PDict[] = [
      { WFWorkflowActionIdentifier: "is.workflow.actions.gettext", WFWorkflowActionParameters: { UUID: "07DF77BD-13D5-49E5-A58D-0F9FD0907B74", WFTextActionText: "TOKEN" } },
      { WFWorkflowActionIdentifier: "is.workflow.actions.gettext", WFWorkflowActionParameters: { UUID: "I", WFTextActionText: "https://home.example" } },
      { WFWorkflowActionIdentifier: "is.workflow.actions.setvariable", WFWorkflowActionParameters: { WFVariableName: "Your Mastodon Instance", WFInput: { Value: { Type: "ActionOutput", OutputUUID: "I" }, WFSerializationType: "WFTextTokenAttachment" } } },
      { WFWorkflowActionIdentifier: "is.workflow.actions.gettext", WFWorkflowActionParameters: { UUID: "P", WFTextActionText: "https://other.example/@ana/111" } },
      { WFWorkflowActionIdentifier: "is.workflow.actions.setvariable", WFWorkflowActionParameters: { WFVariableName: "Input URL", WFInput: { Value: { Type: "ActionOutput", OutputUUID: "P" }, WFSerializationType: "WFTextTokenAttachment" } } },
    ];
    let seen: { url: string; auth: string | null } | undefined;
    const mastodon = async (r: Request) => {
      seen = { url: r.url, auth: r.headers.get("authorization") };
      return new Response(JSON.stringify({ statuses: [{ id: "222", account: { acct: "ana@other.example" } }, { id: "333", account: { acct: "x" } }] }), { headers: { "content-type": "application/json; charset=utf-8" } });
    };
    const t = await runShortcut({ WFWorkflowActions: [...setup, ...all.slice(68, 80)] as PlistValue[] }, { fetch: mastodon });
    expect(seen).toEqual({ url: "https://home.example/api/v2/search?q=https://other.example/@ana/111&type=statuses&resolve=true", auth: "Bearer TOKEN" });
    expect(t.ended).toBe("end");
    expect(t.events.at(-1)).toEqual({ kind: "url-opened", url: "https://home.example/@ana@other.example/222" });
  });
});
