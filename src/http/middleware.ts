import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../app";
import { ApiError } from "./errors";

export const MAX_BODY_BYTES = 16 * 1024;

/** Every response carries x-request-id; errors quote it so a person can report it. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const id = crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.res.headers.set("x-request-id", id);
};

/** POST bodies must be JSON and at most 16 KiB (413 past that, 415 for another type). */
export const jsonBody: MiddlewareHandler<AppEnv>[] = [
  async (c, next) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/([\w.+-]+\+)?json\b/i.test(type.trim())) {
      throw new ApiError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
    }
    await next();
  },
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError("too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
    },
  }),
];
