// GET /v1/status: what the widget shows. Answers from the cached snapshot (see services/apple-status.ts).
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../app";
import { SAY_MAX, SHOW_MAX, statusSay, statusShow } from "../domain/verdict";
import { AppleVerdictSchema, ClientAdviceSchema, CrowdVerdictSchema } from "../schemas/responses";
import { adviseSender } from "../services/client-advice";
import { currentStatus } from "../services/apple-status";
import { crowdStatus, regionOf } from "../services/crowd";
import { edgeCache } from "../http/edge-cache";

export const StatusResponseSchema = z
  .object({
    apple: AppleVerdictSchema,
    crowd: CrowdVerdictSchema.openapi({ description: "Clean problem reports from Fix iMessage runs in the caller's country (worldwide without one) against what is usual now." }),
    crowdRegions: z.array(CrowdVerdictSchema).openapi({ description: "Countries whose crowd verdict is raised (possible or likely), likely first." }),
    say: z.string().max(SAY_MAX).openapi({ example: "Apple reports no incident for iMessage. Apple sometimes posts late; if messages fail, run Fix iMessage." }),
    show: z.string().max(SHOW_MAX),
    client: ClientAdviceSchema,
  })
  .openapi("StatusResponse");

const statusRoute = createRoute({
  method: "get",
  path: "/v1/status",
  // Answered from this location's cache for up to max-age, per country and query (http/edge-cache.ts).
  middleware: [edgeCache(regionOf)],
  summary: "Apple's status for iMessage, from Apple's own status feeds, and what other iPhones report",
  description:
    "Served from a snapshot refreshed every 5 minutes; never waits on Apple when a snapshot exists. " +
    "The crowd verdict comes from the crowd counters, kept in memory for 10 s (a slow counter answers `unknown`, never an error).",
  request: {
    // The Shortcut sends its name and version: an older one is pointed at its update.
    query: z.object({
      client: z.string().max(100).optional(),
      version: z.string().max(40).optional(),
    }),
  },
  responses: {
    200: { description: "Apple's status", content: { "application/json": { schema: StatusResponseSchema } } },
  },
});

export const statusRoutes = createRouter().openapi(statusRoute, async (c) => {
  const now = new Date();
  const [{ verdict }, { crowd, regions }] = await Promise.all([currentStatus(c.env, c.executionCtx, now), crowdStatus(c.env, c.executionCtx, regionOf(c.req.raw))]);
  // Brief edge/browser caching: the snapshot changes at most every 5 minutes. `unknown` is retried sooner.
  c.header("Cache-Control", verdict.status === "unknown" ? "public, max-age=5" : "public, max-age=30");
  const { client, version } = c.req.valid("query");
  return c.json(
    {
      apple: verdict,
      crowd,
      crowdRegions: regions,
      say: statusSay(verdict, now, crowd),
      show: statusShow(verdict, now, crowd),
      client: adviseSender(c, { shortcut: client, version }),
    },
    200,
  );
});
