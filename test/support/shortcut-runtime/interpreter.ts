// An interpreter for built .shortcut plists, with iOS's semantics as read from the decompiled
// WorkflowKit / ActionKit / ContentKit of iOS 18.x. Every fact it relies on is cited in
// docs/shortcuts-runtime.md; the short "§n" comments below point at the section. Where iOS's
// behaviour is not settled by the code, it is a `Semantics` option so tests can run both ways.
// It runs inside workerd (vitest "worker" project): no Node APIs.
import { VirtualDrive, type DeviceProfile, PROFILES } from "./profiles";

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };
export type PDict = { [key: string]: PlistValue };
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ——— Content items ———
export class DictItem {
  constructor(readonly value: { [key: string]: Json }) {}
}
export class FileItem {
  constructor(readonly name: string, readonly type: string, readonly text: string) {}
}
/** A JSON null that became an item (only with `semantics.jsonNull: "item"`). */
export class NullItem {}
export type Item = string | number | boolean | Date | DictItem | FileItem | NullItem;

// ——— Options and transcript ———
export type Answer = { menu: number } | { say: string } | { text: string } | { phone: string } | { cancel: true };
export type RunSource = "app" | "siri" | "widget";

export interface Semantics {
  /** A JSON null read by Get Dictionary Value: no item (default) or an item whose text is "". §1 */
  jsonNull: "nothing" | "item";
  /** Whether If "has any value" counts an empty text as a value. §8 */
  emptyTextHasValue: boolean;
  /** Text conditions (is, contains, …) ignore case. §8 */
  caseInsensitiveText: boolean;
  /** Save File into a missing folder creates it (verified: createDirectory…withIntermediateDirectories). §6 */
  saveCreatesFolders: boolean;
  /** Under Siri, Show Result is read aloud as well as shown. §5 */
  siriSpeaksShowResult: boolean;
  /** A prompt in a widget run: the run fails there (default), or the Shortcuts app opens and continues. §10 */
  widgetPrompt: "fail" | "continue-in-app";
  /** Whether Stop and Output has somewhere to put its output (a caller, Siri). Default: only under Siri. §5 */
  outputSurfaceAvailable: boolean | undefined;
}

/** What a stub can read: its parameters' values, with variables resolved, and the previous output. */
export interface StubContext {
  items(value: PlistValue | undefined): Item[];
  text(value: PlistValue | undefined): string;
  input: Item[];
}

export const DEFAULT_SEMANTICS: Semantics = {
  jsonNull: "nothing",
  emptyTextHasValue: false,
  caseInsensitiveText: true,
  saveCreatesFolders: true,
  siriSpeaksShowResult: true,
  widgetPrompt: "fail",
  outputSurfaceAvailable: undefined,
};

export interface RunOptions {
  device?: DeviceProfile;
  runSource?: RunSource;
  /** Where Get Contents of URL sends requests (e.g. the Worker's exports.default.fetch). A throw = the request failed. */
  fetch?: (request: Request) => Promise<Response>;
  /** Answers to prompts, consumed in order: menus, Ask for Input, Select Phone Number. */
  answers?: Answer[];
  /**
   * Answers prompts the way a person does, by what is asked: used when `answers` has run out.
   * `items` are a menu's titles (empty for Ask for Input and Select Phone Number); `seen` is what
   * was shown or heard so far, so an answer can depend on the step being shown.
   */
  respond?: (prompt: { action: "menu" | "ask" | "selectphone"; prompt: string; items: string[]; seen: readonly string[] }) => Answer;
  /** The Shortcuts folder; pass the same drive to several runs to keep files between them. */
  drive?: VirtualDrive;
  /** Shortcut Input (ExtensionInput). */
  input?: Item[];
  /** Answers to import questions by action index; defaults to each question's DefaultValue. */
  importAnswers?: Record<number, string>;
  semantics?: Partial<Semantics>;
  /** Explicit stand-ins for actions the interpreter does not know (recorded in the transcript). */
  stubs?: Record<string, (params: PDict, read: StubContext) => Item[]>;
  maxActions?: number;
}

export type TranscriptEvent =
  | { kind: "spoken"; text: string; by: "speaktext" | "showresult" | "menu" | "alert" | "output" }
  | { kind: "shown"; text: string; via: "showresult" | "alert" | "output" }
  | { kind: "notification"; title: string; body: string }
  | { kind: "menu"; prompt: string; items: string[]; answer: Answer; chosen: string }
  | { kind: "prompt"; action: "ask" | "selectphone"; prompt: string; answer: Answer }
  | { kind: "request"; method: string; url: string; path: string; headers: Record<string, string>; body?: string; status?: number; failed?: string }
  | { kind: "file-read"; path: string; found: boolean }
  | { kind: "file-written"; path: string; text: string }
  | { kind: "folder-created"; path: string }
  | { kind: "airplane-mode"; on: boolean }
  | { kind: "delay"; seconds: number }
  | { kind: "url-opened"; url: string }
  | { kind: "clipboard"; text: string }
  | { kind: "siri-dismissed" }
  | { kind: "opened-app"; reason: string }
  | { kind: "stub"; identifier: string };

export interface RunError {
  index: number;
  identifier: string;
  /** The alert's message, as iOS words it. */
  message: string;
  title?: string;
  /** True when the interpreter, not iOS, stopped (unknown action or parameter, loop guard, widget prompt). */
  interpreter?: boolean;
}

export interface Transcript {
  ended: "end" | "exit" | "output" | "error" | "cancelled";
  events: TranscriptEvent[];
  /** Everything heard (Speak Text, and Show Result/menus read by Siri), in order. */
  heard: string[];
  /** Everything shown: results, alerts, notifications ("title: body"). */
  seen: string[];
  requests: Extract<TranscriptEvent, { kind: "request" }>[];
  error?: RunError;
  output?: string[];
  /** Things iOS tolerates but that look wrong (e.g. a menu case title iOS cannot read). */
  warnings: string[];
  actionsRun: number;
}

// ——— Errors and control signals ———
/** An action failed the way iOS fails it: the run stops with an alert. */
export class ShortcutError extends Error {
  constructor(message: string, readonly title?: string, readonly interpreter = false) {
    super(message);
  }
}
const unsupported = (what: string) => new ShortcutError(`Interpreter: ${what}`, "Not supported by the test interpreter", true);
/** The test script itself is wrong (no answer left, an answer of the wrong kind). Thrown to the test. */
export class ScriptError extends Error {}
class Stop {
  constructor(readonly ended: "exit" | "output" | "cancelled", readonly output?: string[]) {}
}

/** What a test throws from its fetch to fail a request the way a phone's network fails it (NSURLErrorDomain). */
export function networkFailure(kind: "offline" | "dns" | "timeout" | "refused"): Error {
  return Object.assign(new Error(kind), { urlError: kind });
}
const URL_ERRORS: Record<string, string> = {
  offline: "The Internet connection appears to be offline.", // NSURLErrorNotConnectedToInternet (-1009)
  dns: "A server with the specified hostname could not be found.", // -1003
  timeout: "The request timed out.", // -1001; the default session configuration waits 60 s
  refused: "Could not connect to the server.", // -1004
};

