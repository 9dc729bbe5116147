import { describe, expect, it } from "vitest";
import { decideNext } from "../../src/domain/engine";
import type { FixId } from "../../src/domain/ids";
import { fixById } from "../../src/domain/playbook";
import { orderByWorked, posteriorRate, PRIOR_FIRST, WORKED_FLOOR, workedFor, workedSentence, type FixTally } from "../../src/domain/worked";
import { findingsFor, walk, with_ } from "./scenarios";

const table = (entries: [FixId, number, number][]) => new Map<FixId, FixTally>(entries.map(([fix, people, fixed]) => [fix, { people, fixed }]));
const ids = (fixes: FixId[]) => fixes.map((id) => ({ fix: fixById(id) }));

describe("what worked, quoted", () => {
  it("only from 20 people on, with the rate to two decimals", () => {
    expect(workedFor(table([["force-restart", WORKED_FLOOR - 1, 10]]), "force-restart")).toBeNull();
    expect(workedFor(table([["force-restart", 212, 87]]), "force-restart")).toEqual({ people: 212, fixed: 87, rate: 0.41 });
    expect(workedFor(undefined, "force-restart")).toBeNull();
    expect(workedSentence({ people: 212, fixed: 87, rate: 0.41 })).toBe("This fixed it for 41% of the 212 people with the same problem.");
  });

  it("in the why of the fix offered, and in next.worked", () => {
    const d = with_({});
    const decision = decideNext(d, findingsFor(d), { worked: table([["toggle-airplane-mode", 120, 30]]) });
    expect(decision.next?.fix.id).toBe("toggle-airplane-mode");
    expect(decision.next?.worked).toEqual({ people: 120, fixed: 30, rate: 0.25 });
    expect(decision.next?.why).toMatch(/This fixed it for 25% of the 120 people with the same problem\.$/);
  });
});

describe("learning, within safety", () => {
  const run: FixId[] = ["toggle-airplane-mode", "switch-network", "force-restart", "toggle-imessage"];

  it("the prior is the expert order: with no data nothing moves", () => {
    expect(orderByWorked(ids(run), table([])).map((c) => c.fix.id)).toEqual(run);
    expect(posteriorRate(0, undefined)).toBe(PRIOR_FIRST);
    expect(posteriorRate(1, undefined)).toBeLessThan(posteriorRate(0, undefined));
  });

  it("a handful of outcomes can't reorder anything; a clearly better fix moves up within its tier", () => {
    expect(orderByWorked(ids(run), table([["switch-network", 5, 5]])).map((c) => c.fix.id)).toEqual(run);
    const learned = orderByWorked(ids(run), table([["force-restart", 400, 240], ["toggle-airplane-mode", 400, 40], ["switch-network", 400, 40]])).map((c) => c.fix.id);
    expect(learned[0]).toBe("force-restart");
  });

  it("never across risk tiers: nothing that erases data or costs money moves earlier, however well it works", () => {
    const mixed: FixId[] = ["toggle-airplane-mode", "force-restart", "check-send-receive", "sign-out-apple-id", "keep-messages", "reset-network-settings", "back-up-iphone", "dfu-restore", "hardware-service"];
    const miracle = table(mixed.map((fix) => [fix, 1000, fix === "dfu-restore" || fix === "reset-network-settings" || fix === "hardware-service" ? 990 : 10]));
    const ordered = orderByWorked(ids(mixed), miracle).map((c) => c.fix);
    // The risk never goes down along the list where it didn't before, and each fix keeps its tier's place.
    expect(ordered.map((f) => f.risk)).toEqual(mixed.map((id) => fixById(id).risk));
    expect(ordered.findIndex((f) => f.id === "dfu-restore")).toBe(mixed.indexOf("dfu-restore"));
    // Within the data tier the better one goes first.
    expect(ordered.slice(4, 6).map((f) => f.id)).toEqual(["reset-network-settings", "keep-messages"]);
  });

  it("the engine stays deterministic for a given table, and whole repairs keep their safety rules", () => {
    const worked = table([["force-restart", 500, 300], ["toggle-airplane-mode", 500, 20], ["dfu-restore", 500, 499]]);
    const d = with_({ settings: { backupConfirmed: true } });
    const first = decideNext(d, findingsFor(d), { worked });
    const again = decideNext(d, findingsFor(d), { worked });
    expect(first.next?.fix.id).toBe("force-restart");
    expect(again).toEqual(first);
    const offered: FixId[] = [];
    const history: { fix: FixId; outcome: "not_fixed" }[] = [];
    for (let i = 0; i < 60; i++) {
      const step = decideNext({ ...d, tried: history }, findingsFor(d), { worked });
      if (!step.next) break;
      offered.push(step.next.fix.id);
      history.push({ fix: step.next.fix.id, outcome: "not_fixed" });
    }
    expect(offered.indexOf("dfu-restore")).toBe(offered.length - 2);
    expect(offered.indexOf("toggle-imessage")).toBeLessThan(offered.indexOf("reset-network-settings"));
    expect(walk(d).offered.length).toBe(offered.length);
  });
});
