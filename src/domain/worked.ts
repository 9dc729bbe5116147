// What worked for people like you (issue 13): how often a fix ended the repair for people with
// the same symptom, scope and platform, and how that may reorder fixes, within safety.
import type { FixId } from "./ids";
import type { Fix } from "./types";

/** How many people tried a fix (answered fixed or not fixed) and how many it fixed. */
export interface FixTally {
  people: number;
  fixed: number;
}

/** The tallies for one symptom × scope × platform. */
export type WorkedTable = ReadonlyMap<FixId, FixTally>;

export interface Worked {
  people: number;
  fixed: number;
  /** fixed / people, rounded to two decimals. */
  rate: number;
}

/**
 * Below this many people a rate is neither quoted nor trusted: it keeps small groups
 * unidentifiable and avoids quoting noise ("fixed it for 100% of 3 people").
 */
export const WORKED_FLOOR = 20;

/** The rate to quote for a fix, or null below the floor. */
export function workedFor(table: WorkedTable | undefined, fix: FixId): Worked | null {
  const tally = table?.get(fix);
  if (!tally || tally.people < WORKED_FLOOR) return null;
  return { people: tally.people, fixed: tally.fixed, rate: Math.round((tally.fixed / tally.people) * 100) / 100 };
}

/** "This fixed it for 41% of the 212 people with the same problem." */
export function workedSentence(worked: Worked): string {
  return `This fixed it for ${Math.round(worked.rate * 100)}% of the ${worked.people} people with the same problem.`;
}

/**
 * The prior: the expert order is the belief before any data. Within a run of fixes, the first
 * is believed to fix it for PRIOR_FIRST of people, each later one PRIOR_STEP less (never below
 * PRIOR_FLOOR), worth PRIOR_WEIGHT people of evidence. With these, five people for whom a later fix
 * worked every time can't lift it past the one before it ((5 + 0.25·100)/105 < 0.30); twenty can.
 */
export const PRIOR_FIRST = 0.3;
export const PRIOR_STEP = 0.05;
export const PRIOR_FLOOR = 0.02;
export const PRIOR_WEIGHT = 100;

/** The posterior mean of a fix's rate: the expert prior for its place, updated by the tallies. */
export function posteriorRate(place: number, tally: FixTally | undefined): number {
  const prior = Math.max(PRIOR_FLOOR, PRIOR_FIRST - PRIOR_STEP * place);
  return ((tally?.fixed ?? 0) + prior * PRIOR_WEIGHT) / ((tally?.people ?? 0) + PRIOR_WEIGHT);
}

/**
 * Reorders fixes of equal evidence by how well they work, within safety: only inside a run of
 * consecutive fixes that put the same thing at stake (risk), so nothing that erases data or costs
 * money ever moves earlier, and nothing crosses a fix of another tier. Ties keep the expert order.
 * Pure: the same table gives the same order.
 */
export function orderByWorked<T extends { fix: Fix }>(candidates: readonly T[], table: WorkedTable | undefined): T[] {
  if (!table || table.size === 0) return [...candidates];
  const out: T[] = [];
  let run: T[] = [];
  const flush = () => {
    const scored = run.map((c, place) => ({ c, place, score: posteriorRate(place, table.get(c.fix.id)) }));
    scored.sort((a, b) => b.score - a.score || a.place - b.place);
    out.push(...scored.map((s) => s.c));
    run = [];
  };
  for (const candidate of candidates) {
    if (run.length && run[0]!.fix.risk !== candidate.fix.risk) flush();
    run.push(candidate);
  }
  flush();
  return out;
}