const PREFIX = "is.workflow.actions.";
const OBJ = "\uFFFC";
const COMMON_KEYS = new Set(["UUID", "CustomOutputName", "GroupingIdentifier", "WFControlFlowMode"]);

const isDict = (v: unknown): v is PDict => typeof v === "object" && v !== null && !Array.isArray(v);
const isJsonObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

// ——— JSON and text coercions ———
/** A JSON value as items: arrays spread into items (WFAddDictionaryObjectToItemArray), null per semantics. §1 */
function jsonToItems(v: Json, sem: Semantics): Item[] {
  if (v === null) return sem.jsonNull === "item" ? [new NullItem()] : [];
  if (Array.isArray(v)) return v.flatMap((x) => jsonToItems(x, sem));
  if (typeof v === "object") return [new DictItem(v)];
  return [v];
}

/**
 * Text → dictionaries, as WFDictionariesFromString: JSON when the first non-blank character is
 * "{" or "[", a plist when it starts with the XML header, else key=value&… when it contains "=";
 * anything else is no dictionary. §2
 */
export function dictionariesFromString(text: string): { [key: string]: Json }[] {
  const first = text.trimStart()[0];
  if (first === "{" || first === "[") {
    try {
      const parsed = JSON.parse(text) as Json;
      if (isJsonObject(parsed)) return [parsed];
      if (Array.isArray(parsed)) return parsed.filter(isJsonObject);
    } catch {
      // not JSON: fall through
    }
  }
  if (text.startsWith("<?xml version=1.0 encoding=UTF-8?>")) throw unsupported("plist text as a dictionary");
  if (!text.includes("=")) return [];
  const dict: { [key: string]: Json } = {};
  for (const pair of text.split("&")) {
    const at = pair.indexOf("=");
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, " "));
      } catch {
        return s;
      }
    };
    dict[decode(at < 0 ? pair : pair.slice(0, at))] = at < 0 ? "" : decode(pair.slice(at + 1));
  }
  return [dict];
}

const isJsonType = (type: string) => type === "application/json" || type === "application/x-javascript" || type.endsWith("+json");

// ——— The interpreter ———
interface Group {
  start: number;
  middles: number[];
  end: number;
}
interface Loop {
  group: Group;
  items: Item[] | null;
  count: number;
  index: number;
  results: Item[];
}

class Run {
  readonly events: TranscriptEvent[] = [];
  readonly warnings: string[] = [];
  readonly sem: Semantics;
  readonly device: DeviceProfile;
  readonly drive: VirtualDrive;
  readonly answers: Answer[];
  readonly vars = new Map<string, Item[]>();
  readonly outputs = new Map<string, Item[]>();
  readonly groups = new Map<string, Group>();
  readonly loops: Loop[] = [];
  /** Which branch an If took, by group: true = then, false = otherwise. */
  readonly branches = new Map<string, boolean>();
  runSource: RunSource;
  clock: number;
  airplane = false;
  last: Item[] = [];
  actionsRun = 0;

  constructor(readonly actions: { id: string; params: PDict }[], readonly opts: RunOptions) {
    this.device = opts.device ?? PROFILES.iphoneWifi;
    this.runSource = opts.runSource ?? "app";
    this.sem = { ...DEFAULT_SEMANTICS, ...opts.semantics };
    this.drive = opts.drive ?? new VirtualDrive();
    this.answers = [...(opts.answers ?? [])];
    this.clock = this.device.now.getTime();
    actions.forEach((a, i) => {
      const g = a.params.GroupingIdentifier;
      if (typeof g !== "string") return;
      const group = this.groups.get(g) ?? { start: -1, middles: [], end: -1 };
      const mode = a.params.WFControlFlowMode;
      if (mode === 0) group.start = i;
      else if (mode === 1) group.middles.push(i);
      else if (mode === 2) group.end = i;
      this.groups.set(g, group);
    });
    for (const [g, group] of this.groups) if (group.start < 0 || group.end < 0) throw new Error(`block ${g} is not closed`);
  }

