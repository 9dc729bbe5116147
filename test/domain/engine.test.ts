import { describe, expect, it } from "vitest";
import { FIX_IDS, SYMPTOM_KINDS, type FixId, type SymptomKind } from "../../src/domain/ids";
import type { Diagnostics, Finding, RequestFacts } from "../../src/domain/types";
import { fitsDevice, fixById } from "../../src/domain/playbook";
import { APPLE_INCIDENT, APPLE_RECENT, NOW, decide, facts, findingsFor, mac, pacific, tried, walk, wifiIpad, with_ } from "./scenarios";

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
  { name: "Set Automatically is off", d: with_({ clock: { automatic: false } }), next: "set-date-time-automatically", why: "aren't set automatically" },
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
    // A VPN, a work network, a traveller, or wrangler's placeholder: not evidence against a right clock.
    name: "time zone differs from where the connection is, clock right and automatic: no clock fix",
    d: with_({}),
    facts: facts({ timezone: "Europe/Berlin" }),
    next: "toggle-airplane-mode",
  },
  {
    name: "time zone differs but a VPN explains it: the VPN goes first",
    d: with_({ network: { vpn: true } }),
    facts: facts({ timezone: "Europe/Berlin" }),
    next: "disable-vpn",
  },
  { name: "one point release behind (26.1): quick harmless fixes first", d: with_({ device: { osVersion: "26.1" } }), next: "toggle-airplane-mode" },
  { name: "an older line (17.1.1): quick harmless fixes first", d: with_({ device: { osVersion: "17.1.1" } }), next: "toggle-airplane-mode" },
  { name: "too old for iMessage (15.8.8): the update first, and why says so", d: with_({ device: { osVersion: "15.8.8" } }), next: "update-ios", why: "4 years of releases behind" },
  { name: "no SIM: iMessage runs on the Apple Account", d: with_({ settings: { hasSim: false } }), next: "check-send-receive", why: "no SIM" },
  { name: "roaming abroad: Data Roaming and the plan first", d: with_({ network: { type: "cellular", cellular: { roaming: true } } }), next: "check-roaming", why: "roaming" },
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


/** Everything offered before `fix` on a full walk of `d` (answered "not fixed"). */
function before(d: Diagnostics, fix: FixId, options: Parameters<typeof walk>[1] = {}): FixId[] {
  const offered = walk(d, options).offered;
  const at = offered.indexOf(fix);
  if (at < 0) throw new Error(`${fix} is never offered: ${offered.join(", ")}`);
  return offered.slice(0, at);
}

