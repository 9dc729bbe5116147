// The real files: the three built shortcuts (shortcuts/dist, served by the Worker's own route) run
// against the Worker, and the golden Shortcuts-app exports (test/fixtures/shortcuts) as far as their
// actions are known to the interpreter.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runShortcut, type Answer, type PDict, type PlistValue, type RunOptions, type RunSource, type Transcript } from "../support/shortcut-runtime/interpreter";
import { device, VirtualDrive } from "../support/shortcut-runtime/profiles";
import { builtShortcut, goldenShortcut } from "../support/shortcut-runtime/sources";

const worker = (request: Request) => exports.default.fetch(request);
// The API compares the device clock with its own: a run happens "now".
const now = () => ({ now: new Date() });

// ——— The known bug, and how to flip these tests when it is fixed ———
// Today every built shortcut reads the API's error with Get Dictionary Value "error.message" (and
// "error.code"). A successful answer has no "error" key, and iOS evaluates a dotted key whose
// first component is missing as an error (WFKeyPath, docs/shortcuts-runtime.md §1), so each
// shortcut stops with an alert right after its first successful request. The Shortcut definitions
// are being fixed separately. When shortcuts/dist is rebuilt with the fix:
//   1. the `KNOWN BUG` tests below fail — delete them;
//   2. the `it.fails(...)` tests start failing — change `it.fails` to `it`.

/** The alert iOS shows when a shortcut reads "error.message" from an answer without "error". */
export const ERROR_KEY_PATH_ALERT = { message: "In '', no value was found for dictionary key 'error'.", title: "Could not evaluate the key path." };

/** Asserts the run stopped on the error key path right after `requests` successful requests. */
export function expectStoppedOnErrorKeyPath(t: Transcript, requests: number): void {
  expect(t.ended).toBe("error");
  expect(t.error).toMatchObject({ identifier: "is.workflow.actions.getvalueforkey", ...ERROR_KEY_PATH_ALERT });
  expect(t.requests).toHaveLength(requests);
  for (const r of t.requests) expect(r.status).toBeLessThan(300);
}

/**
 * A copy of a built shortcut whose error checks read the "error" dictionary itself instead of
 * the "error.message"/"error.code" key paths: a stand-in for the fix, used only to check that the
 * `works` expectations below are right before the real fix lands.
 */
export function withErrorKeyPathsSimulatedFixed(shortcut: Record<string, PlistValue>): Record<string, PlistValue> {
  const copy = structuredClone(shortcut);
  for (const action of copy.WFWorkflowActions as PDict[]) {
    const params = action.WFWorkflowActionParameters as PDict;
    if (params.WFDictionaryKey === "error.message" || params.WFDictionaryKey === "error.code") params.WFDictionaryKey = "error";
  }
  return copy;
}

// ——— Is iMessage Down ———
async function runIsIMessageDown(runSource: RunSource, options: RunOptions = {}, shortcut?: Record<string, PlistValue>) {
  return runShortcut(shortcut ?? (await builtShortcut("is-imessage-down")), { fetch: worker, runSource, device: device("iphoneWifi", now()), ...options });
}

