import { OpenAPIHono } from "@hono/zod-openapi";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import type { Bindings } from "./env";
import { ApiError, errorResponse, invalidRequest } from "./http/errors";
import { requestId } from "./http/middleware";

export interface AppEnv {
  Bindings: Bindings;
  Variables: { requestId: string };
}

/** "/v1/sessions/:id/outcome" → a RegExp for the paths it serves. */
function routePattern(path: string): RegExp {
  const source = path
    .split("/")
    .map((part) => (part === "*" ? ".*" : part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}$`);
}

const METHOD_ORDER = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/**
 * The methods a path is served with, from the app's route table (middleware, registered for ALL
 * methods, doesn't count). HEAD wherever GET is: Hono answers it from the GET route.
 */
export function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || !routePattern(route.path).test(path)) continue;
    methods.add(route.method);
    if (route.method === "GET") methods.add("HEAD");
  }
  return METHOD_ORDER.filter((m) => methods.has(m));
}

/** A router whose validation failures answer with the contract's error envelope. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return errorResponse(c, invalidRequest(result.error));
    },
  });
}

export function createApp() {
  const app = createRouter();
  app.use(requestId);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        imgSrc: ["'self'", "data:"],
        // No inline style or script anywhere: the landing page's CSS is served at /styles.css.
        styleSrc: ["'self'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      crossOriginResourcePolicy: "cross-origin",
    }),
  );

  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    // A path that exists, asked with another method: 405 and what it takes.
    const allow = allowedMethods(app.routes, path);
    if (allow.length) {
      return errorResponse(
        c,
        new ApiError("method_not_allowed", `${c.req.method} is not allowed on ${path}: use ${allow.filter((m) => m !== "HEAD").join(" or ")}.`, undefined, {
          Allow: allow.join(", "),
        }),
      );
    }
    return errorResponse(c, new ApiError("not_found", `There is nothing at ${c.req.method} ${path}.`));
  });
  app.onError((err, c) => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      // Hono's own 4xx (e.g. malformed JSON from the validator): keep the status, use the envelope.
      const code = err.status === 413 ? "too_large" : err.status === 415 ? "unsupported_media_type" : err.status === 404 ? "not_found" : "invalid_request";
      const message = err.status === 400 ? "The request body is not valid JSON." : err.message || "The request cannot be handled.";
      return errorResponse(c, new ApiError(code, message));
    }
    if (err instanceof Error && /^D1_/.test(err.message)) {
      // The database is down or overloaded: a passing condition, not a bug.
      console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), event: "storage_unavailable", error: err.message }));
      return errorResponse(c, new ApiError("unavailable", "Saving your progress is unavailable right now. Try again in a minute.", undefined, { "Retry-After": "30" }));
    }
    // Log the fault, never the request body (it may hold a recipient's number).
    console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), method: c.req.method, path: new URL(c.req.url).pathname, error: String(err instanceof Error ? (err.stack ?? err.message) : err) }));
    return errorResponse(c, new ApiError("internal", "Something went wrong on our side. Try again in a minute; if it keeps happening, quote the request id."));
  });
  return app;
}