// Issue 9, example by example: each failed before the change.
const ISSUE_9: Scenario[] = [
  // Least invasive first, for real.
  { name: "iOS 18.2, one point release behind: Airplane Mode first", d: with_({ device: { osVersion: "18.2" } }), next: "toggle-airplane-mode" },
  {
    name: "26.1 after the quick, harmless fixes: now the update",
    d: with_({ device: { osVersion: "26.1" }, tried: tried("toggle-airplane-mode", "switch-network", "force-restart", "toggle-imessage", "check-send-receive") }),
    next: "update-ios",
    why: "26.6.1",
  },
  {
    name: "Mac delivered, iPhone didn't, one contact: restart the iPhone, not the recipient checks",
    d: with_({ symptom: { kind: "mac_delivered_iphone_not", scope: "one_contact", recipient: "(415) 555-0100" } }),
    next: "force-restart",
  },
  {
    name: "Mac delivered, iPhone didn't, one contact: then toggle iMessage",
    d: with_({ symptom: { kind: "mac_delivered_iphone_not", scope: "one_contact" }, tried: tried("force-restart") }),
    next: "toggle-imessage",
  },
  {
    name: "activation pending with Set Automatically off: Date & Time before waiting",
    d: with_({ clock: { automatic: false }, symptom: { kind: "waiting_for_activation", waitingHours: 3 } }),
    next: "set-date-time-automatically",
    why: "aren't set automatically",
  },
  {
    name: "activation overdue with Set Automatically off: Date & Time before the carrier",
    d: with_({ clock: { automatic: false }, symptom: { kind: "activation_error", waitingHours: 30 } }),
    next: "set-date-time-automatically",
  },
  {
    name: "activation overdue, clock fixed: now the carrier",
    d: with_({ clock: { automatic: false }, symptom: { kind: "activation_error", waitingHours: 30 }, tried: tried("set-date-time-automatically") }),
    next: "contact-carrier",
    why: "30 hours",
  },
  {
    name: "not delivered to everyone: reset network settings comes before the carrier",
    d: with_({ tried: tried("toggle-airplane-mode", "switch-network", "force-restart", "toggle-imessage", "check-send-receive", "sign-out-apple-id", "sign-out-icloud", "carrier-settings-update", "inspect-sim", "keep-messages") }),
    next: "reset-network-settings",
  },
  {
    name: "after dfu-restore and hardware-service the repair is exhausted: no backup any more",
    d: with_({ tried: [...tried(...lighterThan("back-up-iphone")), { fix: "back-up-iphone", outcome: "skipped" }, ...tried("hardware-service")] }),
    next: null,
  },
  // Safety: no erase without a confirmed backup.
  {
    name: "a 'not fixed' answer to the backup step doesn't unlock DFU",
    d: with_({ tried: [...tried(...lighterThan("back-up-iphone")), { fix: "back-up-iphone", outcome: "not_fixed" }] }),
    next: "hardware-service",
  },
  {
    name: "a backup confirmed in tried[] does",
    d: with_({ tried: [...tried(...lighterThan("back-up-iphone")), { fix: "back-up-iphone", outcome: "not_fixed", confirmed: true }] }),
    next: "dfu-restore",
  },
  {
    name: "a backup confirmed 'false' doesn't",
    d: with_({ tried: [...tried(...lighterThan("back-up-iphone")), { fix: "back-up-iphone", outcome: "not_fixed", confirmed: false }] }),
    next: "hardware-service",
  },
  // Time zone: evidence, not noise.
  { name: "behind a VPN abroad, clock right: the VPN, not Date & Time", d: with_({ network: { vpn: true } }), facts: facts({ timezone: "Asia/Tokyo" }), next: "disable-vpn" },
  { name: "on a work network elsewhere (no VPN), clock right: no clock fix", d: with_({}), facts: facts({ timezone: "America/Chicago", asOrganization: "Acme Corp" }), next: "toggle-airplane-mode" },
  {
    name: "a traveller with Set Automatically off: Date & Time, quoting the manual clock",
    d: with_({ clock: { automatic: false } }),
    facts: facts({ timezone: "Europe/Paris" }),
    next: "set-date-time-automatically",
    why: "aren't set automatically",
  },
  {
    name: "time zone and a wrong clock: Date & Time, quoting the clock",
    d: with_({ clock: { deviceTime: pacific(-12 * 60_000) } }),
    facts: facts({ timezone: "Europe/Paris" }),
    next: "set-date-time-automatically",
    why: "12 minutes behind",
  },
  // Every device the Shortcut runs on.
  { name: "Mac: no Airplane Mode; the network first", d: mac(), next: "switch-network" },
  { name: "Mac with a VPN: System Settings' VPN", d: mac({ network: { vpn: true } }), next: "disable-vpn", why: "VPN" },
  { name: "Mac, iMessage signed out: sign in to Messages", d: mac({ settings: { imessageOn: false } }), next: "toggle-imessage" },
  { name: "Wi-Fi iPad, one contact: no Send as Text (an iPad can't text)", d: wifiIpad({ symptom: { scope: "one_contact", recipient: "+14155550100" } }), next: "recipient-deregister" },
  { name: "Wi-Fi iPad, texts fail: the iPhone's Text Message Forwarding", d: wifiIpad({ symptom: { kind: "sms_mms_failing" }, tried: tried("toggle-airplane-mode") }), next: "text-message-forwarding" },
  { name: "iPad with a cellular plan still can't text", d: wifiIpad({ network: { cellular: { radio: "LTE", carrier: "Vodafone" } }, symptom: { scope: "one_contact", recipient: "+447911123456" } }), next: "recipient-deregister" },
  { name: "no SIM: Send & Receive with the email address", d: with_({ settings: { hasSim: false } }), next: "check-send-receive", why: "Without a SIM" },
  { name: "roaming, after the plan check: a carrier settings update", d: with_({ network: { type: "cellular", cellular: { roaming: true } }, tried: tried("check-roaming", "toggle-airplane-mode", "switch-network", "force-restart", "toggle-imessage", "check-send-receive", "sign-out-apple-id", "sign-out-icloud") }), next: "carrier-settings-update" },
  // During and after Apple's incidents.
  { name: "Apple outage, after waiting: another way to reach people", d: with_({ tried: tried("apple-outage-wait") }), extra: [APPLE_INCIDENT], next: "backup-contact-method" },
  {
    name: "Apple outage, everything harmless tried: wait again, never exhausted",
    d: with_({ tried: tried("apple-outage-wait", "backup-contact-method", "toggle-airplane-mode", "switch-network", "force-restart", "toggle-imessage", "check-send-receive", "carrier-settings-update", "inspect-sim") }),
    extra: [APPLE_INCIDENT],
    next: "apple-outage-wait",
    why: "Apple still reports the problem",
  },
  // The rest of the guide.
  { name: "texts fail, iMessage works: MMS and Low Data Mode after a reconnect", d: with_({ symptom: { kind: "sms_mms_failing" }, tried: tried("toggle-airplane-mode") }), next: "check-mms-settings" },
  { name: "texts fail, then the line's plan", d: with_({ symptom: { kind: "sms_mms_failing" }, tried: tried("toggle-airplane-mode", "check-mms-settings") }), next: "check-sms-plan" },
  { name: "Apple's status unknown: look at the page first", d: with_({}), extra: [{ id: "apple-status-unknown", severity: "info", detail: "Apple's status page couldn't be read just now." }], next: "check-apple-status" },
  { name: "Messages in iCloud after the restart and toggle when the Mac delivered", d: with_({ symptom: { kind: "mac_delivered_iphone_not" }, tried: tried("force-restart", "toggle-imessage") }), next: "messages-in-icloud" },
  { name: "iCloud sign-out only after the Messages sign-out", d: with_({ tried: tried("toggle-airplane-mode", "switch-network", "force-restart", "toggle-imessage", "check-send-receive", "sign-out-apple-id") }), next: "sign-out-icloud" },
  { name: "message history after the account and carrier steps", d: with_({ tried: tried("toggle-airplane-mode", "switch-network", "force-restart", "toggle-imessage", "check-send-receive", "sign-out-apple-id", "sign-out-icloud", "carrier-settings-update", "inspect-sim") }), next: "keep-messages" },
];

