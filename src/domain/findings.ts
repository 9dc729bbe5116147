// What the diagnostics and the request itself show, as findings with quoted evidence.
// Thresholds are from the guide unless noted (../shared/domain/playbook-notes.md).
import { assessIosVersion, type IosVersionTable } from "./ios-versions";
import { checkRecipient } from "./recipient";
import type { Diagnostics, Finding, RequestFacts } from "./types";

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
}

export function deriveFindings({ diagnostics: d, facts, versions }: FindingsInput): Finding[] {
  const findings: Finding[] = [];
  const add = (finding: Finding | undefined | false) => {
    if (finding) findings.push(finding);
  };
  const network = d.network ?? {};
  const vpnGuess = network.vpn === undefined ? vpnOperator(facts.asOrganization) : undefined;
  const onVpn = network.vpn === true || vpnGuess !== undefined;

  add(
    (network.type === "none" || network.websitesLoad === false) && {
      id: "offline",
      severity: "high",
      detail: network.type === "none" ? "Your iPhone reports no Wi-Fi or cellular connection." : "Other apps can't load pages either, so the connection itself is down.",
    },
  );
  add(clockSkew(d, facts.now));
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
        detail: "You're on a public, school or work Wi-Fi, which often blocks iMessage's port 5223.",
      },
  );
  add(activation(d, facts.now));
  add(lowStorage(d));
  add(timeZoneMismatch(d, facts, onVpn));
  add(
    d.clock?.automatic === false &&
      !findings.some((f) => f.id === "clock-skew") && {
        id: "clock-manual",
        severity: "medium",
        detail: "Date & Time isn't set automatically, so the clock can drift or keep a wrong time zone.",
      },
  );
  add(
    d.settings?.hasSim === false && {
      id: "no-sim",
      severity: "medium",
      detail: "There's no SIM, so iMessage can only use your Apple Account email, not a phone number.",
    },
  );
  if (d.symptom.scope === "one_contact") {
    add({ id: "single-recipient", severity: "info", detail: "Only one person is affected, so their side is checked first." });
    if (d.symptom.recipient) {
      const region = d.network?.cellular?.countryCode ?? facts.country;
      findings.push(...checkRecipient(d.symptom.recipient, region).findings);
    }
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
    network.cellular?.roaming === true && {
      id: "roaming",
      severity: "low",
      detail: "You're roaming abroad, where data or texting may be restricted.",
    },
  );
  add(
    d.settings?.sendAsSms === false &&
      d.symptom.kind !== "sending_green" && {
        id: "send-as-sms-off",
        severity: "low",
        detail: "Send as Text Message is off, so a message that can't go as iMessage fails.",
      },
  );
  add(iosOutdated(d, versions));
  return findings;
}

function vpnOperator(asOrganization: string | undefined): string | undefined {
  if (!asOrganization) return undefined;
  const name = asOrganization.toLowerCase();
  return VPN_OR_HOSTING.some((operator) => name.includes(operator)) ? asOrganization.trim() : undefined;
}

export function describeDuration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

function clockSkew(d: Diagnostics, now: Date): Finding | undefined {
  const deviceTime = d.clock?.deviceTime;
  if (!deviceTime) return undefined;
  const skew = Date.parse(deviceTime) - now.getTime();
  if (!Number.isFinite(skew) || Math.abs(skew) <= CLOCK_SKEW_LIMIT_MS) return undefined;
  return {
    id: "clock-skew",
    severity: "high",
    detail: `Your iPhone's clock is ${describeDuration(skew)} ${skew < 0 ? "behind" : "ahead"}.`,
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
      detail: `Activation has been waiting ${describeDuration(waited)}; Apple allows up to 24 hours.`,
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
      ? { id: "low-storage", severity: "high", detail: "Less than 1 GB of storage is free; Messages needs at least 1 GB." }
      : undefined;
  }
  if (free >= LOW_STORAGE_BYTES) return undefined;
  const shown = free >= 1_000_000 ? `${Math.floor(free / 1_000_000)} MB` : `${Math.floor(free / 1000)} KB`;
  return { id: "low-storage", severity: "high", detail: `Only ${shown} of storage is free; Messages needs at least 1 GB.` };
}

// Intl.DateTimeFormat is costly to build; one per zone is enough.
const offsetFormats = new Map<string, Intl.DateTimeFormat | null>();

/** The UTC offset in minutes of an IANA zone at a moment, or undefined for an unknown zone. */
export function zoneOffsetMinutes(timeZone: string, at: Date): number | undefined {
  let format = offsetFormats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    } catch {
      format = null;
    }
    if (offsetFormats.size < 1000) offsetFormats.set(timeZone, format);
  }
  if (!format) return undefined;
  const name = format.formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? "";
  const match = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(name);
  if (!match) return undefined;
  if (!match[1]) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** The offset written in an ISO 8601 time ("…-08:00", "…Z"). */
export function isoOffsetMinutes(iso: string): number | undefined {
  const match = /(Z|([+-])(\d{2}):?(\d{2}))$/i.exec(iso.trim());
  if (!match) return undefined;
  if (match[1]!.toUpperCase() === "Z") return 0;
  const minutes = Number(match[3]) * 60 + Number(match[4]);
  return match[2] === "-" ? -minutes : minutes;
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function timeZoneMismatch(d: Diagnostics, facts: RequestFacts, onVpn: boolean): Finding | undefined {
  if (!facts.timezone) return undefined;
  const located = zoneOffsetMinutes(facts.timezone, facts.now);
  const device =
    (d.clock?.deviceTime ? isoOffsetMinutes(d.clock.deviceTime) : undefined) ??
    (d.clock?.timeZone ? zoneOffsetMinutes(d.clock.timeZone, facts.now) : undefined);
  if (located === undefined || device === undefined || located === device) return undefined;
  return {
    id: "timezone-mismatch",
    // Behind a VPN the address's location says little about where the phone is.
    severity: onVpn ? "low" : "medium",
    heuristic: onVpn || undefined,
    detail: `Your iPhone is set to ${formatOffset(device)}, but your connection is in ${facts.timezone} (${formatOffset(located)})${onVpn ? ", though a VPN can hide where you are" : ""}.`,
  };
}

function iosOutdated(d: Diagnostics, versions: IosVersionTable): Finding | undefined {
  if (d.device.os && d.device.os !== "iOS") return undefined; // the table lists iPhone releases
  const assessment = assessIosVersion(d.device.osVersion, versions);
  if (assessment.kind === "behind-in-line") {
    return {
      id: "ios-outdated",
      severity: "medium",
      detail: `Your iPhone runs iOS ${d.device.osVersion}; iOS ${assessment.latest} is out with fixes.`,
    };
  }
  if (assessment.kind === "newer-major") {
    return {
      id: "ios-outdated",
      severity: "low",
      detail: `Your iPhone runs iOS ${d.device.osVersion}; iOS ${assessment.latest} is out, if your iPhone supports it.`,
    };
  }
  return undefined;
}
