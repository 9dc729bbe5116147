// Every fix in the troubleshooting guide, in the engine's default order: harmless first, drastic last.
// Texts are short and imperative, one action a step, with the Settings path spelled out. They are
// written for an iPhone; `{device}` becomes "iPhone", "iPad" or "Mac", and `adapt` gives a fix its
// own words on another platform or in another state ("Turn on iMessage" when it is off).
import type { FindingId, FixId, Platform } from "./ids";
import type { DeviceProfile } from "./platform";
import type { Diagnostics, Fix, FixAction, Risk } from "./types";

/** What a fix's texts may depend on. */
export interface FixContext {
  profile: DeviceProfile;
  has: ReadonlySet<FindingId>;
  diagnostics: Diagnostics;
  /** The recipient's number as it should be saved, or an example number of the person's own country. */
  numberExample?: string;
}

export interface FixText {
  title: string;
  steps: string[];
  why: string;
  warning: string | null;
  /** What a Shortcut can do for it (a state can change it: turning iMessage on needs no timed wait). */
  action: FixAction;
}

interface FixDefinition extends FixText {
  id: FixId;
  minutes: number;
  triggers: FindingId[];
  risk: Risk;
  /** Where it applies (default: every platform). */
  platforms?: readonly Platform[];
  /** "cellular": needs a phone line (carrier, SIM); "sms": the device itself must send texts (an iPhone with a line). */
  needs?: "cellular" | "sms";
  /** Its words on another platform or in another state. */
  adapt?: (ctx: FixContext) => Partial<FixText> | undefined;
}

const PHONES: readonly Platform[] = ["iOS", "iPadOS"];
const SMS_CHARGES = "Texts sent this way use your carrier's SMS plan and may cost money.";
const MESSAGES_SETTINGS = "Open Settings > Apps > Messages (Settings > Messages on older iOS).";
const MAC_MESSAGES_SETTINGS = "Open Messages, then choose Messages > Settings > iMessage.";
const STATUS_PAGE = "https://www.apple.com/support/systemstatus/";