  // ——— values ———
  text(items: Item[]): string {
    return items.map((i) => this.itemText(i)).join("\n");
  }
  itemText(item: Item): string {
    if (typeof item === "string") return item;
    if (typeof item === "number") return String(item);
    if (typeof item === "boolean") return item ? "Yes" : "No";
    if (item instanceof Date) return this.formatDate(item, "Medium", true);
    if (item instanceof DictItem) return JSON.stringify(item.value); // the dictionary's text is its JSON
    if (item instanceof FileItem) return item.text;
    return "";
  }
  /** An attachment (variable reference) → items, after its aggrandizements. */
  attachment(att: PDict): Item[] {
    const aggr = (Array.isArray(att.Aggrandizements) ? att.Aggrandizements : []).filter(isDict);
    let items: Item[];
    switch (att.Type) {
      case "ActionOutput":
        items = this.outputs.get(String(att.OutputUUID)) ?? [];
        break;
      case "Variable":
        items = this.vars.get(String(att.VariableName)) ?? [];
        break;
      case "CurrentDate":
        items = [new Date(this.clock)];
        break;
      case "ExtensionInput":
        items = this.opts.input ?? [];
        break;
      case "DeviceDetails": {
        const property = aggr.shift();
        if (property?.Type !== "WFPropertyVariableAggrandizement") throw unsupported("DeviceDetails without a property");
        items = this.deviceDetail(String(property.PropertyName));
        break;
      }
      case "Ask":
        items = [this.ask("Ask Each Time", "Text", "")];
        break;
      default:
        throw unsupported(`variable type ${String(att.Type)}`);
    }
    for (const a of aggr) items = this.aggrandize(items, a);
    return items;
  }
  aggrandize(items: Item[], a: PDict): Item[] {
    switch (a.Type) {
      case "WFDictionaryValueVariableAggrandizement": {
        const dict = this.firstDictionary(items);
        const v = dict?.[String(a.DictionaryKey)];
        return v === undefined ? [] : jsonToItems(v, this.sem);
      }
      case "WFCoercionVariableAggrandizement": {
        const cls = a.CoercionItemClass;
        if (cls === "WFDictionaryContentItem") return this.toDictionaries(items);
        if (cls === "WFStringContentItem") return items.map((i) => this.itemText(i));
        if (cls === "WFNumberContentItem") return items.map((i) => Number(this.itemText(i))).filter((n) => !Number.isNaN(n));
        throw unsupported(`coercion to ${String(cls)}`);
      }
      case "WFDateFormatVariableAggrandizement":
        return items.map((i) => this.formatDate(this.toDate(i), String(a.WFDateFormatStyle ?? "Short"), a.WFISO8601IncludeTime === true, a.WFDateFormat));
      case "WFPropertyVariableAggrandizement": {
        const name = String(a.PropertyName);
        const dict = this.firstDictionary(items);
        if (dict && name === "Keys") return Object.keys(dict);
        if (dict && name === "Values") return Object.values(dict).flatMap((v) => jsonToItems(v, this.sem));
        throw unsupported(`property ${name}`);
      }
      default:
        throw unsupported(`aggrandizement ${String(a.Type)}`);
    }
  }
  /**
   * A parameter value → items. A token string that is exactly one variable passes the variable's
   * content through (WFVariableString representsSingleContentVariable); other text becomes one text.
   */
  items(v: PlistValue | undefined): Item[] {
    if (v === undefined) return [];
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return [v];
    if (!isDict(v)) throw unsupported("an array where a value was expected");
    if (v.WFSerializationType === "WFTextTokenAttachment" && isDict(v.Value)) return this.attachment(v.Value);
    if (v.WFSerializationType === "WFTextTokenString" && isDict(v.Value)) {
      const s = String(v.Value.string ?? "");
      const byRange = isDict(v.Value.attachmentsByRange) ? v.Value.attachmentsByRange : {};
      const single = byRange["{0, 1}"];
      if (s === OBJ && isDict(single)) return this.attachment(single);
      return [this.tokenText(s, byRange)];
    }
    if (v.WFSerializationType === "WFNumberSubstitutableState") return this.items(v.Value);
    throw unsupported(`parameter serialization ${String(v.WFSerializationType)}`);
  }
  /**
   * Token string → text, as WFVariableString initWithAttachmentCharacterString: split at U+FFFC and
   * ask for the attachment at "{location, 1}", where location counts UTF-16 units of the text so far
   * plus one per attachment found (an U+FFFC without an attachment is dropped). §9
   */
  tokenText(s: string, byRange: PDict): string {
    const parts = s.split(OBJ);
    let out = "";
    let location = 0;
    parts.forEach((part, i) => {
      out += part;
      location += part.length;
      if (i === parts.length - 1) return;
      const att = byRange[`{${location}, 1}`];
      if (isDict(att)) {
        out += this.text(this.attachment(att));
        location += 1;
      }
    });
    return out;
  }
  str(v: PlistValue | undefined): string {
    return this.text(this.items(v));
  }
  num(v: PlistValue | undefined, fallback: number): number {
    if (v === undefined) return fallback;
    const n = Number(this.str(v));
    if (Number.isNaN(n)) throw new ShortcutError(`“${this.str(v)}” is not a number.`);
    return n;
  }
  bool(v: PlistValue | undefined, fallback: boolean): boolean {
    if (v === undefined) return fallback;
    const [i] = this.items(v);
    return typeof i === "boolean" ? i : ["1", "yes", "true"].includes(this.itemText(i ?? "").toLowerCase());
  }
  /** WFDictionaryFieldValue → JSON object (item types 0 text, 1 dictionary, 2 array, 3 number, 4 boolean). */
  fields(v: PlistValue | undefined): { [key: string]: Json } {
    const out: { [key: string]: Json } = {};
    if (v === undefined) return out;
    if (!isDict(v) || !isDict(v.Value)) throw unsupported("dictionary parameter shape");
    const inner = v.Value.WFDictionaryFieldValueItems ?? (isDict(v.Value.Value) ? v.Value.Value.WFDictionaryFieldValueItems : undefined);
    if (!Array.isArray(inner)) throw unsupported("dictionary parameter without WFDictionaryFieldValueItems");
    for (const entry of inner) {
      if (!isDict(entry)) throw unsupported("dictionary item shape");
      out[this.str(entry.WFKey)] = this.fieldValue(Number(entry.WFItemType), entry.WFValue);
    }
    return out;
  }
  fieldValue(type: number, v: PlistValue | undefined): Json {
    switch (type) {
      case 0:
        return this.str(v);
      case 1:
        return this.fields(isDict(v) && v.WFSerializationType === "WFDictionaryFieldValue" ? v.Value : v);
      case 2: {
        const list = isDict(v) && Array.isArray(v.Value) ? v.Value : [];
        return list.map((x) => (isDict(x) && "WFItemType" in x ? this.fieldValue(Number(x.WFItemType), x.WFValue) : this.str(x)));
      }
      case 3: {
        const text = this.str(v);
        return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
      }
      case 4:
        return this.bool(v, false);
      default:
        throw unsupported(`dictionary item type ${type}`);
    }
  }
  toDictionaries(items: Item[]): Item[] {
    return items.flatMap((i): Item[] => {
      if (i instanceof DictItem) return [i];
      if (i instanceof FileItem && isJsonType(i.type)) {
        try {
          return jsonToItems(JSON.parse(i.text) as Json, this.sem).filter((x) => x instanceof DictItem);
        } catch {
          return [];
        }
      }
      if (typeof i === "string" || i instanceof FileItem) return dictionariesFromString(this.itemText(i)).map((d) => new DictItem(d));
      return [];
    });
  }
  firstDictionary(items: Item[]): { [key: string]: Json } | null {
    const [first] = this.toDictionaries(items.slice(0, 1));
    return first instanceof DictItem ? first.value : null;
  }

  // ——— device ———
  deviceDetail(name: string): Item[] {
    const d = this.device;
    const details: Record<string, Item> = { "Device Name": d.deviceName, "Device Model": d.model, "System Version": d.systemVersion };
    const v = details[name];
    if (v === undefined) throw unsupported(`device detail ${name}`);
    return [v];
  }
  get online(): boolean {
    return this.device.online && !this.airplane;
  }

