// The stand-in for the internet during tests: the Worker's outbound fetch() lands here (miniflare's
// outboundService, in Node). It serves the real captured files in test/fixtures by path, so feed
// URLs in tests look like http://fixtures.test/apple-status/consumer-2021-no-events.json, and it
// can misbehave on request (/fault/...) the way a real origin does.
import { readFile } from "node:fs/promises";
import { join, normalize } from "node:path";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");

async function fixture(path: string): Promise<string | null> {
  const file = normalize(join(FIXTURES, path));
  if (!file.startsWith(FIXTURES)) return null;
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

export async function serveTestOrigin(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.hostname !== "fixtures.test") {
    return new Response(`No network in tests (tried ${url.origin})`, { status: 502 });
  }
  const [, first, kind, ...rest] = url.pathname.split("/");
  if (first === "fault") {
    const file = rest.length ? await fixture(rest.join("/")) : null;
    switch (kind) {
      case "timeout":
        await new Promise((resolve) => setTimeout(resolve, 10_000));
        return new Response("too late");
      case "500":
        return new Response("Internal Server Error", { status: 500 });
      case "html":
        return new Response("<!doctype html><title>Apple</title><p>Maintenance</p>", {
          headers: { "content-type": "text/html" },
        });
      case "truncated":
        return file === null ? new Response("missing", { status: 404 }) : new Response(file.slice(0, Math.floor(file.length / 2)));
      case "jsonp":
        return file === null ? new Response("missing", { status: 404 }) : new Response(`jsonCallback(${file});`);
      case "empty-services": {
        // The real feed with its service list emptied (Apple always lists every service).
        if (file === null) return new Response("missing", { status: 404 });
        const feed = JSON.parse(file) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...feed, services: [] }), { headers: { "content-type": "application/json" } });
      }
      case "wrapper-changed":
        return file === null ? new Response("missing", { status: 404 }) : new Response(`window.__status = ${file}`);
      default:
        return new Response("unknown fault", { status: 404 });
    }
  }
  const body = await fixture(url.pathname);
  if (body === null) return new Response("Not Found", { status: 404 });
  return new Response(body, { headers: { "content-type": "application/json" } });
}
