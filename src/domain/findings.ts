// What the diagnostics and the request itself show, as findings with quoted evidence.
// Thresholds are from the guide unless noted (../shared/domain/playbook-notes.md). Each detail is
// one sentence that starts the way a person would say it; technical asides go in parentheses,
// which Siri's version leaves out.
import { assessOsVersion, TOO_OLD_YEARS, type IosVersionTable } from "./ios-versions";
import { deviceProfile, usableCellularValue, type DeviceProfile } from "./platform";
import { checkRecipient, type RecipientCheck } from "./recipient";
import { describeDuration, formatOffset, isoOffsetMinutes, zoneOffsetMinutes } from "./time-words";
import type { Diagnostics, Finding, RequestFacts } from "./types";

export { describeDuration, formatOffset, isoOffsetMinutes, zoneOffsetMinutes };

export const CLOCK_SKEW_LIMIT_MS = 2 * 60_000;
export const LOW_STORAGE_BYTES = 1_000_000_000; // "at least 1 GB of free space"
export const WEAK_WIFI_DBM = -75; // common guidance, not from the guide
export const ACTIVATION_WINDOW_MS = 24 * 3_600_000;

/**
 * Networks of VPN services and hosting providers (whose addresses VPNs rent), matched against
 * request.cf.asOrganization. A heuristic: the finding says it's a guess.
 */
const VPN_OR_HOSTING = [
  "mullvad", "nordvpn", "tefincom", "expressvpn", "express technologies", "proton", "private internet access",
  "surfshark", "cyberghost", "windscribe", "ipvanish", "purevpn", "hide.me", "torguard", "m247", "datacamp",
  "digitalocean", "linode", "akamai connected cloud", "vultr", "the constant company", "choopa", "ovh",
  "hetzner", "leaseweb", "contabo", "amazon", "google cloud", "microsoft corporation", "oracle", "alibaba",
  "tencent", "cloudflare", "zenlayer", "psychz", "hostinger", "scaleway", "online s.a.s",
];

export interface FindingsInput {
  diagnostics: Diagnostics;
  facts: RequestFacts;
  versions: IosVersionTable;
  /** The recipient's check, when the caller has made it already (recipientCheckFor). */
  recipient?: RecipientCheck;
}

/** The person's own country: the SIM's, else where the request comes from. */
export function homeRegion(d: Diagnostics, facts: RequestFacts): string | undefined {
  const carrier = d.network?.cellular?.countryCode;
  return usableCellularValue(carrier) ? carrier : facts.country;
}

/** The one-contact recipient, read for the SIM's country, then the request's, then likely origins. */
export function recipientCheckFor(d: Diagnostics, facts: RequestFacts): RecipientCheck | undefined {
  if (d.symptom.scope !== "one_contact" || !d.symptom.recipient || d.symptom.kind === "mac_delivered_iphone_not") return undefined;
  const carrier = d.network?.cellular?.countryCode;
  return checkRecipient(d.symptom.recipient, { carrier: usableCellularValue(carrier) ? carrier : undefined, request: facts.country });
}

/**
 * The diagnostics with the clock's skew measured against the server's clock at `receivedAt`, once,
 * when the reading arrives. A session keeps this, so minutes into a repair the clock isn't "behind".
 */
export function measureClock(d: Diagnostics, receivedAt: Date): Diagnostics {
  if (!d.clock?.deviceTime || d.clock.skewMs !== undefined) return d;
  const deviceTime = Date.parse(d.clock.deviceTime);
  if (!Number.isFinite(deviceTime)) return d;
  return { ...d, clock: { ...d.clock, skewMs: deviceTime - receivedAt.getTime() } };
}

/** The device clock minus the server's: as measured when the reading arrived, else against now. */
export function clockSkewMs(d: Diagnostics, now: Date): number | undefined {
  if (d.clock?.skewMs !== undefined) return d.clock.skewMs;
  const deviceTime = d.clock?.deviceTime ? Date.parse(d.clock.deviceTime) : NaN;
  return Number.isFinite(deviceTime) ? deviceTime - now.getTime() : undefined;
}