  // ——— dates (§9: NSDate(WFFormatting)) ———
  toDate(i: Item): Date {
    if (i instanceof Date) return i;
    const d = new Date(this.itemText(i));
    if (Number.isNaN(d.getTime())) throw new ShortcutError(`Couldn’t convert “${this.itemText(i)}” to a date.`);
    return d;
  }
  formatDate(date: Date, style: string, isoTime: boolean, custom?: PlistValue): string {
    const fields = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "long" } as const;
    const formatter = new Intl.DateTimeFormat("en-US", { timeZone: this.device.timeZone, hourCycle: "h23", timeZoneName: "longOffset", ...fields });
    const parts = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value])) as Record<string, string>;
    const offset = (parts.timeZoneName ?? "GMT").replace("GMT", "");
    const zzzzz = /^([+-]00:00)?$/.test(offset) ? "Z" : offset; // ICU ZZZZZ writes "Z" for a zero offset
    const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    const month = Number(parts.month);
    const tokens: Record<string, string> = {
      yyyy: parts.year ?? "",
      yy: (parts.year ?? "").slice(-2),
      MMMM: months[month - 1] ?? "",
      MMM: (months[month - 1] ?? "").slice(0, 3),
      MM: parts.month ?? "",
      M: String(month),
      dd: parts.day ?? "",
      d: String(Number(parts.day)),
      HH: parts.hour ?? "",
      H: String(Number(parts.hour)),
      mm: parts.minute ?? "",
      ss: parts.second ?? "",
      EEEE: parts.weekday ?? "",
      EEE: (parts.weekday ?? "").slice(0, 3),
      ZZZZZ: zzzzz,
      XXXXX: zzzzz,
      VV: this.device.formatVV === "iana" ? this.device.timeZone : "",
    };
    const pattern = (p: string) =>
      p.replace(/'([^']*)'|([A-Za-z])\2*/g, (m, quoted: string | undefined) => {
        if (quoted !== undefined) return quoted;
        const t = tokens[m];
        if (t === undefined) throw unsupported(`date pattern letters ${m}`);
        return t;
      });
    if (style === "ISO 8601") return pattern(isoTime ? "yyyy-MM-dd'T'HH:mm:ssZZZZZ" : "yyyy-MM-dd");
    if (style === "Custom") return pattern(typeof custom === "string" ? custom : this.str(custom));
    if (style === "RFC 2822") return pattern("EEE, dd MMM yyyy HH:mm:ss") + " " + zzzzz.replace(":", "").replace("Z", "+0000");
    if (style === "Medium") return pattern("MMM d, yyyy 'at' HH:mm");
    throw unsupported(`date format style ${style}`);
  }

  // ——— prompts ———
  nextAnswer(what: string, asked?: { action: "menu" | "ask" | "selectphone"; prompt: string; items: string[] }): Answer {
    const seen = this.events.flatMap((e) => (e.kind === "shown" ? [e.text] : e.kind === "notification" ? [`${e.title}: ${e.body}`] : []));
    const a = this.answers.shift() ?? (asked && this.opts.respond ? this.opts.respond({ ...asked, seen }) : undefined);
    if (!a) throw new ScriptError(`no answer scripted for ${what}`);
    if ("cancel" in a) throw new Stop("cancelled");
    return a;
  }
  /** A prompt needs the person: a widget run cannot show it (§10). */
  interactive(actionName: string): void {
    if (this.runSource !== "widget") return;
    if (this.sem.widgetPrompt === "fail") {
      throw new ShortcutError(`${actionName} needs the Shortcuts app; a widget cannot show it.`, "Interaction needed", true);
    }
    this.events.push({ kind: "opened-app", reason: actionName });
    this.runSource = "app";
  }
  ask(prompt: string, type: string, fallback: string): Item {
    this.interactive("Ask for Input");
    const a = this.nextAnswer(`Ask for Input “${prompt}”`, { action: "ask", prompt, items: [] });
    if (!("text" in a) && !("say" in a)) throw new ScriptError(`Ask for Input “${prompt}” needs {text} or {say}, got ${JSON.stringify(a)}`);
    this.events.push({ kind: "prompt", action: "ask", prompt, answer: a });
    const text = "text" in a ? a.text : a.say;
    if (type === "Number") return Number(text);
    return text === "" ? fallback : text;
  }
  speak(text: string, by: Extract<TranscriptEvent, { kind: "spoken" }>["by"]): void {
    if (text !== "") this.events.push({ kind: "spoken", text, by });
  }
  /** WFShowResult: shown; under Siri also read aloud (semantics). §5 */
  showResult(text: string, via: "showresult" | "output"): void {
    this.events.push({ kind: "shown", text, via });
    if (this.runSource === "siri" && this.sem.siriSpeaksShowResult) this.speak(text, via);
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  // ——— control flow ———
  group(params: PDict): Group {
    const g = this.groups.get(String(params.GroupingIdentifier));
    if (!g) throw unsupported("control flow action without GroupingIdentifier");
    return g;
  }
  /** Returns the next action index. */
  controlFlow(i: number, id: string, params: PDict): number {
    const mode = params.WFControlFlowMode;
    const group = this.group(params);
    const gid = String(params.GroupingIdentifier);
    if (mode === 2) {
      if (id === "repeat.count" || id === "repeat.each") {
        const loop = this.loops[this.loops.length - 1];
        if (!loop || loop.group !== group) throw unsupported("unbalanced repeat");
        loop.results.push(...this.last);
        if (++loop.index < loop.count) {
          this.setRepeatVars(loop);
          return group.start + 1;
        }
        this.loops.pop();
        this.last = loop.results;
      }
      if (typeof params.UUID === "string") this.outputs.set(params.UUID, this.last);
      return i + 1;
    }
    if (id === "conditional") {
      if (mode === 1) return this.branches.get(gid) ? group.end : i + 1; // reached Otherwise after the then-branch
      this.checkKeys(id, params, ["WFInput", "WFCondition", "WFConditionalActionString", "WFNumberValue", "WFAnotherNumber"]);
      const taken = this.condition(params);
      this.branches.set(gid, taken);
      return taken ? i + 1 : (group.middles[0] ?? group.end) + (group.middles.length ? 1 : 0);
    }
    if (id === "choosefrommenu") {
      if (mode === 1) return group.end; // the end of a case body: leave the menu (latestMenuChoice -1)
      this.checkKeys(id, params, ["WFMenuPrompt", "WFMenuItems"]);
      return this.menu(params, group);
    }
    // repeat.count / repeat.each start
    this.checkKeys(id, params, id === "repeat.count" ? ["WFRepeatCount"] : ["WFInput"]);
    const items = id === "repeat.each" ? this.inputOf(params, "WFInput") : null;
    const count = items ? items.length : Math.max(0, Math.floor(this.num(params.WFRepeatCount, 1)));
    if (count === 0) {
      this.last = [];
      return group.end + 1;
    }
    const loop: Loop = { group, items, count, index: 0, results: [] };
    this.loops.push(loop);
    this.setRepeatVars(loop);
    return i + 1;
  }
  setRepeatVars(loop: Loop): void {
    const depth = this.loops.indexOf(loop) + 1;
    const suffix = depth > 1 ? ` ${depth}` : "";
    this.vars.set(`Repeat Index${suffix}`, [loop.index + 1]);
    if (loop.items) this.vars.set(`Repeat Item${suffix}`, [loop.items[loop.index] as Item]);
  }
  /** WFCondition codes as in real exports (format reference §2); comparisons per §8. */
  condition(params: PDict): boolean {
    const input = params.WFInput;
    const items = isDict(input) && input.Type === "Variable" ? this.items(input.Variable) : this.items(input);
    const code = Number(params.WFCondition);
    const hasValue = items.some((i) => this.sem.emptyTextHasValue || this.itemText(i) !== "");
    if (code === 100) return hasValue;
    if (code === 101) return !hasValue;
    const fold = (s: string) => (this.sem.caseInsensitiveText ? s.toLowerCase() : s);
    if (code === 4 || code === 5 || code === 99 || code === 999 || code === 8 || code === 9) {
      const want = fold(this.str(params.WFConditionalActionString));
      const test = (text: string) => {
        const t = fold(text);
        return code === 4 || code === 5 ? t === want : code === 8 ? t.startsWith(want) : code === 9 ? t.endsWith(want) : t.includes(want);
      };
      const texts = items.map((i) => this.itemText(i));
      // "is not" / "does not contain" hold for every item (and for none); the others for any item.
      return code === 5 || code === 999 ? texts.every((t) => !test(t)) : texts.some(test);
    }
    const n = this.num(params.WFNumberValue, 0);
    const values = items.map((i) => Number(this.itemText(i))).filter((x) => !Number.isNaN(x));
    const cmp: Record<number, (x: number) => boolean> = {
      0: (x) => x < n,
      1: (x) => x <= n,
      2: (x) => x > n,
      3: (x) => x >= n,
      1003: (x) => x >= n && x <= this.num(params.WFAnotherNumber, 0),
    };
    const f = cmp[code];
    if (!f) throw unsupported(`If condition ${code}`);
    return values.some(f);
  }
  /**
   * Choose from Menu: the chosen item's position picks the case (WFWorkflowController uses
   * groupedIntermediaryActions[latestMenuChoice]); titles only label the editor. §4
   */
  menu(params: PDict, group: Group): number {
    const prompt = this.str(params.WFMenuPrompt);
    const entries = (Array.isArray(params.WFMenuItems) ? params.WFMenuItems : []).map((item) => {
      const value = isDict(item) && "WFItemType" in item ? item.WFValue : item;
      const synonyms = isDict(value) && Array.isArray(value.Synonyms) ? value.Synonyms.map((s) => (isDict(s) ? this.str(s.string) : this.str(s))) : [];
      return { title: this.str(value), synonyms };
    });
    if (entries.length === 0) return group.end;
    const wrapped: number[] = [];
    group.middles.forEach((m, k) => {
      const p = this.actions[m]?.params ?? {};
      // iOS reads WFMenuItemAttributedTitle with WFVariableString initWithSerializedRepresentation:, i.e. a bare {string, attachmentsByRange}.
      if (isDict(p.WFMenuItemAttributedTitle) && !("string" in p.WFMenuItemAttributedTitle)) wrapped.push(k + 1);
      if (p.WFMenuItemTitle !== undefined && this.str(p.WFMenuItemTitle) !== entries[k]?.title) {
        this.warn(`menu “${prompt}” case ${k + 1} is titled “${this.str(p.WFMenuItemTitle)}” but item ${k + 1} is “${entries[k]?.title ?? "(none)"}”; iOS runs cases by position`);
      }
    });
    if (wrapped.length) this.warn(`menu “${prompt}” cases ${wrapped.join(", ")}: WFMenuItemAttributedTitle is wrapped as {Value, WFSerializationType}, not a bare {string, attachmentsByRange}; iOS reads no title from it (blank case in the editor)`);
    if (group.middles.length !== entries.length) throw unsupported(`menu “${prompt}” has ${entries.length} items but ${group.middles.length} cases`);
    this.interactive("Choose from Menu");
    const answer = this.nextAnswer(`menu “${prompt}”`, { action: "menu", prompt, items: entries.map((e) => e.title) });
    let k: number;
    if ("menu" in answer) k = answer.menu - 1;
    else if ("say" in answer) {
      // Siri matches the spoken words against each button's title and its alternative speakable matches (Synonyms).
      const said = answer.say.trim().toLowerCase();
      k = entries.findIndex((e) => e.title.toLowerCase() === said);
      if (k < 0) k = entries.findIndex((e) => e.synonyms.some((s) => s.toLowerCase() === said));
      if (k < 0) throw new ScriptError(`“${answer.say}” matches no item of menu “${prompt}”: ${entries.map((e) => [e.title, ...e.synonyms].join("/")).join(", ")}`);
    } else throw new ScriptError(`menu “${prompt}” needs {menu} or {say}, got ${JSON.stringify(answer)}`);
    const chosen = entries[k];
    const caseIndex = group.middles[k];
    if (!chosen || caseIndex === undefined) throw new ScriptError(`menu “${prompt}” has no item ${k + 1}`);
    if (this.runSource === "siri") this.speak(prompt, "menu");
    this.events.push({ kind: "menu", prompt, items: entries.map((e) => e.title), answer, chosen: chosen.title });
    this.last = [chosen.title];
    return caseIndex + 1;
  }

  // ——— actions ———
  inputOf(params: PDict, key: string): Item[] {
    return params[key] === undefined ? this.last : this.items(params[key]);
  }
  checkKeys(id: string, params: PDict, keys: string[]): void {
    for (const k of Object.keys(params)) {
      if (!COMMON_KEYS.has(k) && !keys.includes(k) && !k.startsWith("Show-")) throw unsupported(`parameter ${k} of ${PREFIX}${id}`);
    }
  }
  enumValue(id: string, key: string, value: string, allowed: string[]): string {
    if (!allowed.includes(value)) throw unsupported(`${key} “${value}” of ${PREFIX}${id}`);
    return value;
  }

  async action(id: string, p: PDict): Promise<Item[]> {
    const keys = (...k: string[]) => this.checkKeys(id, p, k);
    switch (id) {
      case "comment":
        keys("WFCommentActionText");
        return this.last; // comments pass nothing on: the next action still sees the previous output
      case "gettext":
        keys("WFTextActionText");
        return [this.str(p.WFTextActionText)];
      case "number":
        keys("WFNumberActionNumber");
        return [this.num(p.WFNumberActionNumber, 0)];
      case "dictionary":
        keys("WFItems");
        return [new DictItem(this.fields(p.WFItems))];
      case "setvariable": {
        keys("WFVariableName", "WFInput");
        const input = this.inputOf(p, "WFInput");
        this.vars.set(this.str(p.WFVariableName), input);
        return input;
      }
      case "url":
        keys("WFURLActionURL");
        return [this.str(p.WFURLActionURL)].filter((u) => u !== "");
      case "openurl":
        keys("WFInput");
        for (const url of this.inputOf(p, "WFInput")) this.events.push({ kind: "url-opened", url: this.itemText(url) });
        return this.inputOf(p, "WFInput");
      case "exit":
        keys();
        throw new Stop("exit");
      case "output":
        keys("WFOutput", "WFNoOutputSurfaceBehavior", "WFResponse");
        return this.output(p);
      case "showresult": {
        keys("Text");
        this.showResult(this.str(p.Text), "showresult");
        return this.last;
      }
      case "speaktext":
        keys("WFText", "WFSpeakTextWait", "WFSpeakTextRate", "WFSpeakTextPitch", "WFSpeakTextLanguage", "WFSpeakTextVoice");
        // Under Siri the utterance goes to Siri (performSiriRequest); otherwise AVSpeechSynthesizer. Empty text speaks nothing. §5
        this.speak(this.text(this.inputOf(p, "WFText")), "speaktext");
        return this.last;
      case "notification": {
        keys("WFNotificationActionTitle", "WFNotificationActionBody", "WFNotificationActionSound", "WFInput");
        const title = this.str(p.WFNotificationActionTitle);
        const body = this.str(p.WFNotificationActionBody);
        this.events.push({ kind: "notification", title, body });
        return this.last;
      }
      case "alert": {
        keys("WFAlertActionTitle", "WFAlertActionMessage", "WFAlertActionCancelButtonShown");
        const title = this.str(p.WFAlertActionTitle);
        const message = this.str(p.WFAlertActionMessage);
        this.interactive("Show Alert");
        this.events.push({ kind: "shown", text: [title, message].filter(Boolean).join("\n"), via: "alert" });
        if (this.runSource === "siri") this.speak([title, message].filter(Boolean).join(". "), "alert");
        return this.last;
      }
      case "detect.dictionary":
        keys("WFInput");
        // WFCoercionAction: items that cannot become dictionaries give an empty output, not an error. §2
        return this.toDictionaries(this.inputOf(p, "WFInput"));
      case "detect.text":
        keys("WFInput");
        return this.inputOf(p, "WFInput").map((i) => this.itemText(i));
      case "getvalueforkey":
        keys("WFInput", "WFDictionaryKey", "WFGetDictionaryValueType");
        return this.dictionaryValue(p);
      case "downloadurl":
        keys("WFURL", "WFHTTPMethod", "WFHTTPHeaders", "ShowHeaders", "WFHTTPBodyType", "WFJSONValues", "WFFormValues", "Advanced");
        return this.download(p);
      case "getdevicedetails":
        keys("WFDeviceDetail");
        return this.deviceDetail(String(p.WFDeviceDetail ?? "Device Model"));
      case "getwifi":
        keys("WFNetworkDetailsNetwork", "WFWiFiDetail", "WFCellularDetail");
        return this.networkDetail(p);
      case "getipaddress": {
        keys("WFIPAddressSourceOption", "WFIPAddressTypeOption");
        const source = this.enumValue(id, "WFIPAddressSourceOption", String(p.WFIPAddressSourceOption ?? "External"), ["External", "Local"]);
        const type = this.enumValue(id, "WFIPAddressTypeOption", String(p.WFIPAddressTypeOption ?? "IPv4"), ["IPv4", "IPv6"]);
        if (source === "External" && !this.online) throw new ShortcutError(URL_ERRORS.offline ?? "");
        const d = this.device;
        const address = source === "Local" ? (type === "IPv4" ? d.localIPv4 : d.localIPv6) : type === "IPv4" ? d.externalIPv4 : null;
        return address && !(source === "Local" && this.airplane) ? [address] : [];
      }
      case "format.date": {
        keys("WFDate", "WFDateFormatStyle", "WFDateFormat", "WFISO8601IncludeTime", "WFTimeFormatStyle", "WFLocale");
        const style = String(p.WFDateFormatStyle ?? "Short");
        return this.inputOf(p, "WFDate").map((i) => this.formatDate(this.toDate(i), style, this.bool(p.WFISO8601IncludeTime, false), p.WFDateFormat));
      }
      case "documentpicker.open":
        keys("WFGetFilePath", "WFFileErrorIfNotFound", "WFShowFilePicker", "WFGetFolderContents", "WFFileStorageService");
        return this.openFile(p);
      case "documentpicker.save":
        keys("WFInput", "WFAskWhereToSave", "WFSaveFileOverwrite", "WFFileDestinationPath", "WFFileStorageService");
        return this.saveFile(p);
      case "file.createfolder": {
        keys("WFFilePath", "WFFileStorageService");
        const path = VirtualDrive.normalize(this.str(p.WFFilePath));
        if (path === "") throw new ShortcutError("Please make sure to specify a path for the new folder in the Create Folder action.", "No path specified");
        if (path === null) throw new ShortcutError("The provided file path must be contained within the directory.", "Invalid file path");
        this.drive.createFolder(path);
        this.events.push({ kind: "folder-created", path });
        return [];
      }
      case "selectphone": {
        keys();
        this.interactive("Select Phone Number");
        const a = this.nextAnswer("Select Phone Number", { action: "selectphone", prompt: "Select Phone Number", items: [] });
        if (!("phone" in a)) throw new ScriptError(`Select Phone Number needs {phone}, got ${JSON.stringify(a)}`);
        this.events.push({ kind: "prompt", action: "selectphone", prompt: "Select Phone Number", answer: a });
        return [a.phone];
      }
      case "ask":
        keys("WFAskActionPrompt", "WFInputType", "WFAskActionDefaultAnswer", "WFAllowsMultilineText", "WFAskActionAllowsDecimalNumbers", "WFAskActionAllowsNegativeNumbers");
        return [this.ask(this.str(p.WFAskActionPrompt), String(p.WFInputType ?? "Text"), this.str(p.WFAskActionDefaultAnswer))];
      case "airplanemode.set": {
        keys("OnValue", "operation");
        const on = p.operation === "toggle" ? !this.airplane : this.bool(p.OnValue, true);
        this.airplane = on;
        this.events.push({ kind: "airplane-mode", on });
        return this.last;
      }
      case "delay": {
        keys("WFDelayTime");
        const seconds = this.num(p.WFDelayTime, 1);
        this.clock += seconds * 1000; // recorded, and the device clock moves on; nothing sleeps
        this.events.push({ kind: "delay", seconds });
        return this.last;
      }
      case "text.changecase": {
        keys("text", "WFCaseType", "WFInput");
        const type = this.enumValue(id, "WFCaseType", String(p.WFCaseType ?? "UPPERCASE"), ["UPPERCASE", "lowercase", "Capitalize Every Word", "Capitalize with sentence case"]);
        return this.inputOf(p, p.text !== undefined ? "text" : "WFInput").map((i) => {
          const t = this.itemText(i);
          if (type === "UPPERCASE") return t.toUpperCase();
          if (type === "lowercase") return t.toLowerCase();
          if (type === "Capitalize Every Word") return t.replace(/(^|\s)(\S)/g, (_m, s: string, c: string) => s + c.toUpperCase());
          return t.charAt(0).toUpperCase() + t.slice(1).toLowerCase();
        });
      }
      case "text.replace": {
        keys("WFInput", "WFReplaceTextFind", "WFReplaceTextReplace", "WFReplaceTextCaseSensitive", "WFReplaceTextRegularExpression");
        const find = this.str(p.WFReplaceTextFind);
        const replacement = this.str(p.WFReplaceTextReplace);
        const flags = this.bool(p.WFReplaceTextCaseSensitive, true) ? "g" : "gi";
        const regex = this.bool(p.WFReplaceTextRegularExpression, false);
        const pattern = new RegExp(regex ? find : find.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags);
        // A regular expression's template may use $1 (ICU and JS agree); plain text replaces literally.
        return this.inputOf(p, "WFInput").map((i) => {
          const t = this.itemText(i);
          if (find === "") return t;
          return regex ? t.replace(pattern, replacement) : t.replace(pattern, () => replacement);
        });
      }
      case "count": {
        keys("WFCountType", "WFInput");
        const items = this.inputOf(p, "WFInput");
        const type = this.enumValue(id, "WFCountType", String(p.WFCountType ?? "Items"), ["Items", "Characters", "Words", "Sentences", "Lines"]);
        const text = this.text(items);
        if (type === "Items") return [items.length];
        if (type === "Characters") return [text.length];
        if (type === "Words") return [text.split(/\s+/).filter(Boolean).length];
        if (type === "Lines") return [text === "" ? 0 : text.split("\n").length];
        return [text.split(/[.!?]+/).filter((s) => s.trim() !== "").length];
      }
      case "dismisssiri":
        keys();
        // WFHandoffAction, "Dismiss Siri and Continue": switches into the Shortcuts app and continues. §5
        if (this.runSource === "siri") {
          this.events.push({ kind: "siri-dismissed" });
          this.runSource = "app";
        }
        return this.last;
      default: {
        const stub = this.opts.stubs?.[PREFIX + id];
        if (!stub) throw unsupported(`unknown action ${PREFIX}${id}`);
        this.events.push({ kind: "stub", identifier: PREFIX + id });
        return stub(p, { items: (v) => this.items(v), text: (v) => this.str(v), input: this.last });
      }
    }
  }

  /**
   * Get Dictionary Value (WFGetDictionaryValueAction + WFKeyPath). The whole key is looked up
   * first; only when that finds nothing is it read as a dotted key path. In a path, a missing key
   * before the last component, or a value that is not a dictionary/array (JSON null included), is an
   * error; a missing last component is nothing. §1
   */
  dictionaryValue(p: PDict): Item[] {
    const dict = this.firstDictionary(this.inputOf(p, "WFInput"));
    if (!dict) return []; // no dictionary in the input: finishes without output
    const type = String(p.WFGetDictionaryValueType ?? "Value");
    if (type === "All Keys") return Object.keys(dict);
    if (type === "All Values") return Object.values(dict).flatMap((v) => jsonToItems(v, this.sem));
    if (type !== "Value") throw unsupported(`WFGetDictionaryValueType ${type}`);
    const key = this.str(p.WFDictionaryKey);
    if (key === "" && !Object.hasOwn(dict, "")) throw new ShortcutError("No key was provided to the Get Dictionary Value action.", "No Key Provided");
    if (Object.hasOwn(dict, key)) return jsonToItems(dict[key] as Json, this.sem);
    const components = key.split(".");
    let current: Json | undefined = dict;
    for (let i = 0; i < components.length; i++) {
      const component = components[i] as string;
      const previous = components.slice(0, i).join(".");
      const fail = (message: string) => new ShortcutError(message, "Could not evaluate the key path.");
      if (Array.isArray(current)) {
        if (/[^0-9]/.test(component)) throw fail(`The value at '${previous}' is an array, but '${component}' is not a valid index.`);
        const index = Number(component);
        if (index <= 0) throw fail(`In '${[previous, component].join(".")}', you asked for item ${index}, but the first item is at index 1.`);
        if (index > current.length) throw fail(`In '${previous}', the index you specified was outside of the possible range for the array (you asked for item ${index}, and the array has only ${current.length}).`);
        current = current[index - 1];
      } else if (isJsonObject(current)) {
        const next: Json | undefined = Object.hasOwn(current, component) ? current[component] : undefined;
        if (next === undefined && i < components.length - 1) throw fail(`In '${previous}', no value was found for dictionary key '${component}'.`);
        current = next;
      } else {
        throw fail(`In key path '${[previous, component].join(".")}', you referenced a value '${component}' inside of '${previous}', which is not an array or dictionary.`);
      }
    }
    return current === undefined ? [] : jsonToItems(current, this.sem);
  }

  /**
   * Get Contents of URL (WFDownloadURLAction → WFURLContentItem → WFDownloadURLTask). The HTTP status
   * is not checked: any response's body is the output, typed by its Content-Type (JSON parsed into
   * items). Only a transport failure (offline, DNS, timeout) is an error, and it stops the run. §3
   */
  async download(p: PDict): Promise<Item[]> {
    const url = this.text(this.inputOf(p, "WFURL")).trim();
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ShortcutError("Make sure to pass a valid URL to the Get Contents of URL action.", "No URL Specified");
    }
    const method = this.enumValue("downloadurl", "WFHTTPMethod", String(p.WFHTTPMethod ?? "GET"), ["GET", "POST", "PUT", "PATCH", "DELETE"]);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.fields(p.WFHTTPHeaders))) headers[k] = typeof v === "string" ? v : JSON.stringify(v);
    let body: string | undefined;
    if (method !== "GET") {
      const bodyType = this.enumValue("downloadurl", "WFHTTPBodyType", String(p.WFHTTPBodyType ?? "JSON"), ["JSON", "Form"]);
      if (bodyType === "JSON" && p.WFJSONValues !== undefined) {
        body = JSON.stringify(this.fields(p.WFJSONValues));
        headers["Content-Type"] ??= "application/json";
      } else if (bodyType === "Form" && p.WFFormValues !== undefined) {
        body = new URLSearchParams(Object.entries(this.fields(p.WFFormValues)).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])).toString();
        headers["Content-Type"] ??= "application/x-www-form-urlencoded";
      }
    }
    const event: Extract<TranscriptEvent, { kind: "request" }> = { kind: "request", method, url, path: parsed.pathname + parsed.search, headers, body };
    this.events.push(event);
    const failWith = (kind: string) => {
      event.failed = kind;
      return new ShortcutError(URL_ERRORS[kind] ?? URL_ERRORS.refused ?? "");
    };
    if (!this.online) throw failWith("offline");
    if (!this.opts.fetch) throw unsupported("Get Contents of URL without a fetch function");
    let response: Response;
    try {
      response = await this.opts.fetch(new Request(url, { method, headers, body }));
    } catch (e) {
      const kind = (e as { urlError?: string }).urlError;
      throw failWith(kind && kind in URL_ERRORS ? kind : "refused");
    }
    event.status = response.status;
    const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const text = await response.text();
    if (isJsonType(type)) {
      try {
        return jsonToItems(JSON.parse(text) as Json, this.sem); // itemsWithJSONFileRepresentation
      } catch {
        // not JSON after all: the file as it came
      }
    }
    return [new FileItem(decodeURIComponent(parsed.pathname.split("/").pop() || parsed.hostname), type || "application/octet-stream", text)];
  }

  /** Get Network Details (WFGetNetworkDetailsAction): nil values add no item; one item per SIM. §7 */
  networkDetail(p: PDict): Item[] {
    const network = this.enumValue("getwifi", "WFNetworkDetailsNetwork", String(p.WFNetworkDetailsNetwork ?? "Wi-Fi"), ["Wi-Fi", "Cellular"]);
    if (network === "Wi-Fi") {
      const detail = String(p.WFWiFiDetail ?? "Network Name");
      const wifi = this.airplane ? null : this.device.wifi;
      if (!wifi) return detail === "RSSI" && this.device.rssiWhenDisconnected === "zero" ? [0] : [];
      const values: Record<string, Item> = {
        "Network Name": wifi.networkName,
        BSSID: wifi.bssid,
        RSSI: wifi.rssi,
        Noise: wifi.noise,
        "Channel Number": wifi.channel,
        "TX Rate": wifi.txRate,
        "RX Rate": wifi.rxRate,
        "Wi-Fi Standard": wifi.standard,
      };
      const v = values[detail];
      if (v === undefined) throw unsupported(`Wi-Fi detail ${detail}`);
      return [v];
    }
    const detail = String(p.WFCellularDetail ?? "Carrier Name");
    return this.device.cellular.flatMap((sim): Item[] => {
      const values: Record<string, Item | null> = {
        "Carrier Name": sim.carrier,
        "Radio Technology": this.airplane ? null : sim.radio,
        "Country Code": sim.countryCode,
        "Is Roaming Abroad": sim.roaming,
        "Number of Signal Bars": this.airplane ? 0 : sim.bars,
      };
      const v = values[detail];
      if (v === undefined) throw unsupported(`cellular detail ${detail}`);
      return v === null ? [] : [v];
    });
  }

  /** Get File (WFGetFileAction): a missing file is nothing unless "Error If Not Found". §6 */
  openFile(p: PDict): Item[] {
    if (this.bool(p.WFShowFilePicker, true)) {
      this.interactive("Get File (picker)");
      throw unsupported("the document picker");
    }
    const raw = this.str(p.WFGetFilePath);
    const path = VirtualDrive.normalize(raw);
    if (path === null) throw new ShortcutError("The provided file path must be contained within the directory.", "Invalid file path");
    const text = this.drive.files.get(path);
    this.events.push({ kind: "file-read", path, found: text !== undefined });
    if (text === undefined) {
      if (this.bool(p.WFFileErrorIfNotFound, true)) throw new ShortcutError(`The file “${path.split("/").pop() ?? path}” couldn’t be opened because there is no such file.`);
      return [];
    }
    return [new FileItem(path.split("/").pop() ?? path, "text/plain", text)];
  }

  /** Save File (WFSaveFileAction → WFDefaultFileStorageService): parent folders are created. §6 */
  saveFile(p: PDict): Item[] {
    const input = this.inputOf(p, "WFInput");
    if (input.length === 0) return []; // nothing to save: finishes without error
    if (this.bool(p.WFAskWhereToSave, true)) {
      this.interactive("Save File (picker)");
      throw unsupported("the save picker");
    }
    let path = VirtualDrive.normalize(this.str(p.WFFileDestinationPath));
    if (path === null || path === "") throw new ShortcutError("The provided file path must be contained within the directory.", "Invalid file path");
    if (input.length > 1) throw new ShortcutError(`The path you tried to save to (${path}) is a file, but multiple files were provided. When saving multiple files at a time, you should specify a path to a folder instead.`, "File already exists.");
    const parent = this.drive.parentOf(path);
    if (!this.drive.hasFolder(parent)) {
      if (!this.sem.saveCreatesFolders) throw new ShortcutError(`The folder “${parent}” doesn’t exist.`);
      this.drive.createFolder(parent);
      this.events.push({ kind: "folder-created", path: parent });
    }
    if (this.drive.files.has(path) && !this.bool(p.WFSaveFileOverwrite, false)) {
      const dot = path.lastIndexOf(".") > path.lastIndexOf("/") ? path.lastIndexOf(".") : path.length;
      let n = 2;
      while (this.drive.files.has(`${path.slice(0, dot)}-${n}${path.slice(dot)}`)) n++;
      path = `${path.slice(0, dot)}-${n}${path.slice(dot)}`;
    }
    const text = this.text(input);
    this.drive.files.set(path, text);
    this.events.push({ kind: "file-written", path, text });
    return [new FileItem(path.split("/").pop() ?? path, "text/plain", text)];
  }

  /** Stop and Output (WFOutputAction). §5 */
  output(p: PDict): never {
    const output = this.items(p.WFOutput).map((i) => this.itemText(i));
    const surface = this.sem.outputSurfaceAvailable ?? this.runSource === "siri";
    if (surface || output.length === 0) throw new Stop("output", output);
    const behavior = String(p.WFNoOutputSurfaceBehavior ?? "Do Nothing");
    if (behavior === "Respond" && p.WFResponse !== undefined) this.showResult(this.str(p.WFResponse), "output");
    if (behavior === "Copy to Clipboard") this.events.push({ kind: "clipboard", text: output.join("\n") });
    throw new Stop("output", []);
  }

  async run(): Promise<Transcript> {
    const max = this.opts.maxActions ?? 5000;
    let i = 0;
    let ended: Transcript["ended"] = "end";
    let error: RunError | undefined;
    let output: string[] | undefined;
    while (i < this.actions.length) {
      const action = this.actions[i] as { id: string; params: PDict };
      const id = action.id.startsWith(PREFIX) ? action.id.slice(PREFIX.length) : action.id;
      try {
        if (++this.actionsRun > max) throw unsupported(`more than ${max} actions run: an endless loop?`);
        if (typeof action.params.WFControlFlowMode === "number" && ["conditional", "choosefrommenu", "repeat.count", "repeat.each"].includes(id)) {
          i = this.controlFlow(i, id, action.params);
          continue;
        }
        const result = await this.action(id, action.params);
        if (id !== "comment") {
          this.last = result;
          if (typeof action.params.UUID === "string") this.outputs.set(action.params.UUID, result);
        }
        i++;
      } catch (e) {
        if (e instanceof Stop) {
          ended = e.ended;
          output = e.output;
        } else if (e instanceof ShortcutError) {
          ended = "error";
          error = { index: i, identifier: action.id, message: e.message, title: e.title, ...(e.interpreter ? { interpreter: true } : {}) };
        } else throw e;
        break;
      }
    }
    const requests = this.events.filter((e): e is Extract<TranscriptEvent, { kind: "request" }> => e.kind === "request");
    return {
      ended,
      events: this.events,
      heard: this.events.flatMap((e) => (e.kind === "spoken" ? [e.text] : [])),
      seen: this.events.flatMap((e) => (e.kind === "shown" ? [e.text] : e.kind === "notification" ? [`${e.title}: ${e.body}`] : [])),
      requests,
      ...(error ? { error } : {}),
      ...(output ? { output } : {}),
      warnings: this.warnings,
      actionsRun: this.actionsRun,
    };
  }
}

