// Sessions (contract: "Sessions"): a guided repair that survives the phone restarting. The engine
// is stateless; a session stores the diagnostics without the recipient, the recipient's findings,
// and the history of outcomes, which is the engine's `tried` list on every re-diagnosis.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { createRouter, type AppEnv } from "../app";
import type { DiagnoseResult } from "../domain/diagnose";
import { FIX_IDS, OUTCOMES, type FixId, type Outcome } from "../domain/ids";
import type { Diagnostics, Finding } from "../domain/types";
import { ApiError, ErrorSchema } from "../http/errors";
import { jsonBody } from "../http/middleware";
import { rateLimitPosts } from "../http/rate-limit";
import { DiagnoseRequestSchema, TriedFixSchema } from "../schemas/diagnose";
import { DiagnoseResponseSchema } from "../schemas/responses";
import { outcomeGroup, runDiagnosis } from "../services/diagnosis";
import { reportCrowd } from "../services/crowd";
import { measureClock } from "../domain/findings";
import {
  SESSION_TTL_MS,
  createSession,
  findAnswer,
  loadSession,
  recordOutcome,
  touchSession,
  type Session,
  type SessionStep,
  type StoredAnswer,
} from "../storage/sessions";
import { postErrors } from "./diagnose";

const SessionInfoSchema = z
  .object({
    id: z.string().openapi({ example: "q3nV0mB7cX1rT9wYk2LpZA" }),
    step: z.number().int().openapi({ description: "The step the user is on: recorded outcomes + 1.", example: 1 }),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ description: "When the last outcome was recorded." }),
    expiresAt: z.string().openapi({ description: "30 days after the session's last use.", example: "2026-12-27T05:00:00.000Z" }),
  })
  .openapi("SessionInfo");

const SessionStepSchema = z
  .object({ step: z.number().int(), fix: z.enum(FIX_IDS), outcome: z.enum(OUTCOMES), confirmed: z.boolean().optional(), at: z.string() })
  .openapi("SessionStep");

export const SessionResponseSchema = DiagnoseResponseSchema.extend({
  session: SessionInfoSchema,
  history: z.array(SessionStepSchema),
}).openapi("SessionResponse");
type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const SessionOutcomeResponseSchema = SessionResponseSchema.extend({
  recorded: z.boolean().openapi({ description: "True: this outcome was recorded (a replay with the same Idempotency-Key answers what the first request got)." }),
}).openapi("SessionOutcomeResponse");
type SessionOutcomeResponse = z.infer<typeof SessionOutcomeResponseSchema>;

const isBlank = (v: unknown) => v === null || v === undefined || v === "" || (typeof v === "object" && Object.keys(v as object).length === 0);

export const SessionOutcomeRequestSchema = TriedFixSchema.extend({
  // Shortcuts sends an unanswered dictionary as {} or "": the same as leaving it out.
  diagnostics: z.preprocess((v) => (isBlank(v) ? undefined : v), DiagnoseRequestSchema.optional()).openapi({
    description:
      "Fresh diagnostics (the /v1/diagnose body) to re-evaluate the findings; their `tried` is ignored, the session's history counts. " +
      "A fresh `clock` replaces the session's clock reading (its skew is measured when it arrives); without one the session keeps its own.",
  }),
}).openapi("SessionOutcomeRequest");

const SessionIdParams = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" }, example: "q3nV0mB7cX1rT9wYk2LpZA" }),
});

const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .max(255)
    .optional()
    // Header names are case-insensitive; Hono's header validator sees them in lower case.
    .openapi({ description: "Idempotency-Key: a retry with the same key changes nothing and answers the same (per session, up to 255 characters)." }),
});

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const notFoundResponse = { 404: json(ErrorSchema, "No session with this id, or it expired") };

export const createSessionRoute = createRoute({
  method: "post",
  path: "/v1/sessions",
  summary: "Start a guided repair that survives restarts: the first fix, and a session id to come back with",
  middleware: [rateLimitPosts, ...jsonBody] as const,
  request: { body: { required: true, content: { "application/json": { schema: DiagnoseRequestSchema } } } },
  responses: { 201: json(SessionResponseSchema, "The session and the first fix"), ...postErrors },
});

export const sessionOutcomeRoute = createRoute({
  method: "post",
  path: "/v1/sessions/{id}/outcome",
  summary: "Record how a fix went and get the next one",
  description:
    "`fix` must be the fix the session offers as `next`. An outcome for any other fix (one never offered, or already recorded) " +
    "and any outcome after the repair was resolved answer `409 conflict` and change nothing. " +
    "For back-up-iphone, `confirmed: true` is the person's word that the backup finished: only that unlocks the DFU restore. " +
    "A retry with the same Idempotency-Key answers what the first request got. Of two outcomes racing for one step exactly one is recorded; the other answers 409.",
  middleware: [rateLimitPosts, ...jsonBody] as const,
  request: {
    params: SessionIdParams,
    headers: IdempotencyHeaders,
    body: { required: true, content: { "application/json": { schema: SessionOutcomeRequestSchema } } },
  },
  responses: {
    200: json(SessionOutcomeResponseSchema, "The next fix"),
    ...postErrors,
    ...notFoundResponse,
    409: json(ErrorSchema, "The session does not offer this fix now, or the repair is already resolved"),
  },
});

