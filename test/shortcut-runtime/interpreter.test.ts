// The interpreter itself: iOS's rules as docs/shortcuts-runtime.md found them, on small hand-made shortcuts.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  networkFailure,
  runShortcut,
  shortcutOf,
  type Answer,
  type PDict,
  type PlistValue,
  type RunOptions,
} from "../support/shortcut-runtime/interpreter";
import { device, VirtualDrive } from "../support/shortcut-runtime/profiles";

// ——— tiny builders for hand-made shortcuts ———
const A = (id: string, params: PDict = {}) => ({ WFWorkflowActionIdentifier: `is.workflow.actions.${id}`, WFWorkflowActionParameters: params });
const out = (uuid: string): PDict => ({ Type: "ActionOutput", OutputUUID: uuid, OutputName: uuid });
const named = (name: string): PDict => ({ Type: "Variable", VariableName: name });
const att = (ref: PDict): PDict => ({ Value: ref, WFSerializationType: "WFTextTokenAttachment" });
/** Token text from parts; each variable is one U+FFFC at its UTF-16 offset. */
function tok(...parts: (string | PDict)[]): PDict {
  let string = "";
  const byRange: PDict = {};
  for (const p of parts) {
    if (typeof p === "string") string += p;
    else {
      byRange[`{${string.length}, 1}`] = p;
      string += "\uFFFC";
    }
  }
  return { Value: { string, attachmentsByRange: byRange }, WFSerializationType: "WFTextTokenString" };
}
const text = (uuid: string, value: PlistValue) => A("gettext", { UUID: uuid, WFTextActionText: value });
const show = (...parts: (string | PDict)[]) => A("showresult", { Text: tok(...parts) });
const IF = (g: string, input: PDict, condition: number, extra: PDict = {}) =>
  A("conditional", { GroupingIdentifier: g, WFControlFlowMode: 0, WFCondition: condition, WFInput: { Type: "Variable", Variable: att(input) }, ...extra });
const ELSE = (g: string) => A("conditional", { GroupingIdentifier: g, WFControlFlowMode: 1 });
const END = (id: string, g: string) => A(id, { GroupingIdentifier: g, WFControlFlowMode: 2 });
const run = (actions: ReturnType<typeof A>[], options: RunOptions = {}) => runShortcut(shortcutOf(actions), options);

/** Dictionary from JSON text, then Get Dictionary Value with `key`, then Show Result of it (or "(none)"). */
function readKey(json: string, key: string) {
  return [
    text("J", json),
    A("detect.dictionary", { UUID: "D", WFInput: att(out("J")) }),
    A("getvalueforkey", { UUID: "V", WFInput: att(out("D")), WFDictionaryKey: key, WFGetDictionaryValueType: "Value" }),
    IF("g", out("V"), 100),
    show("value: ", out("V")),
    ELSE("g"),
    show("(none)"),
    END("conditional", "g"),
  ];
}

