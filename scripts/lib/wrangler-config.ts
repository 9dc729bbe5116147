// Reads wrangler.toml the way the project's own scripts need it: the Shortcuts build (PUBLIC_URL),
// the deploy check (placeholder ids) and `npm start` (the feed URLs). A real TOML parser, so any
// section wrangler accepts ([[migrations]], [[durable_objects.bindings]], [env.*], …) reads fine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "smol-toml";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const WRANGLER_TOML = join(ROOT, "wrangler.toml");

export type WranglerConfig = Record<string, unknown>;

export function parseWranglerConfig(text: string): WranglerConfig {
  return parse(text) as WranglerConfig;
}

export function readWranglerConfig(path = WRANGLER_TOML): WranglerConfig {
  return parseWranglerConfig(readFileSync(path, "utf8"));
}

const table = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The part of the config a deployment with `--env name` uses. Wrangler does not inherit vars and
 * bindings into an environment, so they are read from [env.name] alone when it exists.
 */
export function environment(config: WranglerConfig, env?: string): WranglerConfig {
  if (!env) return config;
  const envs = table(config.env);
  return env in envs ? table(envs[env]) : config;
}

/** A string var from [vars] (or [env.name.vars]). */
export function wranglerVar(config: WranglerConfig, name: string, env?: string): string | undefined {
  const value = table(environment(config, env).vars)[name];
  return typeof value === "string" ? value : undefined;
}

/** The entries of an array of tables such as [[kv_namespaces]]. */
export function arrayTable(config: WranglerConfig, key: string, env?: string): Record<string, unknown>[] {
  const value = environment(config, env)[key];
  return Array.isArray(value) ? value.map(table) : [];
}
