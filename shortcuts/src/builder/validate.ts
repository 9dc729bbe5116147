// Structural checks of a shortcut plist: the things Shortcuts silently mangles or refuses when
// they are wrong. Used by the build (it refuses to write a broken file) and by the tests.
import { COMMON_KEYS, CONTROL_FLOW_ACTIONS, CONTROL_FLOW_KEYS, KNOWN_ACTIONS } from "./known-actions.ts";
import { OBJECT_REPLACEMENT } from "./values.ts";

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof ArrayBuffer);

/** Top-level keys every modern export carries (golden 6a18b768 and 2e0fb675). */
export const TOP_LEVEL_KEYS = [
  "WFQuickActionSurfaces",
  "WFWorkflowActions",
  "WFWorkflowClientVersion",
  "WFWorkflowHasOutputFallback",
  "WFWorkflowHasShortcutInputVariables",
  "WFWorkflowIcon",
  "WFWorkflowImportQuestions",
  "WFWorkflowInputContentItemClasses",
  "WFWorkflowMinimumClientVersion",
  "WFWorkflowMinimumClientVersionString",
  "WFWorkflowOutputContentItemClasses",
  "WFWorkflowTypes",
];

const BUILT_IN_VARIABLES = new Set(["Repeat Index", "Repeat Item", "Repeat Index 2", "Repeat Item 2"]);

/** Every WFTextTokenString in `value`, with a path for messages. */
export function* tokenStrings(value: unknown, path = ""): Generator<{ path: string; string: string; ranges: Dict }> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* tokenStrings(value[i], `${path}[${i}]`);
  } else if (isDict(value)) {
    if (value.WFSerializationType === "WFTextTokenString" && isDict(value.Value)) {
      yield { path, string: String(value.Value.string ?? ""), ranges: isDict(value.Value.attachmentsByRange) ? value.Value.attachmentsByRange : {} };
    }
    for (const [key, child] of Object.entries(value)) yield* tokenStrings(child, `${path}.${key}`);
  }
}

/** Every attachment dictionary (something with a `Type`) that refers to a value. */
function* attachments(value: unknown): Generator<Dict> {
  if (Array.isArray(value)) for (const v of value) yield* attachments(v);
  else if (isDict(value)) {
    if (value.Type === "ActionOutput" || (value.Type === "Variable" && typeof value.VariableName === "string")) yield value;
    for (const child of Object.values(value)) yield* attachments(child);
  }
}

/** Problems with token-string ranges: each "{location, 1}" must point at a U+FFFC (UTF-16 index). */
export function tokenRangeProblems(value: unknown): string[] {
  const problems: string[] = [];
  for (const { path, string, ranges } of tokenStrings(value)) {
    const locations = Object.keys(ranges).map((key) => {
      const m = /^\{(\d+), 1\}$/.exec(key);
      if (!m) problems.push(`${path}: bad range key ${JSON.stringify(key)}`);
      return m ? Number(m[1]) : -1;
    });
    for (const location of locations) {
      if (location >= 0 && string[location] !== OBJECT_REPLACEMENT) problems.push(`${path}: range {${location}, 1} does not point at U+FFFC`);
    }
    const placeholders = [...string].filter((c) => c === OBJECT_REPLACEMENT).length;
    if (placeholders !== locations.length) problems.push(`${path}: ${placeholders} U+FFFC but ${locations.length} attachments`);
  }
  return problems;
}

export interface ValidateOptions {
  /** Only report structural problems, not unknown identifiers (for checking real exports). */
  structureOnly?: boolean;
}