describe("Get Dictionary Value key paths (WFGetDictionaryValueAction + WFKeyPath)", () => {
  it("a dotted key whose first component is missing stops the run with iOS's key-path error", async () => {
    const t = await run(readKey('{"show":"All good"}', "error.message"));
    expect(t.ended).toBe("error");
    expect(t.error).toEqual({
      index: 2,
      identifier: "is.workflow.actions.getvalueforkey",
      message: "In '', no value was found for dictionary key 'error'.",
      title: "Could not evaluate the key path.",
    });
    expect(t.seen).toEqual([]);
  });

  it("a middle component that is JSON null is 'not an array or dictionary'", async () => {
    const t = await run(readKey('{"error":null}', "error.message"));
    expect(t.error?.message).toBe("In key path 'error.message', you referenced a value 'message' inside of 'error', which is not an array or dictionary.");
  });

  it("a missing middle component deeper down names the path so far", async () => {
    const t = await run(readKey('{"next":{"id":"x"}}', "next.action.kind"));
    expect(t.error?.message).toBe("In 'next', no value was found for dictionary key 'action'.");
  });

  it("a missing last component, or a missing single key, is nothing (no error)", async () => {
    expect((await run(readKey('{"error":{"code":"x"}}', "error.message"))).seen).toEqual(["(none)"]);
    const single = await run(readKey('{"show":"All good"}', "error"));
    expect(single.ended).toBe("end");
    expect(single.seen).toEqual(["(none)"]);
  });

  it("the whole key is looked up before it is read as a path", async () => {
    expect((await run(readKey('{"error.message":"flat","error":{"message":"nested"}}', "error.message"))).seen).toEqual(["value: flat"]);
    expect((await run(readKey('{"error":{"message":"nested"}}', "error.message"))).seen).toEqual(["value: nested"]);
  });

  it("a JSON null value is nothing by default; as an item it has no text either way", async () => {
    expect((await run(readKey('{"client":{"updateUrl":null}}', "client.updateUrl"))).seen).toEqual(["(none)"]);
    const asItem = await run(readKey('{"client":{"updateUrl":null}}', "client.updateUrl"), { semantics: { jsonNull: "item" } });
    expect(asItem.seen).toEqual(["(none)"]);
    const counted = await run(readKey('{"u":null}', "u"), { semantics: { jsonNull: "item", emptyTextHasValue: true } });
    expect(counted.seen).toEqual(["value: "]);
  });

  it("arrays are indexed from 1; index 0 and words are errors", async () => {
    const json = '{"statuses":[{"id":"7"},{"id":"8"}]}';
    expect((await run(readKey(json, "statuses.2.id"))).seen).toEqual(["value: 8"]);
    expect((await run(readKey(json, "statuses.0.id"))).error?.message).toBe("In 'statuses.0', you asked for item 0, but the first item is at index 1.");
    expect((await run(readKey(json, "statuses.first.id"))).error?.message).toBe("The value at 'statuses' is an array, but 'first' is not a valid index.");
    // A top-level array value becomes one item per element; a later Get Dictionary Value reads the first.
    const many = await run([...readKey(json, "statuses").slice(0, 3), A("getvalueforkey", { UUID: "I", WFInput: att(out("V")), WFDictionaryKey: "id" }), show(out("I"))]);
    expect(many.seen).toEqual(["7"]);
  });

  it("an empty key is an error; input that is not a dictionary gives nothing", async () => {
    expect((await run(readKey('{"a":1}', ""))).error).toMatchObject({ title: "No Key Provided", message: "No key was provided to the Get Dictionary Value action." });
    expect((await run(readKey("<!doctype html><title>Apple</title><p>Maintenance</p>", "error.message"))).seen).toEqual(["(none)"]);
  });
});

describe("Get Dictionary from Input (WFCoercionAction → WFDictionariesFromString)", () => {
  const dictOf = (input: string) => run([text("T", input), A("detect.dictionary", { UUID: "D", WFInput: att(out("T")) }), A("count", { UUID: "C", WFInput: att(out("D")) }), show(out("C"), " ", out("D"))]);
  it("JSON, leading blanks allowed; an array gives its dictionaries", async () => {
    expect((await dictOf('  {"a":1}')).seen).toEqual(['1 {"a":1}']);
    expect((await dictOf('[{"a":1},2,{"b":2}]')).seen).toEqual(['2 {"a":1}\n{"b":2}']);
  });
  it("HTML or empty text is no dictionary, without an error; text with '=' is read as key=value pairs", async () => {
    expect((await dictOf("<!doctype html><title>Apple</title><p>Maintenance</p>")).seen).toEqual(["0 "]);
    expect((await dictOf("")).seen).toEqual(["0 "]);
    expect((await dictOf('<html lang="en"><body>Bad gateway</body></html>')).seen).toEqual(['1 {"<html lang":"\\"en\\"><body>Bad gateway</body></html>"}']);
  });
});

