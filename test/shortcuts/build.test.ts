import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as plist from "plist";
import { buildAll, manifestFor, readManifest, sha256Hex } from "../../shortcuts/src/build.ts";
import { KNOWN_ACTIONS } from "../../shortcuts/src/builder/known-actions.ts";
import { stableUuid } from "../../shortcuts/src/builder/shortcut.ts";
import { tokenStrings, TOP_LEVEL_KEYS, validateShortcutPlist } from "../../shortcuts/src/builder/validate.ts";
import { joinText, namedVariable, OBJECT_REPLACEMENT } from "../../shortcuts/src/builder/values.ts";
import { readBinaryPlist, verifySignedShortcut } from "../../shortcuts/src/aea/signed-shortcut.ts";
import { SESSION_FILE } from "../../shortcuts/src/definitions/fix-imessage.ts";
import { checkShortcuts } from "../../shortcuts/src/check.ts";
import { DiagnoseRequestSchema } from "../../src/schemas/diagnose";

/** Dotted paths of a nested body's leaves: {a: {b: 1}} → ["a.b"]. */
function fieldPaths(body: Dict, prefix = ""): string[] {
  return Object.entries(body).flatMap(([key, value]) =>
    value && typeof value === "object" ? fieldPaths(value as Dict, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Whether the API's request schema has a field at this dotted path (through its lenient wrappers). */
function apiReads(schema: unknown, path: string): boolean {
  let current = schema as Dict | undefined;
  for (const key of path.split(".")) {
    // Unwrap what wraps an object: preprocess pipes (.out), optional and nullable (.innerType).
    while (current && !current._zod?.def?.shape && (current._zod?.def?.out || current._zod?.def?.innerType)) {
      current = current._zod.def.out ?? current._zod.def.innerType;
    }
    current = current?._zod?.def?.shape?.[key];
    if (!current) return false;
  }
  return true;
}

type Dict = Record<string, any>;
const fixture = (name: string) => new URL(`../fixtures/shortcuts/${name}`, import.meta.url);
const golden = (name: string) => plist.parse(readFileSync(fixture(name), "utf8")) as Dict;
const GOLDEN_FILES = [
  "golden-2e0fb675-v1146-dictionary-repeat-formatdate-if.xml",
  "golden-6a18b768-v1306-downloadurl-headers-if-devicedetails.xml",
  "golden-ef669bcf-v710-downloadurl-dictionary-showresult.xml",
];
const GOLDENS = GOLDEN_FILES.map(golden);
const APPLE_SIGNED_PLIST = readBinaryPlist(verifySignedShortcut(new Uint8Array(readFileSync(fixture("apple-signed-anyone-mode.shortcut")))).shortcutPlist!) as Dict;

/** The shape of a value: same keys and types, values ignored (UUIDs, texts differ). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shape(value[0])] : [];
  if (value && typeof value === "object" && "attachmentsByRange" in value) {
    // Which variables sit where differs; that ranges exist beside the string is the shape.
    return { attachmentsByRange: "ranges", string: "string" };
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Dict).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value;
}
const actionsOf = (p: Dict, id: string) => (p.WFWorkflowActions as Dict[]).filter((a) => a.WFWorkflowActionIdentifier === `is.workflow.actions.${id}`);

// The committed build is for the API its manifest records (wrangler.toml's PUBLIC_URL in this repository).
const API_URL = readManifest()!.apiUrl;
const built = buildAll({ apiUrl: API_URL });
const bySlug = Object.fromEntries(built.map((b) => [b.definition.slug, b]));
const fix = bySlug["fix-imessage"]!;
const down = bySlug["is-imessage-down"]!;
const contact = bySlug["check-imessage-contact"]!;

describe("built shortcut plists", () => {
  it("are binary plists that an independent reader parses back to exactly what was built", () => {
    // The `plist` package's reader shares no code with @plist/binary.serialize, which wrote them.
    // (@plist/binary.parse is not used: it reads 2- and 4-byte integers as signed, e.g. glyph 59511 as -6025.)
    for (const b of built) {
      expect(Buffer.from(b.bytes.subarray(0, 8)).toString()).toBe("bplist00");
      expect(plist.parseBinary(Buffer.from(b.bytes))).toEqual(b.plist);
      expect(plist.parse(plist.build(plist.parseBinary(Buffer.from(b.bytes))))).toEqual(b.plist);
    }
  });

  it("build twice, byte for byte the same, and match the committed shortcuts/dist files", () => {
    const again = buildAll({ apiUrl: API_URL });
    again.forEach((b, i) => expect(Buffer.from(b.bytes).equals(Buffer.from(built[i]!.bytes))).toBe(true));
    for (const b of built) {
      const committed = readFileSync(new URL(`../../shortcuts/dist/${b.definition.slug}.shortcut`, import.meta.url));
      expect(committed.equals(Buffer.from(b.bytes)), `${b.definition.slug}: run npm run shortcuts:build`).toBe(true);
    }
    expect(stableUuid("a")).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
  });

  it("pass every structural check: known identifiers and keys, ranges at U+FFFC, closed blocks, resolvable outputs", () => {
    for (const b of built) expect(validateShortcutPlist(b.plist), b.definition.slug).toEqual([]);
  });

  it("carry the top-level keys of a modern real export", () => {
    for (const b of built) expect(Object.keys(b.plist).sort()).toEqual(Object.keys(GOLDENS[1]!).filter((k) => k !== "WFWorkflowActions").concat("WFWorkflowActions").sort());
    expect([...TOP_LEVEL_KEYS].sort()).toEqual(Object.keys(GOLDENS[1]!).sort());
  });

  it("write token strings with UTF-16 ranges like real exports", () => {
    const withEmoji = joinText(["👍 résumé ", namedVariable("X"), " and ", namedVariable("Y")]).toTokenString() as Dict;
    expect(Object.keys(withEmoji.Value.attachmentsByRange)).toEqual(["{10, 1}", "{16, 1}"]); // 👍 is two UTF-16 units
    expect(withEmoji.Value.string[10]).toBe(OBJECT_REPLACEMENT);
    let attachments = 0;
    for (const b of built) {
      for (const t of tokenStrings(b.plist.WFWorkflowActions)) {
        for (const key of Object.keys(t.ranges)) {
          attachments++;
          expect(t.string[Number(/\{(\d+), 1\}/.exec(key)![1])]).toBe(OBJECT_REPLACEMENT);
        }
      }
    }
    expect(attachments).toBeGreaterThan(40);
    // Same shape as the real "Bearer ￼" header token string.
    const realHeader = actionsOf(GOLDENS[1]!, "downloadurl")[0]!.WFWorkflowActionParameters.WFHTTPHeaders;
    const ourHeader = actionsOf(fix.plist, "downloadurl").find((a) => a.WFWorkflowActionParameters.WFHTTPHeaders)!.WFWorkflowActionParameters.WFHTTPHeaders;
    expect(shape(ourHeader)).toEqual(shape(realHeader));
  });

  it("build dictionaries, conditionals, repeats and file actions in the structure real exports use", () => {
    const realNumberItem = actionsOf(GOLDENS[0]!, "dictionary")[0]!.WFWorkflowActionParameters.WFItems.Value.WFDictionaryFieldValueItems[0];
    const realTextItem = actionsOf(GOLDENS[1]!, "downloadurl")[0]!.WFWorkflowActionParameters.WFJSONValues.Value.WFDictionaryFieldValueItems[1];
    const allItems = (field: Dict): Dict[] =>
      field.Value.WFDictionaryFieldValueItems.flatMap((i: Dict) => (i.WFItemType === 1 ? [i, ...allItems(i.WFValue.Value)] : [i]));
    const ourItems = actionsOf(fix.plist, "downloadurl").flatMap((a) => (a.WFWorkflowActionParameters.WFJSONValues ? allItems(a.WFWorkflowActionParameters.WFJSONValues) : []));
    const ourTextItem = ourItems.find((i: Dict) => i.WFItemType === 0 && !i.WFValue.Value.attachmentsByRange);
    expect(shape(ourTextItem)).toEqual(shape(realTextItem));
    expect(shape({ ...realNumberItem, WFItemType: 0 })).toEqual(shape(ourTextItem));
    // A nested dictionary (client, device, …) is item type 1 holding a WFDictionaryFieldValue.
    const nested = ourItems.find((i: Dict) => i.WFItemType === 1)!;
    expect(nested.WFValue.WFSerializationType).toBe("WFDictionaryFieldValue");
    expect(nested.WFValue.Value.WFSerializationType).toBe("WFDictionaryFieldValue");
    expect(Array.isArray(nested.WFValue.Value.Value.WFDictionaryFieldValueItems)).toBe(true);

    const realIf = actionsOf(GOLDENS[1]!, "conditional").find((a) => a.WFWorkflowActionParameters.WFConditionalActionString === "Mac")!;
    const ourIf = actionsOf(fix.plist, "conditional").find((a) => a.WFWorkflowActionParameters.WFConditionalActionString === "Mac")!;
    expect(ourIf.WFWorkflowActionParameters.WFInput.Type).toBe("Variable");
    expect(shape({ ...ourIf.WFWorkflowActionParameters, WFInput: null })).toEqual(shape({ ...realIf.WFWorkflowActionParameters, WFInput: null }));
    expect(shape(ourIf.WFWorkflowActionParameters.WFInput.Variable.WFSerializationType)).toBe("string");

    const realRepeatEnd = actionsOf(GOLDENS[0]!, "repeat.count").find((a) => a.WFWorkflowActionParameters.WFControlFlowMode === 2)!;
    const ourRepeatEnd = actionsOf(fix.plist, "repeat.count").find((a) => a.WFWorkflowActionParameters.WFControlFlowMode === 2)!;
    expect(shape(ourRepeatEnd)).toEqual(shape(realRepeatEnd));

    const realSave = actionsOf(APPLE_SIGNED_PLIST, "documentpicker.save")[0]!.WFWorkflowActionParameters;
    const ourSave = actionsOf(fix.plist, "documentpicker.save")[0]!.WFWorkflowActionParameters;
    expect(Object.keys(ourSave).sort()).toEqual(Object.keys(realSave).concat("CustomOutputName").sort());
  });

  it("close every block it opens, with one grouping identifier per block", () => {
    for (const b of built) {
      const groups = new Map<string, number[]>();
      for (const a of b.plist.WFWorkflowActions as Dict[]) {
        const p = a.WFWorkflowActionParameters;
        if (p.GroupingIdentifier) groups.set(p.GroupingIdentifier, [...(groups.get(p.GroupingIdentifier) ?? []), p.WFControlFlowMode]);
      }
      for (const modes of groups.values()) {
        expect(modes[0]).toBe(0);
        expect(modes[modes.length - 1]).toBe(2);
        expect(modes.filter((m) => m === 0 || m === 2)).toHaveLength(2);
      }
    }
  });

  it("the validator catches what it is meant to catch", () => {
    const broken = structuredClone(fix.plist) as Dict;
    const actions = broken.WFWorkflowActions as Dict[];
    const tokenAction = actions.find((a) => a.WFWorkflowActionParameters.WFURL?.Value?.attachmentsByRange)!;
    tokenAction.WFWorkflowActionParameters.WFURL.Value.string = "x" + tokenAction.WFWorkflowActionParameters.WFURL.Value.string;
    actions.splice(actions.findIndex((a) => a.WFWorkflowActionParameters.WFControlFlowMode === 2), 1);
    actions[1]!.WFWorkflowActionParameters.WFMadeUpKey = true;
    actions.push({ WFWorkflowActionIdentifier: "is.workflow.actions.madeup", WFWorkflowActionParameters: {} });
    const problems = validateShortcutPlist(broken).join("\n");
    expect(problems).toMatch(/does not point at U\+FFFC/);
    expect(problems).toMatch(/never closed|outside its block/);
    expect(problems).toMatch(/unknown parameter WFMadeUpKey/);
    expect(problems).toMatch(/unknown action is\.workflow\.actions\.madeup/);
  });
});

describe("known identifiers table", () => {
  const realActions = [...GOLDENS, APPLE_SIGNED_PLIST].flatMap((p) => p.WFWorkflowActions as Dict[]);
  it("claims only what the real files show for entries sourced from them", () => {
    for (const [id, spec] of Object.entries(KNOWN_ACTIONS)) {
      const sourceFiles = { golden: GOLDENS, "apple-signed": [APPLE_SIGNED_PLIST] } as Record<string, Dict[]>;
      if (sourceFiles[spec.source]) {
        expect(sourceFiles[spec.source]!.some((p) => actionsOf(p, id.replace("is.workflow.actions.", "")).length), id).toBe(true);
      }
      for (const [key, keySpec] of Object.entries(spec.keys)) {
        const files = sourceFiles[keySpec.source];
        if (!files) continue;
        const seen = files.some((p) => (p.WFWorkflowActions as Dict[]).some((a) => a.WFWorkflowActionIdentifier === id && key in a.WFWorkflowActionParameters));
        expect(seen, `${id} ${key} (${keySpec.source})`).toBe(true);
      }
    }
    expect(realActions.length).toBeGreaterThan(1000);
  });
});

describe("the three shortcuts", () => {
  const ids = (b: typeof fix) => (b.plist.WFWorkflowActions as Dict[]).map((a) => a.WFWorkflowActionIdentifier.replace("is.workflow.actions.", ""));
  const urls = (b: typeof fix) => actionsOf(b.plist, "downloadurl").map((a) => a.WFWorkflowActionParameters.WFURL.Value.string.replace(/\uFFFC/g, "{}"));
  const jsonKeys = (b: typeof fix, url: string) => {
    const action = actionsOf(b.plist, "downloadurl").find((a) => a.WFWorkflowActionParameters.WFURL.Value.string.includes(url))!;
    const keys = (field: Dict): unknown => Object.fromEntries(field.Value.WFDictionaryFieldValueItems.map((i: Dict) => [i.WFKey.Value.string, i.WFItemType === 1 ? keys(i.WFValue.Value) : i.WFValue.Value.string ?? i.WFValue.Value]));
    return { method: action.WFWorkflowActionParameters.WFHTTPMethod, body: action.WFWorkflowActionParameters.WFJSONValues ? keys(action.WFWorkflowActionParameters.WFJSONValues) : undefined };
  };

  it("ask for the API base URL on import, suggesting the API the build is for, in the first Text action", () => {
    for (const b of built) {
      const [question] = b.plist.WFWorkflowImportQuestions as Dict[];
      expect(question).toMatchObject({ Category: "Parameter", ParameterKey: "WFTextActionText", DefaultValue: API_URL });
      const target = (b.plist.WFWorkflowActions as Dict[])[question!.ActionIndex]!;
      expect(target.WFWorkflowActionIdentifier).toBe("is.workflow.actions.gettext");
      expect(target.WFWorkflowActionParameters.WFTextActionText).toBe(API_URL);
      for (const url of urls(b)) expect(url).toMatch(/^\{\}\/(v1\/|healthz$)/); // every call starts from that base URL
    }
  });

  it("Is iMessage Down: no prompts, GET /v1/status with client and version, notification and speech", () => {
    expect(urls(down)).toEqual(["{}/v1/status?client=is-imessage-down&version=1.1.0"]);
    const interactive = ["choosefrommenu", "ask", "selectphone", "selectcontacts", "alert", "showresult"];
    expect(ids(down).filter((id) => interactive.includes(id))).toEqual([]);
    expect(ids(down)).toEqual(expect.arrayContaining(["notification", "speaktext"]));
    // One key per action (a dotted key path stops the run when a middle key is missing).
    const keys = actionsOf(down.plist, "getvalueforkey").map((a) => a.WFWorkflowActionParameters.WFDictionaryKey);
    expect(keys).toEqual(expect.arrayContaining(["say", "error", "message", "client", "updateUrl"]));
    for (const b of built) for (const a of actionsOf(b.plist, "getvalueforkey")) expect(a.WFWorkflowActionParameters.WFDictionaryKey).not.toContain(".");
  });

  it("Check iMessage Contact: picks a number and POSTs it to /v1/contact-check", () => {
    expect(ids(contact)).toContain("selectphone");
    const call = jsonKeys(contact, "/v1/contact-check");
    expect(call.method).toBe("POST");
    expect(call.body).toEqual({ recipient: OBJECT_REPLACEMENT, region: OBJECT_REPLACEMENT, client: { shortcut: "check-imessage-contact", version: "1.1.0" } });
    // The carrier's country code is reduced to its letters ("--" and 65535 become nothing).
    expect(actionsOf(contact.plist, "text.replace")[0]!.WFWorkflowActionParameters).toMatchObject({ WFReplaceTextFind: "[^A-Za-z]", WFReplaceTextRegularExpression: true });
  });

  it("Fix iMessage: offline check and health probe before any call, session start, resume, outcome loop, session file", () => {
    const list = ids(fix);
    expect(list.indexOf("getwifi")).toBeLessThan(list.indexOf("downloadurl"));
    const offlineIf = (fix.plist.WFWorkflowActions as Dict[]).findIndex(
      (a) => a.WFWorkflowActionParameters.WFConditionalActionString === "none" && a.WFWorkflowActionParameters.WFControlFlowMode === 0,
    );
    expect(offlineIf).toBeGreaterThan(-1);
    expect(offlineIf).toBeLessThan(list.indexOf("downloadurl"));
    expect(list.slice(offlineIf, list.indexOf("downloadurl"))).toContain("exit");
    expect(urls(fix)).toEqual(["{}/healthz", "{}/v1/sessions/{}?client=fix-imessage&version=1.1.0", "{}/v1/sessions", "{}/v1/sessions/{}/outcome"]);
    const session = actionsOf(fix.plist, "downloadurl").find((a) => a.WFWorkflowActionParameters.WFHTTPMethod === "POST" && a.WFWorkflowActionParameters.WFURL.Value.string.endsWith("/v1/sessions"))!;
    expect(session).toBeDefined();
    const body = (() => {
      const keys = (field: Dict): unknown => Object.fromEntries(field.Value.WFDictionaryFieldValueItems.map((i: Dict) => [i.WFKey.Value.string, i.WFItemType === 1 ? keys(i.WFValue.Value) : "·"]));
      return keys(session.WFWorkflowActionParameters.WFJSONValues) as Dict;
    })();
    expect(body).toEqual({
      client: { shortcut: "·", version: "·" },
      device: { os: "·", osVersion: "·", model: "·" },
      clock: { deviceTime: "·", timeZone: "·" },
      network: { type: "·", wifi: { rssi: "·", public: "·" }, cellular: { carrier: "·", radio: "·", countryCode: "·", roaming: "·" }, vpn: "·" },
      storage: { freeRange: "·" },
      symptom: { kind: "·", scope: "·", recipient: "·", waitingHours: "·" },
    });
    // Every field the Shortcut sends is one the API reads (unknown fields would be dropped silently).
    const unknown = fieldPaths(body).filter((path) => !apiReads(DiagnoseRequestSchema, path));
    expect(unknown).toEqual([]);
    expect([apiReads(DiagnoseRequestSchema, "storage.freeBytes"), apiReads(DiagnoseRequestSchema, "storage.freeSpace")]).toEqual([true, false]);
    const outcome = jsonKeys(fix, "/outcome");
    expect(outcome.body).toMatchObject({ fix: OBJECT_REPLACEMENT, outcome: OBJECT_REPLACEMENT, confirmed: OBJECT_REPLACEMENT, client: { shortcut: "fix-imessage", version: "1.1.0" } });
    // Outcome answers come from a spoken-friendly menu with the four contract values.
    const outcomeValues = (fix.plist.WFWorkflowActions as Dict[])
      .filter((a) => a.WFWorkflowActionIdentifier === "is.workflow.actions.gettext" && a.WFWorkflowActionParameters.CustomOutputName === "Outcome text")
      .map((a) => a.WFWorkflowActionParameters.WFTextActionText);
    // The backup step asks "Did the backup finish?" (not_fixed + confirmed, cannot_do, skipped); every other step the four values.
    expect(outcomeValues).toEqual(["not_fixed", "cannot_do", "skipped", "fixed", "not_fixed", "skipped", "cannot_do"]);
    const menus = actionsOf(fix.plist, "choosefrommenu").filter((a) => a.WFWorkflowActionParameters.WFControlFlowMode === 0);
    for (const m of menus) for (const item of m.WFWorkflowActionParameters.WFMenuItems) expect(item.WFValue.Synonyms?.length, item.WFValue.Value.string).toBeGreaterThan(0);
    // Things it does for the person, and the file that survives a restart.
    expect(list).toEqual(expect.arrayContaining(["airplanemode.set", "delay", "openurl", "selectphone", "showresult", "dismisssiri"]));
    // Shown once (Siri reads Show Result), never also spoken; Airplane Mode only right after leaving Siri.
    expect(list).not.toContain("speaktext");
    expect(actionsOf(fix.plist, "airplanemode.set").map((a) => a.WFWorkflowActionParameters.OnValue)).toEqual([true, false, true, false, true, false]);
    list.forEach((id, i) => {
      if (id === "airplanemode.set" && (fix.plist.WFWorkflowActions as Dict[])[i]!.WFWorkflowActionParameters.OnValue === true) expect(list[i - 1]).toBe("dismisssiri");
    });
    expect(actionsOf(fix.plist, "documentpicker.open")[0]!.WFWorkflowActionParameters.WFGetFilePath).toBe(SESSION_FILE);
    expect(actionsOf(fix.plist, "documentpicker.save").map((a) => a.WFWorkflowActionParameters.WFFileDestinationPath)).toEqual([SESSION_FILE, SESSION_FILE]);
    const keysRead = actionsOf(fix.plist, "getvalueforkey").map((a) => a.WFWorkflowActionParameters.WFDictionaryKey);
    expect(keysRead).toEqual(expect.arrayContaining(["ok", "session", "id", "next", "action", "kind", "url", "seconds", "say", "show", "error", "message", "client", "updateUrl"]));
    const deviceTime = actionsOf(fix.plist, "format.date").find((a) => a.WFWorkflowActionParameters.WFDateFormatStyle === "ISO 8601")!;
    expect(deviceTime.WFWorkflowActionParameters.WFISO8601IncludeTime).toBe(true);
  });

  it("manifest lists each shortcut with its Siri name, what it sends and the unsigned file's SHA-256", () => {
    const committed = JSON.parse(readFileSync(new URL("../../shortcuts/dist/manifest.json", import.meta.url), "utf8"));
    expect(committed).toEqual(manifestFor(built, API_URL, (slug: string) => committed.shortcuts.find((s: Dict) => s.slug === slug)?.signedFile !== null));
    expect(committed.shortcuts.map((s: Dict) => [s.slug, s.name])).toEqual([
      ["fix-imessage", "Fix iMessage"],
      ["is-imessage-down", "Is iMessage Down"],
      ["check-imessage-contact", "Check iMessage Contact"],
    ]);
    for (const entry of committed.shortcuts) {
      expect(entry.sha256).toBe(sha256Hex(bySlug[entry.slug]!.bytes));
      expect(entry.unsignedFile).toBe(`${entry.slug}.shortcut`);
      expect(entry.sends.length).toBeGreaterThan(10);
    }
  });
});

describe("shortcuts:check on the repository", () => {
  it("passes: committed outputs are the current build and every signed file verifies", () => {
    const result = checkShortcuts();
    expect(result.lines.filter((l) => l.startsWith("FAIL"))).toEqual([]);
    expect(result.ok).toBe(true);
    // With no signed file, the check says so plainly rather than "all checks passed".
    expect(result.signed).toBe(0);
    expect(result.lines.at(-1)).toMatch(/^note no signed release exists/);
  });
});
