// Sessions in D1 (schema: migrations/0001_sessions.sql). Nothing here ever holds a recipient's
// number or email: diagnostics are stored through `withoutRecipient`.
import type { FixId, Outcome } from "../domain/ids";
import { countOutcomeStatement, countsAsTried, type OutcomeGroup } from "./fix-outcomes";
import type { Diagnostics, Finding } from "../domain/types";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** 128 random bits, base64url: unguessable, and short enough for a Shortcut to keep in a file. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export interface SessionStep {
  step: number;
  fix: FixId;
  outcome: Outcome;
  /** For back-up-iphone: the person confirmed the backup finished. */
  confirmed?: boolean;
  at: Date;
}

export interface Session {
  id: string;
  /** The step the user is on: the number of recorded outcomes + 1. */
  step: number;
  /** The latest diagnostics, without the recipient and without `tried` (that is `history`). */
  diagnostics: Diagnostics;
  /** The latest diagnosis's findings. */
  findings: Finding[];
  history: SessionStep[];
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export interface StoredAnswer {
  fix: FixId;
  outcome: Outcome;
  /** The response body given the first time. */
  answer: unknown;
}

export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The diagnostics as they may be stored: no recipient (only whether one was checked), and no
 * `tried` (the history is the record).
 */
export function withoutRecipient(diagnostics: Diagnostics): Diagnostics {
  const { tried: _tried, symptom, ...rest } = diagnostics;
  const { recipient, ...symptomWithoutRecipient } = symptom;
  const recipientChecked = recipient !== undefined || symptom.recipientChecked === true;
  return { ...rest, symptom: { ...symptomWithoutRecipient, ...(recipientChecked ? { recipientChecked } : {}) } };
}

export async function createSession(
  db: D1Database,
  input: { diagnostics: Diagnostics; findings: Finding[]; history: { fix: FixId; outcome: Outcome; confirmed?: boolean }[] },
  now: Date,
): Promise<Session> {
  const id = newSessionId();
  const at = now.getTime();
  const expires = at + SESSION_TTL_MS;
  const diagnostics = withoutRecipient(input.diagnostics);
  const history: SessionStep[] = input.history.map((t, i) => ({ step: i + 1, fix: t.fix, outcome: t.outcome, ...(t.confirmed !== undefined ? { confirmed: t.confirmed } : {}), at: now }));
  await db.batch([
    db
      .prepare("INSERT INTO sessions (id, step, diagnostics, findings, created_at, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(id, history.length + 1, JSON.stringify(diagnostics), JSON.stringify(input.findings), at, at, expires),
    ...history.map((h) =>
      db
        .prepare("INSERT INTO session_steps (session_id, step, fix, outcome, confirmed, at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(id, h.step, h.fix, h.outcome, confirmedColumn(h.confirmed), at),
    ),
  ]);
  return { id, step: history.length + 1, diagnostics, findings: input.findings, history, createdAt: now, updatedAt: now, expiresAt: new Date(expires) };
}

interface SessionRow {
  id: string;
  step: number;
  diagnostics: string;
  findings: string;
  created_at: number;
  updated_at: number;
  expires_at: number;
}

interface StepRow {
  step: number;
  fix: FixId;
  outcome: Outcome;
  confirmed: number | null;
  at: number;
}

const confirmedColumn = (confirmed: boolean | undefined) => (confirmed === undefined ? null : confirmed ? 1 : 0);

/** The session, or null when there is none or it has expired (cleanup may not have run yet). */
export async function loadSession(db: D1Database, id: string, now: Date): Promise<Session | null> {
  if (!SESSION_ID_PATTERN.test(id)) return null;
  const [sessions, steps] = await db.batch<SessionRow | StepRow>([
    db.prepare("SELECT * FROM sessions WHERE id = ? AND expires_at > ?").bind(id, now.getTime()),
    db.prepare("SELECT step, fix, outcome, confirmed, at FROM session_steps WHERE session_id = ? ORDER BY step").bind(id),
  ]);
  const row = sessions?.results[0] as SessionRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    step: row.step,
    diagnostics: JSON.parse(row.diagnostics) as Diagnostics,
    findings: JSON.parse(row.findings) as Finding[],
    history: ((steps?.results ?? []) as StepRow[]).map((s) => ({
      step: s.step,
      fix: s.fix,
      outcome: s.outcome,
      ...(s.confirmed === null ? {} : { confirmed: s.confirmed === 1 }),
      at: new Date(s.at),
    })),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    expiresAt: new Date(row.expires_at),
  };
}

/** Resuming is a use: the session lives 30 more days. Returns the new expiry. */
export async function touchSession(db: D1Database, id: string, now: Date): Promise<Date> {
  const expires = now.getTime() + SESSION_TTL_MS;
  await db.prepare("UPDATE sessions SET expires_at = ? WHERE id = ? AND expires_at > ?").bind(expires, id, now.getTime()).run();
  return new Date(expires);
}

export interface OutcomeRecord {
  sessionId: string;
  /** The step the outcome answers; the write happens only if the session is still on it. */
  step: number;
  fix: FixId;
  outcome: Outcome;
  confirmed?: boolean;
  /** The diagnostics and findings after this outcome (the recipient is removed here). */
  diagnostics: Diagnostics;
  findings: Finding[];
  idempotency?: { key: string; answer: unknown };
  /** Who the outcome counts for in the aggregate of what worked (issue 13). */
  group?: OutcomeGroup;
}

/**
 * Records one outcome, atomically and only if the session is still on `record.step`: of two
 * outcomes racing for one step exactly one is written. Returns false for the one that lost.
 */
export async function recordOutcome(db: D1Database, record: OutcomeRecord, now: Date): Promise<boolean> {
  const at = now.getTime();
  // Every statement is conditioned on the session being on this step; the UPDATE that moves it
  // on comes last, so all see the same state. A D1 batch is one transaction, run alone.
  const onStep = "EXISTS (SELECT 1 FROM sessions WHERE id = ?1 AND step = ?2 AND expires_at > ?3)";
  const statements = [
    db
      .prepare(`INSERT INTO session_steps (session_id, step, fix, outcome, confirmed, at) SELECT ?1, ?2, ?4, ?5, ?6, ?3 WHERE ${onStep}`)
      .bind(record.sessionId, record.step, at, record.fix, record.outcome, confirmedColumn(record.confirmed)),
    ...(record.idempotency
      ? [
          db
            .prepare(`INSERT INTO session_idempotency (session_id, key, fix, outcome, answer, created_at) SELECT ?1, ?4, ?5, ?6, ?7, ?3 WHERE ${onStep}`)
            .bind(record.sessionId, record.step, at, record.idempotency.key, record.fix, record.outcome, JSON.stringify(record.idempotency.answer)),
        ]
      : []),
    // What worked: counted in the same transaction, under the same condition, so a retry or a lost race counts nothing.
    ...(record.group && countsAsTried(record.outcome)
      ? [countOutcomeStatement(db, record.group, record.fix, record.outcome, { sql: onStep, params: [record.sessionId, record.step, at] })]
      : []),
    db
      .prepare("UPDATE sessions SET step = ?2 + 1, diagnostics = ?4, findings = ?5, updated_at = ?3, expires_at = ?6 WHERE id = ?1 AND step = ?2 AND expires_at > ?3")
      .bind(record.sessionId, record.step, at, JSON.stringify(withoutRecipient(record.diagnostics)), JSON.stringify(record.findings), at + SESSION_TTL_MS),
  ];
  try {
    const results = await db.batch(statements);
    return results.at(-1)?.meta.changes === 1;
  } catch (error) {
    // The same Idempotency-Key stored by a concurrent request: this one lost.
    if (error instanceof Error && /UNIQUE constraint failed/i.test(error.message)) return false;
    throw error;
  }
}

export async function findAnswer(db: D1Database, sessionId: string, key: string): Promise<StoredAnswer | null> {
  const row = await db
    .prepare("SELECT fix, outcome, answer FROM session_idempotency WHERE session_id = ? AND key = ?")
    .bind(sessionId, key)
    .first<{ fix: FixId; outcome: Outcome; answer: string }>();
  return row ? { fix: row.fix, outcome: row.outcome, answer: JSON.parse(row.answer) } : null;
}

/** The scheduled cleanup: deletes sessions past their expiry, with their steps and answers. */
export async function deleteExpiredSessions(db: D1Database, now: Date): Promise<number> {
  const result = await db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(now.getTime()).run();
  return result.meta.changes;
}