describe("token strings", () => {
  it("substitute attachments at UTF-16 offsets (emoji count two)", async () => {
    const t = await run([text("N", "Ana"), show("👋 ", out("N"), " — 🇺🇸 ", out("N"), "!")]);
    expect(t.seen).toEqual(["👋 Ana — 🇺🇸 Ana!"]);
  });
  it("an U+FFFC without an attachment is dropped and does not count toward later offsets", async () => {
    // "a￼b￼": the first U+FFFC has no attachment; the second is found at {2, 1}, not {3, 1}.
    const t = await run([text("N", "X"), A("showresult", { Text: { Value: { string: "a\uFFFCb\uFFFC", attachmentsByRange: { "{2, 1}": out("N") } }, WFSerializationType: "WFTextTokenString" } })]);
    expect(t.seen).toEqual(["abX"]);
  });
  it("a dictionary's text is its JSON; numbers and booleans as Shortcuts writes them", async () => {
    const t = await run([
      A("dictionary", { UUID: "D", WFItems: { Value: { WFDictionaryFieldValueItems: [{ WFItemType: 3, WFKey: tok("n"), WFValue: tok("31") }, { WFItemType: 4, WFKey: tok("b"), WFValue: { Value: true, WFSerializationType: "WFNumberSubstitutableState" } }] }, WFSerializationType: "WFDictionaryFieldValue" } }),
      show(out("D")),
    ]);
    expect(t.seen).toEqual(['{"n":31,"b":true}']);
  });
});

describe("If / Otherwise", () => {
  const check = (value: string, condition: number, extra: PDict, options: RunOptions = {}) =>
    run([text("T", value), IF("g", out("T"), condition, extra), show("then"), ELSE("g"), show("otherwise"), END("conditional", "g")], options).then((t) => t.seen[0]);
  it("is / is not / contains / begins / ends, ignoring case by default", async () => {
    expect(await check("iPad", 4, { WFConditionalActionString: "ipad" })).toBe("then");
    expect(await check("iPad", 4, { WFConditionalActionString: "ipad" }, { semantics: { caseInsensitiveText: false } })).toBe("otherwise");
    expect(await check("finished", 5, { WFConditionalActionString: "finished" })).toBe("otherwise");
    expect(await check("toggle_airplane_mode", 99, { WFConditionalActionString: "airplane" })).toBe("then");
    expect(await check("toggle_airplane_mode", 8, { WFConditionalActionString: "toggle" })).toBe("then");
    expect(await check("toggle_airplane_mode", 9, { WFConditionalActionString: "mode" })).toBe("then");
    expect(await check("abc", 999, { WFConditionalActionString: "z" })).toBe("then");
  });
  it("has any value / has no value; an empty text counts as no value unless told otherwise", async () => {
    expect(await check("x", 100, {})).toBe("then");
    expect(await check("", 100, {})).toBe("otherwise");
    expect(await check("", 101, {})).toBe("then");
    expect(await check("", 100, {}, { semantics: { emptyTextHasValue: true } })).toBe("then");
  });
  it("numbers compare with WFNumberValue", async () => {
    expect(await check("-71", 0, { WFNumberValue: -70 })).toBe("then");
    expect(await check("-71", 3, { WFNumberValue: -70 })).toBe("otherwise");
    expect(await check("5", 1003, { WFNumberValue: 1, WFAnotherNumber: 9 })).toBe("then");
  });
  it("an If without Otherwise skips to End If", async () => {
    const t = await run([text("T", "a"), IF("g", out("T"), 4, { WFConditionalActionString: "b" }), show("then"), END("conditional", "g"), show("after")]);
    expect(t.seen).toEqual(["after"]);
  });
});

