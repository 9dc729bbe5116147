import { describe, expect, it } from "vitest";
import { decideNext } from "../../src/domain/engine";
import { composeSay, composeShow, fit, SAY_LIMIT, SHOW_LIMIT } from "../../src/domain/texts";
import type { AppleVerdict, Finding } from "../../src/domain/types";
import { APPLE_INCIDENT, findingsFor, pacific, with_ } from "./scenarios";

const verdict = (status: AppleVerdict["status"], summary: string): AppleVerdict => ({ status, summary, events: [], checkedAt: null, stale: false });
const NO_INCIDENT = verdict("no_incident", "Apple reports no incident for iMessage.");

function texts(findings: Finding[], apple = NO_INCIDENT, d = with_({})) {
  const decision = decideNext(d, findings);
  return { say: composeSay(decision, apple, findings), show: composeShow(decision, apple, findings) };
}

describe("what Siri says and Show Result shows", () => {
  it("answers 'is it me or Apple?' first, then the evidence, then the fix", () => {
    const d = with_({ clock: { deviceTime: pacific(-9 * 60_000) } });
    const { say } = texts(findingsFor(d), NO_INCIDENT, d);
    expect(say).toBe("Apple reports no iMessage incident. Your iPhone's clock is 9 minutes behind. Next: set the date and time automatically.");
  });

  it("an outage leads with Apple", () => {
    const { say, show } = texts([APPLE_INCIDENT], verdict("outage", "Apple reports an iMessage outage."));
    expect(say.startsWith("Apple reports an iMessage outage right now.")).toBe(true);
    expect(show).toContain("Next: Wait for Apple to fix iMessage");
    expect(show).toContain("Warning: Texts sent this way use your carrier's SMS plan");
  });

  it("unknown status says nothing it doesn't know", () => {
    expect(texts([], verdict("unknown", "Apple's status could not be checked right now.")).say).toBe("Next: turn Airplane Mode on and off.");
  });

  it("show numbers the steps and gives the why", () => {
    const { show } = texts([]);
    expect(show).toMatch(/\n1\. Open Control Center or Settings and turn on Airplane Mode\.\n2\. Wait 10 seconds\./);
    expect(show).toContain("Why: A fresh connection");
  });

  it("stays within the limits however long the evidence is", () => {
    const long: Finding[] = Array.from({ length: 12 }, (_, i) => ({ id: i === 0 ? "clock-skew" : "weak-wifi", severity: "high", detail: `${"Very long evidence sentence. ".repeat(20)}${i}` }));
    const { say, show } = texts(long);
    expect(say.length).toBeLessThanOrEqual(SAY_LIMIT);
    expect(show.length).toBeLessThanOrEqual(SHOW_LIMIT);
    expect(say.endsWith("…") || say.endsWith(".")).toBe(true);
  });

  it("fit cuts at a word boundary with an ellipsis", () => {
    expect(fit("one two three four", 16)).toBe("one two three…");
    expect(fit("short", 12)).toBe("short");
    expect(fit("x".repeat(30), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
