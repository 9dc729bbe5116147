// The one path from validated diagnostics to an answer, shared by /v1/diagnose and the sessions.
import type { Context } from "hono";
import type { AppEnv } from "../app";
import { diagnose, type DiagnoseResult } from "../domain/diagnose";
import type { Diagnostics, Finding, RequestFacts } from "../domain/types";
import { currentStatus } from "./apple-status";
import { crowdVerdictFor, regionOf } from "./crowd";
import { publicUrl } from "./client-advice";
import { LATEST_VERSIONS } from "./shortcut-catalog";
import { deviceToFix } from "../domain/engine";
import type { WorkedTable } from "../domain/worked";
import { readWorked, type OutcomeGroup } from "../storage/fix-outcomes";

/** Who a diagnosis's outcomes count for: its symptom, scope and the platform the fixes are for. */
export function outcomeGroup(d: Diagnostics): OutcomeGroup {
  return { symptom: d.symptom.kind, scope: d.symptom.scope ?? "everyone", platform: deviceToFix(d).platform };
}

/** What worked for people like this; without it (the database is down) the advice is the expert order. */
async function workedForDiagnostics(db: D1Database, d: Diagnostics, now: Date): Promise<WorkedTable | undefined> {
  try {
    return await readWorked(db, outcomeGroup(d), now);
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", event: "worked_unreadable", reason: String(error) }));
    return undefined;
  }
}

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
  const ctx = c.executionCtx as ExecutionContext;
  // The crowd verdict for the caller's country: from isolate memory, or a bounded read (else unknown).
  const [status, worked, crowd] = await Promise.all([
    currentStatus(c.env, ctx, now),
    workedForDiagnostics(c.env.DB, diagnostics, now),
    crowdVerdictFor(c.env, ctx, regionOf(c.req.raw)),
  ]);
  return diagnose({
    worked,
    crowd,
    diagnostics,
    facts: requestFacts(c.req.raw, now),
    apple: status.verdict,
    versions: status.versions,
    publicUrl: publicUrl(c),
    clientVersions: LATEST_VERSIONS,
    carriedFindings,
  });
}
