// A small typed builder for Shortcuts plists. Control flow (If, Choose from Menu, Repeat) is
// written as callbacks so a block cannot be left unclosed; start, middle and end actions share
// one GroupingIdentifier. UUIDs are derived from the shortcut's name and the action's
// position, so the same source always produces the same bytes.
import { createHash } from "node:crypto";
import { serialize } from "@plist/binary.serialize";
import { actionOutput, joinText, toParameter, type PlistDict, type PlistValue, Ref, TokenText, type TextPart } from "./values.ts";

export const ACTION_PREFIX = "is.workflow.actions.";

export interface Action {
  WFWorkflowActionIdentifier: string;
  WFWorkflowActionParameters: PlistDict;
}

export type Parameters = Record<string, Ref | TokenText | PlistValue | undefined>;

export interface ImportQuestion {
  actionIndex: number;
  parameterKey: string;
  text: string;
  defaultValue: string;
}

/** Conditions of the If action (WFCondition codes as in real exports). */
export type Condition =
  | { is: string }
  | { isNot: string }
  | { contains: string }
  | { beginsWith: string }
  | { atMost: number }
  | "hasAnyValue"
  | "hasNoValue";

export interface MenuCase {
  title: string;
  /** Other words Siri accepts for this item. */
  synonyms?: string[];
  body: () => void;
}

export interface ShortcutMetadata {
  /** Icon colour (RRGGBBAA as an integer) and glyph. */
  iconColor: number;
  iconGlyph: number;
  /** WFWorkflowTypes, e.g. "NCWidget", "Watch". */
  types: string[];
}

