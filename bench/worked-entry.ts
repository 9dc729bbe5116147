// Bundled for Node by bench/worked.mjs: how the order settles as outcomes come in. Simulated
// repairs where each fix has a hidden true success rate; the engine orders with the tallies so far
// (issue 13's learning) or without any (the expert order), on the same people and the same luck.
import { decideNext } from "../src/domain/engine";
import { deriveFindings } from "../src/domain/findings";
import { BUILT_IN_IOS_VERSIONS } from "../src/domain/ios-versions";
import type { FixId } from "../src/domain/ids";
import type { Diagnostics, Risk } from "../src/domain/types";
import type { FixTally } from "../src/domain/worked";
import { random } from "./random";

const NOW = new Date("2026-11-27T12:55:30Z");
const BASE: Diagnostics = {
  device: { os: "iOS", osVersion: "26.6.1", model: "iPhone" },
  clock: { automatic: true },
  network: { type: "wifi", vpn: false, websitesLoad: true },
  storage: { freeRange: "over_5gb" },
  symptom: { kind: "not_delivered", scope: "everyone" },
  settings: { imessageOn: true, sendAsSms: true, hasSim: true, backupConfirmed: true },
};
const FINDINGS = deriveFindings({ diagnostics: BASE, facts: { now: NOW }, versions: BUILT_IN_IOS_VERSIONS });

interface Walk {
  steps: number;
  fixed: boolean;
  offered: FixId[];
  risks: Risk[];
}

/** One person's repair: each fix works with its hidden rate, decided by this person's own draws. */
function repair(hidden: ReadonlyMap<FixId, number>, draws: () => number, table?: Map<FixId, FixTally>): Walk {
  const tried: { fix: FixId; outcome: "fixed" | "not_fixed" }[] = [];
  const offered: FixId[] = [];
  const risks: Risk[] = [];
  // The person's luck per fix is fixed up front, so both orders meet the same person.
  const luck = new Map<FixId, number>();
  for (let step = 0; step < 60; step++) {
    const decision = decideNext({ ...BASE, tried }, FINDINGS, { worked: table });
    if (!decision.next) return { steps: step, fixed: false, offered, risks };
    const fix = decision.next.fix.id;
    offered.push(fix);
    risks.push(decision.next.fix.risk);
    if (!luck.has(fix)) luck.set(fix, draws());
    const works = luck.get(fix)! < (hidden.get(fix) ?? 0);
    tried.push({ fix, outcome: works ? "fixed" : "not_fixed" });
    if (works) return { steps: step + 1, fixed: true, offered, risks };
  }
  return { steps: 60, fixed: false, offered, risks };
}

export function runWorkedBench(repairs = 2000, seed = 7) {
  const next = random(seed);
  // The expert order's path for this problem, and a hidden world where some later fixes work better.
  const path = repair(new Map(), next).offered;
  const hidden = new Map<FixId, number>();
  for (const fix of path) hidden.set(fix, 0.02 + next() * 0.12);
  for (const strong of ["force-restart", "toggle-imessage", "sign-out-apple-id", "reset-network-settings"] as FixId[]) hidden.set(strong, 0.25 + next() * 0.2);

  const table = new Map<FixId, FixTally>();
  const learned: number[] = [];
  const expert: number[] = [];
  let tierOrderKept = true;
  for (let i = 0; i < repairs; i++) {
    const personSeed = Math.floor(next() * 2 ** 31);
    const withTable = repair(hidden, random(personSeed), table);
    const withoutTable = repair(hidden, random(personSeed));
    learned.push(withTable.steps);
    expert.push(withoutTable.steps);
    // Never a riskier fix earlier: the whole order (nothing works) keeps the expert order's risk at
    // every position; only fixes within a tier trade places.
    if (i % 50 === 0 || i === repairs - 1) {
      const nothingWorks = () => 1;
      if (repair(hidden, nothingWorks, table).risks.join() !== repair(hidden, nothingWorks).risks.join()) tierOrderKept = false;
    }
    withTable.offered.forEach((fix, j) => {
      const tally = table.get(fix) ?? { people: 0, fixed: 0 };
      table.set(fix, { people: tally.people + 1, fixed: tally.fixed + (withTable.fixed && j === withTable.offered.length - 1 ? 1 : 0) });
    });
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const last = Math.min(500, repairs);
  return {
    repairs,
    learnedMean: mean(learned.slice(-last)),
    expertMean: mean(expert.slice(-last)),
    firstLearnedMean: mean(learned.slice(0, Math.min(100, repairs))),
    tierOrderKept,
    firstFix: repair(hidden, random(1), table).offered[0],
  };
}