export function validateShortcutPlist(plist: unknown, options: ValidateOptions = {}): string[] {
  const problems: string[] = [];
  if (!isDict(plist)) return ["the plist is not a dictionary"];
  if (!options.structureOnly) {
    for (const key of TOP_LEVEL_KEYS) if (!(key in plist)) problems.push(`missing top-level key ${key}`);
    for (const key of Object.keys(plist)) if (!TOP_LEVEL_KEYS.includes(key)) problems.push(`unknown top-level key ${key}`);
  }
  const actions = plist.WFWorkflowActions;
  if (!Array.isArray(actions)) return [...problems, "WFWorkflowActions is not an array"];

  const outputs = new Map<string, { index: number; name: unknown }>();
  const setVariables = new Set<string>();
  const stack: Array<{ group: string; id: string }> = [];
  actions.forEach((action, index) => {
    const where = `action ${index}`;
    if (!isDict(action) || typeof action.WFWorkflowActionIdentifier !== "string" || !isDict(action.WFWorkflowActionParameters)) {
      problems.push(`${where}: not an action`);
      return;
    }
    const id = action.WFWorkflowActionIdentifier;
    const params = action.WFWorkflowActionParameters;
    const isControlFlow = CONTROL_FLOW_ACTIONS.has(id);
    if (!options.structureOnly) {
      const known = KNOWN_ACTIONS[id];
      if (!known) problems.push(`${where}: unknown action ${id}`);
      else {
        for (const [key, value] of Object.entries(params)) {
          if ((COMMON_KEYS as readonly string[]).includes(key)) continue;
          if (isControlFlow && (CONTROL_FLOW_KEYS as readonly string[]).includes(key)) continue;
          const spec = known.keys[key];
          if (!spec) problems.push(`${where} (${id}): unknown parameter ${key}`);
          else if (spec.values && (typeof value === "string" || typeof value === "number" || typeof value === "boolean") && !spec.values.includes(value)) {
            problems.push(`${where} (${id}): ${key} = ${JSON.stringify(value)} is not a known value`);
          }
        }
      }
    }
    if (typeof params.UUID === "string") {
      if (outputs.has(params.UUID)) problems.push(`${where}: duplicate UUID ${params.UUID}`);
      outputs.set(params.UUID, { index, name: params.CustomOutputName });
    }
    if (id === "is.workflow.actions.setvariable" && typeof params.WFVariableName === "string") setVariables.add(params.WFVariableName);
    // iOS evaluates a dotted key as a key path and stops the run when a middle key is missing or
    // null (docs/shortcuts-runtime.md §1): ours read one key per action, tested before reading deeper.
    // (Real shortcuts use key paths on data whose shape they know; that's their business.)
    if (!options.structureOnly && id === "is.workflow.actions.getvalueforkey" && typeof params.WFDictionaryKey === "string" && params.WFDictionaryKey.includes(".")) {
      problems.push(`${where}: Get Dictionary Value reads the key path "${params.WFDictionaryKey}"; read one key per action`);
    }
    // iOS reads a case's attributed title as a bare {string, attachmentsByRange} (§4); a wrapped one shows blank.
    const attributed = params.WFMenuItemAttributedTitle;
    if (isDict(attributed) && ("WFSerializationType" in attributed || !("string" in attributed))) {
      problems.push(`${where}: WFMenuItemAttributedTitle must be a bare {string, attachmentsByRange}`);
    }

    // Control flow: 0 opens, 1 divides, 2 closes the innermost block of the same group.
    if (isControlFlow) {
      const group = params.GroupingIdentifier;
      const mode = params.WFControlFlowMode;
      if (typeof group !== "string") problems.push(`${where}: control flow without GroupingIdentifier`);
      else if (mode === 0) stack.push({ group, id });
      else if (mode === 1 || mode === 2) {
        const top = stack[stack.length - 1];
        if (!top || top.group !== group || top.id !== id) problems.push(`${where}: ${mode === 1 ? "Otherwise/case" : "End"} of ${group} outside its block`);
        else if (mode === 2) {
          stack.pop();
          // Real exports omit the End's UUID when nothing uses the block's output; ours always carry it.
          if (!options.structureOnly && typeof params.UUID !== "string") problems.push(`${where}: End without UUID`);
        }
      } else problems.push(`${where}: bad WFControlFlowMode ${String(mode)}`);
    } else if ("GroupingIdentifier" in params || "WFControlFlowMode" in params) {
      problems.push(`${where}: ${id} is not a control-flow action but carries a block`);
    }
  });
  for (const open of stack) problems.push(`block ${open.group} (${open.id}) is never closed`);

  actions.forEach((action, index) => {
    if (!isDict(action)) return;
    for (const ref of attachments(action.WFWorkflowActionParameters)) {
      if (ref.Type === "ActionOutput") {
        const target = outputs.get(String(ref.OutputUUID));
        // Real exports keep references to deleted actions; a built file must not.
        if (!target) {
          if (!options.structureOnly) problems.push(`action ${index}: refers to unknown output ${String(ref.OutputUUID)}`);
        }
        else if (target.index >= index) problems.push(`action ${index}: refers to the output of a later action`);
        // Real exports keep a stale OutputName after an action is renamed; a built file must not.
        else if (!options.structureOnly && target.name !== undefined && target.name !== ref.OutputName) {
          problems.push(`action ${index}: output name ${JSON.stringify(ref.OutputName)} differs from ${JSON.stringify(target.name)}`);
        }
      } else if (!options.structureOnly && !BUILT_IN_VARIABLES.has(String(ref.VariableName)) && !setVariables.has(String(ref.VariableName))) {
        problems.push(`action ${index}: variable ${JSON.stringify(ref.VariableName)} is never set`);
      }
    }
  });
  problems.push(...tokenRangeProblems(actions));

  const questions = plist.WFWorkflowImportQuestions;
  if (Array.isArray(questions)) {
    questions.forEach((q, i) => {
      if (!isDict(q)) return problems.push(`import question ${i} is not a dictionary`);
      const target = actions[Number(q.ActionIndex)];
      if (!isDict(target) || !isDict(target.WFWorkflowActionParameters)) problems.push(`import question ${i} points at no action`);
      // Real exports drop an empty parameter the question fills in; a built file keeps its default.
      else if (!options.structureOnly && !(String(q.ParameterKey) in target.WFWorkflowActionParameters)) {
        problems.push(`import question ${i} points at no action parameter`);
      }
      if (q.Category !== "Parameter") problems.push(`import question ${i} has category ${String(q.Category)}`);
    });
  }
  return problems;
}
