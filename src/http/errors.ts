// The contract's error envelope: {"error": {"code", "message", "issues", "requestId"?}}.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export const ERROR_STATUS = {
  invalid_request: 400,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface Issue {
  path: string;
  message: string;
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string().openapi({ example: "The iOS version is required, like \"17.1.1\"." }),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).openapi({ description: "Per-field problems; empty when the error isn't about one field." }),
      requestId: z.string().optional(),
    }),
  })
  .openapi("Error");

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function errorResponse(c: Context, error: ApiError): Response {
  const requestId = c.get("requestId" as never) as string | undefined;
  const body = {
    error: {
      code: error.code,
      message: error.message,
      // Always a list, empty when nothing is wrong with a particular field: clients can iterate it.
      issues: error.issues ?? [],
      ...(requestId ? { requestId } : {}),
    },
  };
  return c.json(body, ERROR_STATUS[error.code], error.headers);
}

/** Turns zod's issues into the envelope's, with dotted paths ("device.osVersion"). */
export function issuesFromZod(error: z.ZodError): Issue[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: readableIssue(issue),
  }));
}

function withArticle(type: string): string {
  const word = type === "record" ? "object" : type;
  return `${/^[aeiou]/.test(word) ? "an" : "a"} ${word}`;
}

/** Our own messages stay; zod's defaults ("Invalid input: expected object, received string") are reworded. */
function readableIssue(issue: z.core.$ZodIssue): string {
  const generic = /^Invalid input: expected (\w+), received (\w+)/.exec(issue.message);
  if (generic) return generic[2] === "undefined" ? "Required." : `Expected ${withArticle(generic[1]!)}, got ${withArticle(generic[2]!)}.`;
  if (issue.code === "invalid_union" && issue.message === "Invalid input") return "Not a value this field accepts.";
  return issue.message;
}

export function invalidRequest(error: z.ZodError): ApiError {
  const issues = issuesFromZod(error);
  const first = issues[0];
  const message = first
    ? `The request is not valid: ${first.path} — ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ""}`
    : "The request is not valid.";
  return new ApiError("invalid_request", message, issues);
}
