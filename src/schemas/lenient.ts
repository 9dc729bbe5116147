// Shortcuts sends numbers and booleans as text more often than not ("87", "true", "Yes"),
// and an unanswered question as an empty string. These accept both forms and treat
// "", null and whitespace as "not given". A field built with `required: "message"`
// answers that message when it is absent or blank; otherwise it is optional.
import { z } from "@hono/zod-openapi";

const TRUE_WORDS = new Set(["true", "yes", "y", "on", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "off", "0"]);

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

type Read<T> = (value: string | number | boolean, ctx: z.core.$RefinementCtx) => T | typeof z.NEVER;

/**
 * The shared shape: a union of the JSON forms a Shortcut may send, read by `read`.
 * Optional fields stay optional keys (absent is fine); required ones name what's missing.
 */
function lenient<T>(forms: z.ZodType[], read: Read<T>, required: string | undefined, openapi: Record<string, unknown>) {
  const accepted = z.union([...forms, z.null()] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]], {
    error: (issue) => (required && issue.input === undefined ? required : undefined),
  });
  const parsed = accepted.transform((value, ctx): T | undefined => {
    if (isBlank(value)) {
      if (required) {
        ctx.addIssue({ code: "custom", message: required });
        return z.NEVER;
      }
      return undefined;
    }
    return read(value as string | number | boolean, ctx);
  });
  return (required ? parsed : parsed.optional()).openapi(openapi);
}

function fail(ctx: z.core.$RefinementCtx, message: string): typeof z.NEVER {
  ctx.addIssue({ code: "custom", message });
  return z.NEVER;
}

export const looseBoolean: z.ZodType<boolean | undefined> = lenient<boolean>(
  [z.boolean(), z.string(), z.number()],
  (value, ctx) => {
    if (typeof value === "boolean") return value;
    const word = String(value).trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return fail(ctx, `Expected yes or no (true/false), got "${String(value).slice(0, 40)}".`);
  },
  undefined,
  { type: "boolean", description: "A boolean, or its text form: true/false, yes/no, on/off, 1/0. Empty means not given." },
);

export function looseNumber(options: { min?: number; max?: number; integer?: boolean; example?: number } = {}): z.ZodType<number | undefined> {
  const { min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, integer = false } = options;
  return lenient<number>(
    [z.number(), z.string()],
    (value, ctx) => {
      // Shortcuts may format numbers with grouping separators or a typographic minus sign.
      const number = typeof value === "number" ? value : Number(String(value).trim().replace(/[\s,_\u00a0\u202f]/g, "").replace(/^\u2212/, "-"));
      if (!Number.isFinite(number)) return fail(ctx, `Expected a number, got "${String(value).slice(0, 40)}".`);
      const rounded = integer ? Math.round(number) : number;
      if (rounded < min || rounded > max) return fail(ctx, `Expected a number between ${min} and ${max}, got ${rounded}.`);
      return rounded;
    },
    undefined,
    { type: "number", description: "A number, or its text form (\"87\"). Empty means not given.", example: options.example },
  );
}

/** A text field, trimmed. */
export function looseText(maxLength: number, example?: string): z.ZodType<string | undefined>;
export function looseText(maxLength: number, example: string | undefined, required: string): z.ZodType<string>;
export function looseText(maxLength: number, example?: string, required?: string): z.ZodType<string> | z.ZodType<string | undefined> {
  return lenient<string>(
    [z.string(), z.number()],
    (value, ctx) => {
      const text = String(value).trim();
      return text.length > maxLength ? fail(ctx, `Too long: at most ${maxLength} characters.`) : text;
    },
    required,
    { type: "string", maxLength, example },
  );
}

/**
 * One of a fixed set of words, matched without regard to case, spaces, hyphens or
 * underscores ("Wi-Fi" = "wifi", "One contact" = "one_contact"); aliases map other spellings.
 */
export function looseEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  options?: { aliases?: Record<string, T[number]>; example?: T[number] },
): z.ZodType<T[number] | undefined>;
export function looseEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  options: { aliases?: Record<string, T[number]>; example?: T[number]; required: string },
): z.ZodType<T[number]>;
export function looseEnum<const T extends readonly [string, ...string[]]>(
  values: T,
  options: { aliases?: Record<string, T[number]>; example?: T[number]; required?: string } = {},
): z.ZodType<T[number]> | z.ZodType<T[number] | undefined> {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_\-]/g, "");
  const lookup = new Map<string, T[number]>();
  for (const value of values) lookup.set(squash(value), value);
  for (const [alias, value] of Object.entries(options.aliases ?? {})) lookup.set(squash(alias), value);
  return lenient<T[number]>(
    [z.string()],
    (value, ctx) => lookup.get(squash(String(value))) ?? fail(ctx, `Expected one of ${values.join(", ")}; got "${String(value).slice(0, 40)}".`),
    options.required,
    { type: "string", enum: [...values], example: options.example },
  );
}

/** A nested object that Shortcuts may leave out, send as null, or send as an empty string. */
export function looseObject<S extends z.ZodRawShape>(shape: S) {
  return z.preprocess((value) => (isBlank(value) ? undefined : value), z.object(shape).optional());
}