export const getSessionRoute = createRoute({
  method: "get",
  path: "/v1/sessions/{id}",
  summary: "Where a session stands, with its history: resume after a restart",
  request: { params: SessionIdParams },
  responses: { 200: json(SessionResponseSchema, "The current fix and the history"), ...notFoundResponse },
});

function notFound(): ApiError {
  return new ApiError("not_found", "There is no session with that id. Sessions end 30 days after their last use: start a new one.");
}

function sessionAnswer(result: DiagnoseResult, session: Omit<Session, "diagnostics" | "findings">): SessionResponse {
  const iso = (d: Date) => d.toISOString();
  return {
    ...result,
    session: { id: session.id, step: session.step, createdAt: iso(session.createdAt), updatedAt: iso(session.updatedAt), expiresAt: iso(session.expiresAt) },
    history: session.history.map((h) => ({ step: h.step, fix: h.fix, outcome: h.outcome, ...(h.confirmed !== undefined ? { confirmed: h.confirmed } : {}), at: iso(h.at) })),
  };
}

/** Re-diagnoses a session: its history is `tried`; recipient findings come back without the number. */
function diagnoseSession(c: Context<AppEnv>, state: { diagnostics: Diagnostics; findings: Finding[]; history: SessionStep[] }) {
  const { diagnostics, findings, history } = state;
  const carried = diagnostics.symptom.recipient || diagnostics.symptom.scope !== "one_contact" ? [] : findings.filter((f) => f.id.startsWith("recipient-"));
  return runDiagnosis(c, { ...diagnostics, tried: history.map(({ fix, outcome, confirmed }) => ({ fix, outcome, confirmed })) }, carried);
}

function replay(c: Context<AppEnv>, stored: StoredAnswer, request: { fix: FixId; outcome: Outcome }) {
  if (stored.fix !== request.fix || stored.outcome !== request.outcome) {
    const message = `This Idempotency-Key was already used for "${stored.fix}: ${stored.outcome}". Send a new key with a new outcome.`;
    throw new ApiError("invalid_request", message, [{ path: "Idempotency-Key", message }]);
  }
  return c.json(stored.answer as SessionOutcomeResponse, 200, { "Idempotent-Replayed": "true" });
}

function conflict(message: string): ApiError {
  return new ApiError("conflict", message);
}

export const sessionRoutes = createRouter()
  .openapi(createSessionRoute, async (c) => {
    const now = new Date();
    const diagnostics = measureClock(c.req.valid("json"), now);
    const result = await runDiagnosis(c, diagnostics);
    reportCrowd(c, "session", diagnostics, result);
    const session = await createSession(c.env.DB, { diagnostics, findings: result.findings, history: diagnostics.tried ?? [] }, now);
    return c.json(sessionAnswer(result, session), 201, { Location: `/v1/sessions/${session.id}` });
  })
  .openapi(getSessionRoute, async (c) => {
    const now = new Date();
    const session = await loadSession(c.env.DB, c.req.valid("param").id, now);
    if (!session) throw notFound();
    const [result, expiresAt] = await Promise.all([diagnoseSession(c, session), touchSession(c.env.DB, session.id, now)]);
    return c.json(sessionAnswer(result, { ...session, expiresAt }), 200, { "Cache-Control": "no-store" });
  })
  .openapi(sessionOutcomeRoute, async (c) => {
    const db = c.env.DB;
    const now = new Date();
    const { fix, outcome, confirmed, diagnostics: fresh } = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"]?.trim() || undefined;
    const request = { fix, outcome };

    const session = await loadSession(db, c.req.valid("param").id, now);
    if (!session) throw notFound();
    if (key) {
      const stored = await findAnswer(db, session.id, key);
      if (stored) return replay(c, stored, request);
    }

    // Only the fix the session offers now can be answered: a stale or made-up outcome changes nothing.
    const current = await diagnoseSession(c, session);
    if (current.resolved) throw conflict("This repair is already resolved: nothing more to record. Start a new one if iMessage fails again.");
    if (current.next?.id !== fix) {
      throw conflict(
        current.next
          ? `This repair's next step is "${current.next.id}", not "${fix}": record the outcome of the step it offers.`
          : `This repair has no step left to record an outcome for.`,
      );
    }

    // A fresh clock reading replaces the session's; without one the session keeps its own.
    const measured = fresh ? measureClock(fresh, now) : undefined;
    const diagnostics = measured ? { ...measured, clock: measured.clock ?? session.diagnostics.clock } : session.diagnostics;
    const history = [...session.history, { step: session.step, fix, outcome, ...(confirmed !== undefined ? { confirmed } : {}), at: now }];
    const result = await diagnoseSession(c, { diagnostics, findings: session.findings, history });
    const after = { ...session, step: session.step + 1, history, updatedAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) };
    const body: SessionOutcomeResponse = { ...sessionAnswer(result, after), recorded: true };
    const won = await recordOutcome(
      db,
      {
        sessionId: session.id,
        step: session.step,
        fix,
        outcome,
        confirmed,
        diagnostics,
        findings: result.findings,
        idempotency: key ? { key, answer: body } : undefined,
        group: outcomeGroup(diagnostics),
      },
      now,
    );
    if (won) return c.json(body, 200);

    // Another outcome for this step won the race. The same key stored meanwhile: answer what it got.
    if (key) {
      const stored = await findAnswer(db, session.id, key);
      if (stored) return replay(c, stored, request);
    }
    throw conflict("Another answer for this step was recorded at the same moment: fetch the session to see where it stands.");
  });
