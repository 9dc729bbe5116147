import { describe, expect, it } from "vitest";
import { decideNext } from "../../src/domain/engine";
import { composeSay, composeShow, fit, SAY_LIMIT, SHOW_LIMIT } from "../../src/domain/texts";
import type { AppleVerdict, Finding } from "../../src/domain/types";
import type { FixId } from "../../src/domain/ids";
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
    expect(say).toBe("Apple reports no iMessage incident, but your iPhone's clock is 9 minutes behind. Next: reset the date and time.");
  });

  it("an outage leads with Apple", () => {
    const { say, show } = texts([APPLE_INCIDENT], verdict("outage", "Apple reports an iMessage outage."));
    expect(say).toBe("Apple reports an ongoing iMessage outage. Next: wait for Apple to fix iMessage.");
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

import { diagnose } from "../../src/domain/diagnose";
import { BUILT_IN_IOS_VERSIONS } from "../../src/domain/ios-versions";
import type { Diagnostics } from "../../src/domain/types";
import { facts, mac, NOW, walk, wifiIpad } from "./scenarios";
import { tried } from "./scenarios";

const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
const APPLE: Record<string, AppleVerdict> = {
  "no incident": { status: "no_incident", summary: "Apple reports no incident for iMessage.", events: [], checkedAt: minutesAgo(3), stale: false, ageSeconds: 180 },
  unknown: { status: "unknown", summary: "Apple's status could not be checked right now.", events: [], checkedAt: null, stale: false, ageSeconds: null },
  outage: {
    status: "outage",
    summary: "Apple reports an ongoing iMessage outage since 12:30 UTC.",
    events: [{ service: "iMessage", statusType: "Outage", eventStatus: "ongoing", message: "Users may be experiencing issues with iMessage.", startedAt: minutesAgo(25), endedAt: null }],
    checkedAt: minutesAgo(2),
    stale: false,
    ageSeconds: 120,
  },
  "just recovered": {
    status: "no_incident",
    summary: "Apple reports no incident for iMessage. An iMessage outage ended at 12:15 UTC.",
    events: [{ service: "iMessage", statusType: "Outage", eventStatus: "resolved", message: "Users experienced a problem with iMessage that has been resolved.", startedAt: minutesAgo(140), endedAt: minutesAgo(40) }],
    checkedAt: minutesAgo(2),
    stale: false,
    ageSeconds: 120,
  },
};

/** Sentences of a text: split after . ! ? … followed by a space and a capital (or a line break). */
const sentences = (text: string) => text.split(/\n+|(?<=[.!?…])\s+(?=[A-Z0-9•])/).map((s) => s.replace(/^(• |\d+\. |Why: |Warning: |Apple: |Next: )/, "").trim()).filter((s) => s.length > 12);

describe("every say read aloud, every show read through, over whole repairs", () => {
  const situations: [string, Diagnostics][] = [
    ["an iPhone one point release behind", with_({ device: { osVersion: "26.1" } })],
    ["an iPhone with a wrong clock", with_({ clock: { deviceTime: pacific(-9 * 60_000), automatic: false } })],
    ["an iPhone behind a VPN", with_({ network: { vpn: true } })],
    ["one contact saved without a country code", with_({ symptom: { scope: "one_contact", recipient: "(415) 555-0100" } })],
    ["activation", with_({ symptom: { kind: "waiting_for_activation", waitingHours: 30 } })],
    ["a Wi-Fi-only iPad", wifiIpad()],
    ["a Mac", mac()],
    ["texts failing", with_({ symptom: { kind: "sms_mms_failing" } })],
  ];
  for (const [name, d] of situations) {
    for (const [appleName, apple] of Object.entries(APPLE)) {
      it(`${name}, Apple ${appleName}`, () => {
        const history: { fix: FixId; outcome: "not_fixed"; confirmed?: boolean }[] = [];
        for (let step = 0; step < 45; step++) {
          const result = diagnose({
            diagnostics: { ...d, tried: history },
            facts: facts({ timezone: "America/Los_Angeles" }),
            apple,
            versions: BUILT_IN_IOS_VERSIONS,
            publicUrl: "https://delivered.test",
            clientVersions: { "fix-imessage": "1.0.0" },
          });
          const { say, show } = result;
          // Heard: short, one or two sentences, nothing Siri garbles, and it ends with what to do.
          expect(say.length, say).toBeLessThanOrEqual(SAY_LIMIT);
          expect(say.split(/(?<=[.!?])\s+/).length, say).toBeLessThanOrEqual(2);
          expect(say, say).not.toMatch(/UTC|GMT|[+−-]\d{2}:\d{2}|\b[A-Z][a-z]+\/[A-Z][a-z_]+|\d{4}-\d{2}-\d{2}|\bT\d{2}:|\(|\)|dBm/);
          if (result.next) expect(say.endsWith(`Next: ${result.next.title.charAt(0).toLowerCase()}${result.next.title.slice(1)}.`) || say.endsWith(`Next: ${result.next.title}.`), say).toBe(true);
          if (apple.status === "outage") expect(result.exhausted).toBe(false);
          if (apple.status === "outage") expect(`${say} ${show}`).not.toMatch(/Contact Apple Support|getsupport/);
          // Read: within the limit, and no sentence twice.
          expect(show.length).toBeLessThanOrEqual(SHOW_LIMIT);
          const all = sentences(show);
          expect(all.filter((s, i) => all.indexOf(s) !== i), show).toEqual([]);
          // Times as the person's own clock shows them: the device sent its offset.
          expect(show).not.toMatch(/UTC(?![+−])/);
          if (!result.next) break;
          history.push({ fix: result.next.id, outcome: "not_fixed", ...(result.next.id === "back-up-iphone" ? { confirmed: true } : {}) });
        }
      });
    }
  }

  it("after a recent incident, Siri still names the next step", () => {
    const result = diagnose({
      diagnostics: with_({}),
      facts: facts(),
      apple: APPLE["just recovered"]!,
      versions: BUILT_IN_IOS_VERSIONS,
      publicUrl: "https://delivered.test",
      clientVersions: {},
    });
    expect(result.say).toBe("Apple fixed an iMessage outage 40 minutes ago, and some phones take a while to recover. Next: turn Airplane Mode on and off.");
    expect(result.show).toContain("4:15 this morning");
  });

  it("during an outage: the verdict, then what to do meanwhile", () => {
    const result = diagnose({ diagnostics: with_({}), facts: facts(), apple: APPLE.outage!, versions: BUILT_IN_IOS_VERSIONS, publicUrl: "https://d.test", clientVersions: {} });
    expect(result.say).toBe("Apple reports an iMessage outage right now. Next: wait for Apple to fix iMessage.");
    expect(result.next?.why).toContain("since 4:30 this morning");
    const later = diagnose({ diagnostics: with_({ tried: tried("apple-outage-wait") }), facts: facts(), apple: APPLE.outage!, versions: BUILT_IN_IOS_VERSIONS, publicUrl: "https://d.test", clientVersions: {} });
    expect(later.say).toBe("Apple reports an iMessage outage right now. Next: reach people another way for now.");
  });
});

describe("the number in the fix's steps", () => {
  const run = (d: Diagnostics, country = "US") =>
    diagnose({ diagnostics: d, facts: facts({ country }), apple: APPLE["no incident"]!, versions: BUILT_IN_IOS_VERSIONS, publicUrl: "https://d.test", clientVersions: {} });

  it("is the recipient's own number, corrected: a UK number saved without +44 on a US iPhone", () => {
    const result = run(with_({ symptom: { scope: "one_contact", recipient: "07911 123456" } }));
    expect(result.next?.id).toBe("fix-recipient-number");
    expect(result.next?.steps.join(" ")).toContain("like +44 7911 123456");
    expect(result.next?.why).toContain("it looks like a mobile number from the UK");
    expect(result.say).toBe("Apple reports no iMessage incident, but the number is saved without + and its country code; it looks like a mobile number from the UK. Next: check how the number is saved.");
  });

  it("is an example of the person's own country when the number isn't known (a session keeps none), not a +1 one", () => {
    const result = run(with_({ network: { cellular: { countryCode: "DE" } }, symptom: { scope: "one_contact", recipientChecked: false } }), "DE");
    expect(result.next?.id).toBe("fix-recipient-number");
    expect(result.next?.steps.join(" ")).toContain("like +49 1512 3456789");
  });

  it("a landline: use their mobile, with an example mobile of their country", () => {
    const result = run(with_({ network: { cellular: { countryCode: "FR" } }, symptom: { scope: "one_contact", recipient: "01 42 68 53 00" } }), "FR");
    expect(result.next?.title).toBe("Use their mobile number");
    expect(result.next?.steps.join(" ")).toMatch(/like \+33 6/);
    expect(result.show).not.toMatch(/Save it as/);
  });
});