describe("Choose from Menu", () => {
  const menu = (titles: string[], synonyms: string[][] = []) => [
    A("choosefrommenu", {
      GroupingIdentifier: "m",
      WFControlFlowMode: 0,
      WFMenuPrompt: "Did that fix it?",
      WFMenuItems: titles.map((title, k) => ({ WFItemType: 0, WFValue: { ...tok(title), ...(synonyms[k] ? { Synonyms: synonyms[k].map((s) => ({ string: s })) } : {}) } })),
    }),
    ...titles.flatMap((title) => [A("choosefrommenu", { GroupingIdentifier: "m", WFControlFlowMode: 1, WFMenuItemTitle: title, WFMenuItemAttributedTitle: { string: title } }), show(`chose ${title}`)]),
    END("choosefrommenu", "m"),
    show("after"),
  ];
  const titles = ["Yes, it's fixed", "No, still not working", "Skip this step"];
  const syn = [["yes", "fixed"], ["no", "still broken"], ["skip", "next"]];
  const ask = (answers: Answer[], options: RunOptions = {}) => run(menu(titles, syn), { answers, ...options });

  it("answers by position", async () => {
    const t = await ask([{ menu: 2 }]);
    expect(t.seen).toEqual(["chose No, still not working", "after"]);
    expect(t.events.find((e) => e.kind === "menu")).toMatchObject({ prompt: "Did that fix it?", chosen: "No, still not working", items: titles });
    expect(t.warnings).toEqual([]);
  });
  it("answers by a spoken phrase: the title or one of its Synonyms, any case", async () => {
    expect((await ask([{ say: "Skip this step" }])).seen[0]).toBe("chose Skip this step");
    expect((await ask([{ say: "Still Broken" }])).seen[0]).toBe("chose No, still not working");
    await expect(ask([{ say: "maybe" }])).rejects.toThrow(/matches no item/);
  });
  it("runs the case at the chosen position even when the case titles say otherwise, and warns", async () => {
    const actions = menu(["A", "B"]);
    const swapped = actions.map((a) => (a.WFWorkflowActionParameters.WFMenuItemTitle === "A" ? A("choosefrommenu", { GroupingIdentifier: "m", WFControlFlowMode: 1, WFMenuItemTitle: "B" }) : a));
    const t = await run(swapped, { answers: [{ menu: 1 }] });
    expect(t.seen[0]).toBe("chose A");
    expect(t.warnings[0]).toMatch(/titled “B” but item 1 is “A”; iOS runs cases by position/);
  });
  it("warns when a case's WFMenuItemAttributedTitle is wrapped like a parameter (iOS reads no title from it)", async () => {
    const wrapped = menu(["A"]).map((a) => (a.WFWorkflowActionParameters.WFControlFlowMode === 1 ? A("choosefrommenu", { GroupingIdentifier: "m", WFControlFlowMode: 1, WFMenuItemTitle: "A", WFMenuItemAttributedTitle: tok("A") }) : a));
    const t = await run(wrapped, { answers: [{ menu: 1 }] });
    expect(t.warnings).toEqual([expect.stringMatching(/cases 1: WFMenuItemAttributedTitle is wrapped/)]);
  });
  it("a cancelled menu ends the run quietly; a widget cannot show a menu", async () => {
    expect((await ask([{ cancel: true }])).ended).toBe("cancelled");
    const widget = await ask([{ menu: 1 }], { runSource: "widget" });
    expect(widget.error).toMatchObject({ identifier: "is.workflow.actions.choosefrommenu", interpreter: true });
    const inApp = await ask([{ menu: 1 }], { runSource: "widget", semantics: { widgetPrompt: "continue-in-app" } });
    expect(inApp.events[0]).toEqual({ kind: "opened-app", reason: "Choose from Menu" });
    expect(inApp.seen[0]).toBe("chose Yes, it's fixed");
  });
  it("under Siri the prompt is spoken", async () => {
    expect((await ask([{ say: "yes" }], { runSource: "siri" })).heard).toEqual(["Did that fix it?", "chose Yes, it's fixed", "after"]);
  });
});

describe("Repeat", () => {
  it("repeat.count sets Repeat Index from 1; nested loops use Repeat Index 2", async () => {
    const t = await run([
      A("repeat.count", { GroupingIdentifier: "r", WFControlFlowMode: 0, WFRepeatCount: 2 }),
      A("repeat.count", { GroupingIdentifier: "s", WFControlFlowMode: 0, WFRepeatCount: 2 }),
      show(named("Repeat Index"), ".", named("Repeat Index 2")),
      END("repeat.count", "s"),
      END("repeat.count", "r"),
    ]);
    expect(t.seen).toEqual(["1.1", "1.2", "2.1", "2.2"]);
  });
  it("repeat.each walks the items; a loop with no items runs nothing", async () => {
    const t = await run([
      text("J", '[{"n":"a"},{"n":"b"}]'),
      A("detect.dictionary", { UUID: "D", WFInput: att(out("J")) }),
      A("repeat.each", { GroupingIdentifier: "r", WFControlFlowMode: 0, WFInput: att(out("D")) }),
      A("getvalueforkey", { UUID: "N", WFInput: att(named("Repeat Item")), WFDictionaryKey: "n" }),
      show(named("Repeat Index"), out("N")),
      END("repeat.each", "r"),
      A("repeat.each", { GroupingIdentifier: "e", WFControlFlowMode: 0, WFInput: att(out("missing")) }),
      show("never"),
      END("repeat.each", "e"),
    ]);
    expect(t.seen).toEqual(["1a", "2b"]);
  });
  it("a run that goes on too long stops at the guard", async () => {
    const t = await run([A("repeat.count", { GroupingIdentifier: "r", WFControlFlowMode: 0, WFRepeatCount: 1000 }), A("comment", { WFCommentActionText: "x" }), END("repeat.count", "r")], { maxActions: 50 });
    expect(t.error).toMatchObject({ interpreter: true, message: expect.stringContaining("endless loop") });
  });
});