export function deriveFindings({ diagnostics: d, facts, versions, recipient = recipientCheckFor(d, facts) }: FindingsInput): Finding[] {
  const findings: Finding[] = [];
  const add = (finding: Finding | undefined | false) => {
    if (finding) findings.push(finding);
  };
  const profile = deviceProfile(d);
  const device = profile.noun;
  const network = d.network ?? {};
  const vpnGuess = network.vpn === undefined ? vpnOperator(facts.asOrganization) : undefined;
  const onVpn = network.vpn === true || vpnGuess !== undefined;

  add(
    (network.type === "none" || network.websitesLoad === false) && {
      id: "offline",
      severity: "high",
      detail: network.type === "none" ? `Your ${device} reports no Wi-Fi or cellular connection.` : "Other apps can't load pages either, so the connection itself is down.",
    },
  );
  const skew = clockSkew(d, facts.now, device);
  add(skew);
  add(d.settings?.imessageOn === false && { id: "imessage-off", severity: "high", detail: "iMessage is turned off in Settings." });
  if (network.vpn === true) add({ id: "vpn", severity: "high", detail: "You said a VPN is on." });
  else if (vpnGuess) {
    add({
      id: "vpn",
      severity: "medium",
      heuristic: true,
      detail: `Your connection comes from ${vpnGuess}, a VPN or hosting network (a guess from your IP address).`,
    });
  }
  add(
    network.wifi?.public === true &&
      network.type !== "cellular" &&
      network.type !== "none" && {
        id: "restricted-network",
        severity: "high",
        detail: "You're on a public, school or work Wi-Fi, which often blocks iMessage (port 5223).",
      },
  );
  add(activation(d, facts.now));
  add(lowStorage(d));
  add(
    d.clock?.automatic === false &&
      !skew && {
        id: "clock-manual",
        severity: "medium",
        detail: `Your ${device}'s date and time aren't set automatically, so the clock can drift or keep a wrong time zone.`,
      },
  );
  add(timeZoneMismatch(d, facts, onVpn, device, skew !== undefined));
  add(
    d.settings?.hasSim === false &&
      profile.platform !== "macOS" && {
        id: "no-sim",
        severity: "medium",
        detail: `There's no SIM in your ${device}, so iMessage can only use your Apple Account email, not a phone number.`,
      },
  );
  // The Mac showing the message as delivered settles the recipient's side.
  if (d.symptom.scope === "one_contact" && d.symptom.kind !== "mac_delivered_iphone_not") {
    add({ id: "single-recipient", severity: "info", detail: "Only one person is affected, so their side is checked first." });
    if (recipient) findings.push(...recipient.findings);
  }
  add(
    network.type !== "cellular" &&
      network.type !== "none" &&
      network.wifi?.rssi !== undefined &&
      network.wifi.rssi < WEAK_WIFI_DBM && {
        id: "weak-wifi",
        severity: "medium",
        detail: `Your Wi-Fi signal is weak (${network.wifi.rssi} dBm; below ${WEAK_WIFI_DBM} dBm drops connections).`,
      },
  );
  add(
    network.cellular?.roaming === true &&
      profile.cellular && {
        id: "roaming",
        severity: "low",
        detail: "You're roaming abroad, where data or texting may be restricted.",
      },
  );
  add(
    d.settings?.sendAsSms === false &&
      profile.sms &&
      d.symptom.kind !== "sending_green" && {
        id: "send-as-sms-off",
        severity: "low",
        detail: "Your Send as Text Message setting is off, so a message that can't go as iMessage fails.",
      },
  );
  add(osOutdated(d, versions, profile));
  return findings;
}

function vpnOperator(asOrganization: string | undefined): string | undefined {
  if (!asOrganization) return undefined;
  const name = asOrganization.toLowerCase();
  return VPN_OR_HOSTING.some((operator) => name.includes(operator)) ? asOrganization.trim() : undefined;
}

function clockSkew(d: Diagnostics, now: Date, device: string): Finding | undefined {
  const skew = clockSkewMs(d, now);
  if (skew === undefined || Math.abs(skew) <= CLOCK_SKEW_LIMIT_MS) return undefined;
  return {
    id: "clock-skew",
    severity: "high",
    detail: `Your ${device}'s clock is ${describeDuration(skew)} ${skew < 0 ? "behind" : "ahead"}.`,
  };
}

