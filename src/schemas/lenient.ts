// Shortcuts sends numbers and booleans as text more often than not ("87", "true", "Yes"),
// and an unanswered question as an empty string. These accept both forms and treat
// "", null and whitespace as "not given".
import { z } from "@hono/zod-openapi";

const TRUE_WORDS = new Set(["true", "yes", "y", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "off", "0"]);

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

export const looseBoolean = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .transform((value, ctx): boolean | undefined => {
    if (isBlank(value)) return undefined;
    if (typeof value === "boolean") return value;
    const word = String(value).trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    ctx.addIssue({ code: "custom", message: `Expected yes or no (true/false), got "${String(value).slice(0, 40)}".` });
    return z.NEVER;
  })
  .optional()
  .openapi({ type: "boolean", description: "A boolean, or its text form: true/false, yes/no, on/off, 1/0. Empty means not given." });

export function looseNumber(options: { min?: number; max?: number; integer?: boolean; example?: number } = {}) {
  const { min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, integer = false } = options;
  return z
    .union([z.number(), z.string(), z.null()])
    .transform((value, ctx): number | undefined => {
      if (isBlank(value)) return undefined;
      // Shortcuts may format numbers with grouping separators or a typographic minus sign.
      const text = typeof value === "number" ? value : Number(String(value).trim().replace(/[\s,_\u00a0\u202f]/g, "").replace(/^\u2212/, "-"));
      if (!Number.isFinite(text)) {
        ctx.addIssue({ code: "custom", message: `Expected a number, got "${String(value).slice(0, 40)}".` });
        return z.NEVER;
      }
      const number = integer ? Math.round(text) : text;
      if (number < min || number > max) {
        ctx.addIssue({ code: "custom", message: `Expected a number between ${min} and ${max}, got ${number}.` });
        return z.NEVER;
      }
      return number;
    })
    .optional()
    .openapi({ type: "number", description: "A number, or its text form (\"87\"). Empty means not given.", example: options.example });
}

/** A text field; blank means not given. */
export function looseText(maxLength: number, example?: string) {
  return z
    .union([z.string(), z.number(), z.null()])
    .transform((value, ctx): string | undefined => {
      if (isBlank(value)) return undefined;
      const text = String(value).trim();
      if (text.length > maxLength) {
        ctx.addIssue({ code: "custom", message: `Too long: at most ${maxLength} characters.` });
        return z.NEVER;
      }
      return text;
    })
    .optional()
    .openapi({ type: "string", maxLength, example });
}

/**
 * One of a fixed set of words, matched without regard to case, spaces, hyphens or
 * underscores ("Wi-Fi" = "wifi", "One contact" = "one_contact"); aliases map other spellings.
 */
export function looseEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  aliases: Record<string, T[number]> = {},
  example?: T[number],
) {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_\-]/g, "");
  const lookup = new Map<string, T[number]>();
  for (const value of values) lookup.set(squash(value), value);
  for (const [alias, value] of Object.entries(aliases)) lookup.set(squash(alias), value);
  return z
    .union([z.string(), z.null()])
    .transform((value, ctx): T[number] | undefined => {
      if (isBlank(value)) return undefined;
      const found = lookup.get(squash(String(value)));
      if (found === undefined) {
        ctx.addIssue({ code: "custom", message: `Expected one of ${values.join(", ")}; got "${String(value).slice(0, 40)}".` });
        return z.NEVER;
      }
      return found;
    })
    .optional()
    .openapi({ type: "string", enum: [...values], example });
}

/** A nested object that Shortcuts may leave out, send as null, or send as an empty string. */
export function looseObject<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((value) => (isBlank(value) ? undefined : value), z.object(shape).optional());
}
