// Devices a shortcut can run on, and the iCloud Drive "Shortcuts" folder it reads and writes.
// Facts (cited in docs/shortcuts-runtime.md, §7 and §6): Get Network Details reads one value per
// cellular subscription and adds nothing for a missing value (no SIM → no item, no error); Wi-Fi
// details are nothing when not joined. What iOS reports in the uncertain corners (RSSI when not on
// Wi-Fi, a SIM with no service, VV in Format Date) is a field here, so tests can run both ways.

export interface WifiState {
  networkName: string;
  bssid: string;
  /** dBm, e.g. -58. */
  rssi: number;
  noise: number;
  channel: number;
  txRate: number;
  rxRate: number;
  standard: string;
}

/** One cellular subscription (one SIM or eSIM). */
export interface CellularSubscription {
  carrier: string;
  /** "LTE", "5G NR", "5G NR NSA", "HSDPA", … (WFGetNetworkDetailsAction's names); null with no service. */
  radio: string | null;
  /** ISO country of the SIM; iOS 18.2 upper-cases it ("US"). */
  countryCode: string | null;
  roaming: boolean;
  bars: number;
}

export interface DeviceProfile {
  label: string;
  model: "iPhone" | "iPad" | "Mac";
  deviceName: string;
  systemVersion: string;
  /** IANA time zone of the device clock. */
  timeZone: string;
  /** The device clock at the start of a run. */
  now: Date;
  /** Joined Wi-Fi network, or null. */
  wifi: WifiState | null;
  /** Active subscriptions; [] on a device without a SIM. */
  cellular: CellularSubscription[];
  localIPv4: string | null;
  localIPv6: string | null;
  externalIPv4: string | null;
  /** Whether requests reach the internet (Airplane Mode, no signal and no Wi-Fi make this false). */
  online: boolean;
  /** Format Date "VV": the IANA zone per ICU (default), or an empty result. Unverified on a device. */
  formatVV: "iana" | "empty";
  /**
   * When not joined to Wi-Fi, Get Network Details → RSSI: nothing (the action adds no item for a
   * nil value) or 0. The code only shows nil → nothing; whether the Wi-Fi client reports 0 is unknown.
   */
  rssiWhenDisconnected: "nothing" | "zero";
}

const base = {
  deviceName: "Alex's iPhone",
  systemVersion: "18.2",
  timeZone: "America/Los_Angeles",
  now: new Date("2026-11-27T12:55:30Z"),
  localIPv6: null,
  formatVV: "iana",
  rssiWhenDisconnected: "nothing",
} as const;

const homeWifi: WifiState = {
  networkName: "Home",
  bssid: "a4:2b:b0:11:22:33",
  rssi: -58,
  noise: -92,
  channel: 36,
  txRate: 866,
  rxRate: 780,
  standard: "802.11ac",
};

const carrier: CellularSubscription = { carrier: "T-Mobile", radio: "5G NR", countryCode: "US", roaming: false, bars: 4 };

/** The presets: copy and override fields with `{...PROFILES.iphoneWifi, …}`. */
export const PROFILES = {
  iphoneWifi: {
    ...base,
    label: "iPhone on Wi-Fi",
    model: "iPhone",
    wifi: homeWifi,
    cellular: [carrier],
    localIPv4: "192.168.1.23",
    externalIPv4: "203.0.113.7",
    online: true,
  },
  iphoneCellular: {
    ...base,
    label: "iPhone on cellular, Wi-Fi off",
    model: "iPhone",
    wifi: null,
    cellular: [carrier],
    localIPv4: "10.64.12.9",
    externalIPv4: "198.51.100.20",
    online: true,
  },
  ipadWifiOnly: {
    ...base,
    label: "Wi-Fi-only iPad (no SIM)",
    model: "iPad",
    deviceName: "Alex's iPad",
    wifi: homeWifi,
    cellular: [],
    localIPv4: "192.168.1.40",
    externalIPv4: "203.0.113.7",
    online: true,
  },
  macEthernet: {
    ...base,
    label: "Mac on Ethernet",
    model: "Mac",
    deviceName: "Alex's MacBook Pro",
    systemVersion: "15.2",
    wifi: null,
    cellular: [],
    localIPv4: "192.168.1.50",
    externalIPv4: "203.0.113.7",
    online: true,
  },
  offline: {
    ...base,
    label: "iPhone offline (no Wi-Fi, no service)",
    model: "iPhone",
    wifi: null,
    cellular: [{ ...carrier, radio: null, bars: 0 }],
    localIPv4: null,
    externalIPv4: null,
    online: false,
  },
} satisfies Record<string, DeviceProfile>;

/** A device profile with some fields replaced. */
export function device(preset: keyof typeof PROFILES, overrides: Partial<DeviceProfile> = {}): DeviceProfile {
  return { ...PROFILES[preset], ...overrides };
}

/**
 * The iCloud Drive "Shortcuts" folder (WFDefaultFileStorageService storageLocationPrefix "/Shortcuts/").
 * One instance can be passed to several runs: it persists between them like the real folder.
 */
export class VirtualDrive {
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>();

  /** "/Delivered//x.txt" → "Delivered/x.txt"; null when the path leaves the folder (iOS: "Invalid file path"). */
  static normalize(path: string): string | null {
    const parts: string[] = [];
    for (const part of path.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (!parts.pop()) return null;
        continue;
      }
      parts.push(part);
    }
    return parts.join("/");
  }

  hasFolder(path: string): boolean {
    return path === "" || this.folders.has(path);
  }

  createFolder(path: string): void {
    const parts = path.split("/").filter(Boolean);
    for (let i = 1; i <= parts.length; i++) this.folders.add(parts.slice(0, i).join("/"));
  }

  parentOf(path: string): string {
    return path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
  }
}