describe("Get Contents of URL, against the Worker", () => {
  const worker = (request: Request) => exports.default.fetch(request);
  const get = (path: string) => [
    text("U", "https://delivered.example.workers.dev"),
    A("downloadurl", { UUID: "R", WFURL: tok(out("U"), path), WFHTTPMethod: "GET" }),
    A("detect.dictionary", { UUID: "D", WFInput: att(out("R")) }),
  ];
  it("GET /healthz and GET /v1/status answer JSON that becomes a dictionary", async () => {
    const health = await run([...get("/healthz"), A("detect.text", { UUID: "T", WFInput: att(out("D")) }), show(out("T"))], { fetch: worker });
    expect(health.requests).toMatchObject([{ method: "GET", path: "/healthz", status: 200 }]);
    expect(JSON.parse(health.seen[0] ?? "")).toMatchObject({ ok: true });
    const status = await run([...get("/v1/status?client=is-imessage-down&version=1.0.0"), A("getvalueforkey", { UUID: "S", WFInput: att(out("D")), WFDictionaryKey: "apple.status" }), show(out("S"))], { fetch: worker });
    expect(status.seen).toEqual(["unknown"]);
  });
  it("a non-2xx answer is not an error: its body is the output", async () => {
    const t = await run([...get("/v1/sessions/nope"), A("getvalueforkey", { UUID: "E", WFInput: att(out("D")), WFDictionaryKey: "error.code" }), show(out("E"))], { fetch: worker });
    expect(t.requests[0]?.status).toBe(404);
    expect(t.seen).toEqual(["not_found"]);
  });
  it("POST sends a JSON body built from WFJSONValues, with its headers", async () => {
    let seen: { body: unknown; type: string | null; key: string | null } | undefined;
    const fake = async (r: Request) => {
      seen = { body: await r.json(), type: r.headers.get("content-type"), key: r.headers.get("idempotency-key") };
      return new Response('{"ok":true}', { headers: { "content-type": "application/json; charset=utf-8" } });
    };
    const field = (k: string, type: number, value: PlistValue) => ({ WFItemType: type, WFKey: tok(k), WFValue: value });
    const t = await run(
      [
        text("S", "sess-1"),
        A("downloadurl", {
          UUID: "R",
          WFURL: "https://api.test/v1/sessions/x/outcome",
          WFHTTPMethod: "POST",
          ShowHeaders: true,
          WFHTTPHeaders: { Value: { WFDictionaryFieldValueItems: [field("Idempotency-Key", 0, tok(out("S"), "-", "1"))] }, WFSerializationType: "WFDictionaryFieldValue" },
          WFHTTPBodyType: "JSON",
          WFJSONValues: {
            Value: {
              WFDictionaryFieldValueItems: [
                field("fix", 0, tok("restart")),
                field("n", 3, tok("15")),
                field("on", 4, { Value: false, WFSerializationType: "WFNumberSubstitutableState" }),
                field("client", 1, { Value: { Value: { WFDictionaryFieldValueItems: [field("version", 0, tok("1.0.0"))] }, WFSerializationType: "WFDictionaryFieldValue" }, WFSerializationType: "WFDictionaryFieldValue" }),
                field("tried", 2, { Value: ["a", { WFItemType: 3, WFValue: tok("2") }], WFSerializationType: "WFArrayParameterState" }),
              ],
            },
            WFSerializationType: "WFDictionaryFieldValue",
          },
        }),
      ],
      { fetch: fake },
    );
    expect(t.ended).toBe("end");
    expect(seen).toEqual({ body: { fix: "restart", n: 15, on: false, client: { version: "1.0.0" }, tried: ["a", 2] }, type: "application/json", key: "sess-1-1" });
    expect(t.requests[0]).toMatchObject({ method: "POST", path: "/v1/sessions/x/outcome", status: 200 });
  });
  it("a failed request stops the run with the network's error; offline, nothing is sent", async () => {
    const failing = await run(get("/healthz"), { fetch: async () => Promise.reject(networkFailure("dns")) });
    expect(failing.error).toEqual({ index: 1, identifier: "is.workflow.actions.downloadurl", message: "A server with the specified hostname could not be found." });
    let calls = 0;
    const offline = await run(get("/healthz"), { device: device("offline"), fetch: async () => (calls++, new Response("")) });
    expect(offline.error?.message).toBe("The Internet connection appears to be offline.");
    expect(calls).toBe(0);
    expect(offline.requests[0]?.failed).toBe("offline");
  });
  it("Airplane Mode on cuts the network until it is turned off; Wait is recorded and moves the clock", async () => {
    const t = await run(
      [A("airplanemode.set", { OnValue: true }), A("delay", { WFDelayTime: 15 }), A("getwifi", { UUID: "W", WFNetworkDetailsNetwork: "Wi-Fi", WFWiFiDetail: "Network Name" }), show("wifi:", out("W")), A("airplanemode.set", { OnValue: false }), ...get("/healthz")],
      { fetch: worker },
    );
    expect(t.events.filter((e) => e.kind !== "request").map((e) => e.kind)).toEqual(["airplane-mode", "delay", "shown", "airplane-mode"]);
    expect(t.seen).toEqual(["wifi:"]);
    expect(t.requests[0]?.status).toBe(200);
  });
});