describe("issue 9, example by example", () => {
  for (const s of ISSUE_9) {
    it(s.name, () => {
      const decision = decide(s.d, s.facts, s.extra);
      expect(decision.next?.fix.id ?? null).toBe(s.next);
      if (s.why) expect(decision.next?.why).toContain(s.why);
      if (s.next === null) expect(decision.exhausted || decision.resolved).toBe(true);
    });
  }
});

describe("texts fit the device and the state", () => {
  const next = (d: Diagnostics, f?: RequestFacts, extra?: Finding[]) => decide(d, f, extra).next!;
  it("a title fits the state: Turn on iMessage, Turn on Set Automatically, Reset the date and time", () => {
    expect(next(with_({ settings: { imessageOn: false } })).text.title).toBe("Turn on iMessage");
    expect(next(with_({ clock: { automatic: false } })).text.title).toBe("Turn on Set Automatically");
    expect(next(with_({ clock: { automatic: true, deviceTime: pacific(-9 * 60_000) } })).text.title).toBe("Reset the date and time");
    expect(next(with_({ symptom: { scope: "one_contact", recipient: "+33 1 42 68 53 00" } })).text.title).toBe("Use their mobile number");
  });
  it("each platform gets its own steps and words", () => {
    const macRestart = decide(mac({ tried: tried("switch-network") })).next!;
    expect(macRestart.text.title).toBe("Restart your Mac");
    expect(macRestart.text.steps.join(" ")).toContain("Apple menu > Restart");
    const ipadRestart = decide(wifiIpad({ tried: tried("toggle-airplane-mode", "switch-network") })).next!;
    expect(ipadRestart.text.title).toBe("Force restart your iPad");
    expect(ipadRestart.text.steps.join(" ")).toMatch(/top button/);
    expect(decide(mac({ tried: tried("switch-network", "force-restart") })).next!.text.steps[0]).toContain("Messages > Settings > iMessage");
    expect(decide(mac({ clock: { automatic: false } })).next!.text.steps.join(" ")).toContain("System Settings > General > Date & Time");
    const findings = findingsFor(wifiIpad({ clock: { deviceTime: pacific(-9 * 60_000) } }));
    expect(findings.find((f) => f.id === "clock-skew")?.detail).toBe("Your iPad's clock is 9 minutes behind.");
    expect(decide(mac({ device: { osVersion: "13.1" } })).next!.text.title).toBe("Update macOS");
  });
  it("without a SIM, Send & Receive says to choose the email address", () => {
    const { text } = next(with_({ settings: { hasSim: false } }));
    expect(text.title).toBe("Use your email address for iMessage");
    expect(text.steps.join(" ")).toContain("choose your email address");
    expect(text.steps.join(" ")).not.toContain("phone number");
  });
  it("no steps mention what the device doesn't have", () => {
    for (const d of [mac(), mac({ symptom: { scope: "one_contact" } }), wifiIpad(), wifiIpad({ symptom: { kind: "waiting_for_activation" } })]) {
      for (const decision of walk(d, { confirmBackup: true }).decisions) {
        const text = decision.next ? [decision.next.text.title, ...decision.next.text.steps].join(" ") : "";
        expect(text).not.toMatch(/\bSIM\b|\bcarrier\b|Cellular|Send as Text Message/i);
        if (d.device.os === "macOS") expect(text).not.toMatch(/Airplane Mode/);
        // A Mac may mention the iPhone that forwards its texts, but never gets an iPhone's steps.
        if (d.device.os === "macOS") expect(text).not.toMatch(/Volume Up|Side button|DFU|Transfer or Reset|iPhone Storage|(Restart|Back up|Update) your iPhone|Update iOS/);
      }
    }
  });
});

