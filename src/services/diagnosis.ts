// The one path from validated diagnostics to an answer, shared by /v1/diagnose and the sessions.
import type { Context } from "hono";
import type { AppEnv } from "../app";
import { diagnose, type DiagnoseResult } from "../domain/diagnose";
import type { Diagnostics, Finding, RequestFacts } from "../domain/types";
import { currentStatus } from "./apple-status";
import { publicUrl } from "./client-advice";
import { LATEST_VERSIONS } from "./shortcut-catalog";

/** What Cloudflare tells us about the caller's connection (absent in some local runs). */
export function requestFacts(request: Request, now: Date): RequestFacts {
  const cf = (request as Request & { cf?: IncomingRequestCfProperties }).cf;
  return {
    now,
    country: typeof cf?.country === "string" ? cf.country : undefined,
    timezone: typeof cf?.timezone === "string" ? cf.timezone : undefined,
    asOrganization: typeof cf?.asOrganization === "string" ? cf.asOrganization : undefined,
  };
}

/** `carriedFindings`: what a session kept from earlier diagnostics (recipient findings, not the number). */
export async function runDiagnosis(c: Context<AppEnv>, diagnostics: Diagnostics, carriedFindings?: readonly Finding[]): Promise<DiagnoseResult> {
  const now = new Date();
  const status = await currentStatus(c.env, c.executionCtx as ExecutionContext, now);
  return diagnose({
    diagnostics,
    facts: requestFacts(c.req.raw, now),
    apple: status.verdict,
    versions: status.versions,
    publicUrl: publicUrl(c),
    clientVersions: LATEST_VERSIONS,
    carriedFindings,
  });
}
