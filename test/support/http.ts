// Requests through the Worker's own fetch handler, as the runtime would deliver them.
import { exports } from "cloudflare:workers";

export function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`https://delivered.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`https://delivered.test${path}`, { headers });
}
