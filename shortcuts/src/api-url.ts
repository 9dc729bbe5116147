// The API a build of the Shortcuts is for: the import question's suggested address. It is a build
// input (`--api-url`, else PUBLIC_URL in wrangler.toml), recorded in shortcuts/dist/manifest.json.
import { readWranglerConfig, wranglerVar, WRANGLER_TOML } from "../../scripts/lib/wrangler-config.ts";

/** wrangler.toml's placeholder until someone deploys: no iPhone should ever be pointed at it. */
export const EXAMPLE_API_URL = "https://delivered.example.workers.dev";

export class ApiUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApiUrlError";
  }
}

/**
 * "https://delivered.acme.workers.dev/" → "https://delivered.acme.workers.dev". The Worker answers
 * at the root of its host (its routes are /v1/…, /healthz), so only an origin will do.
 */
export function normalizeApiUrl(raw: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ApiUrlError(`${JSON.stringify(raw)} is not a URL: give the Worker's address, like https://delivered.<your-subdomain>.workers.dev`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ApiUrlError(`${text}: the API URL must start with https://`);
  if (url.username || url.password) throw new ApiUrlError(`${text}: the API URL must not hold a user name or password`);
  if (url.search || url.hash) throw new ApiUrlError(`${text}: the API URL must not have a query or fragment`);
  if (url.pathname !== "/") throw new ApiUrlError(`${text}: the API URL must be the Worker's origin, without a path (the Worker's routes start at /)`);
  return url.origin;
}

/**
 * A URL nobody's users can reach: the example host, a reserved name (example.com, *.example, *.test,
 * *.invalid, localhost) or a loopback address.
 */
export function isPlaceholderUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return true;
  }
  const labels = host.split(".");
  if (labels.includes("example")) return true;
  if (["test", "invalid", "localhost", "local"].includes(labels.at(-1)!)) return true;
  return host === "localhost" || host === "[::1]" || /^127\./.test(host) || host === "0.0.0.0";
}

export interface ApiUrlChoice {
  url: string;
  /** Where it came from, for messages: "--api-url" or "PUBLIC_URL in wrangler.toml". */
  source: string;
}

/** `--api-url URL` (or `--api-url=URL`) out of a command's arguments; the rest stay. */
export function takeApiUrlFlag(args: string[]): { apiUrl?: string; rest: string[] } {
  const rest: string[] = [];
  let apiUrl: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--api-url") {
      apiUrl = args[++i];
      if (!apiUrl) throw new ApiUrlError("--api-url needs a URL, like --api-url https://delivered.<your-subdomain>.workers.dev");
    } else if (arg.startsWith("--api-url=")) apiUrl = arg.slice("--api-url=".length);
    else rest.push(arg);
  }
  return { apiUrl, rest };
}

/** The URL to build for: the flag's, else PUBLIC_URL in wrangler.toml. */
export function chooseApiUrl(flag: string | undefined, wranglerToml = WRANGLER_TOML): ApiUrlChoice {
  if (flag !== undefined) return { url: normalizeApiUrl(flag), source: "--api-url" };
  const configured = wranglerVar(readWranglerConfig(wranglerToml), "PUBLIC_URL");
  if (!configured) throw new ApiUrlError("wrangler.toml sets no PUBLIC_URL under [vars]: set it, or pass --api-url https://…");
  return { url: normalizeApiUrl(configured), source: "PUBLIC_URL in wrangler.toml" };
}
