import { describe, expect, it } from "vitest";
import { FIX_IDS, type FixId } from "../../src/domain/ids";
import type { Diagnostics, Finding, RequestFacts } from "../../src/domain/types";
import { APPLE_INCIDENT, APPLE_RECENT, NOW, decide, facts, findingsFor, pacific, tried, walk, with_ } from "./scenarios";

const HOUR = 3_600_000;

interface Scenario {
  name: string;
  d: Diagnostics;
  facts?: RequestFacts;
  extra?: Finding[];
  next: FixId | null;
  /** A phrase the `why` must quote. */
  why?: string;
}

// Written from the guide (../shared/domain/imessage-not-delivered-guide.txt) and the playbook notes.
const SCENARIOS: Scenario[] = [
  // Everyone, red "!": connection → toggles → settings…
  { name: "healthy answers walk the default sequence: Airplane Mode first", d: with_({}), next: "toggle-airplane-mode" },
  { name: "no connection at all", d: with_({ network: { type: "none" } }), next: "reconnect-network", why: "no Wi-Fi or cellular" },
  { name: "pages don't load in Safari either", d: with_({ network: { websitesLoad: false } }), next: "reconnect-network", why: "can't load pages" },
  { name: "connection unanswered: check it first", d: with_({ network: { websitesLoad: undefined } }), next: "reconnect-network" },
  { name: "clock 7 minutes behind", d: with_({ clock: { deviceTime: pacific(-7 * 60_000) } }), next: "set-date-time-automatically", why: "7 minutes behind" },
  { name: "clock 3 hours ahead", d: with_({ clock: { deviceTime: pacific(3 * HOUR) } }), next: "set-date-time-automatically", why: "3 hours ahead" },
  { name: "clock 90 seconds off is within tolerance", d: with_({ clock: { deviceTime: pacific(-90_000) } }), next: "toggle-airplane-mode" },
  { name: "Set Automatically is off", d: with_({ clock: { automatic: false } }), next: "set-date-time-automatically", why: "isn't set automatically" },
  { name: "VPN on, by the user's answer", d: with_({ network: { vpn: true } }), next: "disable-vpn", why: "VPN is on" },
  {
    name: "VPN guessed from the network operator",
    d: with_({ network: { vpn: undefined } }),
    facts: facts({ asOrganization: "Mullvad VPN AB" }),
    next: "disable-vpn",
    why: "Mullvad",
  },
  { name: "public Wi-Fi blocks port 5223", d: with_({ network: { wifi: { public: true } } }), next: "switch-network", why: "public" },
  { name: "weak Wi-Fi", d: with_({ network: { wifi: { rssi: -82 } } }), next: "switch-network", why: "-82 dBm" },
  { name: "300 MB free", d: with_({ storage: { freeBytes: 300_000_000 } }), next: "free-storage", why: "Only 300 MB" },
  { name: "less than 1 GB, by the menu's answer", d: with_({ storage: { freeBytes: undefined, freeRange: "under_1gb" } }), next: "free-storage", why: "Less than 1 GB" },
  {
    name: "time zone differs from where the connection is",
    d: with_({}),
    facts: facts({ timezone: "Europe/Berlin" }),
    next: "set-date-time-automatically",
    why: "Europe/Berlin",
  },
  {
    name: "time zone differs but a VPN explains it: the VPN goes first",
    d: with_({ network: { vpn: true } }),
    facts: facts({ timezone: "Europe/Berlin" }),
    next: "disable-vpn",
  },
  { name: "behind in its own iOS line", d: with_({ device: { osVersion: "26.1" } }), next: "update-ios", why: "26.6.1" },
  { name: "an older major line", d: with_({ device: { osVersion: "17.1.1" } }), next: "update-ios", why: "if your iPhone supports it" },
  { name: "no SIM: iMessage runs on the Apple Account", d: with_({ settings: { hasSim: false } }), next: "check-send-receive", why: "no SIM" },
  { name: "roaming abroad", d: with_({ network: { type: "cellular", cellular: { roaming: true } } }), next: "carrier-settings-update", why: "roaming" },
  { name: "iMessage turned off", d: with_({ settings: { imessageOn: false } }), next: "toggle-imessage", why: "turned off" },
  { name: "Send as SMS off", d: with_({ settings: { sendAsSms: false } }), next: "enable-send-as-sms" },
  // Apple first.
  { name: "Apple outage outranks a wrong clock", d: with_({ clock: { deviceTime: pacific(-7 * 60_000) } }), extra: [APPLE_INCIDENT], next: "apple-outage-wait", why: "ongoing" },
  { name: "Apple outage outranks being offline", d: with_({ network: { type: "none" } }), extra: [APPLE_INCIDENT], next: "apple-outage-wait" },
  { name: "a just-resolved Apple incident: reconnect", d: with_({}), extra: [APPLE_RECENT], next: "toggle-airplane-mode", why: "40 minutes ago" },
  // Activation.
  {
    name: "activation waiting 5 hours",
    d: with_({ symptom: { kind: "waiting_for_activation", since: new Date(NOW.getTime() - 5 * HOUR).toISOString() } }),
    next: "wait-for-activation",
    why: "5 hours",
  },
  {
    name: "activation error after 30 hours: the carrier",
    d: with_({ symptom: { kind: "activation_error", since: new Date(NOW.getTime() - 30 * HOUR).toISOString() } }),
    next: "contact-carrier",
    why: "30 hours",
  },
  {
    name: "activation with a wrong clock: clock first",
    d: with_({ clock: { deviceTime: pacific(-20 * 60_000) }, symptom: { kind: "waiting_for_activation", since: new Date(NOW.getTime() - 2 * HOUR).toISOString() } }),
    next: "set-date-time-automatically",
  },
  { name: "activation, clock answer unknown: clock first", d: with_({ clock: { automatic: undefined }, symptom: { kind: "waiting_for_activation" } }), next: "set-date-time-automatically" },
  {
    name: "activation, after the connection checks: SMS ability",
    d: with_({ symptom: { kind: "activation_error" }, tried: tried("toggle-airplane-mode", "switch-network", "toggle-imessage") }),
    next: "check-sms-plan",
  },
  {
    name: "activation with SMS checked: wait up to 24 hours",
    d: with_({ symptom: { kind: "waiting_for_activation" }, tried: tried("toggle-airplane-mode", "switch-network", "toggle-imessage", "check-sms-plan") }),
    next: "wait-for-activation",
  },
  {
    name: "activation after the wait: SIM, then the carrier",
    d: with_({ symptom: { kind: "waiting_for_activation" }, tried: tried("toggle-airplane-mode", "switch-network", "toggle-imessage", "check-sms-plan", "wait-for-activation") }),
    next: "inspect-sim",
  },
  // One contact: their side first.
  { name: "number saved without country code", d: with_({ symptom: { scope: "one_contact", recipient: "(415) 555-0100" } }), next: "fix-recipient-number", why: "+1" },
  { name: "number fine: send as text to test", d: with_({ symptom: { scope: "one_contact", recipient: "+1 415 555 0100" } }), next: "send-as-text" },
  { name: "recipient unknown: check how it's saved", d: with_({ symptom: { scope: "one_contact" } }), next: "fix-recipient-number" },
  { name: "recipient is an email address", d: with_({ symptom: { scope: "one_contact", recipient: "friend@icloud.com" } }), next: "fix-recipient-number", why: "email" },
  { name: "recipient is not a number", d: with_({ symptom: { scope: "one_contact", recipient: "call me" } }), next: "fix-recipient-number" },
  { name: "recipient is a landline", d: with_({ symptom: { scope: "one_contact", recipient: "+33 1 42 68 53 00" } }), next: "fix-recipient-number", why: "landline" },
  {
    name: "after the number and SMS test: deregistration",
    d: with_({ symptom: { scope: "one_contact", recipient: "+14155550100" }, tried: tried("send-as-text") }),
    next: "recipient-deregister",
  },
  {
    name: "then blocking",
    d: with_({ symptom: { scope: "one_contact", recipient: "+14155550100" }, tried: tried("send-as-text", "recipient-deregister") }),
    next: "check-blocked",
  },
  {
    name: "then duplicate contacts, then a new conversation",
    d: with_({ symptom: { scope: "one_contact", recipient: "+14155550100" }, tried: tried("send-as-text", "recipient-deregister", "check-blocked", "merge-duplicate-contacts") }),
    next: "new-conversation",
  },
  {
    name: "recipient side exhausted: the device path",
    d: with_({ symptom: { scope: "one_contact", recipient: "+14155550100" }, tried: tried("send-as-text", "recipient-deregister", "check-blocked", "merge-duplicate-contacts", "new-conversation") }),
    next: "toggle-airplane-mode",
  },
  { name: "one contact, offline: the device still comes first", d: with_({ network: { type: "none" }, symptom: { scope: "one_contact", recipient: "+14155550100" } }), next: "reconnect-network" },
  // Symptoms.
  { name: "no Delivered under one contact's bubble: they may be offline", d: with_({ symptom: { kind: "no_delivered_status", scope: "one_contact", recipient: "+14155550100" } }), next: "send-as-text" },
  {
    name: "no Delivered: then blocking",
    d: with_({ symptom: { kind: "no_delivered_status", scope: "one_contact", recipient: "+14155550100" }, tried: tried("send-as-text") }),
    next: "check-blocked",
  },
  { name: "green to one contact: they left iMessage", d: with_({ symptom: { kind: "sending_green", scope: "one_contact", recipient: "+14155550100" } }), next: "recipient-deregister" },
  { name: "green to everyone: the data connection", d: with_({ symptom: { kind: "sending_green" } }), next: "toggle-airplane-mode" },
  { name: "Mac says Delivered, iPhone doesn't: restart", d: with_({ symptom: { kind: "mac_delivered_iphone_not" } }), next: "force-restart" },
  { name: "Mac/iPhone after the restart: toggle iMessage", d: with_({ symptom: { kind: "mac_delivered_iphone_not" }, tried: tried("force-restart") }), next: "toggle-imessage" },
  // Outcomes.
  { name: "a fix worked", d: with_({ tried: [{ fix: "toggle-airplane-mode", outcome: "fixed" }] }), next: null },
  {
    name: "DFU needs a confirmed backup first",
    d: with_({ tried: tried(...lighterThan("back-up-iphone")) }),
    next: "back-up-iphone",
  },
  {
    name: "backup confirmed: DFU",
    d: with_({ settings: { backupConfirmed: true }, tried: tried(...lighterThan("back-up-iphone")) }),
    next: "dfu-restore",
  },
];