function activation(d: Diagnostics, now: Date): Finding | undefined {
  if (d.symptom.kind !== "waiting_for_activation" && d.symptom.kind !== "activation_error") return undefined;
  const waited = d.symptom.since ? now.getTime() - Date.parse(d.symptom.since) : (d.symptom.waitingHours ?? NaN) * 3_600_000;
  if (!Number.isFinite(waited) || waited < 0) return undefined;
  if (waited < ACTIVATION_WINDOW_MS) {
    return {
      id: "activation-pending",
      severity: "medium",
      detail: `Activation has been waiting ${describeDuration(waited)}, within the 24 hours Apple allows.`,
    };
  }
  return {
    id: "activation-overdue",
    severity: "high",
    detail: `Activation has been waiting ${describeDuration(waited)}, longer than the 24 hours Apple allows.`,
  };
}

function lowStorage(d: Diagnostics): Finding | undefined {
  const free = d.storage?.freeBytes;
  if (free === undefined) {
    // A range picked from a menu: quote what the person said, not a made-up figure.
    return d.storage?.freeRange === "under_1gb"
      ? { id: "low-storage", severity: "high", detail: "Less than 1 GB of storage is free, and Messages needs at least 1 GB." }
      : undefined;
  }
  if (free >= LOW_STORAGE_BYTES) return undefined;
  const shown = free >= 1_000_000 ? `${Math.floor(free / 1_000_000)} MB` : `${Math.floor(free / 1000)} KB`;
  return { id: "low-storage", severity: "high", detail: `Only ${shown} of storage is free, and Messages needs at least 1 GB.` };
}

/**
 * The device's time zone against the one its connection is located in (request.cf.timezone). Alone
 * it's a VPN, a work network or travel: informational. It supports the clock case only when the
 * clock is wrong or not set automatically.
 */
function timeZoneMismatch(d: Diagnostics, facts: RequestFacts, onVpn: boolean, device: string, clockWrong: boolean): Finding | undefined {
  if (!facts.timezone) return undefined;
  const located = zoneOffsetMinutes(facts.timezone, facts.now);
  const deviceOffset =
    (d.clock?.deviceTime ? isoOffsetMinutes(d.clock.deviceTime) : undefined) ??
    (d.clock?.timeZone ? zoneOffsetMinutes(d.clock.timeZone, facts.now) : undefined);
  if (located === undefined || deviceOffset === undefined || located === deviceOffset) return undefined;
  const supportsClock = clockWrong || d.clock?.automatic === false;
  return {
    id: "timezone-mismatch",
    severity: supportsClock ? "low" : "info",
    heuristic: onVpn || undefined,
    detail: `Your ${device}'s time zone differs from where your connection appears to be (${formatOffset(deviceOffset)} against ${facts.timezone}, ${formatOffset(located)})${supportsClock ? "" : ", which a VPN, a work network or travel explains"}.`,
  };
}

function osOutdated(d: Diagnostics, versions: IosVersionTable, profile: DeviceProfile): Finding | undefined {
  const name = profile.platform;
  const assessment = assessOsVersion(profile.platform, d.device.osVersion, versions);
  if (assessment.kind !== "behind-in-line" && assessment.kind !== "newer-major") return undefined;
  const version = `${name} ${d.device.osVersion}`;
  const years = assessment.yearsBehind ?? 0;
  if (years >= TOO_OLD_YEARS) {
    return {
      id: "ios-outdated",
      severity: "high",
      detail: `Your ${profile.noun} runs ${version}, ${years} years of releases behind ${name} ${assessment.latest}, so iMessage fixes since then never reached it.`,
    };
  }
  if (assessment.kind === "behind-in-line") {
    return {
      id: "ios-outdated",
      severity: "low",
      detail: `Your ${profile.noun} runs ${version}, and ${name} ${assessment.latest} is out with fixes.`,
    };
  }
  return {
    id: "ios-outdated",
    severity: "low",
    detail: `Your ${profile.noun} runs ${version}, and ${name} ${assessment.latest} is out, if your ${profile.noun} supports it.`,
  };
}
