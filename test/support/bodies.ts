// Request bodies several test files send: what Fix iMessage sends for an iPhone with no cause of its own.

/** A clean report (crowd signal): an iPhone one release behind on its own Wi-Fi, nothing wrong on it, everyone affected. */
export const CLEAN = {
  client: { shortcut: "fix-imessage", version: "1.1.0" },
  device: { os: "iOS", osVersion: "26.1", model: "iPhone" },
  clock: { automatic: true },
  network: { type: "wifi", wifi: { rssi: -55, public: false }, vpn: false, websitesLoad: true },
  storage: { freeRange: "over_5gb" },
  symptom: { kind: "not_delivered", scope: "everyone" },
  settings: { imessageOn: true, sendAsSms: true, hasSim: true },
};