function lighterThan(fix: FixId): FixId[] {
  const everyone = walk(with_({ settings: { backupConfirmed: true } })).offered;
  return everyone.slice(0, everyone.indexOf(fix === "back-up-iphone" ? "dfu-restore" : fix));
}

describe("the next fix, scenario by scenario", () => {
  it("has at least 40 scenarios", () => expect(SCENARIOS.length).toBeGreaterThanOrEqual(40));
  for (const s of SCENARIOS) {
    it(s.name, () => {
      const decision = decide(s.d, s.facts, s.extra);
      expect(decision.next?.fix.id ?? null).toBe(s.next);
      if (s.why) expect(decision.next?.why).toContain(s.why);
      if (s.next === null) expect(decision.resolved).toBe(true);
    });
  }
});

describe("whole repairs", () => {
  const starts: { name: string; d: Diagnostics; facts?: RequestFacts; extra?: Finding[] }[] = [
    { name: "everyone", d: with_({}) },
    {
      name: "everyone, nothing answered",
      d: with_({
        clock: { automatic: undefined },
        network: { vpn: undefined, websitesLoad: undefined, wifi: { public: undefined } },
        storage: { freeBytes: undefined },
        settings: { sendAsSms: undefined, imessageOn: undefined, hasSim: undefined },
      }),
    },
    { name: "one contact", d: with_({ symptom: { scope: "one_contact" } }) },
    { name: "no delivered status", d: with_({ symptom: { kind: "no_delivered_status", scope: "one_contact" } }) },
    { name: "green", d: with_({ symptom: { kind: "sending_green", scope: "one_contact" } }) },
    { name: "mac", d: with_({ symptom: { kind: "mac_delivered_iphone_not" } }) },
    { name: "activation", d: with_({ clock: { automatic: undefined }, symptom: { kind: "waiting_for_activation" } }) },
    { name: "activation error", d: with_({ symptom: { kind: "activation_error", since: new Date(NOW.getTime() - 40 * HOUR).toISOString() } }) },
    { name: "every finding", d: with_({ device: { osVersion: "26.1" }, network: { vpn: true, wifi: { public: true, rssi: -80 } }, storage: { freeBytes: 1000 } }), extra: [APPLE_RECENT] },
    { name: "apple outage", d: with_({}), extra: [APPLE_INCIDENT] },
  ];

  it("every fix in the playbook is reachable", () => {
    const reached = new Set<FixId>();
    for (const start of starts) {
      for (const backupConfirmed of [true, false]) {
        const d = { ...start.d, settings: { ...start.d.settings, backupConfirmed } };
        walk(d, { facts: start.facts, extra: start.extra }).offered.forEach((fix) => reached.add(fix));
      }
    }
    expect([...FIX_IDS].filter((id) => !reached.has(id))).toEqual([]);
  });

  for (const start of starts) {
    it(`${start.name}: no fix twice, reset after toggling iMessage, DFU last but hardware`, () => {
      const { offered, exhausted } = walk(start.d, { facts: start.facts, extra: start.extra });
      expect(exhausted).toBe(true);
      expect(new Set(offered).size).toBe(offered.length);
      const reset = offered.indexOf("reset-network-settings");
      if (reset >= 0) expect(offered.indexOf("toggle-imessage")).toBeGreaterThanOrEqual(0);
      if (reset >= 0) expect(offered.indexOf("toggle-imessage")).toBeLessThan(reset);
      const dfu = offered.indexOf("dfu-restore");
      if (dfu >= 0) {
        expect(offered.slice(dfu + 1).every((fix) => fix === "hardware-service")).toBe(true);
        expect(offered.indexOf("back-up-iphone")).toBeLessThan(dfu);
      }
    });
  }

  it("an Apple outage: wait first, and never the drastic fixes", () => {
    const { offered } = walk(with_({ settings: { backupConfirmed: true } }), { extra: [APPLE_INCIDENT] });
    expect(offered[0]).toBe("apple-outage-wait");
    for (const drastic of ["reset-network-settings", "dfu-restore", "hardware-service", "sign-out-apple-id"] as FixId[]) {
      expect(offered).not.toContain(drastic);
    }
  });

  it("a skipped fix comes back once, only when nothing else is left", () => {
    const { offered } = walk(with_({ settings: { backupConfirmed: true } }), { answer: (fix) => (fix === "force-restart" ? "skipped" : "not_fixed") });
    const first = offered.indexOf("force-restart");
    const second = offered.lastIndexOf("force-restart");
    expect(second).toBeGreaterThan(first);
    expect(second).toBe(offered.length - 1);
    expect(offered.filter((f) => f === "force-restart")).toHaveLength(2);
  });

  it("skipping Toggle iMessage keeps Reset Network Settings away until it is done", () => {
    const { offered } = walk(with_({ settings: { backupConfirmed: true } }), {
      answer: (fix) => (fix === "toggle-imessage" ? "cannot_do" : "not_fixed"),
    });
    expect(offered).not.toContain("reset-network-settings");
  });

  it("DFU is never offered without a backup", () => {
    const { offered } = walk(with_({}), { answer: (fix) => (fix === "back-up-iphone" ? "skipped" : "not_fixed") });
    expect(offered).toContain("back-up-iphone");
    expect(offered).not.toContain("dfu-restore");
    expect(offered).toContain("hardware-service");
  });

  it("stops as soon as a fix works", () => {
    const { offered, resolved } = walk(with_({}), { answer: (_fix, step) => (step === 2 ? "fixed" : "not_fixed") });
    expect(offered).toHaveLength(3);
    expect(resolved).toBe(true);
  });

  it("the VPN guess is marked as a guess", () => {
    const findings = findingsFor(with_({ network: { vpn: undefined } }), facts({ asOrganization: "DigitalOcean, LLC" }));
    expect(findings.find((f) => f.id === "vpn")).toMatchObject({ heuristic: true });
  });

  it("a user who says there's no VPN is believed over the guess", () => {
    const findings = findingsFor(with_({ network: { vpn: false } }), facts({ asOrganization: "Mullvad VPN AB" }));
    expect(findings.some((f) => f.id === "vpn")).toBe(false);
  });
});

describe("a recipient checked earlier and dropped (sessions keep no number)", () => {
  it("a number found fine is not questioned again", () => {
    const d = with_({ symptom: { scope: "one_contact", recipientChecked: true } });
    expect(decide(d).next?.fix.id).toBe("send-as-text");
  });
});