/**
 * Every symptom × scope × platform, with the first fix a support expert would give. One contact:
 * the number is saved right (+1 …), so the recipient path starts after the number check.
 */
const MATRIX: Record<"iPhone" | "Wi-Fi iPad" | "Mac", Record<SymptomKind, [everyone: FixId, oneContact: FixId]>> = {
  iPhone: {
    not_delivered: ["toggle-airplane-mode", "send-as-text"],
    no_delivered_status: ["toggle-airplane-mode", "send-as-text"],
    waiting_for_activation: ["toggle-airplane-mode", "toggle-airplane-mode"],
    activation_error: ["toggle-airplane-mode", "toggle-airplane-mode"],
    sending_green: ["toggle-airplane-mode", "recipient-deregister"],
    mac_delivered_iphone_not: ["force-restart", "force-restart"],
    sms_mms_failing: ["toggle-airplane-mode", "check-blocked"],
  },
  "Wi-Fi iPad": {
    not_delivered: ["toggle-airplane-mode", "recipient-deregister"],
    no_delivered_status: ["toggle-airplane-mode", "check-blocked"],
    waiting_for_activation: ["toggle-airplane-mode", "toggle-airplane-mode"],
    activation_error: ["toggle-airplane-mode", "toggle-airplane-mode"],
    sending_green: ["toggle-airplane-mode", "recipient-deregister"],
    mac_delivered_iphone_not: ["force-restart", "force-restart"],
    sms_mms_failing: ["toggle-airplane-mode", "check-blocked"],
  },
  Mac: {
    not_delivered: ["switch-network", "recipient-deregister"],
    no_delivered_status: ["switch-network", "check-blocked"],
    waiting_for_activation: ["switch-network", "switch-network"],
    activation_error: ["switch-network", "switch-network"],
    sending_green: ["toggle-imessage", "recipient-deregister"],
    mac_delivered_iphone_not: ["force-restart", "force-restart"],
    sms_mms_failing: ["text-message-forwarding", "check-blocked"],
  },
};
const PLATFORM_BASE = { iPhone: with_, "Wi-Fi iPad": wifiIpad, Mac: mac } as const;

