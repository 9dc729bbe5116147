// The names the contract fixes (docs/api.md). Clients depend on them: never rename.

export const FIX_IDS = [
  "apple-outage-wait",
  "reconnect-network",
  "toggle-airplane-mode",
  "disable-vpn",
  "switch-network",
  "set-date-time-automatically",
  "wait-for-activation",
  "contact-carrier",
  "send-as-text",
  "fix-recipient-number",
  "merge-duplicate-contacts",
  "new-conversation",
  "recipient-deregister",
  "check-blocked",
  "free-storage",
  "update-ios",
  "force-restart",
  "toggle-imessage",
  "check-send-receive",
  "enable-send-as-sms",
  "sign-out-apple-id",
  "carrier-settings-update",
  "inspect-sim",
  "reset-network-settings",
  "dfu-restore",
  "hardware-service",
  // Beyond the contract's list (the catalog may add more):
  "check-sms-plan",
  "back-up-iphone",
  "check-apple-status",
  "backup-contact-method",
  "check-roaming",
  "text-message-forwarding",
  "messages-in-icloud",
  "check-mms-settings",
  "sign-out-icloud",
  "keep-messages",
  // Contract "v1 additions": many clean devices in the region fail at once, before Apple says so.
  "crowd-outage-wait",
] as const;
export type FixId = (typeof FIX_IDS)[number];

export const FINDING_IDS = [
  "offline",
  "weak-wifi",
  "vpn",
  "restricted-network",
  "clock-skew",
  "timezone-mismatch",
  "low-storage",
  "ios-outdated",
  "no-sim",
  "roaming",
  "activation-pending",
  "activation-overdue",
  "apple-incident",
  "apple-recent-incident",
  "recipient-number-format",
  "recipient-number-invalid",
  "recipient-landline",
  "recipient-email",
  "single-recipient",
  // Beyond the contract's list: a short code (texts only) and a service line (toll-free, VoIP, …).
  "recipient-short-code",
  "recipient-service-number",
  // Beyond the contract's list (the engine may add more): the user's own answers about settings.
  "imessage-off",
  "send-as-sms-off",
  "clock-manual",
  // Apple's status page could not be read: the person can look themselves.
  "apple-status-unknown",
  // Contract "v1 additions": the crowd verdict for the caller's region.
  "crowd-outage",
  "crowd-possible",
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

export const SYMPTOM_KINDS = [
  "not_delivered",
  "no_delivered_status",
  "waiting_for_activation",
  "activation_error",
  "sending_green",
  "mac_delivered_iphone_not",
  // Beyond the contract's list: blue iMessages work, green texts or picture messages don't (the guide's SMS/MMS path).
  "sms_mms_failing",
] as const;
export type SymptomKind = (typeof SYMPTOM_KINDS)[number];

export const OUTCOMES = ["fixed", "not_fixed", "skipped", "cannot_do"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ACTION_KINDS = ["toggle_airplane_mode", "open_url", "send_as_text", "wait", "none"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const PLATFORMS = ["iOS", "iPadOS", "macOS"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const APPLE_STATUSES = ["outage", "degraded", "maintenance", "no_incident", "unknown"] as const;

export const CROWD_STATUSES = ["none", "possible", "likely", "unknown"] as const;
export type CrowdStatus = (typeof CROWD_STATUSES)[number];
export type AppleStatus = (typeof APPLE_STATUSES)[number];
