// The outcome aggregate (migrations/0003_fix_outcomes.sql): written in the same D1 transaction as
// a session's outcome, read (cached per isolate for a few minutes) to quote and order fixes.
import type { FixId, Outcome, Platform, SymptomKind } from "../domain/ids";
import type { FixTally, WorkedTable } from "../domain/worked";

export interface OutcomeGroup {
  symptom: SymptomKind;
  scope: "everyone" | "one_contact";
  platform: Platform;
}

/** Whether an answer counts as having tried the fix: a skip or "can't" says nothing about it. */
export function countsAsTried(outcome: Outcome): boolean {
  return outcome === "fixed" || outcome === "not_fixed";
}

/**
 * The statement that counts one outcome, guarded by `condition` (SQL over ?1…?3 of the session
 * write it rides with), so it lands exactly when the outcome itself is recorded.
 */
export function countOutcomeStatement(db: D1Database, group: OutcomeGroup, fix: FixId, outcome: Outcome, condition: { sql: string; params: unknown[] }): D1PreparedStatement {
  const base = condition.params.length;
  const p = (i: number) => `?${base + i}`;
  return db
    .prepare(
      `INSERT INTO fix_outcomes (symptom, scope, platform, fix, people, fixed) SELECT ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 1, ${p(5)} WHERE ${condition.sql} ` +
        "ON CONFLICT (symptom, scope, platform, fix) DO UPDATE SET people = people + 1, fixed = fixed + excluded.fixed",
    )
    .bind(...condition.params, group.symptom, group.scope, group.platform, fix, outcome === "fixed" ? 1 : 0);
}

/** The tallies change slowly: an isolate reads each group at most every few minutes. */
export const WORKED_CACHE_MS = 5 * 60_000;
const cache = new Map<string, { table: WorkedTable; readAt: number }>();

export async function readWorked(db: D1Database, group: OutcomeGroup, now: Date): Promise<WorkedTable> {
  const key = `${group.symptom}|${group.scope}|${group.platform}`;
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.readAt >= 0 && now.getTime() - hit.readAt < WORKED_CACHE_MS) return hit.table;
  const { results } = await db
    .prepare("SELECT fix, people, fixed FROM fix_outcomes WHERE symptom = ? AND scope = ? AND platform = ?")
    .bind(group.symptom, group.scope, group.platform)
    .all<{ fix: FixId; people: number; fixed: number }>();
  const table = new Map<FixId, FixTally>(results.map((r) => [r.fix, { people: r.people, fixed: r.fixed }]));
  if (cache.size > 500) cache.clear();
  cache.set(key, { table, readAt: now.getTime() });
  return table;
}

/** Forgets this isolate's copies (tests read the table fresh). */
export function forgetWorkedCache(): void {
  cache.clear();
}
