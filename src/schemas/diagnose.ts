import { z } from "@hono/zod-openapi";
import { FIX_IDS, OUTCOMES, SYMPTOM_KINDS } from "../domain/ids";
import type { Diagnostics } from "../domain/types";
import { looseBoolean, looseEnum, looseNumber, looseObject, looseText } from "./lenient";

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function dateText(pattern: RegExp, hint: string, example: string) {
  return looseText(64, example).refine((v) => v === undefined || (pattern.test(v) && !Number.isNaN(Date.parse(v))), {
    message: hint,
  });
}

const osVersion = looseText(32, "17.1.1", 'The iOS version is required, like "17.1.1".')
  .transform((v) => v.replace(/^(i(pad)?os|macos)\s*/i, ""))
  .refine((v) => /^\d{1,3}(\.\d{1,3}){0,2}$/.test(v), {
    message: 'Expected a version like "17.1.1" (Settings > General > About > iOS Version).',
  });

/** One fix and how it went: an entry of `tried`, and the body of a session's outcome. */
export const TriedFixSchema = z.object({
  fix: looseEnum(FIX_IDS, { required: "Each tried fix needs its fix id." }),
  outcome: looseEnum(OUTCOMES, {
    aliases: { yes: "fixed", no: "not_fixed", skip: "skipped", "can't": "cannot_do" },
    required: `Each tried fix needs an outcome: ${OUTCOMES.join(", ")}.`,
  }),
  confirmed: looseBoolean.openapi({
    description: "For back-up-iphone: true when the person confirmed the backup finished. Only this (or settings.backupConfirmed) unlocks the DFU restore.",
  }),
});

export const DiagnoseRequestSchema = z
  .object({
    client: looseObject({ shortcut: looseText(64, "fix-imessage"), version: looseText(32, "1.0.0") }),
    device: z.object({
      os: looseEnum(["iOS", "iPadOS", "macOS"] as const, { aliases: { iphoneos: "iOS", osx: "macOS", mac: "macOS" } }),
      osVersion,
      model: looseText(64, "iPhone"),
    }, { error: (issue) => (issue.input === undefined ? 'The device is required: at least its osVersion, like "17.1.1".' : undefined) }),
    clock: looseObject({
      deviceTime: dateText(ISO_WITH_OFFSET, "Expected ISO 8601 with a UTC offset, like 2026-11-27T04:55:30-08:00.", "2026-11-27T04:55:30-08:00"),
      timeZone: looseText(64, "America/Los_Angeles"),
      automatic: looseBoolean,
    }),
    network: looseObject({
      type: looseEnum(["wifi", "cellular", "none"] as const, {
        aliases: { "wi-fi": "wifi", wlan: "wifi", mobile: "cellular", "mobile data": "cellular", offline: "none", "no connection": "none" },
      }),
      wifi: looseObject({ rssi: looseNumber({ min: -130, max: 0, example: -71 }), public: looseBoolean }),
      cellular: looseObject({
        carrier: looseText(64, "T-Mobile"),
        radio: looseText(32, "NR"),
        countryCode: looseText(8, "us"),
        roaming: looseBoolean,
      }),
      vpn: looseBoolean,
      websitesLoad: looseBoolean,
    }),
    storage: looseObject({
      freeBytes: looseNumber({ min: 0, max: 1e15, integer: true, example: 734003200 }),
      freeRange: looseEnum(["under_1gb", "1_to_5gb", "over_5gb"] as const, { aliases: { "less than 1 gb": "under_1gb", "more than 5 gb": "over_5gb" } }),
    }),
    symptom: z.object({
      kind: looseEnum(SYMPTOM_KINDS, {
        aliases: { waiting: "waiting_for_activation", green: "sending_green" },
        required: `The symptom kind is required: one of ${SYMPTOM_KINDS.join(", ")}.`,
      }),
      scope: looseEnum(["everyone", "one_contact"] as const, { aliases: { "one person": "one_contact", contact: "one_contact", all: "everyone" } }),
      recipient: looseText(320, "(415) 555-0100"),
      since: dateText(ISO_DATE_OR_DATETIME, "Expected an ISO 8601 date or date-time, like 2026-11-26T10:00:00Z.", "2026-11-26T10:00:00Z"),
      waitingHours: looseNumber({ min: 0, max: 24 * 365, example: 30 }),
    }, { error: (issue) => (issue.input === undefined ? "The symptom is required: at least its kind." : undefined) }),
    settings: looseObject({ imessageOn: looseBoolean, sendAsSms: looseBoolean, hasSim: looseBoolean, backupConfirmed: looseBoolean }),
    tried: z.preprocess(
      (v) => (v === null || v === "" ? undefined : v),
      z
        .array(
          TriedFixSchema,
        )
        .max(100)
        .optional(),
    ),
  })
  .openapi("DiagnoseRequest");

export type DiagnoseRequest = z.output<typeof DiagnoseRequestSchema>;

// The parsed request is the domain's Diagnostics; this line fails to compile if they drift apart.
const _sameShape: (r: DiagnoseRequest) => Diagnostics = (r) => r;
void _sameShape;