describe("every symptom × scope × platform: the first fix", () => {
  for (const [platform, bySymptom] of Object.entries(MATRIX)) {
    for (const kind of SYMPTOM_KINDS) {
      (["everyone", "one_contact"] as const).forEach((scope, i) => {
        const expected = bySymptom[kind][i];
        it(`${platform}, ${kind}, ${scope}: ${expected}`, () => {
          const d = PLATFORM_BASE[platform as keyof typeof PLATFORM_BASE]({ symptom: { kind, scope, ...(scope === "one_contact" ? { recipient: "+1 415 555 0100" } : {}) } });
          const decision = decide(d);
          expect(decision.next?.fix.id).toBe(expected);
          expect(["none", "settings"]).toContain(decision.next?.fix.risk);
        });
      });
    }
  }
});

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
  const UNKNOWN: Finding = { id: "apple-status-unknown", severity: "info", detail: "Apple's status page couldn't be read just now." };
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
      extra: [UNKNOWN],
    },
    { name: "one point release behind", d: with_({ device: { osVersion: "26.1" } }) },
    { name: "iOS 15, too old", d: with_({ device: { osVersion: "15.8.8" } }) },
    { name: "behind a VPN abroad", d: with_({ network: { vpn: true, type: "cellular", cellular: { roaming: true } } }), facts: facts({ timezone: "Europe/Berlin", country: "DE" }) },
    { name: "one contact", d: with_({ symptom: { scope: "one_contact" } }) },
    { name: "one contact from abroad", d: with_({ symptom: { scope: "one_contact", recipient: "07911 123456" } }), facts: facts({ country: "GB", timezone: "Europe/London" }) },
    { name: "no delivered status", d: with_({ symptom: { kind: "no_delivered_status", scope: "one_contact" } }) },
    { name: "green", d: with_({ symptom: { kind: "sending_green", scope: "one_contact" } }) },
    { name: "mac", d: with_({ symptom: { kind: "mac_delivered_iphone_not" } }) },
    { name: "activation", d: with_({ clock: { automatic: undefined }, symptom: { kind: "waiting_for_activation" } }) },
    { name: "activation error", d: with_({ symptom: { kind: "activation_error", since: new Date(NOW.getTime() - 40 * HOUR).toISOString() } }) },
    { name: "texts fail", d: with_({ symptom: { kind: "sms_mms_failing" } }) },
    { name: "no SIM", d: with_({ settings: { hasSim: false } }) },
    { name: "every finding", d: with_({ device: { osVersion: "26.1" }, network: { vpn: true, wifi: { public: true, rssi: -80 } }, storage: { freeBytes: 1000 } }), extra: [APPLE_RECENT] },
    { name: "Wi-Fi iPad", d: wifiIpad() },
    { name: "Wi-Fi iPad, one contact", d: wifiIpad({ symptom: { scope: "one_contact", recipient: "+14155550100" } }) },
    { name: "Wi-Fi iPad, activation", d: wifiIpad({ symptom: { kind: "waiting_for_activation", waitingHours: 2 } }) },
    { name: "Wi-Fi iPad, texts fail", d: wifiIpad({ symptom: { kind: "sms_mms_failing" } }) },
    { name: "Mac", d: mac() },
    { name: "Mac, nothing answered", d: mac({ network: { type: undefined, vpn: undefined, websitesLoad: undefined }, storage: { freeBytes: undefined }, clock: { automatic: undefined } }), extra: [UNKNOWN] },
    { name: "Mac, one contact", d: mac({ symptom: { scope: "one_contact", recipient: "+14155550100" } }) },
    { name: "Mac, old macOS", d: mac({ device: { osVersion: "12.7.6" } }) },
  ];
  const QUICK_FIRST: FixId[] = ["toggle-airplane-mode", "force-restart", "toggle-imessage"];

  it("every fix in the playbook is reachable", () => {
    const reached = new Set<FixId>();
    const crowdOutage: Finding = { id: "crowd-outage", severity: "high", detail: "Many iPhones in Germany fail the same way right now." };
    for (const start of [...starts, { name: "outage", d: with_({}), extra: [APPLE_INCIDENT] }, { name: "crowd outage", d: with_({}), extra: [crowdOutage] }]) {
      for (const confirmBackup of [true, false]) {
        walk(start.d, { facts: start.facts, extra: start.extra, confirmBackup, limit: 40 }, true).offered.forEach((fix) => reached.add(fix));
      }
    }
    expect([...FIX_IDS].filter((id) => !reached.has(id))).toEqual([]);
  });

  for (const start of starts) {
    for (const confirmBackup of [false, true]) {
      it(`${start.name}${confirmBackup ? ", backup confirmed" : ""}: fits the device, no fix twice, least invasive first, erase last`, () => {
        const { offered, exhausted, decisions } = walk(start.d, { facts: start.facts, extra: start.extra, confirmBackup });
        expect(exhausted).toBe(true);
        expect(new Set(offered).size).toBe(offered.length);
        const profile = decisions[0]!.profile;
        for (const id of offered) expect(fitsDevice(fixById(id), profile), id).toBe(true);
        // Nothing that costs data, money or the whole device comes first.
        expect(["none", "settings"]).toContain(fixById(offered[0]!).risk);
        const reset = offered.indexOf("reset-network-settings");
        if (reset >= 0 && offered.includes("toggle-imessage")) expect(offered.indexOf("toggle-imessage")).toBeLessThan(reset);
        const dfu = offered.indexOf("dfu-restore");
        if (dfu >= 0) {
          expect(confirmBackup).toBe(true);
          expect(offered.slice(dfu + 1).every((fix) => fix === "hardware-service")).toBe(true);
          expect(offered.indexOf("back-up-iphone")).toBeLessThan(dfu);
        }
        // Weak evidence (an update being out) waits for the quick, harmless fixes.
        const update = offered.indexOf("update-ios");
        const tooOld = findingsFor(start.d, start.facts).some((f) => f.id === "ios-outdated" && f.severity === "high");
        if (update >= 0 && !tooOld) for (const quick of QUICK_FIRST) if (offered.includes(quick)) expect(offered.indexOf(quick), quick).toBeLessThan(update);
        if (tooOld) expect(offered[0]).toBe("update-ios");
        // The carrier comes after reset network settings unless activation or texts call for it.
        const carrier = offered.indexOf("contact-carrier");
        if (carrier >= 0 && reset >= 0 && !["waiting_for_activation", "activation_error"].includes(start.d.symptom.kind)) expect(reset).toBeLessThan(carrier);
      });
    }
  }

  it("an Apple outage: wait first, never the drastic fixes, never exhausted, never 'contact Apple'", () => {
    const { offered, decisions } = walk(with_({ settings: { backupConfirmed: true } }), { extra: [APPLE_INCIDENT], limit: 30 }, true);
    expect(offered.slice(0, 2)).toEqual(["apple-outage-wait", "backup-contact-method"]);
    for (const drastic of ["reset-network-settings", "dfu-restore", "hardware-service", "sign-out-apple-id", "sign-out-icloud", "contact-carrier", "back-up-iphone"] as FixId[]) {
      expect(offered).not.toContain(drastic);
    }
    expect(decisions.every((d) => !d.exhausted && d.next)).toBe(true);
    expect(offered.slice(-3)).toEqual(["apple-outage-wait", "apple-outage-wait", "apple-outage-wait"]);
  });

  it("a skipped fix comes back once, when nothing else is left", () => {
    const { offered, exhausted } = walk(with_({}), { answer: (fix) => (fix === "force-restart" || fix === "hardware-service" ? "skipped" : "not_fixed") });
    const restarts = offered.flatMap((fix, i) => (fix === "force-restart" ? [i] : []));
    expect(restarts).toHaveLength(2);
    expect(offered.indexOf("hardware-service")).toBeLessThan(restarts[1]!);
    expect(offered.at(-1)).toBe("hardware-service");
    expect(exhausted).toBe(true);
  });

  it("once Apple's repair service has seen the device, the repair is over: nothing skipped comes back", () => {
    const { offered, exhausted } = walk(with_({}), { answer: (fix) => (fix === "force-restart" ? "skipped" : "not_fixed") });
    expect(offered.filter((f) => f === "force-restart")).toHaveLength(1);
    expect(offered.at(-1)).toBe("hardware-service");
    expect(exhausted).toBe(true);
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

import { crowdFindings } from "../../src/domain/crowd-advice";
import type { CrowdVerdict } from "../../src/domain/types";
describe("the crowd verdict as evidence (issue 12)", () => {
  const crowd = (status: CrowdVerdict["status"]): CrowdVerdict => ({ status, region: "DE", reports: 37, expected: 2.1, ratio: 17.6, since: NOW.toISOString(), summary: "" });
  const LIKELY = crowdFindings(crowd("likely"));
  const POSSIBLE = crowdFindings(crowd("possible"));

  it("likely, on a clean device: it's not your iPhone, wait; the why says where", () => {
    expect(LIKELY[0]?.detail).toBe("Many iPhones in Germany fail the same way right now, and Apple hasn't posted anything yet (37 reports in 15 minutes, about 2 usual).");
    const decision = decide(with_({}), facts({ country: "DE", timezone: "Europe/Berlin" }), LIKELY);
    expect(decision.next?.fix.id).toBe("crowd-outage-wait");
    expect(decision.next?.why).toContain("It's not your iPhone");
  });
  it("a device with its own cause fixes that first: a wrong clock is still wrong", () => {
    expect(decide(with_({ clock: { deviceTime: pacific(-9 * 60_000) } }), facts(), LIKELY).next?.fix.id).toBe("set-date-time-automatically");
  });
  it("Apple's own incident stays the strongest", () => {
    expect(decide(with_({}), facts(), [APPLE_INCIDENT, ...LIKELY]).next?.fix.id).toBe("apple-outage-wait");
  });
  it("possible is weak: the quick harmless fixes first, then waiting", () => {
    const offered = walk(with_({}), { extra: POSSIBLE }).offered;
    expect(offered[0]).toBe("toggle-airplane-mode");
    expect(offered).toContain("crowd-outage-wait");
    expect(offered.indexOf("force-restart")).toBeLessThan(offered.indexOf("crowd-outage-wait"));
  });
  it("while the crowd shows an outage: no drastic fix, and never exhausted", () => {
    const { offered, decisions } = walk(with_({ settings: { backupConfirmed: true } }), { extra: LIKELY, limit: 30 }, true);
    for (const drastic of ["reset-network-settings", "dfu-restore", "hardware-service", "sign-out-icloud"] as FixId[]) expect(offered).not.toContain(drastic);
    expect(decisions.every((d) => !d.exhausted)).toBe(true);
  });
  it("none and unknown say nothing", () => {
    expect([...crowdFindings(crowd("none")), ...crowdFindings(crowd("unknown")), ...crowdFindings(undefined)]).toEqual([]);
  });
});

describe("a fix's action fits the state", () => {
  it("turning iMessage on needs no 30-second wait; turning it off and on does", () => {
    expect(decide(with_({ settings: { imessageOn: false } })).next?.text.action).toEqual({ kind: "none" });
    expect(decide(with_({ tried: tried("toggle-airplane-mode", "switch-network", "force-restart") })).next?.text).toMatchObject({ title: "Turn iMessage off and on", action: { kind: "wait", seconds: 30 } });
  });
  it("without a line of its own, no carrier charge is mentioned", () => {
    expect(decide(wifiIpad({ settings: { imessageOn: false } })).next?.text.warning).toBeNull();
    expect(decide(with_({ settings: { imessageOn: false } })).next?.text.warning).toContain("carrier");
  });
});
