import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../app";

export const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  summary: "Liveness: answers without touching storage or Apple",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } } } },
});

export const metaRoutes = createRouter().openapi(healthRoute, (c) => c.json({ ok: true as const }, 200));
