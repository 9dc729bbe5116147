// Every route, asked with a method it doesn't take: 405 method_not_allowed, an Allow header naming
// the methods it does take, and the error envelope (with its always-present `issues`). The routes
// come from the Worker itself (/openapi.json), plus the landing page's, so a new route is covered.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { allowedMethods } from "../../src/app";
import { ErrorSchema } from "../../src/http/errors";

const fetchWorker = (path: string, init: RequestInit = {}) => exports.default.fetch(`https://delivered.test${path}`, init);
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** Routes that aren't API operations, so /openapi.json doesn't list them. */
const PAGES: Record<string, string[]> = { "/": ["GET"], "/styles.css": ["GET"], "/favicon.svg": ["GET"], "/favicon.ico": ["GET"], "/openapi.json": ["GET"] };

async function routeTable(): Promise<Record<string, string[]>> {
  const doc = (await (await fetchWorker("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const table: Record<string, string[]> = { ...PAGES };
  for (const [path, operations] of Object.entries(doc.paths)) {
    // A concrete path for each template: /v1/sessions/{id} → /v1/sessions/abc
    table[path.replace(/\{[^}]+\}/g, "abc")] = Object.keys(operations).map((m) => m.toUpperCase());
  }
  return table;
}

describe("a method a route doesn't take", () => {
  it("GET /v1/diagnose: 405, Allow: POST, the envelope", async () => {
    const res = await fetchWorker("/v1/diagnose");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    const body = ErrorSchema.parse(await res.json());
    expect(body.error).toEqual({
      code: "method_not_allowed",
      message: "GET is not allowed on /v1/diagnose: use POST.",
      issues: [],
      requestId: res.headers.get("x-request-id"),
    });
  });

  it("every route, every other method", async () => {
    const table = await routeTable();
    expect(Object.keys(table).length).toBeGreaterThanOrEqual(13);
    let checked = 0;
    for (const [path, allowed] of Object.entries(table)) {
      const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : [])];
      for (const method of METHODS.filter((m) => !allowed.includes(m))) {
        const res = await fetchWorker(path, { method, ...(method === "GET" ? {} : { headers: { "content-type": "application/json" }, body: method === "OPTIONS" ? undefined : "{}" }) });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get("allow")?.split(", ").sort(), `${method} ${path}`).toEqual(allow.sort());
        const body = ErrorSchema.parse(await res.json());
        expect(body.error.code).toBe("method_not_allowed");
        expect(body.error.issues).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("HEAD is answered wherever GET is; unknown paths stay 404", async () => {
    expect((await fetchWorker("/healthz", { method: "HEAD" })).status).toBe(200);
    const missing = await fetchWorker("/v1/diagnose/extra", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("allow")).toBeNull();
    expect(ErrorSchema.parse(await missing.json()).error.issues).toEqual([]);
  });

  it("reads the route table as Hono writes it: parameters, wildcards, middleware", () => {
    const routes = [
      { method: "ALL", path: "*" },
      { method: "ALL", path: "/v1/*" },
      { method: "POST", path: "/v1/sessions" },
      { method: "GET", path: "/v1/sessions/:id" },
      { method: "POST", path: "/v1/sessions/:id/outcome" },
      { method: "POST", path: "/v1/sessions/:id/outcome" }, // a route's own middleware is another entry
      { method: "GET", path: "/shortcuts/:file" },
    ];
    expect(allowedMethods(routes, "/v1/sessions")).toEqual(["POST"]);
    expect(allowedMethods(routes, "/v1/sessions/x1")).toEqual(["GET", "HEAD"]);
    expect(allowedMethods(routes, "/v1/sessions/x1/outcome")).toEqual(["POST"]);
    expect(allowedMethods(routes, "/v1/sessions/x1/other")).toEqual([]);
    expect(allowedMethods(routes, "/shortcuts/a.shortcut")).toEqual(["GET", "HEAD"]);
    expect(allowedMethods(routes, "/nothing")).toEqual([]);
  });
});

describe("every error envelope has issues", () => {
  it("is a list, empty when nothing is about one field: 400, 404, 405, 413, 415", async () => {
    const post = (path: string, body: string, type = "application/json") => fetchWorker(path, { method: "POST", headers: { "content-type": type }, body });
    const cases: [string, Promise<Response>, number][] = [
      ["malformed JSON", post("/v1/diagnose", "{"), 400],
      ["invalid field", post("/v1/diagnose", "{}"), 400],
      ["unknown route", fetchWorker("/nothing"), 404],
      ["unknown session", fetchWorker("/v1/sessions/AAAAAAAAAAAAAAAAAAAAAA"), 404],
      ["wrong method", fetchWorker("/v1/status", { method: "DELETE" }), 405],
      ["too large", post("/v1/diagnose", JSON.stringify({ pad: "x".repeat(20_000) })), 413],
      ["not JSON", post("/v1/diagnose", "a=1", "application/x-www-form-urlencoded"), 415],
    ];
    for (const [label, pending, status] of cases) {
      const res = await pending;
      expect(res.status, label).toBe(status);
      const { error } = ErrorSchema.parse(await res.json());
      expect(Array.isArray(error.issues), label).toBe(true);
      if (label === "invalid field") expect(error.issues.length).toBeGreaterThan(0);
      else expect(error.issues, label).toEqual([]);
    }
  });
});
