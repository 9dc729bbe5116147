// Variables and text as the Shortcuts plist encodes them: attachments (a whole parameter is
// one variable, WFTextTokenAttachment) and token strings (text with variables embedded as
// U+FFFC, WFTextTokenString, ranges counted in UTF-16 code units like JS string indices).

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };
export type PlistDict = { [key: string]: PlistValue };

export const OBJECT_REPLACEMENT = "\uFFFC";

/** A reference to a value: an action's output, a named variable or a magic variable. */
export class Ref {
  readonly attachment: PlistDict;
  constructor(attachment: PlistDict) {
    this.attachment = attachment;
  }
  private with(aggrandizement: PlistDict): Ref {
    const existing = (this.attachment.Aggrandizements as PlistValue[] | undefined) ?? [];
    const { Aggrandizements: _drop, ...rest } = this.attachment;
    return new Ref({ Aggrandizements: [...existing, aggrandizement], ...rest });
  }
  /** The value under `key` when this is a dictionary. */
  key(key: string): Ref {
    return this.with({ DictionaryKey: key, Type: "WFDictionaryValueVariableAggrandizement" });
  }
  /** A named property, e.g. "Device Model" of DeviceDetails. */
  property(name: string): Ref {
    return this.with({ PropertyName: name, Type: "WFPropertyVariableAggrandizement" });
  }
  /** Coerces the value to a content class, e.g. WFDictionaryContentItem. */
  as(itemClass: string): Ref {
    return this.with({ CoercionItemClass: itemClass, Type: "WFCoercionVariableAggrandizement" });
  }
  /** `{Value: attachment, WFSerializationType: "WFTextTokenAttachment"}`. */
  toParameter(): PlistDict {
    return { Value: this.attachment, WFSerializationType: "WFTextTokenAttachment" };
  }
}

export const actionOutput = (uuid: string, outputName: string) => new Ref({ OutputName: outputName, OutputUUID: uuid, Type: "ActionOutput" });
export const namedVariable = (name: string) => new Ref({ Type: "Variable", VariableName: name });
export const currentDate = () => new Ref({ Type: "CurrentDate" });
export const repeatIndex = () => namedVariable("Repeat Index");

/** Text with embedded variables. */
export class TokenText {
  readonly string: string;
  readonly attachments: ReadonlyArray<{ location: number; ref: Ref }>;
  constructor(string: string, attachments: ReadonlyArray<{ location: number; ref: Ref }>) {
    this.string = string;
    this.attachments = attachments;
  }
  /** Always the token-string form (dictionary fields and menu items need it even without variables). */
  toTokenString(): PlistDict {
    const value: PlistDict = {};
    if (this.attachments.length > 0) {
      const byRange: PlistDict = {};
      for (const { location, ref } of this.attachments) byRange[`{${location}, 1}`] = ref.attachment;
      value.attachmentsByRange = byRange;
    }
    value.string = this.string;
    return { Value: value, WFSerializationType: "WFTextTokenString" };
  }
  /** Plain text stays a plain string, as in real exports; text with variables is a token string. */
  toParameter(): PlistValue {
    return this.attachments.length === 0 ? this.string : this.toTokenString();
  }
}

export type TextPart = string | number | Ref | TokenText;

/** Joins parts into one token text; every Ref becomes one U+FFFC at its UTF-16 offset. */
export function joinText(parts: readonly TextPart[]): TokenText {
  let string = "";
  const attachments: Array<{ location: number; ref: Ref }> = [];
  for (const part of parts) {
    if (part instanceof Ref) {
      attachments.push({ location: string.length, ref: part });
      string += OBJECT_REPLACEMENT;
    } else if (part instanceof TokenText) {
      for (const a of part.attachments) attachments.push({ location: string.length + a.location, ref: a.ref });
      string += part.string;
    } else {
      if (String(part).includes(OBJECT_REPLACEMENT)) throw new Error("literal text must not contain U+FFFC");
      string += String(part);
    }
  }
  return new TokenText(string, attachments);
}

/** Tagged template: text`Hello ${name}` → TokenText. */
export function text(strings: TemplateStringsArray, ...values: TextPart[]): TokenText {
  const parts: TextPart[] = [];
  strings.forEach((s, i) => {
    parts.push(s);
    if (i < values.length) parts.push(values[i]!);
  });
  return joinText(parts);
}

export type ParameterValue = TextPart | boolean;

export function toParameter(value: ParameterValue): PlistValue {
  if (value instanceof Ref) return value.toParameter();
  if (value instanceof TokenText) return value.toParameter();
  return value;
}

// ——— Dictionaries (Dictionary action, JSON bodies, HTTP headers) ———

export type DictionaryFieldValue = TextPart | boolean | DictionaryFields;
export interface DictionaryFields {
  [key: string]: DictionaryFieldValue;
}

const asTokenText = (part: TextPart): TokenText => (part instanceof TokenText ? part : joinText([part]));

/**
 * WFDictionaryFieldValue. Item types as in real exports: 0 text, 1 dictionary, 3 number,
 * 4 boolean. Numbers are written as their digits in a token string, like the app does.
 */
export function dictionaryField(fields: DictionaryFields): PlistDict {
  const items: PlistValue[] = Object.entries(fields).map(([key, value]) => {
    const wfKey = asTokenText(key).toTokenString();
    if (typeof value === "boolean") {
      return { WFItemType: 4, WFKey: wfKey, WFValue: { Value: value, WFSerializationType: "WFNumberSubstitutableState" } };
    }
    if (typeof value === "number") {
      return { WFItemType: 3, WFKey: wfKey, WFValue: asTokenText(value).toTokenString() };
    }
    if (typeof value === "string" || value instanceof Ref || value instanceof TokenText) {
      return { WFItemType: 0, WFKey: wfKey, WFValue: asTokenText(value).toTokenString() };
    }
    return { WFItemType: 1, WFKey: wfKey, WFValue: { Value: dictionaryField(value), WFSerializationType: "WFDictionaryFieldValue" } };
  });
  return { Value: { WFDictionaryFieldValueItems: items }, WFSerializationType: "WFDictionaryFieldValue" };
}
