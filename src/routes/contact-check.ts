import { createRoute } from "@hono/zod-openapi";
import { createRouter } from "../app";
import { checkRecipient } from "../domain/recipient";
import { contactCheckTexts } from "../domain/contact-texts";
import { jsonBody } from "../http/middleware";
import { ContactCheckRequestSchema, ContactCheckResponseSchema } from "../schemas/contact-check";
import { adviseSender } from "../services/client-advice";
import { requestFacts } from "../services/diagnosis";
import { postErrors } from "./diagnose";

export const contactCheckRoute = createRoute({
  method: "post",
  path: "/v1/contact-check",
  summary: "Is this recipient saved in a form iMessage can reach?",
  middleware: jsonBody,
  request: { body: { required: true, content: { "application/json": { schema: ContactCheckRequestSchema } } } },
  responses: {
    200: { description: "What the number or address is, and what to fix", content: { "application/json": { schema: ContactCheckResponseSchema } } },
    ...postErrors,
  },
});

export const contactCheckRoutes = createRouter().openapi(contactCheckRoute, (c) => {
  const { recipient, region, client } = c.req.valid("json");
  // Region: the one given (the SIM's), then the country the request comes from, then likely origins.
  const requestCountry = requestFacts(c.req.raw, new Date()).country;
  const check = checkRecipient(recipient, { carrier: region, request: requestCountry });
  // How it was read is for the words only: the answer keeps the contract's fields.
  const { reading: _reading, ...answer } = check;
  return c.json({ input: recipient, ...answer, ...contactCheckTexts(check), client: adviseSender(c, client) }, 200);
});
