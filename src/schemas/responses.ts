import { z } from "@hono/zod-openapi";
import { ACTION_KINDS, APPLE_STATUSES, CROWD_STATUSES, FINDING_IDS, FIX_IDS, PLATFORMS } from "../domain/ids";
import { RISKS } from "../domain/types";

export const AppleVerdictSchema = z
  .object({
    status: z.enum(APPLE_STATUSES),
    summary: z.string().openapi({ example: "Apple reports no incident for iMessage." }),
    events: z.array(
      z.object({
        service: z.string(),
        statusType: z.string(),
        eventStatus: z.string(),
        message: z.string(),
        startedAt: z.string().nullable(),
        endedAt: z.string().nullable(),
      }),
    ),
    checkedAt: z.string().nullable(),
    stale: z.boolean(),
    ageSeconds: z.number().nullable().optional(),
  })
  .openapi("AppleVerdict");

export const CrowdVerdictSchema = z
  .object({
    status: z.enum(CROWD_STATUSES),
    region: z.string().nullable().openapi({ example: "DE" }),
    reports: z.number().openapi({ description: "Clean reports in the last 15 minutes.", example: 37 }),
    expected: z.number().openapi({ description: "What is usual for this time of day.", example: 2.1 }),
    ratio: z.number().nullable().openapi({ example: 17.6 }),
    since: z.string().nullable(),
    summary: z.string(),
  })
  .openapi("CrowdVerdict");

export const FindingSchema = z
  .object({
    id: z.enum(FINDING_IDS),
    severity: z.enum(["high", "medium", "low", "info"]),
    detail: z.string(),
    heuristic: z.boolean().optional(),
  })
  .openapi("Finding");

export const FixActionSchema = z.object({
  kind: z.enum(ACTION_KINDS),
  url: z.string().optional(),
  seconds: z.number().optional(),
});

export const WorkedSchema = z
  .object({
    people: z.number().int().openapi({ example: 212 }),
    fixed: z.number().int().openapi({ example: 87 }),
    rate: z.number().openapi({ example: 0.41 }),
  })
  .openapi("Worked", { description: "How often this fix ended the repair for people with the same symptom and scope; null when fewer than 20 people tried it." });

export const NextFixSchema = z
  .object({
    id: z.enum(FIX_IDS),
    title: z.string(),
    steps: z.array(z.string()),
    why: z.string(),
    warning: z.string().nullable(),
    action: FixActionSchema,
    minutes: z.number(),
    worked: WorkedSchema.nullable(),
  })
  .openapi("NextFix");

export const PlaybookFixSchema = z
  .object({
    id: z.enum(FIX_IDS),
    title: z.string(),
    steps: z.array(z.string()),
    warning: z.string().nullable(),
    action: FixActionSchema,
    minutes: z.number(),
    triggers: z.array(z.enum(FINDING_IDS)),
    rank: z.number(),
    risk: z.enum(RISKS).openapi({ description: "What the fix puts at stake; fixes never move across these tiers." }),
    platforms: z.array(z.enum(PLATFORMS)).openapi({ description: "Where it applies." }),
    needs: z.enum(["cellular", "sms"]).nullable().openapi({ description: "cellular: a phone line of its own; sms: the device itself sends texts (an iPhone with a line)." }),
  })
  .openapi("PlaybookFix");

export const ClientAdviceSchema = z
  .object({
    latest: z.string().openapi({ example: "1.0.0" }),
    updateUrl: z.string().nullable().openapi({ description: "Set when the sender's Shortcut is older than the latest." }),
  })
  .openapi("ClientAdvice");

export const DiagnoseResponseSchema = z
  .object({
    verdict: z.object({ apple: AppleVerdictSchema, crowd: CrowdVerdictSchema }),
    findings: z.array(FindingSchema),
    next: NextFixSchema.nullable(),
    resolved: z.boolean(),
    exhausted: z.boolean(),
    say: z.string().max(200),
    show: z.string().max(1200),
    client: ClientAdviceSchema,
  })
  .openapi("DiagnoseResponse");
export type DiagnoseResponse = z.infer<typeof DiagnoseResponseSchema>;
