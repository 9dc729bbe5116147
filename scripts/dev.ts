// `npm start`: applies the D1 migrations to the local database, then runs `wrangler dev
// --test-scheduled` with whatever arguments follow (`npm start -- --port 9000`).
//
// Offline, Apple's feeds can't be read and the verdict is `unknown`; that is expected, so it says
// so in one line instead of letting every read fail loudly: it turns the feeds off (their URL vars
// empty: the Worker then doesn't try) and lets wrangler use its placeholder `request.cf` without
// trying to download the real one.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readWranglerConfig, ROOT, wranglerVar } from "./lib/wrangler-config.ts";

export const FEED_VARS = ["APPLE_STATUS_URL", "APPLE_DEVELOPER_STATUS_URL", "IOS_VERSIONS_URL"] as const;
/** Where wrangler downloads the real `request.cf` from (miniflare's default). */
const CF_ENDPOINT = "https://workers.cloudflare.com/cf.json";
const PROBE_TIMEOUT_MS = 2_500;

/** Whether an HTTPS server answers at all (any status): DNS, TCP and TLS all work. */
export async function reachable(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

/** KEY=VALUE lines of .dev.vars (wrangler's local overrides), enough to find a feed URL. */
export function readDevVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  return vars;
}

/** `--var NAME:value` given on the command line. */
function varsFromArgs(args: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  args.forEach((arg, i) => {
    const value = arg === "--var" ? args[i + 1] : arg.startsWith("--var=") ? arg.slice(6) : undefined;
    const match = value ? /^([^:]+):(.*)$/.exec(value) : null;
    if (match) vars[match[1]!] = match[2]!;
  });
  return vars;
}

export interface DevPlan {
  /** Arguments for `wrangler dev`. */
  args: string[];
  /** Extra environment for wrangler. */
  env: Record<string, string>;
  /** The one line to print, if any. */
  notice?: string;
}

/** What to run, given which feed URLs are configured and which of them (and cf.json) answer. */
export function planDev(userArgs: string[], feeds: Record<string, string>, feedsReachable: boolean, cfReachable: boolean, statusCacheSet = false): DevPlan {
  const args = ["dev", "--test-scheduled"];
  // Locally a refresh by hand (/__scheduled) should show at once: GET /v1/status is computed every
  // time, as on workers.dev, unless STATUS_CACHE is given (--var STATUS_CACHE:on, or .dev.vars).
  if (!statusCacheSet) args.push("--var", "STATUS_CACHE:off");
  const env: Record<string, string> = {};
  let notice: string | undefined;
  if (!feedsReachable) {
    // Empty URL vars turn the feeds off: no failing read, no log line per read (src/feeds/http.ts).
    for (const name of Object.keys(feeds)) args.push("--var", `${name}:`);
    notice = `Apple's status feeds can't be reached from here (offline?), so the verdict says "unknown"; everything else works. Restart npm start when you're back online.`;
  }
  if (!cfReachable) env.CLOUDFLARE_CF_FETCH_ENABLED = "false"; // wrangler's placeholder request.cf, without a warning
  return { args: [...args, ...userArgs], env, notice };
}

async function main(userArgs: string[]): Promise<number> {
  // Migrations first, as before: the local database must have the schema before a request needs it.
  const persist = userArgs.flatMap((a, i) => (a === "--persist-to" ? ["--persist-to", userArgs[i + 1] ?? ""] : a.startsWith("--persist-to=") ? [a] : []));
  const envName = userArgs.flatMap((a, i) => (a === "--env" || a === "-e" ? ["--env", userArgs[i + 1] ?? ""] : a.startsWith("--env=") ? [a] : []));
  const migrate = spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", ...persist, ...envName], { stdio: "inherit" });
  if (migrate.error) {
    console.error(`could not run wrangler: ${migrate.error.message}`);
    return 127;
  }
  if (migrate.status !== 0) return migrate.status ?? 1;

  // The feed URLs as the Worker will see them: wrangler.toml, then .dev.vars, then --var.
  const config = readWranglerConfig();
  const devVarsFile = join(ROOT, ".dev.vars");
  const overrides = { ...(existsSync(devVarsFile) ? readDevVars(readFileSync(devVarsFile, "utf8")) : {}), ...varsFromArgs(userArgs) };
  const feeds: Record<string, string> = {};
  for (const name of FEED_VARS) feeds[name] = overrides[name] ?? wranglerVar(config, name) ?? "";
  // Apple's consumer feed stands for all three (the same network path); with none set, nothing to probe.
  const probe = Object.values(feeds).find(Boolean);
  const cfWanted = process.env.CLOUDFLARE_CF_FETCH_ENABLED === undefined;
  const [feedsReachable, cfReachable] = await Promise.all([probe ? reachable(probe) : true, cfWanted ? reachable(CF_ENDPOINT) : true]);
  const plan = planDev(userArgs, feeds, feedsReachable, cfReachable, "STATUS_CACHE" in overrides);
  if (plan.notice) console.log(`\n${plan.notice}\n`);
  const dev = spawnSync("wrangler", plan.args, { stdio: "inherit", env: { ...process.env, ...plan.env } });
  return dev.status ?? (dev.signal ? 130 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2)).then((code) => process.exit(code));