describe("device details and networks (profiles)", () => {
  const details = [
    A("getdevicedetails", { UUID: "M", WFDeviceDetail: "Device Model" }),
    A("getwifi", { UUID: "W", WFNetworkDetailsNetwork: "Wi-Fi", WFWiFiDetail: "Network Name" }),
    A("getwifi", { UUID: "R", WFNetworkDetailsNetwork: "Wi-Fi", WFWiFiDetail: "RSSI" }),
    A("getwifi", { UUID: "C", WFNetworkDetailsNetwork: "Cellular", WFCellularDetail: "Radio Technology" }),
    A("getwifi", { UUID: "K", WFNetworkDetailsNetwork: "Cellular", WFCellularDetail: "Country Code" }),
    A("getipaddress", { UUID: "I", WFIPAddressSourceOption: "Local", WFIPAddressTypeOption: "IPv4" }),
    show(out("M"), "|", out("W"), "|", out("R"), "|", out("C"), "|", out("K"), "|", out("I")),
  ];
  it.each([
    ["iphoneWifi", "iPhone|Home|-58|5G NR|US|192.168.1.23"],
    ["iphoneCellular", "iPhone|||5G NR|US|10.64.12.9"],
    ["ipadWifiOnly", "iPad|Home|-58|||192.168.1.40"],
    ["macEthernet", "Mac|||||192.168.1.50"],
    ["offline", "iPhone||||US|"],
  ] as const)("%s", async (preset, expected) => {
    expect((await run(details, { device: device(preset) })).seen).toEqual([expected]);
  });
  it("RSSI off Wi-Fi can be set to read 0 instead of nothing", async () => {
    expect((await run(details, { device: device("iphoneCellular", { rssiWhenDisconnected: "zero" }) })).seen).toEqual(["iPhone||0|5G NR|US|10.64.12.9"]);
  });
  it("Format Date: ISO 8601 with the device's offset, and VV as the IANA zone (or empty, unverified)", async () => {
    const date = [
      A("format.date", { UUID: "T", WFDate: tok({ Type: "CurrentDate" }), WFDateFormatStyle: "ISO 8601", WFISO8601IncludeTime: true }),
      A("format.date", { UUID: "Z", WFDate: tok({ Type: "CurrentDate" }), WFDateFormatStyle: "Custom", WFDateFormat: "VV" }),
      show(out("T"), " ", out("Z"), " ", { Type: "CurrentDate", Aggrandizements: [{ Type: "WFDateFormatVariableAggrandizement", WFDateFormatStyle: "Custom", WFDateFormat: "EEEE yyyy" }] }),
    ];
    expect((await run(date)).seen).toEqual(["2026-11-27T04:55:30-08:00 America/Los_Angeles Friday 2026"]);
    expect((await run(date, { device: device("iphoneWifi", { timeZone: "UTC", formatVV: "empty" }) })).seen).toEqual(["2026-11-27T12:55:30Z  Friday 2026"]);
  });
});

