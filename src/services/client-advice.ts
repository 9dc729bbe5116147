// Update advice for the Shortcut that sent a request, on every route a Shortcut calls.
import type { Context } from "hono";
import type { AppEnv } from "../app";
import { adviseClient, type ClientAdvice } from "../domain/clients";
import { LATEST_VERSIONS } from "./shortcut-catalog";

/** Where this deployment is reached: the configured URL, else the request's own origin. */
export function publicUrl(c: Context<AppEnv>): string {
  return c.env.PUBLIC_URL || new URL(c.req.url).origin;
}

export function adviseSender(c: Context<AppEnv>, client: { shortcut?: string; version?: string } | undefined): ClientAdvice {
  return adviseClient(client, publicUrl(c), LATEST_VERSIONS);
}
