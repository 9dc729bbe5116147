import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../app";
import { ErrorSchema } from "../http/errors";
import { jsonBody } from "../http/middleware";
import { DiagnoseRequestSchema } from "../schemas/diagnose";
import { DiagnoseResponseSchema } from "../schemas/responses";
import { reportCrowd } from "../services/crowd";
import { runDiagnosis } from "../services/diagnosis";

const errors = {
  400: { description: "The diagnostics are not valid", content: { "application/json": { schema: ErrorSchema } } },
  413: { description: "Body over 16 KiB", content: { "application/json": { schema: ErrorSchema } } },
  415: { description: "Body is not JSON", content: { "application/json": { schema: ErrorSchema } } },
  429: { description: "Too many requests from this address", content: { "application/json": { schema: ErrorSchema } } },
};

export const diagnoseRoute = createRoute({
  method: "post",
  path: "/v1/diagnose",
  summary: "The next fix to try, from the device's diagnostics and Apple's status",
  middleware: jsonBody,
  request: { body: { required: true, content: { "application/json": { schema: DiagnoseRequestSchema } } } },
  responses: {
    200: { description: "The verdict, findings and next fix", content: { "application/json": { schema: DiagnoseResponseSchema } } },
    ...errors,
  },
});

export const diagnoseRoutes = createRouter().openapi(diagnoseRoute, async (c) => {
  const diagnostics = c.req.valid("json");
  const result = await runDiagnosis(c, diagnostics);
  reportCrowd(c, "diagnose", diagnostics, result);
  return c.json(result, 200);
});

export { errors as postErrors };
