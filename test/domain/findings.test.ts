import { describe, expect, it } from "vitest";
import { describeDuration, formatOffset, isoOffsetMinutes, zoneOffsetMinutes } from "../../src/domain/findings";
import { assessIosVersion, BUILT_IN_IOS_VERSIONS, compareVersions } from "../../src/domain/ios-versions";
import { NOW, facts, findingsFor, pacific, with_ } from "./scenarios";

const ids = (...args: Parameters<typeof findingsFor>) => findingsFor(...args).map((f) => f.id);

describe("findings", () => {
  it("a healthy iPhone has none", () => expect(ids(with_({}))).toEqual([]));

  it("clock skew counts from 2 minutes, either way", () => {
    expect(ids(with_({ clock: { deviceTime: pacific(-119_000) } }))).not.toContain("clock-skew");
    expect(ids(with_({ clock: { deviceTime: pacific(-121_000) } }))).toContain("clock-skew");
    expect(findingsFor(with_({ clock: { deviceTime: pacific(26 * 3_600_000) } }))[0]?.detail).toBe("Your iPhone's clock is 26 hours ahead.");
  });

  it("a manual clock that's right is still worth a look, but not twice", () => {
    expect(ids(with_({ clock: { automatic: false } }))).toEqual(["clock-manual"]);
    expect(ids(with_({ clock: { automatic: false, deviceTime: pacific(-600_000) } }))).toEqual(["clock-skew"]);
  });

  it("time zone: compares the device's offset with the connection's zone at that moment", () => {
    expect(ids(with_({}), facts({ timezone: "Etc/GMT+8" }))).toEqual([]); // same offset, other zone
    // Alone (clock right, Set Automatically on) it's a VPN, a work network or travel: informational.
    const [tz] = findingsFor(with_({}), facts({ timezone: "Asia/Kolkata" }));
    expect(tz).toMatchObject({ id: "timezone-mismatch", severity: "info" });
    expect(tz?.detail).toContain("UTC+05:30");
    const [, withVpn] = findingsFor(with_({ network: { vpn: true } }), facts({ timezone: "Asia/Kolkata" }));
    expect(withVpn).toMatchObject({ id: "timezone-mismatch", severity: "info", heuristic: true });
    // It supports the clock case only when Set Automatically is off or the clock is wrong.
    expect(findingsFor(with_({ clock: { automatic: false } }), facts({ timezone: "Asia/Kolkata" })).find((f) => f.id === "timezone-mismatch")).toMatchObject({ severity: "low" });
    expect(findingsFor(with_({ clock: { deviceTime: pacific(-600_000) } }), facts({ timezone: "Asia/Kolkata" })).find((f) => f.id === "timezone-mismatch")).toMatchObject({ severity: "low" });
  });

  it("time zone from the IANA id when no device time was sent", () => {
    expect(ids(with_({ clock: { deviceTime: undefined, timeZone: "Europe/London" } }))).toContain("timezone-mismatch");
    expect(ids(with_({ clock: { deviceTime: undefined, timeZone: "Not/AZone" } }))).toEqual([]);
  });

  it("storage under 1 GB", () => {
    expect(ids(with_({ storage: { freeBytes: 999_999_999 } }))).toEqual(["low-storage"]);
    expect(ids(with_({ storage: { freeBytes: 1_000_000_000 } }))).toEqual([]);
  });

  it("a storage range picked from a menu is quoted as a range", () => {
    const under = findingsFor(with_({ storage: { freeBytes: undefined, freeRange: "under_1gb" } }));
    expect(under).toEqual([{ id: "low-storage", severity: "high", detail: "Less than 1 GB of storage is free, and Messages needs at least 1 GB." }]);
    expect(ids(with_({ storage: { freeBytes: undefined, freeRange: "1_to_5gb" } }))).toEqual([]);
  });

  it("activation age from the hours the person gives when there's no start time", () => {
    expect(ids(with_({ symptom: { kind: "waiting_for_activation", waitingHours: 30 } }))).toEqual(["activation-overdue"]);
    expect(findingsFor(with_({ symptom: { kind: "activation_error", waitingHours: 3 } }))[0]?.detail).toContain("3 hours");
  });

  it("weak Wi-Fi below -75 dBm, and only on Wi-Fi", () => {
    expect(ids(with_({ network: { wifi: { rssi: -76 } } }))).toEqual(["weak-wifi"]);
    expect(ids(with_({ network: { wifi: { rssi: -75 } } }))).toEqual([]);
    expect(ids(with_({ network: { type: "cellular", wifi: { rssi: -90 } } }))).toEqual([]);
  });

  it("activation age against the 24-hour window", () => {
    const since = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();
    expect(ids(with_({ symptom: { kind: "waiting_for_activation", since: since(23) } }))).toEqual(["activation-pending"]);
    expect(ids(with_({ symptom: { kind: "waiting_for_activation", since: since(25) } }))).toEqual(["activation-overdue"]);
    expect(ids(with_({ symptom: { kind: "not_delivered", since: since(25) } }))).toEqual([]);
    expect(ids(with_({ symptom: { kind: "activation_error", since: since(-2) } }))).toEqual([]); // in the future: no evidence
  });

  it("one contact: the scope and the recipient's number", () => {
    expect(ids(with_({ symptom: { scope: "one_contact", recipient: "415-555-0100" } }))).toEqual(["single-recipient", "recipient-number-format"]);
    // The carrier's country code decides the region before the request's country.
    expect(ids(with_({ network: { cellular: { countryCode: "gb" } }, symptom: { scope: "one_contact", recipient: "07400 123456" } }))).toEqual([
      "single-recipient",
      "recipient-number-format",
    ]);
  });

  it("no recipient finding repeats the number", () => {
    const recipient = "(415) 555-0100";
    for (const f of findingsFor(with_({ symptom: { scope: "one_contact", recipient } }))) {
      expect(f.detail).not.toMatch(/555|0100/);
    }
  });

  it("iOS versions: behind in the line is certain, a newer major is a maybe", () => {
    expect(assessIosVersion("26.6.1", BUILT_IN_IOS_VERSIONS)).toEqual({ kind: "current" });
    expect(assessIosVersion("27.0", BUILT_IN_IOS_VERSIONS)).toEqual({ kind: "current" });
    expect(assessIosVersion("26.0", BUILT_IN_IOS_VERSIONS)).toEqual({ kind: "behind-in-line", latest: "26.6.1" });
    expect(assessIosVersion("18.7.10", BUILT_IN_IOS_VERSIONS)).toEqual({ kind: "newer-major", latest: "26.6.1" });
    expect(assessIosVersion("17.1.1", BUILT_IN_IOS_VERSIONS)).toEqual({ kind: "newer-major", latest: "26.6.1" });
    expect(compareVersions("17.10", "17.9.9")).toBe(1);
    // Each platform against its own lines: a Mac on macOS 15.1 is behind 15.7.9; an iPad on 17.7.11 is current in its line.
    expect(findingsFor(with_({ device: { os: "macOS", model: "Mac", osVersion: "15.1" } }))).toEqual([
      { id: "ios-outdated", severity: "low", detail: "Your Mac runs macOS 15.1, and macOS 15.7.9 is out with fixes." },
    ]);
    expect(findingsFor(with_({ device: { os: "iPadOS", model: "iPad", osVersion: "17.7.11" } }))[0]?.detail).toBe(
      "Your iPad runs iPadOS 17.7.11, and iPadOS 26.6.1 is out, if your iPad supports it.",
    );
    // Three years behind is too old: strong evidence, and the finding says why.
    expect(findingsFor(with_({ device: { osVersion: "15.8.8" } }))).toEqual([
      { id: "ios-outdated", severity: "high", detail: "Your iPhone runs iOS 15.8.8, 4 years of releases behind iOS 26.6.1, so iMessage fixes since then never reached it." },
    ]);
    expect(findingsFor(with_({ device: { osVersion: "17.1.1" } }))[0]?.severity).toBe("low");
  });

  it("helpers: offsets and durations", () => {
    expect(isoOffsetMinutes("2026-11-27T04:55:30-08:00")).toBe(-480);
    expect(isoOffsetMinutes("2026-11-27T04:55:30+0530")).toBe(330);
    expect(isoOffsetMinutes("2026-11-27T12:55:30Z")).toBe(0);
    expect(zoneOffsetMinutes("Europe/Berlin", new Date("2026-07-01T00:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("Europe/Berlin", new Date("2026-12-01T00:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("UTC", NOW)).toBe(0);
    expect(formatOffset(-480)).toBe("UTC−08:00");
    expect(describeDuration(60_000)).toBe("1 minute");
    expect(describeDuration(3 * 86_400_000)).toBe("3 days");
  });
});

import { adviseClient } from "../../src/domain/clients";
describe("update advice", () => {
  const latest = { "fix-imessage": "1.2.0", "is-imessage-down": "1.0.0" };
  it("an older sender gets its own file's URL; a current or unknown version gets none", () => {
    expect(adviseClient({ shortcut: "fix-imessage", version: "1.1.9" }, "https://d.test/", latest)).toEqual({ latest: "1.2.0", updateUrl: "https://d.test/shortcuts/fix-imessage.shortcut" });
    expect(adviseClient({ shortcut: "is-imessage-down", version: "1.0.0" }, "https://d.test", latest)).toEqual({ latest: "1.0.0", updateUrl: null });
    expect(adviseClient(undefined, "https://d.test", latest)).toEqual({ latest: "1.2.0", updateUrl: null });
  });
});