describe("run sources: Siri and widgets", () => {
  const say = [text("S", "Apple reports no incident."), show(out("S")), A("speaktext", { WFText: tok(out("S")), WFSpeakTextWait: true })];
  it("under Siri, Show Result is read aloud and Speak Text speaks again: heard twice", async () => {
    expect((await run(say, { runSource: "siri" })).heard).toEqual(["Apple reports no incident.", "Apple reports no incident."]);
    expect((await run(say, { runSource: "siri", semantics: { siriSpeaksShowResult: false } })).heard).toEqual(["Apple reports no incident."]);
    expect((await run(say, { runSource: "app" })).heard).toEqual(["Apple reports no incident."]);
  });
  it("Speak Text with empty text says nothing", async () => {
    expect((await run([A("speaktext", { WFText: tok(out("missing")) })])).heard).toEqual([]);
  });
  it("Stop and Output: with nowhere to output, Respond shows WFResponse; Dismiss Siri hands over to the app", async () => {
    const stop = [text("O", "done"), A("output", { WFOutput: tok(out("O")), WFNoOutputSurfaceBehavior: "Respond", WFResponse: tok("All done") }), show("never")];
    const inApp = await run(stop);
    expect(inApp).toMatchObject({ ended: "output", output: [], seen: ["All done"] });
    expect(await run(stop, { runSource: "siri" })).toMatchObject({ ended: "output", output: ["done"], seen: [] });
    const dismissed = await run([A("dismisssiri"), show("x")], { runSource: "siri" });
    expect(dismissed.events[0]).toEqual({ kind: "siri-dismissed" });
    expect(dismissed.heard).toEqual([]);
  });
  it("a widget run can notify and speak, but not ask", async () => {
    const t = await run([A("notification", { WFNotificationActionTitle: tok("iMessage status"), WFNotificationActionBody: tok("OK") }), A("ask", { WFAskActionPrompt: "Why?" })], { runSource: "widget", answers: [{ text: "x" }] });
    expect(t.seen).toEqual(["iMessage status: OK"]);
    expect(t.error).toMatchObject({ index: 1, identifier: "is.workflow.actions.ask", interpreter: true });
  });
});

