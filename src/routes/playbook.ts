import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../app";
import { PLAYBOOK } from "../domain/playbook";
import { PlaybookFixSchema } from "../schemas/responses";

export const playbookRoute = createRoute({
  method: "get",
  path: "/v1/playbook",
  summary: "Every fix, in the engine's default order from harmless to drastic",
  responses: {
    200: { description: "The playbook", content: { "application/json": { schema: z.array(PlaybookFixSchema) } } },
  },
});

const body = PLAYBOOK.map(({ id, title, steps, warning, action, minutes, triggers, rank }) => ({ id, title, steps, warning, action, minutes, triggers, rank }));

export const playbookRoutes = createRouter().openapi(playbookRoute, (c) => {
  c.header("cache-control", "public, max-age=3600");
  return c.json(body, 200);
});