/** Runs a parsed shortcut plist (WFWorkflowActions …) and returns what the person saw and heard. */
export async function runShortcut(shortcut: Record<string, PlistValue>, options: RunOptions = {}): Promise<Transcript> {
  const list = shortcut.WFWorkflowActions;
  if (!Array.isArray(list)) throw new Error("not a shortcut: no WFWorkflowActions");
  const actions = list.map((a, index) => {
    if (!isDict(a) || typeof a.WFWorkflowActionIdentifier !== "string") throw new Error(`action ${index} has no identifier`);
    return { id: a.WFWorkflowActionIdentifier, params: isDict(a.WFWorkflowActionParameters) ? { ...a.WFWorkflowActionParameters } : {} };
  });
  // Import questions are answered when the file is imported: the answer replaces the parameter.
  for (const q of Array.isArray(shortcut.WFWorkflowImportQuestions) ? shortcut.WFWorkflowImportQuestions : []) {
    if (!isDict(q)) continue;
    const target = actions[Number(q.ActionIndex)];
    const answer = options.importAnswers?.[Number(q.ActionIndex)] ?? (typeof q.DefaultValue === "string" ? q.DefaultValue : undefined);
    if (target && answer !== undefined) target.params[String(q.ParameterKey)] = answer;
  }
  return new Run(actions, options).run();
}

/** A one-off shortcut from action dictionaries (for focused tests). */
export function shortcutOf(actions: { WFWorkflowActionIdentifier: string; WFWorkflowActionParameters?: PDict }[]): Record<string, PlistValue> {
  return { WFWorkflowActions: actions.map((a) => ({ WFWorkflowActionIdentifier: a.WFWorkflowActionIdentifier, WFWorkflowActionParameters: a.WFWorkflowActionParameters ?? {} })) };
}