describe("files in the Shortcuts folder", () => {
  const save = (value: string) => [text("V", value), A("documentpicker.save", { UUID: "F", WFInput: att(out("V")), WFAskWhereToSave: false, WFSaveFileOverwrite: true, WFFileDestinationPath: "Delivered/session.txt" })];
  const open = [A("documentpicker.open", { UUID: "G", WFGetFilePath: "Delivered/session.txt", WFFileErrorIfNotFound: false, WFShowFilePicker: false }), A("detect.text", { UUID: "T", WFInput: att(out("G")) }), IF("g", out("T"), 100), show("saved: ", out("T")), ELSE("g"), show("nothing saved"), END("conditional", "g")];
  it("a missing file is nothing; saving creates the folder; the file persists to the next run", async () => {
    const drive = new VirtualDrive();
    expect((await run(open, { drive })).seen).toEqual(["nothing saved"]);
    const saved = await run(save("abc-123"), { drive });
    expect(saved.events).toEqual([{ kind: "folder-created", path: "Delivered" }, { kind: "file-written", path: "Delivered/session.txt", text: "abc-123" }]);
    expect((await run(open, { drive })).seen).toEqual(["saved: abc-123"]);
    await run(save("finished"), { drive });
    expect(drive.files.get("Delivered/session.txt")).toBe("finished");
  });
  it("without Overwrite a second file gets a -2 name; saving into a missing folder can be made an error", async () => {
    const drive = new VirtualDrive();
    const noOverwrite = save("a").map((a) => (a.WFWorkflowActionIdentifier.endsWith("save") ? A("documentpicker.save", { ...a.WFWorkflowActionParameters, WFSaveFileOverwrite: false }) : a));
    await run(noOverwrite, { drive });
    await run(noOverwrite, { drive });
    expect([...drive.files.keys()]).toEqual(["Delivered/session.txt", "Delivered/session-2.txt"]);
    expect((await run(save("a"), { semantics: { saveCreatesFolders: false } })).error?.message).toBe("The folder “Delivered” doesn’t exist.");
    expect((await run([A("file.createfolder", { WFFilePath: "Delivered/Old" }), ...save("a")], { semantics: { saveCreatesFolders: false } })).ended).toBe("end");
  });
  it("Get File with Error If Not Found stops the run", async () => {
    const t = await run([A("documentpicker.open", { WFGetFilePath: "nope.txt", WFFileErrorIfNotFound: true, WFShowFilePicker: false })]);
    expect(t.error?.message).toBe("The file “nope.txt” couldn’t be opened because there is no such file.");
  });
});

describe("text actions and prompts", () => {
  it("change case, replace (plain and regular expression), count", async () => {
    const t = await run([
      text("T", "us"),
      A("text.changecase", { UUID: "U", text: att(out("T")), "Show-text": true, WFCaseType: "UPPERCASE" }),
      text("P", "+1 (415) 555-0100"),
      A("text.replace", { UUID: "D", WFInput: att(out("P")), WFReplaceTextFind: "[^0-9+]", WFReplaceTextReplace: "", WFReplaceTextRegularExpression: true }),
      A("text.replace", { UUID: "E", WFInput: att(out("P")), WFReplaceTextFind: "(415)", WFReplaceTextReplace: "$1", WFReplaceTextCaseSensitive: false }),
      A("count", { UUID: "C", WFInput: att(out("D")), WFCountType: "Characters" }),
      show(out("U"), " ", out("D"), " ", out("E"), " ", out("C")),
    ]);
    expect(t.seen).toEqual(["US +14155550100 +1 $1 555-0100 12"]);
  });
  it("Ask for Input, Select Phone Number, URL and Open URLs take scripted answers", async () => {
    const t = await run(
      [A("ask", { UUID: "H", WFAskActionPrompt: "How many hours?", WFInputType: "Number" }), A("selectphone", { UUID: "N" }), A("url", { UUID: "L", WFURLActionURL: tok("sms:", out("N")) }), A("openurl", { WFInput: att(out("L")), "Show-WFInput": true }), show(out("H"))],
      { answers: [{ text: "36" }, { phone: "+14155550100" }] },
    );
    expect(t.events.map((e) => e.kind)).toEqual(["prompt", "prompt", "url-opened", "shown"]);
    expect(t.events[2]).toEqual({ kind: "url-opened", url: "sms:+14155550100" });
    await expect(run([A("selectphone")])).rejects.toThrow(/no answer scripted/);
  });
});

describe("strictness", () => {
  it("an unknown action or parameter is an error, never skipped; a stub must be explicit", async () => {
    expect((await run([A("base64encode", { WFInput: "x" })])).error).toMatchObject({ interpreter: true, message: "Interpreter: unknown action is.workflow.actions.base64encode" });
    expect((await run([A("gettext", { WFTextActionText: "x", WFNewKey: 1 })])).error?.message).toBe("Interpreter: parameter WFNewKey of is.workflow.actions.gettext");
    const stubbed = await run([A("base64encode", { UUID: "B", WFInput: "hi" }), show(out("B"))], { stubs: { "is.workflow.actions.base64encode": (p, read) => [btoa(read.text(p.WFInput))] } });
    expect(stubbed.seen).toEqual(["aGk="]);
    expect(stubbed.events[0]).toEqual({ kind: "stub", identifier: "is.workflow.actions.base64encode" });
  });
});
