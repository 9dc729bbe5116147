import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../app";
import { ORDER_RULES } from "../domain/engine";
import { PLATFORMS } from "../domain/ids";
import { catalogText, PLAYBOOK } from "../domain/playbook";
import { PlaybookFixSchema } from "../schemas/responses";

export const playbookRoute = createRoute({
  method: "get",
  path: "/v1/playbook",
  summary: "Every fix, in the engine's default order from harmless to drastic",
  description: `How the next fix is chosen:\n\n${ORDER_RULES.map((rule, i) => `${i + 1}. ${rule}`).join("\n")}\n\nTexts are the iPhone's; the engine gives each platform its own steps.`,
  responses: {
    200: { description: "The playbook", content: { "application/json": { schema: z.array(PlaybookFixSchema) } } },
  },
});

const body = PLAYBOOK.map(({ id, action, minutes, triggers, rank, risk, platforms, needs }) => {
  const { title, steps, warning } = catalogText(id);
  return { id, title, steps, warning, action, minutes, triggers, rank, risk, platforms: [...(platforms ?? PLATFORMS)], needs: needs ?? null };
});

export const playbookRoutes = createRouter().openapi(playbookRoute, (c) => {
  c.header("cache-control", "public, max-age=3600");
  return c.json(body, 200);
});
