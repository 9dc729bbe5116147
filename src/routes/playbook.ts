import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../app";
import { ORDER_RULES } from "../domain/engine";
import { PLATFORMS, SYMPTOM_KINDS } from "../domain/ids";
import { catalogText, PLAYBOOK } from "../domain/playbook";
import { workedFor } from "../domain/worked";
import { ErrorSchema } from "../http/errors";
import { looseEnum } from "../schemas/lenient";
import { PlaybookFixSchema, WorkedSchema } from "../schemas/responses";
import { readWorked } from "../storage/fix-outcomes";

const PlaybookQuery = z.object({
  symptom: looseEnum(SYMPTOM_KINDS).openapi({ param: { name: "symptom", in: "query" }, description: "With it, each fix carries `worked` for this symptom." }),
  scope: looseEnum(["everyone", "one_contact"] as const).openapi({ param: { name: "scope", in: "query" }, description: "Default everyone." }),
  platform: looseEnum(PLATFORMS).openapi({ param: { name: "platform", in: "query" }, description: "Default iOS." }),
});

export const playbookRoute = createRoute({
  method: "get",
  path: "/v1/playbook",
  summary: "Every fix, in the engine's default order from harmless to drastic",
  description:
    `How the next fix is chosen:\n\n${ORDER_RULES.map((rule, i) => `${i + 1}. ${rule}`).join("\n")}\n\n` +
    "Texts are the iPhone's; the engine gives each platform its own steps. With `?symptom=` (and `scope`, `platform`), " +
    "each fix carries `worked`: how often it ended the repair for people with that problem, or null below 20 people.",
  request: { query: PlaybookQuery },
  responses: {
    200: {
      description: "The playbook",
      content: { "application/json": { schema: z.array(PlaybookFixSchema.extend({ worked: WorkedSchema.nullable().optional() })) } },
    },
    400: { description: "An unknown symptom, scope or platform", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const body = PLAYBOOK.map(({ id, action, minutes, triggers, rank, risk, platforms, needs }) => {
  const { title, steps, warning } = catalogText(id);
  return { id, title, steps, warning, action, minutes, triggers, rank, risk, platforms: [...(platforms ?? PLATFORMS)], needs: needs ?? null };
});

export const playbookRoutes = createRouter().openapi(playbookRoute, async (c) => {
  const { symptom, scope, platform } = c.req.valid("query");
  if (!symptom) {
    c.header("cache-control", "public, max-age=3600");
    return c.json(body, 200);
  }
  // The tallies move with every recorded outcome: a short cache.
  const table = await readWorked(c.env.DB, { symptom, scope: scope ?? "everyone", platform: platform ?? "iOS" }, new Date());
  c.header("cache-control", "public, max-age=300");
  return c.json(body.map((fix) => ({ ...fix, worked: workedFor(table, fix.id) })), 200);
});