/** Deterministic upper-case UUID (version 4 layout) from a label. */
export function stableUuid(label: string): string {
  const h = createHash("sha256").update(label).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex").toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The WorkflowKit build these files are written for (iOS 17), and the oldest that runs them.
export const CLIENT_VERSION = "2106.0.3";
export const MINIMUM_CLIENT_VERSION = 900;

export class ShortcutBuilder {
  readonly name: string;
  readonly actions: Action[] = [];
  readonly importQuestions: ImportQuestion[] = [];
  private groups = 0;

  constructor(name: string) {
    this.name = name;
  }

  private uuid(kind: string, index: number): string {
    return stableUuid(`${this.name}\u0000${kind}[${index}]`);
  }

  /** Appends an action whose output nobody uses. */
  action(identifier: string, parameters: Parameters = {}): void {
    this.push(identifier, parameters, undefined);
  }

  /** Appends an action, names its output (CustomOutputName) and returns a reference to it. */
  output(name: string, identifier: string, parameters: Parameters = {}): Ref {
    const uuid = this.uuid("action", this.actions.length);
    this.push(identifier, parameters, { CustomOutputName: name, UUID: uuid });
    return actionOutput(uuid, name);
  }

  private push(identifier: string, parameters: Parameters, identity: PlistDict | undefined): void {
    const params: PlistDict = { ...identity };
    for (const [key, value] of Object.entries(parameters)) {
      if (value === undefined) continue;
      params[key] = value instanceof Ref || value instanceof TokenText ? toParameter(value) : (value as PlistValue);
    }
    const id = identifier.startsWith(ACTION_PREFIX) ? identifier : ACTION_PREFIX + identifier;
    this.actions.push({ WFWorkflowActionIdentifier: id, WFWorkflowActionParameters: params });
  }

  /** Asks the person importing the shortcut for the value of `parameterKey` of the last action. */
  askOnImport(parameterKey: string, question: string, defaultValue: string): void {
    const actionIndex = this.actions.length - 1;
    if (actionIndex < 0) throw new Error("askOnImport needs an action before it");
    if (!(parameterKey in this.actions[actionIndex]!.WFWorkflowActionParameters)) {
      throw new Error(`the last action has no parameter ${parameterKey}`);
    }
    this.importQuestions.push({ actionIndex, parameterKey, text: question, defaultValue });
  }

  comment(message: string): void {
    this.action("comment", { WFCommentActionText: message });
  }

  /** Text action; returns its output. */
  text(name: string, ...parts: TextPart[]): Ref {
    return this.output(name, "gettext", { WFTextActionText: joinText(parts).toParameter() });
  }

  setVariable(name: string, value: Ref | TextPart): Ref {
    // Set Variable takes an attachment; plain text goes through a Text action first.
    const input = value instanceof Ref ? value : this.text(`${name} text`, value);
    this.action("setvariable", { WFInput: input, WFVariableName: name });
    return new Ref({ Type: "Variable", VariableName: name });
  }

  private nextGroup(): string {
    return this.uuid("group", this.groups++);
  }

  /** If / Otherwise / End If. */
  if(input: Ref, condition: Condition, then: () => void, otherwise?: () => void): void {
    const group = this.nextGroup();
    const params: PlistDict = { GroupingIdentifier: group };
    if (condition === "hasAnyValue") params.WFCondition = 100;
    else if (condition === "hasNoValue") params.WFCondition = 101;
    else if ("is" in condition) Object.assign(params, { WFCondition: 4, WFConditionalActionString: condition.is });
    else if ("isNot" in condition) Object.assign(params, { WFCondition: 5, WFConditionalActionString: condition.isNot });
    else if ("beginsWith" in condition) Object.assign(params, { WFCondition: 8, WFConditionalActionString: condition.beginsWith });
    else if ("atMost" in condition) Object.assign(params, { WFCondition: 1, WFNumberValue: condition.atMost });
    else Object.assign(params, { WFCondition: 99, WFConditionalActionString: condition.contains });
    params.WFControlFlowMode = 0;
    // The If action wraps its input once more: {Type: "Variable", Variable: <attachment>}.
    params.WFInput = { Type: "Variable", Variable: input.toParameter() };
    this.actions.push({ WFWorkflowActionIdentifier: ACTION_PREFIX + "conditional", WFWorkflowActionParameters: params });
    then();
    if (otherwise) {
      this.actions.push({ WFWorkflowActionIdentifier: ACTION_PREFIX + "conditional", WFWorkflowActionParameters: { GroupingIdentifier: group, WFControlFlowMode: 1 } });
      otherwise();
    }
    this.end("conditional", group);
  }

  /** Choose from Menu, with spoken-friendly titles and synonyms. */
  menu(prompt: TextPart, cases: MenuCase[]): void {
    const group = this.nextGroup();
    const items = cases.map((c) => {
      const value = joinText([c.title]).toTokenString();
      if (c.synonyms?.length) value.Synonyms = c.synonyms.map((s) => ({ string: s }));
      return { WFItemType: 0, WFValue: value };
    });
    this.actions.push({
      WFWorkflowActionIdentifier: ACTION_PREFIX + "choosefrommenu",
      WFWorkflowActionParameters: { GroupingIdentifier: group, WFControlFlowMode: 0, WFMenuItems: items, WFMenuPrompt: toParameter(joinText([prompt])) },
    });
    for (const c of cases) {
      // Cases are chosen by position; WFMenuItemTitle labels the case in the editor. iOS reads
      // WFMenuItemAttributedTitle as a bare {string, attachmentsByRange}, and only titles with a
      // variable need it: plain titles carry WFMenuItemTitle alone (docs/shortcuts-runtime.md §4).
      this.actions.push({
        WFWorkflowActionIdentifier: ACTION_PREFIX + "choosefrommenu",
        WFWorkflowActionParameters: { GroupingIdentifier: group, WFControlFlowMode: 1, WFMenuItemTitle: c.title },
      });
      c.body();
    }
    this.end("choosefrommenu", group);
  }

  /** Repeat `count` times; inside, the "Repeat Index" variable counts from 1. */
  repeat(count: number, body: () => void): void {
    const group = this.nextGroup();
    this.actions.push({
      WFWorkflowActionIdentifier: ACTION_PREFIX + "repeat.count",
      WFWorkflowActionParameters: { GroupingIdentifier: group, WFControlFlowMode: 0, WFRepeatCount: count },
    });
    body();
    this.end("repeat.count", group);
  }

  private end(id: string, group: string): void {
    const index = this.actions.length;
    this.actions.push({
      WFWorkflowActionIdentifier: ACTION_PREFIX + id,
      WFWorkflowActionParameters: { GroupingIdentifier: group, UUID: this.uuid("action", index), WFControlFlowMode: 2 },
    });
  }

  toPlist(meta: ShortcutMetadata): PlistDict {
    return {
      WFQuickActionSurfaces: [],
      WFWorkflowActions: this.actions as unknown as PlistValue[],
      WFWorkflowClientVersion: CLIENT_VERSION,
      WFWorkflowHasOutputFallback: false,
      WFWorkflowHasShortcutInputVariables: false, // none of ours reads Shortcut Input
      WFWorkflowIcon: { WFWorkflowIconGlyphNumber: meta.iconGlyph, WFWorkflowIconStartColor: meta.iconColor },
      WFWorkflowImportQuestions: this.importQuestions.map((q) => ({
        ActionIndex: q.actionIndex,
        Category: "Parameter",
        DefaultValue: q.defaultValue,
        ParameterKey: q.parameterKey,
        Text: q.text,
      })),
      WFWorkflowInputContentItemClasses: [],
      WFWorkflowMinimumClientVersion: MINIMUM_CLIENT_VERSION,
      WFWorkflowMinimumClientVersionString: String(MINIMUM_CLIENT_VERSION),
      WFWorkflowOutputContentItemClasses: [],
      WFWorkflowTypes: meta.types,
    };
  }
}

/** Binary plist bytes (shortcuts sign refuses XML). */
export function toBinaryPlist(plist: PlistDict): Uint8Array {
  return new Uint8Array(serialize(plist as never));
}
