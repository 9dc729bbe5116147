// Diagnostics in, the next prescribed fix out: findings → decision → what to say and show.
import { adviseClient, type ClientAdvice } from "./clients";
import { decideNext } from "./engine";
import { deriveFindings, homeRegion, recipientCheckFor } from "./findings";
import { numberExample } from "./recipient";
import type { IosVersionTable } from "./ios-versions";
import { composeSay, composeShow } from "./texts";
import { deviceOffsetMinutes } from "./time-words";
import type { Worked, WorkedTable } from "./worked";
import { crowdFindings, unknownCrowd } from "./crowd-advice";
import type { AppleVerdict, CrowdVerdict, Diagnostics, Finding, FixAction, RequestFacts } from "./types";
import { appleFindings } from "./verdict";
import type { FixId } from "./ids";

export interface DiagnosisInput {
  diagnostics: Diagnostics;
  facts: RequestFacts;
  apple: AppleVerdict;
  /** The crowd verdict for the caller's region; absent: unknown. */
  crowd?: CrowdVerdict;
  versions: IosVersionTable;
  publicUrl: string;
  /** Each Shortcut's current version by slug, for update advice. */
  clientVersions: Readonly<Record<string, string>>;
  /** Findings carried over from earlier diagnostics (a session keeps recipient findings, not the number). */
  carriedFindings?: readonly Finding[];
  /** What worked for people with the same symptom, scope and platform. */
  worked?: WorkedTable;
}

export interface NextFix {
  id: FixId;
  title: string;
  steps: string[];
  why: string;
  warning: string | null;
  action: FixAction;
  minutes: number;
  worked: Worked | null;
}

export interface DiagnoseResult {
  verdict: { apple: AppleVerdict; crowd: CrowdVerdict };
  findings: Finding[];
  next: NextFix | null;
  resolved: boolean;
  exhausted: boolean;
  say: string;
  show: string;
  client: ClientAdvice;
}

export function diagnose(input: DiagnosisInput): DiagnoseResult {
  const { diagnostics, facts, apple } = input;
  const offsetMinutes = deviceOffsetMinutes(diagnostics.clock, facts.now);
  const crowd = input.crowd ?? unknownCrowd(facts.country ?? null);
  const recipient = recipientCheckFor(diagnostics, facts);
  const findings = [
    ...appleFindings(apple, diagnostics.symptom.kind, facts.now, offsetMinutes),
    // Apple's own word outranks the crowd's: with an incident posted, the crowd adds nothing.
    ...(apple.status === "outage" || apple.status === "degraded" ? [] : crowdFindings(crowd)),
    ...deriveFindings({ diagnostics, facts, versions: input.versions, recipient }),
  ];
  for (const carried of input.carriedFindings ?? []) {
    if (!findings.some((f) => f.id === carried.id)) findings.push(carried);
  }
  // The recipient's own number, corrected, in the steps (not stored), else an example of the person's country.
  const decision = decideNext(diagnostics, findings, { worked: input.worked, numberExample: numberExample(recipient, homeRegion(diagnostics, facts)) });
  const next = decision.next
    ? {
        id: decision.next.fix.id,
        title: decision.next.text.title,
        steps: decision.next.text.steps,
        why: decision.next.why,
        warning: decision.next.text.warning,
        action: decision.next.text.action,
        minutes: decision.next.fix.minutes,
        worked: decision.next.worked,
      }
    : null;
  return {
    verdict: { apple, crowd },
    findings,
    next,
    resolved: decision.resolved,
    exhausted: decision.exhausted,
    say: composeSay(decision, apple, findings),
    show: composeShow(decision, apple, findings, { now: facts.now, offsetMinutes }),
    client: adviseClient(diagnostics.client, input.publicUrl, input.clientVersions),
  };
}
