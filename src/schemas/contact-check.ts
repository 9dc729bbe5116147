import { z } from "@hono/zod-openapi";
import { ClientAdviceSchema, FindingSchema } from "./responses";
import { looseObject, looseText } from "./lenient";

export const ContactCheckRequestSchema = z
  .object({
    recipient: looseText(320, "(415) 555-0100", "The recipient is required: a phone number or an email address as saved in Contacts."),
    client: looseObject({ shortcut: looseText(64, "check-imessage-contact"), version: looseText(32, "1.0.0") }),
    // The Shortcut sends the SIM's country code as iOS gives it: "--", "65535" or empty without a
    // SIM. Anything but two letters is treated as not given, never refused.
    region: looseText(8, "US")
      .transform((v) => (v !== undefined && /^[A-Za-z]{2}$/.test(v) ? v.toUpperCase() : undefined))
      .openapi({ description: "Two-letter country of the SIM; anything else is ignored." }),
  })
  .openapi("ContactCheckRequest");

export const ContactCheckResponseSchema = z
  .object({
    input: z.string(),
    kind: z.enum(["phone", "email", "invalid"]),
    e164: z.string().nullable(),
    international: z.string().nullable().openapi({ example: "+1 415 555 0100" }),
    valid: z.boolean(),
    type: z.string().nullable().openapi({ example: "MOBILE" }),
    hasCountryCode: z.boolean(),
    region: z.string().nullable(),
    findings: z.array(FindingSchema),
    say: z.string().max(200),
    show: z.string().max(1200),
    client: ClientAdviceSchema,
  })
  .openapi("ContactCheckResponse");