/** What a working Is iMessage Down does: one GET, a notification with `show`, `say` spoken, nothing asked. */
export function expectIsIMessageDownWorks(t: Transcript, runSource: RunSource): void {
  expect(t.error).toBeUndefined();
  expect(t.ended).toBe("end");
  expect(t.requests).toMatchObject([{ method: "GET", path: "/v1/status?client=is-imessage-down&version=1.0.0", status: 200 }]);
  expect(t.seen).toHaveLength(1);
  expect(t.seen[0]).toMatch(/^iMessage status: Apple/);
  // The API's `say` (no snapshot in tests: Apple's status is unknown), spoken once.
  expect(t.heard).toHaveLength(1);
  expect(t.heard[0]).toMatch(/Apple's status .* Fix iMessage/);
  expect(t.events.some((e) => e.kind === "menu" || e.kind === "prompt" || e.kind === "opened-app")).toBe(false);
  expect(t.warnings).toEqual([]);
  if (runSource === "widget") expect(t.events.map((e) => e.kind)).toEqual(["request", "notification", "spoken"]);
}

describe("Is iMessage Down (shortcuts/dist/is-imessage-down.shortcut)", () => {
  it.each(["app", "siri", "widget"] as const)("KNOWN BUG (today): stops with the key-path alert after its first successful request (%s)", async (source) => {
    const t = await runIsIMessageDown(source);
    expectStoppedOnErrorKeyPath(t, 1);
    expect(t.error?.index).toBe(4);
    expect(t.seen).toEqual([]);
    expect(t.heard).toEqual([]);
  });

  it.fails.each(["app", "siri", "widget"] as const)("works end to end (%s) — flip to `it` when the fix is built", async (source) => {
    expectIsIMessageDownWorks(await runIsIMessageDown(source), source);
  });

  it.each(["app", "siri", "widget"] as const)("the `works` expectation holds for a copy with the error check simulated fixed (%s)", async (source) => {
    const fixed = withErrorKeyPathsSimulatedFixed(await builtShortcut("is-imessage-down"));
    expectIsIMessageDownWorks(await runIsIMessageDown(source, {}, fixed), source);
  });

  it("offline or with a failing network, iOS stops it with the network's alert (no way to continue after a failed request)", async () => {
    const offline = await runIsIMessageDown("widget", { device: device("offline", now()) });
    expect(offline.error).toMatchObject({ index: 2, identifier: "is.workflow.actions.downloadurl", message: "The Internet connection appears to be offline." });
    const timeout = await runIsIMessageDown("siri", { fetch: async () => Promise.reject(Object.assign(new Error("timeout"), { urlError: "timeout" })) });
    expect(timeout.error?.message).toBe("The request timed out.");
    expect(timeout.heard).toEqual([]);
  });
});

// ——— Check iMessage Contact ———
describe("Check iMessage Contact (shortcuts/dist/check-imessage-contact.shortcut)", () => {
  const run = (options: RunOptions = {}, shortcut?: Record<string, PlistValue>) =>
    builtShortcut("check-imessage-contact").then((s) => runShortcut(shortcut ?? s, { fetch: worker, answers: [{ phone: "(415) 555-0100" }], device: device("iphoneWifi", now()), ...options }));

  it("KNOWN BUG (today): sends the picked number and the SIM's region, then stops on the key path", async () => {
    const t = await run();
    expect(JSON.parse(t.requests[0]?.body ?? "")).toEqual({ recipient: "(415) 555-0100", region: "US", client: { shortcut: "check-imessage-contact", version: "1.0.0" } });
    expectStoppedOnErrorKeyPath(t, 1);
  });

  const works = (t: Transcript) => {
    expect(t.ended).toBe("end");
    expect(t.requests).toMatchObject([{ method: "POST", path: "/v1/contact-check", status: 200 }]);
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]).toContain("+14155550100");
  };
  it.fails("works end to end — flip to `it` when the fix is built", async () => works(await run()));
  it("the `works` expectation holds for a copy with the error check simulated fixed", async () => {
    works(await run({}, withErrorKeyPathsSimulatedFixed(await builtShortcut("check-imessage-contact"))));
  });

  it("on a Wi-Fi-only iPad (no SIM) the region is empty; in a widget the contact picker cannot open", async () => {
    const ipad = await run({ device: device("ipadWifiOnly", now()) });
    expect(JSON.parse(ipad.requests[0]?.body ?? "").region).toBe("");
    const widget = await run({ runSource: "widget" });
    expect(widget.error).toMatchObject({ identifier: "is.workflow.actions.selectphone", interpreter: true });
    expect(widget.requests).toEqual([]);
  });
});

// ——— Fix iMessage ———
const SESSION_FILE = "Delivered/fix-imessage-session.txt";
/** Not Delivered, everyone, over 5 GB, no VPN; then "no, my own Wi-Fi" if asked; then "yes" to whatever comes. */
const happyAnswers = (): Answer[] => [{ say: "not delivered" }, { say: "everyone" }, { say: "plenty" }, { say: "no" }, { say: "home" }, ...Array.from({ length: 6 }, () => ({ say: "yes" }))];

async function runFix(options: RunOptions = {}, shortcut?: Record<string, PlistValue>) {
  return runShortcut(shortcut ?? (await builtShortcut("fix-imessage")), { fetch: worker, device: device("iphoneWifi", now()), answers: happyAnswers(), ...options });
}

