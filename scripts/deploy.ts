// `npm run deploy`: checks wrangler.toml for what a first deployment must replace, before wrangler
// asks for credentials, then runs `wrangler deploy` with the same arguments.
//
// It refuses: the placeholder KV namespace and D1 database ids (all zeros), the example PUBLIC_URL
// (or none), and Shortcuts built for another address than PUBLIC_URL. Each refusal names what to
// replace and the command that creates it. `--dry-run` (nothing is uploaded) only warns.
// Usage: node scripts/deploy.ts [wrangler deploy arguments…]   (npm run deploy -- …)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { isPlaceholderUrl, normalizeApiUrl } from "../shortcuts/src/api-url.ts";
import type { Manifest } from "../shortcuts/src/manifest.ts";
import { arrayTable, parseWranglerConfig, wranglerVar, type WranglerConfig } from "./lib/wrangler-config.ts";

const WRANGLER = "node scripts/node22.mjs npx wrangler";

/** "00000000000000000000000000000000", "00000000-0000-…", "", "<the id>": not an id anyone was given. */
export function isPlaceholderId(value: unknown): boolean {
  if (typeof value !== "string") return true;
  const id = value.trim();
  return id === "" || /^[0-]+$/.test(id) || /^<.*>$/.test(id);
}

export interface DeployProblem {
  /** What is wrong, where. */
  what: string;
  /** What to do, with the command. */
  fix: string;
}

/** Everything a deployment of this config would get wrong. `manifest`: shortcuts/dist/manifest.json, if any. */
export function deployProblems(config: WranglerConfig, manifest: Manifest | null, env?: string): DeployProblem[] {
  const problems: DeployProblem[] = [];
  const where = (table: string) => (env ? `[env.${env}] ${table}` : table);

  for (const kv of arrayTable(config, "kv_namespaces", env)) {
    const binding = String(kv.binding ?? "?");
    if (isPlaceholderId(kv.id)) {
      problems.push({
        what: `${where("[[kv_namespaces]]")} ${binding}: id = "${String(kv.id ?? "")}" is a placeholder.`,
        fix: `Create the namespace and put the id it prints in wrangler.toml:\n      ${WRANGLER} kv namespace create ${binding}`,
      });
    }
  }
  for (const db of arrayTable(config, "d1_databases", env)) {
    const name = String(db.database_name ?? db.binding ?? "delivered");
    if (isPlaceholderId(db.database_id)) {
      problems.push({
        what: `${where("[[d1_databases]]")} ${String(db.binding ?? "?")}: database_id = "${String(db.database_id ?? "")}" is a placeholder.`,
        fix:
          `Create the database, put the database_id it prints in wrangler.toml, then apply the migrations to it:\n` +
          `      ${WRANGLER} d1 create ${name}\n      ${WRANGLER} d1 migrations apply ${String(db.binding ?? "DB")} --remote`,
      });
    }
  }

  const raw = wranglerVar(config, "PUBLIC_URL", env);
  let publicUrl: string | undefined;
  try {
    publicUrl = raw ? normalizeApiUrl(raw) : undefined;
  } catch {
    publicUrl = undefined;
  }
  const urlFix =
    `Set PUBLIC_URL under ${where("[vars]")} to the address the Worker will answer on: https://${String(config.name ?? "delivered")}.<your-subdomain>.workers.dev ` +
    `(the dashboard shows your account's workers.dev subdomain under Workers & Pages; a new account picks one there first), ` +
    `or your own domain (docs/deploy.md).`;
  if (!raw) problems.push({ what: `${where("[vars]")} sets no PUBLIC_URL.`, fix: urlFix });
  else if (!publicUrl) problems.push({ what: `PUBLIC_URL = "${raw}" is not an origin like https://host.`, fix: urlFix });
  else if (isPlaceholderUrl(publicUrl)) problems.push({ what: `PUBLIC_URL = "${raw}" is the example address: the Shortcuts and the landing page would send people there.`, fix: urlFix });

  if (publicUrl && !isPlaceholderUrl(publicUrl)) {
    if (!manifest) {
      problems.push({ what: "shortcuts/dist/manifest.json is missing: there are no Shortcuts to serve.", fix: "Build them:  npm run shortcuts:build" });
    } else if (manifest.apiUrl !== publicUrl) {
      problems.push({
        what: `The Shortcuts in shortcuts/dist are built for ${manifest.apiUrl ?? "no address"}, not for PUBLIC_URL ${publicUrl}: people would install Shortcuts that ask another server.`,
        fix: "Build them for PUBLIC_URL and commit:  npm run shortcuts:build   (or, on a Mac, sign them as well:  npm run release)",
      });
    }
  }
  return problems;
}

/** `--env NAME`, `-e NAME`, `--env=NAME`; `--config PATH`, `-c PATH`. */
export function deployArgs(args: string[]): { env?: string; config?: string; dryRun: boolean } {
  let env: string | undefined;
  let config: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--env" || a === "-e") env = args[++i];
    else if (a.startsWith("--env=")) env = a.slice(6);
    else if (a === "--config" || a === "-c") config = args[++i];
    else if (a.startsWith("--config=")) config = a.slice(9);
  }
  return { env, config, dryRun: args.includes("--dry-run") };
}

export function formatProblems(problems: DeployProblem[], configPath: string): string {
  const lines = [`${configPath} is not ready to deploy:`, ""];
  problems.forEach((p, i) => lines.push(`  ${i + 1}. ${p.what}`, `     ${p.fix}`, ""));
  lines.push("Then run npm run deploy again. Step by step: docs/deploy.md.");
  return lines.join("\n");
}

function main(args: string[]): number {
  const { env, config, dryRun } = deployArgs(args);
  const configPath = resolve(config ?? "wrangler.toml");
  if (!existsSync(configPath)) {
    console.error(`${configPath} does not exist.`);
    return 1;
  }
  const wranglerConfig = parseWranglerConfig(readFileSync(configPath, "utf8"));
  const assets = (wranglerConfig.assets as { directory?: string } | undefined)?.directory ?? "shortcuts/dist";
  const manifestFile = join(dirname(configPath), assets, "manifest.json");
  const manifest = existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest) : null;
  const problems = deployProblems(wranglerConfig, manifest, env);
  if (problems.length) {
    const text = formatProblems(problems, config ?? "wrangler.toml");
    if (!dryRun) {
      console.error(text);
      return 1;
    }
    console.error(`${text}\n(--dry-run uploads nothing, so it goes ahead.)\n`);
  }
  const run = spawnSync("wrangler", ["deploy", ...args], { stdio: "inherit" });
  if (run.error) {
    console.error(`could not run wrangler: ${run.error.message}`);
    return 127;
  }
  return run.status ?? 1;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main(process.argv.slice(2)));