const DEFINITIONS: FixDefinition[] = [
  {
    id: "apple-outage-wait",
    title: "Wait for Apple to fix iMessage",
    steps: [
      "Leave your settings as they are: the problem is on Apple's side.",
      "For an urgent message, touch and hold it, then tap Send as Text Message.",
      "Try iMessage again once Apple's status page shows the problem as resolved.",
    ],
    warning: SMS_CHARGES,
    action: { kind: "open_url", url: STATUS_PAGE },
    minutes: 30,
    triggers: ["apple-incident"],
    risk: "none",
    why: "Apple reports a problem with iMessage right now; nothing on your {device} will fix it.",
    adapt: ({ profile }) =>
      profile.sms
        ? undefined
        : {
            steps: [
              "Leave your settings as they are: the problem is on Apple's side.",
              profile.platform === "macOS"
                ? "For an urgent message, call the person or use email or another messaging app (Send as Text Message needs Text Message Forwarding from your iPhone)."
                : "For an urgent message, call the person or use email or another messaging app.",
              "Try iMessage again once Apple's status page shows the problem as resolved.",
            ],
            warning: null,
          },
  },
  {
    id: "crowd-outage-wait",
    title: "Send as text and try again in 30 minutes",
    steps: [
      "Leave your settings as they are: many devices near you fail the same way.",
      "For an urgent message, touch and hold it, then tap Send as Text Message.",
      "Run Fix iMessage again in 30 minutes: it picks up where you left off.",
    ],
    warning: SMS_CHARGES,
    action: { kind: "wait", seconds: 1800 },
    minutes: 30,
    triggers: ["crowd-outage", "crowd-possible"],
    risk: "none",
    why: "It's not your {device}: the trouble is on Apple's side, even though Apple hasn't posted it yet.",
    adapt: ({ profile, has }) => ({
      ...(has.has("crowd-outage") ? {} : { why: "If it is Apple's trouble, waiting half an hour fixes it without touching your settings." }),
      ...(profile.sms
        ? {}
        : {
            steps: [
              "Leave your settings as they are: many devices near you fail the same way.",
              "For an urgent message, call the person or use email or another messaging app.",
              "Run Fix iMessage again in 30 minutes: it picks up where you left off.",
            ],
            warning: null,
          }),
    }),
  },
  {
    id: "backup-contact-method",
    title: "Reach people another way for now",
    steps: [
      "For anything urgent, call the person or use email or another messaging app, such as WhatsApp or Signal.",
      "Tell the people you talk to most that iMessage is down, so nobody waits for a reply.",
      "Run Fix iMessage again in 30 minutes to see whether Apple has fixed it.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: ["apple-incident"],
    risk: "none",
    why: "While iMessage is down, a second way to reach people keeps you in touch.",
  },
  {
    id: "reconnect-network",
    title: "Check your internet connection",
    steps: [
      "Open Safari and load a website you don't visit often.",
      "If it doesn't load, open Settings > Wi-Fi and join a working network, or turn on Settings > Cellular > Cellular Data.",
      "Send the message again once pages load.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: ["offline"],
    risk: "none",
    why: "iMessage only works over the internet; a connection that loads nothing stops it first.",
    adapt: ({ profile }) => {
      if (profile.platform === "macOS") {
        return {
          steps: [
            "Open Safari and load a website you don't visit often.",
            "If it doesn't load, open System Settings > Wi-Fi (or Network) and connect to a working network.",
            "Send the message again once pages load.",
          ],
        };
      }
      if (!profile.cellular) {
        return {
          steps: [
            "Open Safari and load a website you don't visit often.",
            "If it doesn't load, open Settings > Wi-Fi and join a working network.",
            "Send the message again once pages load.",
          ],
        };
      }
      return undefined;
    },
  },
  {
    id: "check-apple-status",
    title: "Check Apple's status page",
    steps: [
      "Open Apple's System Status page (apple.com/support/systemstatus).",
      "Find iMessage: a green dot means Apple reports no problem; yellow or red means Apple is working on one.",
      "If iMessage shows a problem, wait for Apple to fix it; nothing on your {device} will help meanwhile.",
    ],
    warning: null,
    action: { kind: "open_url", url: STATUS_PAGE },
    minutes: 1,
    triggers: ["apple-status-unknown"],
    risk: "none",
    why: "Apple's status couldn't be checked just now, so look before changing any settings.",
  },
  {
    id: "toggle-airplane-mode",
    title: "Turn Airplane Mode on and off",
    steps: [
      "Open Control Center or Settings and turn on Airplane Mode.",
      "Wait 10 seconds.",
      "Turn Airplane Mode off and wait for Wi-Fi or cellular to come back.",
      "Send the message again.",
    ],
    warning: null,
    action: { kind: "toggle_airplane_mode", seconds: 10 },
    minutes: 1,
    triggers: ["apple-recent-incident"],
    risk: "none",
    platforms: PHONES,
    why: "A fresh connection to the cell tower or router often clears a stuck iMessage connection.",
    adapt: ({ profile }) =>
      profile.cellular ? undefined : { steps: ["Open Control Center or Settings and turn on Airplane Mode.", "Wait 10 seconds.", "Turn Airplane Mode off and wait for Wi-Fi to come back.", "Send the message again."], why: "A fresh connection to the router often clears a stuck iMessage connection." },
  },
  {
    id: "disable-vpn",
    title: "Turn off your VPN",
    steps: [
      "Open Settings > VPN (or Settings > General > VPN & Device Management).",
      "Turn the VPN off, or disconnect it in its own app.",
      "Send the message again.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 1,
    triggers: ["vpn"],
    risk: "none",
    why: "VPNs can block the ports iMessage uses (5223, 443 and 2197 to Apple's network).",
    adapt: ({ profile }) =>
      profile.platform === "macOS"
        ? { steps: ["Open System Settings > VPN.", "Turn the VPN off, or disconnect it in its own app.", "Send the message again."] }
        : undefined,
  },
  {
    id: "switch-network",
    title: "Switch to another network",
    steps: [
      "Open Settings > Wi-Fi and turn Wi-Fi off to use cellular data, or join a different Wi-Fi network.",
      "Send the message again.",
      "If it goes through, the other network blocks iMessage: ask its owner to allow TCP port 5223.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: ["restricted-network", "weak-wifi"],
    risk: "none",
    why: "Some networks, especially public, school and work ones, block the ports iMessage needs.",
    adapt: ({ profile }) => {
      if (profile.cellular) return undefined;
      const where = profile.platform === "macOS" ? "Open System Settings > Wi-Fi" : "Open Settings > Wi-Fi";
      return {
        steps: [
          `${where} and join a different network, or a personal hotspot from a phone.`,
          "Send the message again.",
          "If it goes through, the other network blocks iMessage: ask its owner to allow TCP port 5223.",
        ],
      };
    },
  },
  {
    id: "check-roaming",
    title: "Check roaming and your plan abroad",
    steps: [
      "Open Settings > Cellular > Cellular Data Options and turn on Data Roaming if your plan covers data abroad.",
      "In your carrier's app, check that your plan includes data and texts in this country.",
      "Or join Wi-Fi: iMessage works over any internet connection.",
    ],
    warning: "Data roaming can be expensive without a travel plan.",
    action: { kind: "none" },
    minutes: 3,
    triggers: ["roaming"],
    risk: "settings",
    needs: "cellular",
    why: "Abroad, iMessage needs data roaming or Wi-Fi, and activation needs your line to send a text.",
  },
  {
    id: "fix-recipient-number",
    title: "Check how the number is saved",
    steps: [
      "Open Contacts and find the person.",
      "Check the number starts with + and the country code, like {number}.",
      "Edit it if it doesn't, then start a new message to the corrected number.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: ["recipient-number-format", "recipient-number-invalid", "recipient-landline", "recipient-service-number", "recipient-email"],
    risk: "none",
    why: "iMessage finds people by their exact number; one saved without its country code can fail to match.",
    adapt: ({ has }) => {
      if (has.has("recipient-landline") || has.has("recipient-service-number")) {
        return {
          title: "Use their mobile number",
          steps: ["Open Contacts and find the person.", "Add or choose their mobile number: a landline can't receive iMessages.", "Start a new message to the mobile number, saved with + and the country code, like {number}."],
          why: "iMessage reaches mobile numbers and Apple Account emails, never a landline.",
        };
      }
      if (has.has("recipient-email")) {
        return {
          title: "Message their mobile number",
          steps: ["Open Contacts and find the person.", "Add their mobile number with + and the country code, like {number}.", "Start a new message to that number."],
          why: "Their mobile number is the surer way to reach them on iMessage.",
        };
      }
      return undefined;
    },
  },
  {
    id: "send-as-text",
    title: "Send it as a text message",
    steps: [
      "Touch and hold the message that failed.",
      "Tap Send as Text Message.",
      "If the green text arrives, your phone and the number work: the problem is iMessage itself.",
    ],
    warning: SMS_CHARGES,
    action: { kind: "send_as_text" },
    minutes: 1,
    triggers: ["recipient-short-code"],
    risk: "none",
    needs: "sms",
    why: "Sending over SMS shows whether the person can be reached at all, and gets your message through now.",
  },
  {
    id: "recipient-deregister",
    title: "Ask them to deregister iMessage",
    steps: [
      "Ask the person (by call or another app) whether they switched from iPhone to another phone.",
      "If they did, they should open Apple's Deregister iMessage page and remove their number.",
      "Once they have, your messages to them will go as green texts and arrive.",
    ],
    warning: null,
    action: { kind: "open_url", url: "https://selfsolve.apple.com/deregister-imessage/" },
    minutes: 5,
    triggers: [],
    risk: "none",
    why: "A number still registered to iMessage after a switch to Android swallows blue messages.",
  },
  {
    id: "check-blocked",
    title: "Check that nobody is blocked",
    steps: [
      "Open Settings > Apps > Messages > Blocked Contacts (Settings > Messages > Blocked on older iOS).",
      "Unblock the person if they're listed.",
      "Ask the person whether they blocked you or filter unknown senders: a block shows no sign on your side.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: [],
    risk: "none",
    why: "A block on either side stops delivery without any error.",
    adapt: ({ profile }) =>
      profile.platform === "macOS"
        ? {
            steps: [
              "In Messages, choose Messages > Settings > iMessage > Blocked.",
              "Remove the person if they're listed.",
              "Ask the person whether they blocked you or filter unknown senders: a block shows no sign on your side.",
            ],
          }
        : undefined,
  },
  {
    id: "merge-duplicate-contacts",
    title: "Merge duplicate contacts",
    steps: [
      "Open Contacts and search for the person's name.",
      "If there are two or more cards, tap Duplicates Found at the top and Merge (or delete the extra card).",
      "Send the message again from the merged card.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 3,
    triggers: [],
    risk: "none",
    why: "Two cards for one person can make Messages pick an old number or address.",
    adapt: ({ profile }) =>
      profile.platform === "macOS"
        ? { steps: ["Open Contacts and search for the person's name.", "If there are two or more cards, choose Card > Look for Duplicates and merge them.", "Send the message again from the merged card."] }
        : undefined,
  },
  {
    id: "new-conversation",
    title: "Start a new conversation",
    steps: [
      "In Messages, swipe left on the conversation and delete it (this removes its history on this {device}).",
      "Tap Compose and type the person's number with its country code.",
      "Send the message again.",
    ],
    warning: "Deleting the conversation removes its messages and attachments from this {device}.",
    action: { kind: "none" },
    minutes: 2,
    triggers: [],
    risk: "data",
    why: "A conversation can hold stale details about the recipient; a fresh one looks them up again.",
    adapt: ({ profile }) =>
      profile.platform === "macOS"
        ? {
            steps: [
              "In Messages, Control-click the conversation and choose Delete Conversation.",
              "Click the Compose button and type the person's number with its country code.",
              "Send the message again.",
            ],
          }
        : undefined,
  },
  {
    id: "force-restart",
    title: "Force restart your {device}",
    steps: [
      "Press and release Volume Up.",
      "Press and release Volume Down.",
      "Hold the Side button until the Apple logo appears, then let go.",
      "Run this shortcut again after the restart: it remembers where you were.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 3,
    triggers: [],
    risk: "none",
    why: "A force restart clears the background processes that deliver messages.",
    adapt: ({ profile }) => {
      if (profile.platform === "macOS") {
        return {
          title: "Restart your Mac",
          steps: ["Choose Apple menu > Restart.", "After the restart, open Messages and send the message again."],
          why: "A restart clears the background processes that deliver messages.",
        };
      }
      if (profile.platform === "iPadOS") {
        return {
          steps: [
            "Without a Home button: press and release the volume button nearest the top button, then the other volume button.",
            "Then hold the top button until the Apple logo appears.",
            "With a Home button: hold the Home button and the top button together until the Apple logo appears.",
            "Run this shortcut again after the restart: it remembers where you were.",
          ],
        };
      }
      return undefined;
    },
  },
  {
    id: "toggle-imessage",
    title: "Turn iMessage off and on",
    steps: [MESSAGES_SETTINGS, "Turn off iMessage.", "Wait 30 seconds.", "Turn iMessage back on and accept any message about SMS charges for activation."],
    warning: "Your carrier may charge for the text message that activates iMessage.",
    action: { kind: "wait", seconds: 30 },
    minutes: 2,
    triggers: ["imessage-off"],
    risk: "none",
    why: "Turning iMessage off and on makes your {device} register again with Apple's servers.",
    adapt: ({ profile, has }) => {
      const off = has.has("imessage-off");
      // Turning it on needs no timed wait; without a line of its own there's no activation text to pay for.
      const turnOn = off ? { action: { kind: "none" } as FixAction } : {};
      if (profile.platform === "macOS") {
        return {
          title: off ? "Sign in to iMessage" : "Sign out of iMessage and back in",
          steps: off
            ? [MAC_MESSAGES_SETTINGS, "Sign in with your Apple Account (or tick Enable this account).", "Send the message again."]
            : [MAC_MESSAGES_SETTINGS, "Click Sign Out and confirm.", "Wait 30 seconds, then sign in again with your Apple Account."],
          warning: null,
          ...turnOn,
        };
      }
      const noCharge = profile.sms ? {} : { warning: null };
      if (!off) return noCharge;
      return {
        title: "Turn on iMessage",
        steps: [MESSAGES_SETTINGS, "Turn on iMessage.", "Accept any message about SMS charges, then wait a few minutes for it to activate."],
        why: "Messages only go as iMessages while it's on.",
        ...noCharge,
        ...turnOn,
      };
    },
  },
  {
    id: "set-date-time-automatically",
    title: "Set the date and time automatically",
    steps: [
      "Open Settings > General > Date & Time.",
      "Turn on Set Automatically.",
      "If the switch is greyed out, check Settings > Screen Time > Content & Privacy Restrictions.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: ["clock-skew", "clock-manual", "timezone-mismatch"],
    risk: "settings",
    why: "iMessage refuses connections from a clock that is off by even a few minutes.",
    adapt: ({ profile, diagnostics, has }) => {
      const mac = profile.platform === "macOS";
      const place = mac ? "Open System Settings > General > Date & Time." : "Open Settings > General > Date & Time.";
      const toggle = mac ? "Set time and date automatically" : "Set Automatically";
      if (diagnostics.clock?.automatic === true && has.has("clock-skew")) {
        // It's on and the clock is still wrong: make the phone fetch the time again.
        return {
          title: "Reset the date and time",
          steps: [place, `Turn off ${toggle}, wait 10 seconds, and turn it on again.`, "Check the time zone shown is where you are, then restart your {device}."],
        };
      }
      return {
        ...(diagnostics.clock?.automatic === false ? { title: `Turn on ${toggle}` } : {}),
        steps: mac
          ? [place, `Turn on ${toggle}, and Set time zone automatically using your current location.`, "If they're greyed out, click the lock or ask whoever manages this Mac."]
          : [place, `Turn on ${toggle}.`, "If the switch is greyed out, check Settings > Screen Time > Content & Privacy Restrictions."],
      };
    },
  },
  {
    id: "check-send-receive",
    title: "Check Send & Receive",
    steps: [
      "Open Settings > Apps > Messages > Send & Receive (Settings > Messages on older iOS).",
      "Make sure your phone number is ticked under You can receive iMessages.",
      "Under Start New Conversations From, choose your phone number.",
      "If your Apple Account isn't shown, sign in there.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: ["no-sim"],
    risk: "settings",
    why: "After an update the phone number can be unticked, leaving iMessage to send from an email address.",
    adapt: ({ profile }) => {
      if (profile.platform === "macOS") {
        return {
          steps: [
            MAC_MESSAGES_SETTINGS,
            "Make sure you're signed in, and tick your phone number and email under You can be reached for messages at.",
            "Under Start new conversations from, choose the same number or email your iPhone uses.",
          ],
          why: "Your Mac and iPhone must use the same address for iMessage, or messages and their status go astray.",
        };
      }
      if (!profile.cellular) {
        // No phone number on this device: iMessage runs on the Apple Account's email (the guide's FAQ).
        return {
          title: "Use your email address for iMessage",
          steps: [
            "Open Settings > Apps > Messages > Send & Receive (Settings > Messages on older iOS).",
            "Make sure you're signed in with your Apple Account and your email address is ticked.",
            "Under Start New Conversations From, choose your email address.",
          ],
          why: "Without a SIM, iMessage can only use your Apple Account email, so it must be ticked and chosen.",
        };
      }
      return undefined;
    },
  },
  {
    id: "enable-send-as-sms",
    title: "Turn on Send as Text Message",
    steps: [MESSAGES_SETTINGS, "Turn on Send as Text Message (called Send as SMS on older iOS)."],
    warning: SMS_CHARGES,
    action: { kind: "none" },
    minutes: 1,
    triggers: ["send-as-sms-off"],
    risk: "settings",
    needs: "sms",
    why: "With it on, a message that can't go as iMessage goes as a text instead of failing.",
  },
  {
    id: "text-message-forwarding",
    title: "Turn on Text Message Forwarding",
    steps: [
      "On your iPhone, open Settings > Apps > Messages > Text Message Forwarding.",
      "Turn on this {device}.",
      "Make sure your iPhone and this {device} are signed in to Messages with the same Apple Account.",
    ],
    warning: SMS_CHARGES,
    action: { kind: "none" },
    minutes: 2,
    triggers: [],
    risk: "settings",
    platforms: ["iPadOS", "macOS"],
    why: "Your {device} can't send texts itself; with forwarding, your iPhone sends them for it when iMessage can't.",
  },
  {
    id: "messages-in-icloud",
    title: "Check Messages in iCloud",
    steps: [
      "Open Settings > [your name] > iCloud, tap Show All (or Saved to iCloud), then Messages in iCloud.",
      "Turn on Use on this {device}, or tap Sync Now if it's already on.",
      "Do the same on your other devices, such as your Mac: Messages > Settings > iMessage > Enable Messages in iCloud.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 3,
    triggers: [],
    risk: "settings",
    why: "Messages in iCloud keeps your devices' conversations and delivery status in step.",
    adapt: ({ profile }) =>
      profile.platform === "macOS"
        ? {
            steps: [
              MAC_MESSAGES_SETTINGS,
              "Turn on Enable Messages in iCloud, then click Sync Now.",
              "On your iPhone, turn on Settings > [your name] > iCloud > Messages in iCloud as well.",
            ],
          }
        : undefined,
  },
  {
    id: "free-storage",
    title: "Free up storage",
    steps: ["Open Settings > General > {device} Storage.", "Delete large videos, apps you don't use, and Photos > Recently Deleted.", "Keep at least 1 GB free."],
    warning: null,
    action: { kind: "none" },
    minutes: 10,
    triggers: ["low-storage"],
    risk: "settings",
    why: "Messages needs free space for its database and attachments; a full {device} can't send.",
    adapt: ({ profile }) =>
      profile.platform === "macOS"
        ? { steps: ["Open System Settings > General > Storage.", "Remove large files and apps you don't use, and empty the Trash.", "Keep at least 1 GB free."] }
        : undefined,
  },
  {
    id: "update-ios",
    title: "Update iOS",
    steps: ["Back up your iPhone, connect to Wi-Fi and plug in a charger.", "Open Settings > General > Software Update.", "Tap Update Now if an update is offered."],
    warning: null,
    action: { kind: "none" },
    minutes: 30,
    triggers: ["ios-outdated"],
    risk: "settings",
    why: "Apple often fixes iMessage bugs in small software updates.",
    adapt: ({ profile }) => {
      if (profile.platform === "macOS") {
        return { title: "Update macOS", steps: ["Back up your Mac and plug it in.", "Open System Settings > General > Software Update.", "Click Update Now if an update is offered."] };
      }
      if (profile.platform === "iPadOS") {
        return { title: "Update iPadOS", steps: ["Back up your iPad, connect to Wi-Fi and plug in a charger.", "Open Settings > General > Software Update.", "Tap Update Now if an update is offered."] };
      }
      return undefined;
    },
  },
  {
    id: "check-mms-settings",
    title: "Check MMS and Low Data Mode",
    steps: [
      `${MESSAGES_SETTINGS.replace(".", "")} and turn on MMS Messaging, which photos and group texts need.`,
      "Open Settings > Cellular > Cellular Data Options and turn off Low Data Mode (for Wi-Fi: Settings > Wi-Fi, tap the network, Low Data Mode).",
      "Send the text or photo again.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: [],
    risk: "settings",
    needs: "sms",
    why: "Picture and group texts need MMS Messaging on, and Low Data Mode can hold them back.",
  },
  {
    id: "check-sms-plan",
    title: "Make sure your line can send texts",
    steps: [
      "Send a normal text (SMS) to a friend to check your line can text.",
      "On prepaid, check you have credit left.",
      "Ask your carrier to allow international SMS: activation sends a hidden text to an Apple number abroad.",
    ],
    warning: "The activation text may be charged as an international SMS.",
    action: { kind: "none" },
    minutes: 5,
    triggers: [],
    risk: "none",
    needs: "sms",
    why: "iMessage activation needs your line to send one international text.",
    adapt: ({ diagnostics }) =>
      diagnostics.symptom.kind === "sms_mms_failing"
        ? { why: "Texts need credit or a plan that includes them; a blocked or empty line fails silently." }
        : undefined,
  },
  {
    id: "wait-for-activation",
    title: "Give activation up to 24 hours",
    steps: [
      "Leave iMessage turned on in Settings > Apps > Messages.",
      "Stay connected to Wi-Fi or cellular data.",
      "Run Fix iMessage again later: activation can take up to 24 hours, and it remembers where you were.",
    ],
    warning: null,
    action: { kind: "wait", seconds: 3600 },
    minutes: 60,
    triggers: ["activation-pending"],
    risk: "none",
    why: "Apple checks your number with your carrier first, and that takes a while.",
    adapt: ({ profile }) =>
      profile.cellular
        ? undefined
        : {
            steps: [
              profile.platform === "macOS" ? "Leave Messages signed in to iMessage." : "Leave iMessage turned on in Settings > Apps > Messages.",
              "Stay connected to Wi-Fi.",
              "Run Fix iMessage again later: activation can take up to 24 hours, and it remembers where you were.",
            ],
            why: "Apple can take up to 24 hours to activate iMessage on a new device or Apple Account.",
          },
  },
  {
    id: "sign-out-apple-id",
    title: "Sign out of iMessage and back in",
    steps: [
      "Open Settings > Apps > Messages > Send & Receive.",
      "Tap your Apple Account, then Sign Out.",
      "Restart your {device}.",
      "Return to Send & Receive and sign in again.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 5,
    triggers: [],
    risk: "account",
    platforms: PHONES,
    why: "Signing out and in replaces stale sign-in tokens that can stop messages being routed.",
  },
  {
    id: "sign-out-icloud",
    title: "Sign out of iCloud and back in",
    steps: [
      "Make sure you know your Apple Account password.",
      "Open Settings > [your name], scroll down and tap Sign Out.",
      "When asked, keep a copy of your data on this {device}, then restart it.",
      "Sign in again in Settings and check that iMessage is on.",
    ],
    warning: "While you're signed out, iCloud data and Find My are off on this {device}; keep a copy when asked.",
    action: { kind: "none" },
    minutes: 15,
    triggers: [],
    risk: "account",
    why: "Signing out of iCloud entirely refreshes your Apple Account for every service, iMessage included.",
    adapt: ({ profile }) =>
      profile.platform === "macOS"
        ? {
            steps: [
              "Make sure you know your Apple Account password.",
              "Open System Settings > [your name], then click Sign Out.",
              "When asked, keep a copy of your data on this Mac, then restart it.",
              "Sign in again in System Settings, then sign in to Messages.",
            ],
          }
        : undefined,
  },
  {
    id: "carrier-settings-update",
    title: "Install a carrier settings update",
    steps: ["Connect to Wi-Fi or cellular data.", "Open Settings > General > About and wait 15 seconds.", "Tap Update if a Carrier Settings Update appears."],
    warning: null,
    action: { kind: "none" },
    minutes: 2,
    triggers: [],
    risk: "settings",
    needs: "cellular",
    platforms: PHONES,
    why: "Carriers ship settings that keep texting and iMessage activation working.",
  },
  {
    id: "inspect-sim",
    title: "Check your SIM or eSIM",
    steps: [
      "Open Settings > Cellular and check your line is on and shows your carrier.",
      "Remove any inactive SIM or eSIM that carries the same number.",
      "For a physical SIM, eject it with a SIM tool, check it for damage and reseat it.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 5,
    triggers: [],
    risk: "settings",
    needs: "cellular",
    platforms: PHONES,
    why: "A loose SIM, or an inactive eSIM with the same number, stops iMessage activating your number.",
    adapt: ({ profile }) => (profile.platform === "iPadOS" ? { steps: ["Open Settings > Cellular Data and check your plan is on.", "For a physical SIM, eject it with a SIM tool, check it for damage and reseat it."] } : undefined),
  },
  {
    id: "keep-messages",
    title: "Trim your message history",
    steps: ["Open Settings > Apps > Messages > Keep Messages.", "Choose 1 Year (or 30 Days) and confirm.", "Open Messages again and send the message."],
    warning: "Messages and attachments older than the period you choose are deleted from this {device}, and from iCloud if Messages in iCloud is on.",
    action: { kind: "none" },
    minutes: 5,
    triggers: [],
    risk: "data",
    why: "A very large message history can slow Messages down until it stops sending.",
    adapt: ({ profile }) =>
      profile.platform === "macOS" ? { steps: ["In Messages, choose Messages > Settings > General.", "Set Keep messages to 1 Year (or 30 Days) and confirm.", "Send the message again."] } : undefined,
  },
  {
    id: "reset-network-settings",
    title: "Reset network settings",
    steps: [
      "Write down the Wi-Fi passwords you'll need again.",
      "Open Settings > General > Transfer or Reset {device} > Reset.",
      "Tap Reset Network Settings and enter your passcode.",
      "Rejoin Wi-Fi after the restart.",
    ],
    warning: "This erases saved Wi-Fi networks and passwords, VPN settings and Bluetooth pairings.",
    action: { kind: "none" },
    minutes: 10,
    triggers: [],
    risk: "data",
    platforms: PHONES,
    why: "It clears deep network settings and caches that lighter fixes don't touch.",
  },
  {
    id: "contact-carrier",
    title: "Contact your carrier",
    steps: [
      "Call your carrier or open its app.",
      "Ask them to confirm your line can send SMS, including international SMS.",
      "Ask them to check for blocks on your account or an outage in your area.",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 15,
    triggers: ["activation-overdue"],
    risk: "none",
    needs: "cellular",
    platforms: PHONES,
    why: "A carrier can see blocks on your line that stop texts and iMessage activation.",
    adapt: ({ has }) => (has.has("activation-overdue") ? { why: "Activation that takes over 24 hours usually means the carrier blocks the activation text." } : undefined),
  },
  {
    id: "back-up-iphone",
    title: "Back up your {device}",
    steps: [
      "Connect to Wi-Fi and plug in a charger.",
      "Open Settings > [your name] > iCloud > iCloud Backup.",
      "Tap Back Up Now and wait for it to finish (or back up to a computer).",
    ],
    warning: null,
    action: { kind: "none" },
    minutes: 30,
    triggers: [],
    risk: "none",
    platforms: PHONES,
    why: "The only fix left erases your {device}, so a complete backup must come first.",
  },
  {
    id: "dfu-restore",
    title: "Restore your {device} in DFU mode",
    steps: [
      "Check your backup finished: Settings > [your name] > iCloud > iCloud Backup shows the time.",
      "Connect the {device} to a computer with Finder or the Apple Devices app.",
      "Put it in DFU mode (Apple's support article for your model lists the button presses).",
      "Choose Restore on the computer, then restore your backup during setup.",
    ],
    warning: "This erases everything on your {device}. Only do it after a complete backup.",
    action: { kind: "none" },
    minutes: 60,
    triggers: [],
    risk: "erase",
    platforms: PHONES,
    why: "A full reinstall of the system removes corrupted software when every setting has been tried.",
  },
  {
    id: "hardware-service",
    title: "Get your {device} checked by Apple",
    steps: [
      "Open Apple Support (getsupport.apple.com) or the Apple Support app.",
      "Book a Genius Bar or repair appointment and mention iMessage fails on every network.",
    ],
    warning: "Repairs outside warranty or AppleCare may cost money.",
    action: { kind: "open_url", url: "https://getsupport.apple.com/" },
    minutes: 60,
    triggers: [],
    risk: "money",
    why: "When nothing else helps, the cellular modem or Wi-Fi hardware may be faulty.",
  },
];

/** Fixes in the default order, ranked from 1 (harmless) up. */
export const PLAYBOOK: readonly (Fix & Pick<FixDefinition, "adapt">)[] = DEFINITIONS.map((fix, index) => ({ ...fix, rank: index + 1 }));

const BY_ID = new Map(PLAYBOOK.map((fix) => [fix.id, fix]));

export function fixById(id: FixId): Fix {
  const fix = BY_ID.get(id);
  if (!fix) throw new Error(`No fix ${id} in the playbook`);
  return fix;
}

/** Whether a fix can be done on this device at all. */
export function fitsDevice(fix: Fix, profile: DeviceProfile): boolean {
  if (fix.platforms && !fix.platforms.includes(profile.platform)) return false;
  if (fix.needs === "sms") return profile.sms;
  if (fix.needs === "cellular") return profile.cellular;
  return true;
}

/** The catalog's own words: an iPhone with a line, nothing known about its state. */
export function catalogText(id: FixId): FixText {
  const profile: DeviceProfile = { platform: "iOS", noun: "iPhone", cellular: true, sms: true };
  return renderFix(id, { profile, has: new Set(), diagnostics: { device: { osVersion: "" }, symptom: { kind: "not_delivered" } } });
}

/** The fix's texts for this device and state, with `{device}` and `{number}` filled in. */
export function renderFix(id: FixId, ctx: FixContext): FixText {
  const fix = BY_ID.get(id);
  if (!fix) throw new Error(`No fix ${id} in the playbook`);
  const text = { title: fix.title, steps: fix.steps, why: fix.why, warning: fix.warning, action: fix.action, ...fix.adapt?.(ctx) };
  const fill = (s: string) => s.replaceAll("{device}", ctx.profile.noun).replaceAll("{number}", ctx.numberExample ?? "+1 415 555 0100");
  return { title: fill(text.title), steps: text.steps.map(fill), why: fill(text.why), warning: text.warning === null ? null : fill(text.warning), action: text.action };
}