describe("Fix iMessage (shortcuts/dist/fix-imessage.shortcut)", () => {
  it.each(["iphoneWifi", "iphoneCellular", "ipadWifiOnly", "offline"] as const)("offline it says what to do and stops without a request, or goes on to ask (%s)", async (preset) => {
    const t = await runFix({ device: device(preset, now()) });
    if (preset === "offline") {
      expect(t.ended).toBe("exit");
      expect(t.requests).toEqual([]);
      expect(t.heard).toEqual(["You're offline. Turn off Airplane Mode and connect to Wi-Fi or cellular data, then run Fix iMessage again."]);
      expect(t.seen[0]).toMatch(/^Your iPhone is not connected to the internet/);
    } else {
      expect(t.events.filter((e) => e.kind === "menu").length).toBeGreaterThanOrEqual(4);
      expect(t.requests[0]).toMatchObject({ method: "POST", path: "/v1/sessions" });
    }
  });

  it("sends what the device reports: network type, Wi-Fi signal, carrier, clock with offset and IANA zone", async () => {
    const body = async (preset: Parameters<typeof device>[0]) => JSON.parse((await runFix({ device: device(preset, now()) })).requests[0]?.body ?? "") as { device: unknown; network: { type: string; wifi: unknown; cellular: unknown }; clock: { deviceTime: string; timeZone: string } };
    const wifi = await body("iphoneWifi");
    expect(wifi.network).toMatchObject({ type: "wifi", wifi: { rssi: "-58", public: "false" }, cellular: { carrier: "T-Mobile", radio: "5G NR", countryCode: "US", roaming: "No" }, vpn: "false" });
    expect(wifi.device).toEqual({ os: "iOS", osVersion: "18.2", model: "iPhone" });
    expect(wifi.clock.timeZone).toBe("America/Los_Angeles");
    expect(wifi.clock.deviceTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$/);
    expect((await body("iphoneCellular")).network).toMatchObject({ type: "cellular", wifi: { rssi: "", public: "" } });
    expect((await body("ipadWifiOnly")).network).toMatchObject({ type: "wifi", cellular: { carrier: "", radio: "", countryCode: "", roaming: "" } });
    const mac = await body("macEthernet");
    expect(mac.network.type).toBe("");
    expect(mac.device).toMatchObject({ os: "macOS", model: "Mac" });
    // Where VV is not the IANA zone (unverified on a device), the API gets no time zone.
    const noZone = await runFix({ device: device("iphoneWifi", { ...now(), formatVV: "empty" }) });
    expect(JSON.parse(noZone.requests[0]?.body ?? "").clock.timeZone).toBe("");
  });

  it("KNOWN BUG (today): stops on the key path right after the session is created; its menus' case titles are unreadable", async () => {
    const t = await runFix();
    expect(t.requests).toMatchObject([{ method: "POST", path: "/v1/sessions", status: 201 }]);
    expectStoppedOnErrorKeyPath(t, 1);
    expect(t.warnings.length).toBeGreaterThan(0);
    expect(t.warnings.every((w) => /WFMenuItemAttributedTitle is wrapped/.test(w))).toBe(true);
  });

  /** The whole repair: session created and saved, the fix said and shown, "yes, fixed", the file marked finished. */
  const works = (t: Transcript, drive: VirtualDrive) => {
    expect(t.error).toBeUndefined();
    expect(t.ended).toBe("exit");
    expect(t.requests.map((r) => `${r.method} ${r.path.replace(/\/sessions\/[^/]+/, "/sessions/{id}")} ${r.status}`)).toEqual(["POST /v1/sessions 201", "POST /v1/sessions/{id}/outcome 200"]);
    expect(t.requests[1]?.headers["Idempotency-Key"]).toMatch(/^[^-]+.*-1-[a-z-]+$/);
    expect(drive.files.get(SESSION_FILE)).toBe("finished");
    expect(t.heard.length).toBeGreaterThanOrEqual(2);
  };
  it.fails("works end to end — flip to `it` when the fix is built", async () => {
    const drive = new VirtualDrive();
    works(await runFix({ drive }), drive);
  });
  it("the `works` expectation, for a copy with the error check simulated fixed, meets a second key-path stop: 'next.id' when the API says resolved (next: null)", async () => {
    const drive = new VirtualDrive();
    const t = await runFix({ drive }, withErrorKeyPathsSimulatedFixed(await builtShortcut("fix-imessage")));
    expect(t.requests.map((r) => r.status)).toEqual([201, 200]);
    expect(drive.files.get(SESSION_FILE)).not.toBe("finished");
    expect(t.error).toMatchObject({
      identifier: "is.workflow.actions.getvalueforkey",
      message: "In key path 'next.id', you referenced a value 'id' inside of 'next', which is not an array or dictionary.",
    });
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
